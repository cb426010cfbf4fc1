import { Annotations, ArnFormat, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountEnvironment } from './environment';
import { hubRoleArnFor } from './hub-arn';
import { IHubRole } from './hub-role';
import { HubTrustOptions } from './hub-trust-options';
import { StatementsPrincipal } from './statements-principal';
import { LandingZoneInputError, validateMatch } from '../private/errors';
import { validateMaxSessionDuration } from '../private/iam-names';
import { validateOrganizationId, validateOrgPaths } from '../private/org-ids';

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ROLE_CHAINING_LIMIT_SECONDS = 3600;

/** Refuses an external id outside 2 to 1,224 characters of `[\w+=,.@:/-]`. Tokens pass. */
export function validateExternalId(construct: string, scope: Construct, externalId: string | undefined): void {
  if (externalId !== undefined) {
    validateMatch(EXTERNAL_ID, externalId, { construct, scope, input: 'externalId', expected: '2 to 1,224 characters of letters, digits and +=,.@:/-_' });
  }
}

/**
 * Builds the trust of a role the hub assumes: the hub account's root, with
 * `ArnEquals aws:PrincipalArn` = the exact hub role ARN and `StringEquals
 * aws:PrincipalOrgID`; optional org paths, external id, source identity and
 * session tags. Shared by SpokeRole and OrgReadOnlyRole.
 */
export function hubTrust(construct: string, scope: Construct, options: HubTrustOptions): iam.IPrincipal {
  const hub = options.hub;
  validateOrganizationId(construct, scope, hub.organizationId);
  validateOrgPaths(construct, scope, options.principalOrgPaths, hub.organizationId);
  validateMaxSessionDuration(construct, scope, options.maxSessionDuration);
  validateExternalId(construct, scope, options.externalId);
  const hubRoleArn = hubRoleArnFor(hub, scope, construct);
  const stack = Stack.of(scope);
  const hubAccount = Token.isUnresolved(hubRoleArn) ? stack.splitArn(hubRoleArn, ArnFormat.SLASH_RESOURCE_NAME).account! : hub.hubAccount;
  const conditions: Record<string, Record<string, unknown>> = {
    ArnEquals: { 'aws:PrincipalArn': hubRoleArn },
    StringEquals: {
      'aws:PrincipalOrgID': hub.organizationId,
      ...(options.externalId !== undefined ? { 'sts:ExternalId': options.externalId } : {}),
    },
  };
  if (options.principalOrgPaths) {
    conditions['ForAnyValue:StringLike'] = { 'aws:PrincipalOrgPaths': options.principalOrgPaths };
  }
  const actions = [
    'sts:AssumeRole',
    ...(options.allowSourceIdentity ? ['sts:SetSourceIdentity'] : []),
    ...(options.allowSessionTags ? ['sts:TagSession'] : []),
  ];
  const statement = new iam.PolicyStatement({
    actions,
    principals: [new iam.ArnPrincipal(`arn:${stack.partition}:iam::${hubAccount}:root`)],
    conditions,
  });
  const seconds = options.maxSessionDuration?.isUnresolved() ? undefined : options.maxSessionDuration?.toSeconds();
  if (seconds !== undefined && seconds > ROLE_CHAINING_LIMIT_SECONDS) {
    Annotations.of(scope).addWarningV2(
      'cdk-landing-zone:role-chaining',
      `${construct}: maxSessionDuration is ${seconds} seconds, but the hub reaches this role by role chaining, which AWS caps at one hour.`,
    );
  }
  return new StatementsPrincipal(construct, [statement]);
}

/** The check that a production account trusts only a production hub. */
export interface ProductionHubCheck {
  /** The construct that refuses the hub. */
  readonly construct: string;
  /** The construct whose path the error names. */
  readonly scope: Construct;
  /** The environment of the account(s) whose roles trust the hub. */
  readonly environment: AccountEnvironment;
  /** The hub trusted. */
  readonly hub: IHubRole;
  /** What trusts the hub, in the message: `a PRODUCTION spoke`, `PRODUCTION accounts`. */
  readonly trusting: string;
  /** Name the hub (its construct path, or its ARN) in the message. */
  readonly nameHub?: boolean;
}

/**
 * Refuses a non-production hub for a production account: such a hub is
 * administered with weaker controls. Shared by SpokeRole and SpokeFleet.
 */
export function requireProductionHub(check: ProductionHubCheck): void {
  const hub = check.hub;
  if (check.environment !== AccountEnvironment.PRODUCTION || hub.environment === AccountEnvironment.PRODUCTION) {
    return;
  }
  const where = check.nameHub ? ` (${Construct.isConstruct(hub) ? hub.node.path : hub.hubRoleArn})` : '';
  throw new LandingZoneInputError({
    construct: check.construct,
    scope: check.scope,
    input: 'hub',
    received: `a ${hub.environment} hub${where}`,
    expected: `a PRODUCTION hub for ${check.trusting}`,
    reason: 'A non-production hub is administered with weaker controls; trusting it would let non-production reach production.',
  });
}
