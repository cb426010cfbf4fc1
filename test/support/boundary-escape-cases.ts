/**
 * The escalation cases every holder of the landing zone's permissions
 * boundary must fail, whatever its identity policies (AdministratorAccess
 * included): one list, run against the tier roles
 * (test/tiered-deploy-role.evaluation.test.ts) and the roles IAM Identity
 * Center provisions for a bounded permission set
 * (test/identity-center.evaluation.test.ts). Each case names the boundary
 * statement that must deny it (see test/permission-boundary.evaluation.test.ts
 * for the boundary's own, finer proofs).
 */
import { trustsAccount } from './simulation';
import { PermissionBoundary } from '../../src';

export interface EscapeEnvironment {
  readonly account: string;
  readonly region: string;
  /** The boundary's ARN in the account. */
  readonly boundaryArn: string;
  /**
   * A role holding the boundary, whose boundary must stay: the holder's own
   * role where IAM lets it be changed (a tier role), another bounded role
   * where it does not (IAM refuses changes to aws-reserved roles).
   */
  readonly boundedRole: string;
  /** Whether that role is also one of the boundary's protected roles (path /landing-zone/): then both statements deny. */
  readonly boundedRoleProtected: boolean;
}

export interface EscapeCase {
  readonly name: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
  readonly resourcePolicy?: unknown;
  /** The decision: `ExplicitlyDenied by <Sid>,...`. */
  readonly expected: string;
}

/** The cases, for one account. */
export function boundaryEscapeCases(env: EscapeEnvironment): EscapeCase[] {
  const { account, region, boundaryArn, boundedRole } = env;
  const onBoundedRole = `ExplicitlyDenied by DenyChangingBoundaries${env.boundedRoleProtected ? ',DenyProtectedResources' : ''}`;
  const withBoundary = (arn: string) => ({ 'iam:PermissionsBoundary': arn });
  const protectedRole = `arn:aws:iam::${account}:role/landing-zone/landing-zone-base-deploy`;
  const workloadRole = `arn:aws:iam::${account}:role/workload/app`;
  const protectedStack = `arn:aws:cloudformation:${region}:${account}:stack/landing-zone-security/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
  const key = `arn:aws:kms:${region}:${account}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
  const keyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] };
  return [
    { name: 'detaching the boundary from a bounded role', action: 'iam:DeleteRolePermissionsBoundary', resource: boundedRole, context: withBoundary(boundaryArn), expected: onBoundedRole },
    { name: 'replacing the boundary of a bounded role', action: 'iam:PutRolePermissionsBoundary', resource: boundedRole, context: withBoundary(`arn:aws:iam::${account}:policy/open`), expected: onBoundedRole },
    { name: 'a new version of the boundary policy', action: 'iam:CreatePolicyVersion', resource: boundaryArn, expected: 'ExplicitlyDenied by DenyChangingThisBoundary,DenyEscalatingThroughExistingPrincipals' },
    { name: 'another default version of the boundary policy', action: 'iam:SetDefaultPolicyVersion', resource: boundaryArn, expected: 'ExplicitlyDenied by DenyChangingThisBoundary,DenyEscalatingThroughExistingPrincipals' },
    { name: 'deleting the boundary policy', action: 'iam:DeletePolicy', resource: boundaryArn, expected: 'ExplicitlyDenied by DenyChangingThisBoundary' },
    { name: 'creating a role without a boundary', action: 'iam:CreateRole', resource: workloadRole, expected: 'ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary' },
    { name: 'creating a role with another boundary', action: 'iam:CreateRole', resource: workloadRole, context: withBoundary('arn:aws:iam::aws:policy/AdministratorAccess'), expected: 'ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary' },
    { name: 'creating a user without a boundary', action: 'iam:CreateUser', resource: `arn:aws:iam::${account}:user/backdoor`, expected: 'ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary' },
    { name: 'giving permissions to a role without the boundary', action: 'iam:AttachRolePolicy', resource: workloadRole, expected: 'ExplicitlyDenied by DenyChangingPrincipalsWithoutThisBoundary' },
    { name: 'an access key for an existing user', action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${account}:user/break-glass`, expected: 'ExplicitlyDenied by DenyEscalatingThroughExistingPrincipals' },
    { name: 'changing a protected role', action: 'iam:AttachRolePolicy', resource: protectedRole, context: withBoundary(boundaryArn), expected: 'ExplicitlyDenied by DenyProtectedResources' },
    { name: 'changing a protected role\'s trust', action: 'iam:UpdateAssumeRolePolicy', resource: protectedRole, context: withBoundary(boundaryArn), expected: 'ExplicitlyDenied by DenyProtectedResources' },
    { name: 'assuming a protected role', action: 'sts:AssumeRole', resource: protectedRole, resourcePolicy: trustsAccount(account), expected: 'ExplicitlyDenied by DenyProtectedResources' },
    { name: 'deleting a landing zone stack', action: 'cloudformation:DeleteStack', resource: protectedStack, expected: 'ExplicitlyDenied by DenyProtectedResources' },
    { name: 'updating a landing zone stack', action: 'cloudformation:UpdateStack', resource: protectedStack, expected: 'ExplicitlyDenied by DenyProtectedResources' },
    {
      name: 'deleting a protected key',
      action: 'kms:ScheduleKeyDeletion',
      resource: key,
      resourcePolicy: keyPolicy,
      context: { [`aws:ResourceTag/${PermissionBoundary.PROTECTED_TAG}`]: 'backup-key' },
      expected: 'ExplicitlyDenied by DenyProtectedKeys',
    },
    { name: 'leaving the organization', action: 'organizations:LeaveOrganization', resource: '*', expected: 'ExplicitlyDenied by DenyChangingOrganization' },
    { name: 'stopping the trail', action: 'cloudtrail:StopLogging', resource: `arn:aws:cloudtrail:${region}:${account}:trail/organization`, expected: 'ExplicitlyDenied by DenyDisablingSecurityServices' },
    { name: 'deleting a recovery point', action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:${region}:${account}:recovery-point:0f1e2d3c`, expected: 'ExplicitlyDenied by DenyDeletingBackups' },
  ];
}
