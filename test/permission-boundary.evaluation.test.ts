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

    test('setting any boundary on an existing principal is denied, even this one (a break-glass role could be locked in)', async () => {
      expect(await check('iam:PutRolePermissionsBoundary', WORKLOAD_ROLE, withBoundary(OTHER_POLICY))).toBe('ExplicitlyDenied by DenyChangingBoundaries');
      expect(await check('iam:PutUserPermissionsBoundary', WORKLOAD_USER, withBoundary(OTHER_POLICY))).toBe('ExplicitlyDenied by DenyChangingBoundaries');
      expect(await check('iam:PutRolePermissionsBoundary', WORKLOAD_ROLE, withBoundary(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyChangingBoundaries');
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
    test.each(['iam:DeletePolicy', 'iam:DeletePolicyVersion'])('%s on the boundary is denied', async (action) => {
      expect(await check(action, BOUNDARY_ARN)).toBe('ExplicitlyDenied by DenyChangingThisBoundary');
    });

    test.each(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'])('%s on the boundary is denied by its own statement, not only by the one for every policy', async (action) => {
      expect(await check(action, BOUNDARY_ARN)).toBe('ExplicitlyDenied by DenyChangingThisBoundary,DenyEscalatingThroughExistingPrincipals');
    });

    test('removing a boundary from a role or a user is denied', async () => {
      expect(await check('iam:DeleteRolePermissionsBoundary', WORKLOAD_ROLE, withBoundary(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyChangingBoundaries');
      expect(await check('iam:DeleteUserPermissionsBoundary', WORKLOAD_USER, withBoundary(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyChangingBoundaries');
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
        'iam:PutRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ].map((action): [string, Request] => [action, withBoundary(BOUNDARY_ARN)]),
      ...['iam:PassRole', 'iam:TagRole', 'iam:UntagRole'].map((action): [string, Request] => [action, {}]),
    ];

    test('AttachRolePolicy on a protected role (which holds this boundary) is denied', async () => {
      expect(await check('iam:AttachRolePolicy', PROTECTED_ROLE, withBoundary(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyProtectedResources');
    });

    test('AttachRolePolicy on a protected role by the exempt pipeline is allowed', async () => {
      expect(await check('iam:AttachRolePolicy', PROTECTED_ROLE, { ...withBoundary(BOUNDARY_ARN), principal: PIPELINE })).toBe('Allowed');
    });

    test.each(protectedRoleActions)('%s on a protected role is denied to a holder and allowed to the exempt pipeline', async (action, request) => {
      expect(await check(action, PROTECTED_ROLE, request)).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, PROTECTED_ROLE, { ...request, principal: PIPELINE })).toBe('Allowed');
    });

    test('an exemption does not extend to look-alike principals', async () => {
      const lookAlike = `${PIPELINE}-evil`;
      expect(await check('iam:AttachRolePolicy', PROTECTED_ROLE, { ...withBoundary(BOUNDARY_ARN), principal: lookAlike })).toBe('ExplicitlyDenied by DenyProtectedResources');
    });

    test('sts:AssumeRole of a protected role is denied', async () => {
      expect(await check('sts:AssumeRole', PROTECTED_ROLE, { resourcePolicy: TRUSTS_ACCOUNT })).toBe('ExplicitlyDenied by DenyProtectedResources');
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
      expect(await check('organizations:LeaveOrganization', '*')).toBe('ExplicitlyDenied by DenyChangingOrganization');
    });

    test('cloudtrail:StopLogging is denied', async () => {
      expect(await check('cloudtrail:StopLogging', `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/organization`)).toBe('ExplicitlyDenied by DenyDisablingSecurityServices');
    });

    test('backup:DeleteRecoveryPoint is denied', async () => {
      expect(await check('backup:DeleteRecoveryPoint', `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:0f1e2d3c`)).toBe('ExplicitlyDenied by DenyDeletingBackups');
    });

    test('every literal action of the unconditional Deny statements exists and is denied', async () => {
      const unconditional = (boundary.Statement as any[]).filter((s) => s.Effect === 'Deny' && !s.Condition && s.Action);
      expect(unconditional.map((s) => s.Sid).sort()).toEqual(
        [
          'DenyChangingBoundaries',
          'DenyChangingOrganization',
          'DenyChangingThisBoundary',
          'DenyDeletingBackups',
          'DenyDisablingSecurityServices',
          'DenyEscalatingThroughExistingPrincipals',
        ].sort(),
      );
      for (const statement of unconditional) {
        for (const action of [statement.Action].flat().filter((a: string) => !a.includes('*'))) {
          const decision = await check(action, statement.Resource);
          expect([action, decision.startsWith('ExplicitlyDenied by ') && decision.slice(20).split(',').includes(statement.Sid)]).toEqual([action, true]);
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

describe('the deploy path and what a bounded admin could reach beyond its own resources (issues 14 and 17)', () => {
  const boundary = deployedBoundary({ exemptPrincipalArns: [PIPELINE] });
  const check = (action: string, resource: string, request?: Request) => decide(boundary, action, resource, request);
  const stackArn = (name: string, region = REGION) => `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${name}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
  const stackSetArn = (name: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stackset/${name}:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

  describe('(a) the landing zone stacks and StackSets', () => {
    test.each([
      'cloudformation:UpdateStack',
      'cloudformation:DeleteStack',
      'cloudformation:CreateChangeSet',
      'cloudformation:ExecuteChangeSet',
      'cloudformation:SetStackPolicy',
      'cloudformation:UpdateTerminationProtection',
      'cloudformation:ContinueUpdateRollback',
      'cloudformation:TagResource',
    ])('%s on a landing-zone- stack, in any region, is denied to a holder and allowed to the exempt pipeline', async (action) => {
      expect(await check(action, stackArn('landing-zone-security'))).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, stackArn('landing-zone-security', 'eu-west-1'), { region: 'eu-west-1' })).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, stackArn('landing-zone-security'), { principal: PIPELINE })).toBe('Allowed');
    });

    test.each([
      'cloudformation:UpdateStackSet',
      'cloudformation:DeleteStackSet',
      'cloudformation:CreateStackInstances',
      'cloudformation:UpdateStackInstances',
      'cloudformation:DeleteStackInstances',
    ])('%s on the spoke StackSet is denied to a holder and allowed to the exempt pipeline', async (action) => {
      expect(await check(action, stackSetArn('landing-zone-spoke-role'))).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, stackSetArn('landing-zone-spoke-role'), { principal: PIPELINE })).toBe('Allowed');
    });

    test.each(['cloudformation:DescribeStacks', 'cloudformation:GetTemplate', 'cloudformation:DetectStackDrift', 'cloudformation:ListStackResources'])(
      '%s on a landing-zone- stack stays allowed',
      async (action) => {
        expect(await check(action, stackArn('landing-zone-security'))).toBe('Allowed');
      },
    );

    test.each(['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'])(
      '%s on a workload stack stays allowed',
      async (action) => {
        expect(await check(action, stackArn('workload-app'))).toBe('Allowed');
        expect(await check(action, stackArn('app-landing-zone-security'))).toBe('Allowed');
      },
    );

    test('UpdateStackSet on a workload StackSet stays allowed', async () => {
      expect(await check('cloudformation:UpdateStackSet', stackSetArn('workload-set'))).toBe('Allowed');
    });
  });

  describe('(b) AWS Organizations', () => {
    const root = `arn:aws:organizations::${ACCOUNT}:root/o-a1b2c3d4e5/r-ab12`;
    const policy = `arn:aws:organizations::${ACCOUNT}:policy/o-a1b2c3d4e5/service_control_policy/p-ab12cd34`;
    test.each([
      ['organizations:CreatePolicy', '*'],
      ['organizations:UpdatePolicy', policy],
      ['organizations:DeletePolicy', policy],
      ['organizations:AttachPolicy', policy],
      ['organizations:DetachPolicy', policy],
      ['organizations:EnablePolicyType', root],
      ['organizations:DisablePolicyType', root],
      ['organizations:RegisterDelegatedAdministrator', `arn:aws:organizations::${ACCOUNT}:account/o-a1b2c3d4e5/222222222222`],
      ['organizations:DisableAWSServiceAccess', '*'],
      ['organizations:PutResourcePolicy', '*'],
    ])('%s is denied, to the exempt pipeline too', async (action, resource) => {
      expect(await check(action, resource)).toBe('ExplicitlyDenied by DenyChangingOrganization');
      expect(await check(action, resource, { principal: PIPELINE })).toBe('ExplicitlyDenied by DenyChangingOrganization');
    });

    test.each([
      ['organizations:DescribeOrganization', '*'],
      ['organizations:ListAccounts', '*'],
      ['organizations:DescribePolicy', policy],
    ])('%s stays allowed', async (action, resource) => {
      expect(await check(action, resource)).toBe('Allowed');
    });
  });

  describe('(c) keys tagged landing-zone:protected (the backup keys)', () => {
    const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
    /** The usual key policy: it delegates to the account, so identity policies and the boundary decide. */
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    };
    const protectedKey = { resourcePolicy: keyPolicy, context: { [`aws:ResourceTag/${PermissionBoundary.PROTECTED_TAG}`]: 'backup-key' } };
    const ownKey = { resourcePolicy: keyPolicy };

    test('the tag key is landing-zone:protected', () => {
      expect(PermissionBoundary.PROTECTED_TAG).toBe('landing-zone:protected');
    });

    test.each([
      'kms:ScheduleKeyDeletion',
      'kms:DisableKey',
      'kms:PutKeyPolicy',
      'kms:DeleteImportedKeyMaterial',
      'kms:ImportKeyMaterial',
      'kms:DisableKeyRotation',
      'kms:ReplicateKey',
      'kms:RevokeGrant',
      'kms:TagResource',
      'kms:UntagResource',
    ])('%s on a protected key is denied; on an untagged key of the holder it is allowed', async (action) => {
      expect(await check(action, key, protectedKey)).toBe('ExplicitlyDenied by DenyProtectedKeys');
      expect(await check(action, key, ownKey)).toBe('Allowed');
    });

    test('kms:CreateGrant on a protected key is denied unless the grant is for an AWS service', async () => {
      const grant = (forService: string) => ({ ...protectedKey, context: { ...protectedKey.context, 'kms:GrantIsForAWSResource': forService } });
      expect(await check('kms:CreateGrant', key, grant('false'))).toBe('ExplicitlyDenied by DenyGrantsOnProtectedKeys');
      expect(await check('kms:CreateGrant', key, grant('true'))).toBe('Allowed');
      expect(await check('kms:CreateGrant', key, { ...ownKey, context: { 'kms:GrantIsForAWSResource': 'false' } })).toBe('Allowed');
    });

    test.each(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'])('%s on a protected key stays allowed (its key policy decides)', async (action) => {
      expect(await check(action, key, protectedKey)).toBe('Allowed');
    });

    test('creating a key stays allowed', async () => {
      expect(await check('kms:CreateKey', '*')).toBe('Allowed');
    });
  });

  describe('(d) the GitHub OIDC provider', () => {
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const enterprise = `${provider}/acme`;
    const eks = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.${REGION}.amazonaws.com/id/0123456789ABCDEF`;
    test.each([
      'iam:AddClientIDToOpenIDConnectProvider',
      'iam:RemoveClientIDFromOpenIDConnectProvider',
      'iam:UpdateOpenIDConnectProviderThumbprint',
      'iam:DeleteOpenIDConnectProvider',
      'iam:CreateOpenIDConnectProvider',
      'iam:TagOpenIDConnectProvider',
      'iam:UntagOpenIDConnectProvider',
    ])('%s on the GitHub provider is denied to a holder and allowed to the exempt pipeline; on an EKS provider it is allowed', async (action) => {
      expect(await check(action, provider)).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, enterprise)).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, provider, { principal: PIPELINE })).toBe('Allowed');
      expect(await check(action, eks)).toBe('Allowed');
    });

    test('reading the GitHub provider stays allowed', async () => {
      expect(await check('iam:GetOpenIDConnectProvider', provider)).toBe('Allowed');
    });
  });

  describe('(e) principals that already exist without the boundary', () => {
    const admin = `arn:aws:iam::${ACCOUNT}:user/admin`;
    const admins = `arn:aws:iam::${ACCOUNT}:group/admins`;
    test.each([
      ['iam:CreateAccessKey', admin],
      ['iam:UpdateAccessKey', admin],
      ['iam:CreateLoginProfile', admin],
      ['iam:UpdateLoginProfile', admin],
      ['iam:CreateServiceSpecificCredential', admin],
      ['iam:ResetServiceSpecificCredential', admin],
      ['iam:UploadSSHPublicKey', admin],
      ['iam:UploadSigningCertificate', admin],
      ['iam:AddUserToGroup', admins],
      ['iam:AttachGroupPolicy', admins],
      ['iam:PutGroupPolicy', admins],
      ['iam:CreatePolicyVersion', OTHER_POLICY],
      ['iam:SetDefaultPolicyVersion', OTHER_POLICY],
    ])('%s on %s is denied', async (action, resource) => {
      expect(await check(action, resource)).toBe('ExplicitlyDenied by DenyEscalatingThroughExistingPrincipals');
    });

    test.each([
      ['iam:CreatePolicy', OTHER_POLICY],
      ['iam:CreateGroup', admins],
      ['iam:ListUsers', '*'],
    ])('%s stays allowed', async (action, resource) => {
      expect(await check(action, resource, action === 'iam:ListUsers' ? {} : undefined)).toBe('Allowed');
    });

    test('a new policy can be attached to a bounded role', async () => {
      expect(await check('iam:AttachRolePolicy', WORKLOAD_ROLE, { context: { 'iam:PermissionsBoundary': BOUNDARY_ARN, 'iam:PolicyARN': OTHER_POLICY } })).toBe('Allowed');
    });
  });

  describe('(f) detection', () => {
    const detector = `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`;
    const hub = `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default`;
    const dataStore = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:eventdatastore/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
    const trail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/organization`;
    const rule = `arn:aws:config:${REGION}:${ACCOUNT}:config-rule/config-rule-ab12cd`;
    const analyzer = `arn:aws:access-analyzer:${REGION}:${ACCOUNT}:analyzer/organization`;
    test.each([
      ['config:PutConfigurationRecorder', '*'],
      ['config:DeleteConfigRule', rule],
      ['config:DeleteEvaluationResults', rule],
      ['config:PutRetentionConfiguration', '*'],
      ['config:StopConfigurationRecorder', '*'],
      ['guardduty:CreateFilter', '*'],
      ['guardduty:UpdateFilter', '*'],
      ['guardduty:CreateIPSet', '*'],
      ['guardduty:UpdateIPSet', '*'],
      ['guardduty:CreateThreatIntelSet', '*'],
      ['guardduty:ArchiveFindings', '*'],
      ['guardduty:DeleteDetector', detector],
      ['cloudtrail:UpdateEventDataStore', dataStore],
      ['cloudtrail:DeleteEventDataStore', dataStore],
      ['cloudtrail:StopEventDataStoreIngestion', dataStore],
      ['cloudtrail:PutInsightSelectors', trail],
      ['cloudtrail:StopLogging', trail],
      ['securityhub:DisableSecurityHub', hub],
      ['securityhub:DisableImportFindingsForProduct', hub],
      ['securityhub:BatchDisableStandards', hub],
      ['securityhub:BatchUpdateFindings', hub],
      ['securityhub:UpdateSecurityHubConfiguration', hub],
      ['ec2:DeleteFlowLogs', `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`],
      ['access-analyzer:DeleteAnalyzer', analyzer],
      ['access-analyzer:CreateArchiveRule', '*'],
    ])('%s is denied', async (action, resource) => {
      expect(await check(action, resource)).toBe('ExplicitlyDenied by DenyDisablingSecurityServices');
    });

    test.each([
      ['config:PutConfigRule', rule],
      ['config:StartConfigRulesEvaluation', rule],
      ['guardduty:GetFindings', '*'],
      ['securityhub:GetFindings', hub],
      ['cloudtrail:CreateTrail', `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/workload`],
      ['cloudtrail:LookupEvents', '*'],
      ['ec2:CreateFlowLogs', `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/*`],
      ['access-analyzer:CreateAnalyzer', `arn:aws:access-analyzer:${REGION}:${ACCOUNT}:analyzer/workload`],
    ])('%s stays allowed', async (action, resource) => {
      expect(await check(action, resource)).toBe('Allowed');
    });
  });

  describe('(g) backups', () => {
    const plan = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-plan:0f1e2d3c-4b5a-6978`;
    test.each([
      ['backup:DeleteBackupPlan', plan],
      ['backup:UpdateBackupPlan', plan],
      ['backup:DeleteBackupSelection', plan],
      ['backup:UpdateRegionSettings', '*'],
      ['backup:UpdateGlobalSettings', '*'],
      ['backup:DeleteReportPlan', `arn:aws:backup:${REGION}:${ACCOUNT}:report-plan:daily-0f1e2d3c`],
      ['backup:DeleteFramework', `arn:aws:backup:${REGION}:${ACCOUNT}:framework:controls-0f1e2d3c`],
      ['backup:StopBackupJob', '*'],
      ['backup:DeleteBackupVault', `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:central`],
    ])('%s is denied', async (action, resource) => {
      expect(await check(action, resource)).toBe('ExplicitlyDenied by DenyDeletingBackups');
    });

    test.each([
      ['backup:CreateBackupPlan', plan],
      ['backup:CreateBackupSelection', plan],
      ['backup:StartRestoreJob', `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:0f1e2d3c`],
    ])('%s stays allowed', async (action, resource) => {
      expect(await check(action, resource)).toBe('Allowed');
    });
  });

  describe('(h) break-glass roles', () => {
    const breakGlass = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`;
    test('putting this boundary onto OrganizationAccountAccessRole is denied', async () => {
      expect(await check('iam:PutRolePermissionsBoundary', breakGlass, withBoundaryContext(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyChangingBoundaries');
      expect(await check('iam:PutRolePermissionsBoundary', breakGlass, { ...withBoundaryContext(BOUNDARY_ARN), principal: PIPELINE })).toBe(
        'ExplicitlyDenied by DenyChangingBoundaries',
      );
    });

    test('putting this boundary onto an existing user is denied', async () => {
      expect(await check('iam:PutUserPermissionsBoundary', WORKLOAD_USER, withBoundaryContext(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyChangingBoundaries');
    });

    test('creating a role with this boundary stays allowed', async () => {
      expect(await check('iam:CreateRole', WORKLOAD_ROLE, withBoundaryContext(BOUNDARY_ARN))).toBe('Allowed');
    });
  });

  describe('(i) the landing zone\'s functions (DelegatedSubdomain\'s delegation function)', () => {
    const delegation = (region = REGION) => `arn:aws:lambda:${region}:${ACCOUNT}:function:landing-zone-dns-delegation-prod-example-com-7405b025`;
    const workload = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:services-api-Handler`;
    test.each([
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'lambda:InvokeFunction',
      'lambda:DeleteFunction',
      'lambda:AddPermission',
      'lambda:PublishVersion',
      'lambda:CreateAlias',
      'lambda:PutFunctionConcurrency',
      'lambda:TagResource',
    ])('%s on a landing-zone-* function is denied to a holder in any region and allowed to the exempt pipeline; on a workload function it is allowed', async (action) => {
      expect(await check(action, delegation())).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, delegation('eu-west-1'), { region: 'eu-west-1' })).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check(action, delegation(), { principal: PIPELINE })).toBe('Allowed');
      expect(await check(action, workload)).toBe('Allowed');
    });

    test('a holder cannot create a function of a protected name first (and so squat the delegation function\'s name)', async () => {
      expect(await check('lambda:CreateFunction', delegation())).toBe('ExplicitlyDenied by DenyProtectedResources');
      expect(await check('lambda:CreateFunction', delegation(), { principal: PIPELINE })).toBe('Allowed');
    });
  });

  describe('exemptions cannot be hijacked', () => {
    test('a wildcard exemption is refused at synthesis', () => {
      expect(() => deployedBoundary({ exemptPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/cdk-*`] })).toThrow(/invalid exemptPrincipalArns\[0\]/);
      expect(() => deployedBoundary({ exemptPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/cdk-evil`] })).toThrow(/invalid exemptPrincipalArns\[0\]/);
    });

    test('a holder may create cdk-evil, but cdk-evil cannot rewrite a tier role', async () => {
      const evil = `arn:aws:iam::${ACCOUNT}:role/cdk-evil`;
      expect(await check('iam:CreateRole', evil, withBoundaryContext(BOUNDARY_ARN))).toBe('Allowed');
      expect(await check('iam:UpdateAssumeRolePolicy', PROTECTED_ROLE, { ...withBoundaryContext(BOUNDARY_ARN), principal: evil })).toBe(
        'ExplicitlyDenied by DenyProtectedResources',
      );
      expect(await check('cloudformation:UpdateStack', stackArn('landing-zone-security'), { principal: evil })).toBe('ExplicitlyDenied by DenyProtectedResources');
    });

    test('a holder cannot create the exempt role itself', async () => {
      expect(await check('iam:CreateRole', PIPELINE, withBoundaryContext(BOUNDARY_ARN))).toBe('ExplicitlyDenied by DenyProtectedResources');
    });
  });
});

function withBoundaryContext(arn: string): Request {
  return { context: { 'iam:PermissionsBoundary': arn } };
}
