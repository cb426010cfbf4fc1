import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PermissionBoundary, PermissionBoundaryProps } from '../src/permission-boundary';
import { literal } from './support/literal';
import { ADMINISTRATOR_ACCESS, decide as decideCase, trustsAccount } from './support/simulation';

// Escalation proofs: the synthesized boundary is evaluated by an IAM policy
// simulator (@cloud-copilot/iam-simulate, through test/support/simulation.ts)
// for a holder whose identity policy is AdministratorAccess. A case passes
// only if the simulator's decision, and the boundary statement that decided
// it, are the ones stated.

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundary`;
const HOLDER = `arn:aws:iam::${ACCOUNT}:role/workload/deployer`;
const PIPELINE = `arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-base`;
const PROTECTED_ROLE = `arn:aws:iam::${ACCOUNT}:role/landing-zone/tier-infrastructure`;
const WORKLOAD_ROLE = `arn:aws:iam::${ACCOUNT}:role/workload/app`;
const WORKLOAD_USER = `arn:aws:iam::${ACCOUNT}:user/workload/app`;
const OTHER_POLICY = `arn:aws:iam::${ACCOUNT}:policy/workload/app`;
/** A trust policy that delegates to the account, so the identity policy (and boundary) decide an AssumeRole. */
const TRUSTS_ACCOUNT = trustsAccount(ACCOUNT);

/** The boundary's policy document as IAM would store it in account 111111111111. */
function deployedBoundary(props: PermissionBoundaryProps = {}): any {
  const stack = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: REGION } });
  new PermissionBoundary(stack, 'Boundary', props);
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
  expect(policies).toHaveLength(1);
  return literal(policies[0].Properties.PolicyDocument, ACCOUNT, REGION);
}

interface Request {
  /** Request context beyond aws:PrincipalArn and aws:RequestedRegion. */
  readonly context?: Record<string, string>;
  /** The caller; defaults to the workload holder. */
  readonly principal?: string;
  readonly region?: string;
  /** A resource-based policy, e.g. a role's trust policy. */
  readonly resourcePolicy?: unknown;
}

/**
 * The simulator's decision for a boundary holder with AdministratorAccess:
 * `Allowed`, `ImplicitlyDenied`, or `ExplicitlyDenied by <Sid>,...` naming the
 * boundary statements that denied it (nothing else here denies). Throws if
 * the simulator refuses the request (an unknown action, a resource of the
 * wrong type) or drops a context key given to it, so that no case can pass by
 * being ignored.
 */
function decide(boundary: unknown, action: string, resource: string, request: Request = {}): Promise<string> {
  return decideCase({
    principal: request.principal ?? HOLDER,
    action,
    resource,
    resourceAccount: ACCOUNT,
    context: { 'aws:RequestedRegion': request.region ?? REGION, ...request.context },
    identityPolicies: { AdministratorAccess: ADMINISTRATOR_ACCESS },
    permissionBoundary: boundary,
    resourcePolicy: request.resourcePolicy,
  });
}

describe('the default boundary, holder with AdministratorAccess', () => {
  const boundary = deployedBoundary({ exemptPrincipalArns: [PIPELINE] });
  const check = (action: string, resource: string, request?: Request) => decide(boundary, action, resource, request);
  const withBoundary = (arn: string) => ({ context: { 'iam:PermissionsBoundary': arn } });

  test('names the boundary by its literal ARN', () => {
    expect(JSON.stringify(boundary)).toContain(`"${BOUNDARY_ARN}"`);
  });

  describe('principals it creates carry the same boundary', () => {
    test('CreateRole without a boundary is denied', async () => {
      expect(await check('iam:CreateRole', WORKLOAD_ROLE)).toBe('ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary');
    });

    test('CreateRole with another boundary is denied', async () => {
      expect(await check('iam:CreateRole', WORKLOAD_ROLE, withBoundary('arn:aws:iam::aws:policy/AdministratorAccess'))).toBe(
        'ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary',
      );
    });

    test.each([
      ['a name with a suffix', `${BOUNDARY_ARN}X`],
      ['the same name at the root path', `arn:aws:iam::${ACCOUNT}:policy/LandingZonePermissionBoundary`],
      ['the same name under a longer path', `arn:aws:iam::${ACCOUNT}:policy/landing-zone/evil/LandingZonePermissionBoundary`],
      ['the same name in another account', BOUNDARY_ARN.replace(ACCOUNT, '222222222222')],
      ['a case variant of the name', BOUNDARY_ARN.replace('LandingZonePermissionBoundary', 'landingzonepermissionboundary')],
    ])('CreateRole with a look-alike boundary (%s) is denied', async (_name, arn) => {
      expect(await check('iam:CreateRole', WORKLOAD_ROLE, withBoundary(arn))).toBe('ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary');
    });

    test('CreateRole with this boundary is allowed', async () => {
      expect(await check('iam:CreateRole', WORKLOAD_ROLE, withBoundary(BOUNDARY_ARN))).toBe('Allowed');
    });

    test('CreateUser is denied without this boundary and allowed with it', async () => {
      expect(await check('iam:CreateUser', WORKLOAD_USER)).toBe('ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary');
      expect(await check('iam:CreateUser', WORKLOAD_USER, withBoundary(BOUNDARY_ARN))).toBe('Allowed');
    });

    test('replacing a boundary by another is denied; setting this one is allowed', async () => {
      expect(await check('iam:PutRolePermissionsBoundary', WORKLOAD_ROLE, withBoundary(OTHER_POLICY))).toBe('ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary');
      expect(await check('iam:PutUserPermissionsBoundary', WORKLOAD_USER, withBoundary(OTHER_POLICY))).toBe('ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary');
      expect(await check('iam:PutRolePermissionsBoundary', WORKLOAD_ROLE, withBoundary(BOUNDARY_ARN))).toBe('Allowed');
    });
  });

  describe('principals without this boundary cannot be given permissions', () => {
    test.each([
      ['iam:AttachRolePolicy', WORKLOAD_ROLE],
      ['iam:PutRolePolicy', WORKLOAD_ROLE],
      ['iam:UpdateAssumeRolePolicy', WORKLOAD_ROLE],
      ['iam:AttachUserPolicy', WORKLOAD_USER],
      ['iam:PutUserPolicy', WORKLOAD_USER],
    ])('%s on a principal without a boundary is denied', async (action, resource) => {
      expect(await check(action, resource)).toBe('ExplicitlyDenied by DenyChangingPrincipalsWithoutThisBoundary');
    });

    test('AttachRolePolicy on a role with another boundary is denied; with this boundary it is allowed', async () => {
      expect(await check('iam:AttachRolePolicy', WORKLOAD_ROLE, withBoundary(OTHER_POLICY))).toBe('ExplicitlyDenied by DenyChangingPrincipalsWithoutThisBoundary');
      expect(await check('iam:AttachRolePolicy', WORKLOAD_ROLE, withBoundary(BOUNDARY_ARN))).toBe('Allowed');
    });
  });

  describe('the boundary protects itself', () => {
    test.each(['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'])('%s on the boundary is denied', async (action) => {
      expect(await check(action, BOUNDARY_ARN)).toBe('ExplicitlyDenied by DenyChangingThisBoundary');
    });

    test('CreatePolicyVersion on another customer managed policy is allowed', async () => {
      expect(await check('iam:CreatePolicyVersion', OTHER_POLICY)).toBe('Allowed');
    });

    test('removing a boundary from a role or a user is denied', async () => {
      expect(await check('iam:DeleteRolePermissionsBoundary', WORKLOAD_ROLE, withBoundary(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyRemovingBoundaries');
      expect(await check('iam:DeleteUserPermissionsBoundary', WORKLOAD_USER, withBoundary(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyRemovingBoundaries');
    });
  });

  describe('the landing zone roles', () => {
    // The protected roles hold this boundary; the actions that carry iam:PermissionsBoundary say so.
    const protectedRoleActions: Array<[string, Request]> = [
      ...[
        'iam:AttachRolePolicy',
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ].map((action): [string, Request] => [action, withBoundary(BOUNDARY_ARN)]),
      ...['iam:PassRole', 'iam:TagRole', 'iam:UntagRole'].map((action): [string, Request] => [action, {}]),
    ];

    test('AttachRolePolicy on a protected role (which holds this boundary) is denied', async () => {
      expect(await check('iam:AttachRolePolicy', PROTECTED_ROLE, withBoundary(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyProtectedRoles');
    });

    test('AttachRolePolicy on a protected role by the exempt pipeline is allowed', async () => {
      expect(await check('iam:AttachRolePolicy', PROTECTED_ROLE, { ...withBoundary(BOUNDARY_ARN), principal: PIPELINE })).toBe('Allowed');
    });

    test.each(protectedRoleActions)('%s on a protected role is denied to a holder and allowed to the exempt pipeline', async (action, request) => {
      expect(await check(action, PROTECTED_ROLE, request)).toBe('ExplicitlyDenied by DenyProtectedRoles');
      expect(await check(action, PROTECTED_ROLE, { ...request, principal: PIPELINE })).toBe('Allowed');
    });

    test('an exemption does not extend to look-alike principals', async () => {
      const lookAlike = `${PIPELINE}-evil`;
      expect(await check('iam:AttachRolePolicy', PROTECTED_ROLE, { ...withBoundary(BOUNDARY_ARN), principal: lookAlike })).toBe('ExplicitlyDenied by DenyProtectedRoles');
    });

    test('sts:AssumeRole of a protected role is denied', async () => {
      expect(await check('sts:AssumeRole', PROTECTED_ROLE, { resourcePolicy: TRUSTS_ACCOUNT })).toBe('ExplicitlyDenied by DenyProtectedRoles');
    });

    test('sts:AssumeRole of a workload role that trusts the account is allowed', async () => {
      expect(await check('sts:AssumeRole', WORKLOAD_ROLE, { resourcePolicy: TRUSTS_ACCOUNT })).toBe('Allowed');
    });

    test('sts:AssumeRole of a protected role by the exempt pipeline is allowed', async () => {
      expect(await check('sts:AssumeRole', PROTECTED_ROLE, { resourcePolicy: TRUSTS_ACCOUNT, principal: PIPELINE })).toBe('Allowed');
    });
  });

  describe('organisation, logging, detection and backups', () => {
    test('organizations:LeaveOrganization is denied', async () => {
      expect(await check('organizations:LeaveOrganization', '*')).toBe('ExplicitlyDenied by DenyLeavingOrganization');
    });

    test('cloudtrail:StopLogging is denied', async () => {
      expect(await check('cloudtrail:StopLogging', `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/organization`)).toBe('ExplicitlyDenied by DenyDisablingSecurityServices');
    });

    test('backup:DeleteRecoveryPoint is denied', async () => {
      expect(await check('backup:DeleteRecoveryPoint', `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:0f1e2d3c`)).toBe('ExplicitlyDenied by DenyDeletingBackups');
    });

    test('every action of the unconditional Deny statements exists and is denied', async () => {
      const unconditional = (boundary.Statement as any[]).filter((s) => s.Effect === 'Deny' && !s.Condition);
      expect(unconditional.map((s) => s.Sid).sort()).toEqual(
        ['DenyChangingThisBoundary', 'DenyDeletingBackups', 'DenyDisablingSecurityServices', 'DenyLeavingOrganization', 'DenyRemovingBoundaries'].sort(),
      );
      for (const statement of unconditional) {
        for (const action of [statement.Action].flat()) {
          expect([action, await check(action, statement.Resource)]).toEqual([action, `ExplicitlyDenied by ${statement.Sid}`]);
        }
      }
    });
  });

  describe('ordinary work', () => {
    test.each([
      ['s3:CreateBucket', 'arn:aws:s3:::workload-bucket'],
      ['lambda:CreateFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app`],
      ['sqs:CreateQueue', `arn:aws:sqs:${REGION}:${ACCOUNT}:app`],
      ['dynamodb:CreateTable', `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/app`],
      ['backup:StartBackupJob', `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:app`],
    ])('%s is allowed', async (action, resource) => {
      expect(await check(action, resource)).toBe('Allowed');
    });

    test('ec2:RunInstances is allowed in any region when no region is restricted', async () => {
      expect(await check('ec2:RunInstances', `arn:aws:ec2:ap-southeast-1:${ACCOUNT}:instance/i-0123456789abcdef0`, { region: 'ap-southeast-1' })).toBe('Allowed');
    });
  });
});

