import { Annotations, Aws, Duration, Token, aws_iam as iam, aws_sso as sso } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PermissionSetBoundary } from './boundary';
import { POLICY_NAME } from './names';
import { PermissionBoundary } from '../permission-boundary';
import { LandingZoneInputError, requireAccepted, requireProps, validateMatch } from '../private/errors';
import { validateIamPath } from '../private/iam-names';

const INSTANCE_ARN = /^arn:aws(-[a-z]+)*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const NAME = /^[\w+=,.@-]{1,32}$/;
const AWS_MANAGED_ARN = /^arn:aws(-[a-z]+)*:iam::aws:policy\/(.+)$/;
const AWS_MANAGED_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
/** An Identity Store group id: a UUID, optionally behind a 10-hex-digit prefix. */
const GROUP_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
const ACCOUNT_ID = /^\d{12}$/;
const MAX_HOURS = 12;

/**
 * The AWS managed policies that give administrator reach, refused in a
 * permission set without a boundary: AdministratorAccess (everything),
 * IAMFullAccess (every identity, hence everything) and PowerUserAccess
 * (everything but IAM: it can delete the landing zone's stacks, keys,
 * trails and backups, which only the boundary protects).
 */
const ADMINISTRATOR_POLICIES = ['AdministratorAccess', 'IAMFullAccess', 'PowerUserAccess'];

/** AWS job functions, each an AWS managed policy a permission set can start from. */
export enum PermissionSetJobFunction {
  /** `AdministratorAccess`: everything, capped by the boundary. */
  ADMINISTRATOR = 'AdministratorAccess',
  /** `PowerUserAccess`: everything but IAM and Organizations, capped by the boundary. */
  POWER_USER = 'PowerUserAccess',
  /** `ReadOnlyAccess`: reads of every service, data included. */
  READ_ONLY = 'ReadOnlyAccess',
  /** `job-function/ViewOnlyAccess`: lists and descriptions, no data. */
  VIEW_ONLY = 'job-function/ViewOnlyAccess',
  /** `job-function/Billing`: billing and cost. */
  BILLING = 'job-function/Billing',
  /** `SecurityAudit`: the configuration reads of a security audit. */
  SECURITY_AUDIT = 'SecurityAudit',
}

/** A customer managed policy a permission set attaches, by name and path, in every assigned account. */
export interface PermissionSetPolicyReference {
  /** The policy's name. */
  readonly name: string;
  /**
   * The policy's path.
   *
   * @default /
   */
  readonly path?: string;
}

/** Properties of a bounded permission set. */
export interface BoundedPermissionSetProps {
  /** The ARN of the IAM Identity Center instance (`arn:aws:sso:::instance/ssoins-...`). */
  readonly instanceArn: string;
  /** The permission set's name, 1 to 32 characters among letters, digits and +=,.@_-. */
  readonly name: string;
  /**
   * A description.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * How long a session lasts, 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly sessionDuration?: Duration;
  /**
   * A job function: its AWS managed policy is attached first, before `managedPolicies`.
   *
   * @default - none
   */
  readonly jobFunction?: PermissionSetJobFunction;
  /**
   * AWS managed policies, by name (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`) or ARN.
   *
   * @default - none
   */
  readonly managedPolicies?: string[];
  /**
   * An inline policy.
   *
   * @default - none
   */
  readonly inlinePolicy?: iam.PolicyDocument;
  /**
   * Customer managed policies, by name and path; each must exist in every assigned account.
   *
   * @default - none
   */
  readonly customerManagedPolicies?: PermissionSetPolicyReference[];
  /**
   * The permissions boundary of the roles the permission set provisions: a
   * `PermissionBoundary` (its name and path), or a `PermissionSetBoundary`
   * (`landingZone()`, `of(...)`, `named(name, path)` or `none(reason)`).
   * `PermissionSetBoundary.none(reason)` goes without one, and then no
   * administrator policy (AdministratorAccess, IAMFullAccess,
   * PowerUserAccess, or an inline Allow of `*` or `iam:*`) is accepted.
   *
   * @default PermissionSetBoundary.landingZone()
   */
  readonly boundary?: PermissionSetBoundary | PermissionBoundary;
}

/** Which accounts a group reaches through a permission set. */
export interface PermissionSetAssignmentOptions {
  /** The Identity Store id of the group. */
  readonly groupId: string;
  /** The 12-digit ids of the accounts. At least one. */
  readonly accounts: string[];
}

