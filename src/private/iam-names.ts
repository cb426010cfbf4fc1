import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AppRegistry } from './app-registry';
import { LandingZoneInputError, validateMatch } from './errors';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/(?:[\x21-\x7e]*\/)?$/;
const PATH_MAX = 512;

/** Refuses a role name IAM would reject (1 to 64 of `[\w+=,.@-]`). Tokens pass. */
export function validateRoleName(construct: string, scope: IConstruct | string, roleName: string | undefined): void {
  if (roleName !== undefined) {
    validateMatch(ROLE_NAME, roleName, { construct, scope, input: 'roleName', expected: '1 to 64 characters of letters, digits and +=,.@_-' });
  }
}

/**
 * Refuses an IAM path IAM would reject: `/`, or `/` + printable ASCII
 * (U+0021 to U+007E) + `/` without an empty segment (`//`), at most 512
 * characters. The one IAM path check of the library (roles and policies). Tokens pass.
 */
export function validateIamPath(construct: string, scope: IConstruct | string, input: string, path: string | undefined): void {
  if (path === undefined || Token.isUnresolved(path)) {
    return;
  }
  if (path.length > PATH_MAX || !PATH.test(path) || path.includes('//')) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: path,
      expected: `an IAM path of at most ${PATH_MAX} characters: "/", or "/segment/.../" of printable ASCII characters (U+0021 to U+007E), without spaces or empty segments`,
    });
  }
}

/** Refuses a maximum session duration outside IAM's 1 to 12 hours. Tokens pass. */
export function validateMaxSessionDuration(construct: string, scope: IConstruct | string, duration: Duration | undefined): void {
  if (duration === undefined || duration.isUnresolved()) {
    return;
  }
  const seconds = duration.toSeconds();
  if (seconds < 3600 || seconds > 43200) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: 'maxSessionDuration',
      received: `${seconds} seconds`,
      expected: 'between 1 hour (3600 seconds) and 12 hours (43200 seconds)',
    });
  }
}

/** A customer managed policy with a fixed name that a construct of this library creates. */
interface ManagedPolicyNameUse {
  readonly construct: string;
  readonly path: string;
  readonly stack: Stack;
  readonly account: string;
  readonly name: string;
}

const MANAGED_POLICY_NAMES = new AppRegistry<ManagedPolicyNameUse>();

/**
 * Records that `scope` creates a customer managed policy named `name` in its
 * stack's account, and refuses a name another construct of the app already
 * gives a managed policy of the same account: IAM policy names are unique in
 * an account, whatever their path and letter case, so the second deployment
 * would fail. Policies of one stack are always of one account. An account
 * known only at deployment cannot be compared: a same-named policy of another
 * such stack gets a warning instead. A name known only at deployment is not
 * compared.
 */
export function registerManagedPolicyName(construct: string, scope: IConstruct, name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const stack = Stack.of(scope);
  const account = stack.account;
  for (const use of MANAGED_POLICY_NAMES.of(scope)) {
    if (use.name.toLowerCase() !== name.toLowerCase()) {
      continue;
    }
    const known = !Token.isUnresolved(account) && !Token.isUnresolved(use.account);
    if (use.stack === stack || (known && use.account === account)) {
      const where = Token.isUnresolved(account) ? `the account of stack ${stack.node.path}` : `account ${account}`;
      throw new LandingZoneInputError({
        construct,
        scope,
        input: 'managedPolicyName',
        received: name,
        expected: `a name no other managed policy of ${where} has; ${use.path} (${use.construct}) already creates ${JSON.stringify(use.name)}`,
        reason:
          'IAM policy names are unique in an account, whatever their path, so the second deployment would fail. ' +
          'Create one boundary per account and apply it to every stack of the account (boundary.applyTo(stack)).',
      });
    }
    if (!known) {
      Annotations.of(scope).addWarningV2(
        'cdk-landing-zone:managed-policy-name-account-unknown',
        `${construct}: ${use.path} (${use.construct}) also creates a managed policy named ${JSON.stringify(use.name)}, and the account of ` +
          `${Token.isUnresolved(account) ? stack.node.path : Stack.of(use.stack).node.path} is known only at deployment, so the two cannot be compared. ` +
          'If both stacks deploy to one account, the second deployment fails (IAM policy names are unique in an account): ' +
          'give the stacks env.account, and create one boundary per account.',
      );
    }
  }
  MANAGED_POLICY_NAMES.add(scope, { construct, path: scope.node.path, stack, account, name });
}