describe('a boundary restricted to eu-west-1 and eu-central-1', () => {
  const boundary = deployedBoundary({ allowedRegions: ['eu-west-1', 'eu-central-1'] });
  const check = (action: string, resource: string, request?: Request) => decide(boundary, action, resource, request);
  const instance = (region: string) => `arn:aws:ec2:${region}:${ACCOUNT}:instance/i-0123456789abcdef0`;

  test('ec2:RunInstances in a disallowed region is denied', async () => {
    expect(await check('ec2:RunInstances', instance('ap-southeast-1'), { region: 'ap-southeast-1' })).toBe('ExplicitlyDenied by DenyOutsideAllowedRegions');
    expect(await check('ec2:RunInstances', instance('us-east-1'), { region: 'us-east-1' })).toBe('ExplicitlyDenied by DenyOutsideAllowedRegions');
  });

  test('ec2:RunInstances in an allowed region is allowed', async () => {
    expect(await check('ec2:RunInstances', instance('eu-central-1'), { region: 'eu-central-1' })).toBe('Allowed');
  });

  test.each(['us-east-1', 'ap-southeast-1', 'eu-west-1'])('iam:CreateRole (global) in %s is governed by the boundary only', async (region) => {
    expect(await check('iam:CreateRole', WORKLOAD_ROLE, { region, context: { 'iam:PermissionsBoundary': BOUNDARY_ARN } })).toBe('Allowed');
    expect(await check('iam:CreateRole', WORKLOAD_ROLE, { region })).toBe('ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary');
  });

  test('sts:AssumeRole and route53 calls reach their us-east-1 endpoints', async () => {
    expect(await check('sts:AssumeRole', WORKLOAD_ROLE, { region: 'us-east-1', resourcePolicy: TRUSTS_ACCOUNT })).toBe('Allowed');
    expect(await check('route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/Z0123456789', { region: 'us-east-1' })).toBe('Allowed');
  });
});