/**
 * An IAM Identity Center permission set whose roles carry the landing
 * zone's permissions boundary (a customer managed policy referenced by name
 * and path), and its assignments to groups.
 *
 * The boundary caps whatever the permission set grants, AdministratorAccess
 * included, exactly as it caps the tier roles: a person with such a session
 * cannot remove or replace the boundary, change the boundary policy, create
 * an unbounded principal, or touch the landing zone's roles, stacks and keys.
 * The boundary policy must exist, under the same name and path, in every
 * account the permission set is assigned to.
 *
 * @resource AWS::SSO::PermissionSet
 */
export class BoundedPermissionSet extends Construct {
  /** The permission set's ARN. */
  public readonly permissionSetArn: string;
  /** The IAM Identity Center instance. */
  public readonly instanceArn: string;
  /** The permission set's name. */
  public readonly permissionSetName: string;
  /** The boundary. */
  public readonly boundary: PermissionSetBoundary;

  private readonly assigned = new Set<string>();
  private assignments = 0;

  constructor(scope: Construct, id: string, props: BoundedPermissionSetProps) {
    super(scope, id);
    requireProps('BoundedPermissionSet', this, props, { instanceArn: 'string', name: 'string' });
    validateMatch(INSTANCE_ARN, props.instanceArn, {
      construct: 'BoundedPermissionSet',
      scope: this,
      input: 'instanceArn',
      expected: 'an IAM Identity Center instance ARN: arn:aws:sso:::instance/ssoins-<16 characters>',
    });
    validateMatch(NAME, props.name, { construct: 'BoundedPermissionSet', scope: this, input: 'name', expected: '1 to 32 characters among letters, digits and +=,.@_-' });
    const given = props.boundary ?? PermissionSetBoundary.landingZone();
    const boundary = given instanceof PermissionBoundary ? PermissionSetBoundary.of(given) : given;
    requireAccepted('BoundedPermissionSet', this, 'boundary', boundary);
    const sessionDuration = props.sessionDuration ?? Duration.hours(1);
    if (!sessionDuration.isUnresolved() && (sessionDuration.toSeconds() < 3600 || sessionDuration.toSeconds() > MAX_HOURS * 3600)) {
      throw new LandingZoneInputError({
        construct: 'BoundedPermissionSet',
        scope: this,
        input: 'sessionDuration',
        received: `${sessionDuration.toSeconds()} seconds`,
        expected: `between 1 hour and ${MAX_HOURS} hours`,
      });
    }
    if (props.jobFunction !== undefined && !Object.values(PermissionSetJobFunction).includes(props.jobFunction)) {
      throw new LandingZoneInputError({
        construct: 'BoundedPermissionSet',
        scope: this,
        input: 'jobFunction',
        received: props.jobFunction,
        expected: `one of ${Object.keys(PermissionSetJobFunction).join(', ')}`,
      });
    }
    const policyNames = [...(props.jobFunction !== undefined ? [props.jobFunction as string] : []), ...(props.managedPolicies ?? [])];
    const offset = policyNames.length - (props.managedPolicies ?? []).length;
    const managedPolicies = policyNames.map((policy, i) => this.managedPolicyArn(policy, i < offset ? 'jobFunction' : `managedPolicies[${i - offset}]`));
    for (const [i, reference] of (props.customerManagedPolicies ?? []).entries()) {
      const name = reference?.name;
      const path = reference?.path;
      const badName = typeof name !== 'string' || (!Token.isUnresolved(name) && !POLICY_NAME.test(name));
      if (badName || (path !== undefined && typeof path !== 'string')) {
        throw new LandingZoneInputError({
          construct: 'BoundedPermissionSet',
          scope: this,
          input: `customerManagedPolicies[${i}]`,
          received: reference,
          expected: 'a name of 1 to 128 characters among letters, digits and +=,.@_-, and optionally an IAM path',
        });
      }
      validateIamPath('BoundedPermissionSet', this, `customerManagedPolicies[${i}].path`, path);
    }
    if (boundary.reason !== undefined) {
      const admin = administratorGrant(policyNames, props.inlinePolicy);
      if (admin) {
        throw new LandingZoneInputError({
          construct: 'BoundedPermissionSet',
          scope: this,
          input: 'boundary',
          received: `PermissionSetBoundary.none(${JSON.stringify(boundary.reason)}) with ${admin}`,
          expected: 'a boundary (PermissionSetBoundary.landingZone(), .of(...) or .named(...)) for a permission set holding administrator policies',
          reason: 'Without the boundary, an administrator session can remove the landing zone\'s protections in every assigned account.',
        });
      }
    }

    const resource = new sso.CfnPermissionSet(this, 'Resource', {
      instanceArn: props.instanceArn,
      name: props.name,
      description: props.description,
      sessionDuration: sessionDuration.toIsoString(),
      managedPolicies: managedPolicies.length > 0 ? managedPolicies : undefined,
      inlinePolicy: props.inlinePolicy,
      customerManagedPolicyReferences: props.customerManagedPolicies?.map((r) => ({ name: r.name, path: r.path ?? '/' })),
      permissionsBoundary:
        boundary.name === undefined ? undefined : { customerManagedPolicyReference: { name: boundary.name, path: boundary.path } },
    });
    this.permissionSetArn = resource.attrPermissionSetArn;
    this.instanceArn = props.instanceArn;
    this.permissionSetName = props.name;
    this.boundary = boundary;
    if (boundary.reason !== undefined) {
      Annotations.of(this).addWarningV2(
        'cdk-landing-zone:permission-set-without-boundary',
        `BoundedPermissionSet: ${props.name} carries no permissions boundary (${boundary.reason}).`,
      );
    }
  }

