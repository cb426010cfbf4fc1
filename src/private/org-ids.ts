import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LandingZoneInputError, validateMatch } from './errors';

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ORG_PATH = /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*(\*)?$/;
const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const ROLE_OR_USER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/([\w+=,.@/-]+)$/;

/** Refuses an organization id that is not `o-` and 10 to 32 lower-case letters or digits. Tokens pass. */
export function validateOrganizationId(construct: string, scope: IConstruct | string, organizationId: string): void {
  validateMatch(ORGANIZATION_ID, organizationId, {
    construct,
    scope,
    input: 'organizationId',
    expected: 'an AWS Organizations id: "o-" and 10 to 32 lower-case letters or digits, no wildcards',
    reason: 'The organization condition is what keeps principals of other organizations out.',
  });
}

/** Refuses org paths that do not start `o-.../r-.../`. Tokens pass. */
export function validateOrgPaths(
  construct: string,
  scope: IConstruct | string,
  paths: string[] | undefined,
  organizationId: string,
  input: string = 'principalOrgPaths',
): void {
  if (paths === undefined || Token.isUnresolved(paths)) {
    return;
  }
  for (const path of paths) {
    if (Token.isUnresolved(path)) {
      continue;
    }
    const foreign = !Token.isUnresolved(organizationId) && !path.startsWith(`${organizationId}/`);
    if (!ORG_PATH.test(path) || foreign) {
      throw new LandingZoneInputError({
        construct,
        scope,
        input,
        received: path,
        expected: `an organization path of this organization: "${Token.isUnresolved(organizationId) ? 'o-…' : organizationId}/r-…/ou-…/", optionally ending in "*"`,
      });
    }
  }
  if (paths.length === 0) {
    throw new LandingZoneInputError({ construct, scope, input, received: paths, expected: `at least one path, or no ${input} at all` });
  }
}

/** Refuses an account id that is not 12 digits. Tokens pass. */
export function validateAccountId(construct: string, scope: IConstruct | string | undefined, input: string, account: string): void {
  validateMatch(ACCOUNT_ID, account, { construct, scope, input, expected: 'a 12-digit AWS account id, no wildcards' });
}

/** Refuses deployment targets that are not OU or root ids. Tokens pass. */
export function validateOrganizationalUnitIds(construct: string, scope: IConstruct | string, ids: string[]): void {
  if (Token.isUnresolved(ids)) {
    return;
  }
  const bad = ids.find((id) => !Token.isUnresolved(id) && !OU_ID.test(id) && !ROOT_ID.test(id));
  if (ids.length === 0 || bad !== undefined || new Set(ids).size !== ids.length) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: 'organizationalUnitIds',
      received: bad ?? ids,
      expected: 'one or more distinct OU ids ("ou-xxxx-xxxxxxxx") or the root id ("r-xxxx")',
    });
  }
}

/**
 * Parses a literal IAM role or user ARN (no wildcards) and returns its account;
 * undefined for a token (passed through).
 */
export function validatePrincipalArn(construct: string, scope: IConstruct | string | undefined, input: string, arn: string): string | undefined {
  if (Token.isUnresolved(arn)) {
    return undefined;
  }
  const m = arn.match(ROLE_OR_USER_ARN);
  if (!m || arn.includes('*') || arn.includes('?')) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: arn,
      expected: 'the exact ARN of an IAM role or user: arn:<partition>:iam::<12-digit account>:role/<path/name>, no wildcards',
      reason: 'A wildcard principal or account lets principals other than the one you mean assume the role.',
    });
  }
  return m[1];
}