  /**
   * Assigns the permission set to a group in each of the accounts
   * (`AWS::SSO::Assignment`, principal type GROUP, target type AWS_ACCOUNT).
   * The boundary policy must exist in each of them.
   */
  public assignTo(options: PermissionSetAssignmentOptions): void {
    requireProps('BoundedPermissionSet', this, options, { groupId: 'string', accounts: 'list' });
    validateMatch(GROUP_ID, options.groupId, {
      construct: 'BoundedPermissionSet',
      scope: this,
      input: 'groupId',
      expected: 'an Identity Store group id: a UUID, optionally behind a 10-hex-digit prefix (e.g. "906716a5f2-8f2e3a4b-...")',
    });
    if (options.accounts.length === 0) {
      throw new LandingZoneInputError({ construct: 'BoundedPermissionSet', scope: this, input: 'accounts', received: [], expected: 'at least one 12-digit account id' });
    }
    for (const account of options.accounts) {
      validateMatch(ACCOUNT_ID, account, { construct: 'BoundedPermissionSet', scope: this, input: 'accounts', expected: 'a 12-digit account id' });
      const key = `${options.groupId}|${account}`;
      if (!Token.isUnresolved(options.groupId) && !Token.isUnresolved(account) && this.assigned.has(key)) {
        throw new LandingZoneInputError({
          construct: 'BoundedPermissionSet',
          scope: this,
          input: 'accounts',
          received: account,
          expected: `an account not yet assigned to group ${options.groupId} through this permission set`,
        });
      }
      this.assigned.add(key);
      const literal = !Token.isUnresolved(options.groupId) && !Token.isUnresolved(account);
      new sso.CfnAssignment(this, literal ? `Assignment-${options.groupId}-${account}` : `Assignment${++this.assignments}`, {
        instanceArn: this.instanceArn,
        permissionSetArn: this.permissionSetArn,
        principalType: 'GROUP',
        principalId: options.groupId,
        targetType: 'AWS_ACCOUNT',
        targetId: account,
      });
    }
  }

  private managedPolicyArn(policy: string, input: string): string {
    if (Token.isUnresolved(policy)) {
      return policy;
    }
    if (typeof policy === 'string' && AWS_MANAGED_ARN.test(policy)) {
      return policy;
    }
    validateMatch(AWS_MANAGED_NAME, policy, {
      construct: 'BoundedPermissionSet',
      scope: this,
      input,
      expected: 'an AWS managed policy name (e.g. "ReadOnlyAccess", "job-function/ViewOnlyAccess") or ARN (arn:aws:iam::aws:policy/...)',
    });
    return `arn:${Aws.PARTITION}:iam::aws:policy/${policy}`;
  }
}

/** What in the policies gives administrator reach, or undefined. */
function administratorGrant(managedPolicies: string[], inline: iam.PolicyDocument | undefined): string | undefined {
  for (const policy of managedPolicies) {
    const name = typeof policy === 'string' ? policy.replace(AWS_MANAGED_ARN, '$2') : '';
    if (ADMINISTRATOR_POLICIES.includes(name)) {
      return `the AWS managed policy ${name}`;
    }
  }
  const statements: any[] = inline ? (inline.toJSON()?.Statement ?? []) : [];
  for (const statement of statements) {
    const actions = [statement.Action].flat().filter((a) => typeof a === 'string');
    if (statement.Effect === 'Allow' && (statement.NotAction !== undefined || actions.some((a: string) => a === '*' || /^iam:\*$/i.test(a)))) {
      return `an inline statement allowing ${statement.NotAction !== undefined ? 'NotAction' : actions.join(', ')}`;
    }
  }
  return undefined;
}
