// The example landing zone (examples/landing-zone.ts) written with aws-cdk-lib
// only: the same accounts, roles, trust conditions, boundary statements,
// StackSets, backup vaults and plans, backup audit frameworks and their report
// buckets, delegated DNS zones with their delegation functions, and DNSSEC,
// hand-written, without cdk-landing-zone. It keeps the example's cdk-nag
// suppressions, so that the only difference between the two apps is this
// library. Names the example generates (delegation roles and functions,
// vaults, audit frameworks) are copied as literals, so that the templates can
// be compared. The landing zone's naming conventions (its path, tag keys and
// default role and policy names) are not copied: they come from the library's
// names modules, which import nothing, so the library itself is never loaded;
// nor is the delegation function's code, a string from an import-free module
// (what the function runs is deployed, not synthesized: the twin writes the
// same function around it). bench/overhead.ts fails if its resources per stack
// no longer match the example's: extend it when the example grows.
import {
  App,
  ArnFormat,
  Aws,
  CustomResource,
  Duration,
  LegacyStackSynthesizer,
  RemovalPolicy,
  Stack,
  StackProps,
  Tags,
  aws_backup as backup,
  aws_cloudformation as cloudformation,
  aws_cloudwatch as cloudwatch,
  aws_events as events,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_route53 as route53,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
// Import-free modules of the library: its naming conventions, and the code its delegation function runs.
import { DELEGATION_HANDLER_CODE } from '../../src/delegated-subdomain/delegation-handler';
import { DEFAULT_HUB_ROLE_NAME, DEFAULT_ORG_READ_ONLY_ROLE_NAME, DEFAULT_SPOKE_ROLE_NAME } from '../../src/hub-spoke/names';
import { DEFAULT_BOUNDARY_POLICY_NAME } from '../../src/permission-boundary/names';
import {
  ENVIRONMENT_TAG,
  LANDING_ZONE_PATH,
  PROTECTED_FUNCTION_NAME_PREFIX,
  PROTECTED_KEY_ACTIONS,
  PROTECTED_STACK_NAME_PREFIX,
  PROTECTED_TAG,
  TIER_TAG,
} from '../../src/private/landing-zone';
import { tierRoleName } from '../../src/tiered-deploy-role/names';

// Copied from the example (importing it would load the library).
const ACCOUNTS = {
  management: '111111111111',
  security: '222222222222',
  network: '333333333333',
  backup: '444444444444',
  production: '555555555555',
  sandbox: '666666666666',
};
const REGION = 'eu-west-1';
const ORGANIZATION = { id: 'o-a1b2c3d4e5', rootId: 'r-ab12', productionOu: 'ou-ab12-prod0001', sandboxOu: 'ou-ab12-sbox0001' };
/** The only organization path whose accounts may copy into the central vaults: the production OU. */
const COPY_SOURCE_PATH = `${ORGANIZATION.id}/${ORGANIZATION.rootId}/${ORGANIZATION.productionOu}/*`;
const PARENT_ZONE = { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' };
const PLATFORM = 'acme@1000001/platform@2000001';
const SHOP = 'acme@1000001/shop@2000002';

const ISSUER_HOST = 'token.actions.githubusercontent.com';
const AUDIENCE = 'sts.amazonaws.com';
/** The names the example's constructs generate, copied. */
const NAMES = {
  centralVault: 'BackupCentralVaultD06EE3BF',
  airGappedVault: 'BackupCentralVaultAirGappedEB3DE7B3',
  workloadVault: { Production: 'ProductionBackupVault7E8E7E61', Sandbox: 'SandboxBackupVault460ECF0D' } as Record<string, string>,
  delegationRole: { prod: 'networkrkproddelegation5ddceffd9f237e900a1f', sandbox: 'networkandboxdelegation1fea1a6a18118d43217f' },
  /** The delegation function of each child zone, and its role (the delegation principal the parent's role trusts). */
  delegationPrincipal: { prod: 'landing-zone-dns-delegation-prod-example-com-7405b025', sandbox: 'landing-zone-dns-delegation-sandbox-example-com-d471f943' },
  auditFramework: { Backup: 'BackupBackupAudit2AC8B2E1', Production: 'ProductionBackupAudit4200BFCE' } as Record<string, string>,
};
const COPY_KEY_ACTIONS = [
  'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
];
const COPY_KEY_GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];
const PROTECTED_VAULT_ACTIONS = [
  'backup:DeleteBackupVault', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration', 'backup:DeleteRecoveryPoint',
  'backup:DisassociateRecoveryPoint', 'backup:DisassociateRecoveryPointFromParent', 'backup:PutBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration', 'backup:UpdateRecoveryPointLifecycle',
];
const TIER_NUMBER = { BOOTSTRAP: 1, BASE: 2, INFRASTRUCTURE: 3, SERVICES: 4 };
type Tier = keyof typeof TIER_NUMBER;

interface TierSpec {
  readonly tier: Tier;
  /** Exact `sub` values (StringEquals). */
  readonly exact: string[];
  /** `sub` patterns (StringLike), in a statement of their own. */
  readonly patterns?: string[];
}

interface AccountStackProps extends StackProps {
  readonly tiers: TierSpec[];
  readonly extend?: (stack: AccountStack) => void;
}

/** One account: the GitHub OIDC provider, the boundary and one deploy role per tier. */
class AccountStack extends Stack {
  public readonly boundary: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    // Deployed by the account's administrator, with its own credentials (no CDK bootstrap), as the example's account stacks.
    super(scope, id, { synthesizer: new LegacyStackSynthesizer(), ...props });
    const provider = new iam.OidcProviderNative(this, 'GithubOidc', { url: `https://${ISSUER_HOST}`, clientIds: [AUDIENCE] });
    provider.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.boundary = new iam.ManagedPolicy(this, 'PermissionBoundary', {
      managedPolicyName: DEFAULT_BOUNDARY_POLICY_NAME,
      path: LANDING_ZONE_PATH,
      description:
        'Permissions boundary of the landing zone: holders cannot escape it, change it, touch the landing zone roles, or disable logging, detection and backups.',
      document: new iam.PolicyDocument({ statements: boundaryStatements(this, props.tiers.map((t) => tierRoleName(t.tier))) }),
    });
    // Every role of the stack, those aws-cdk-lib creates included, gets the boundary.
    iam.PermissionsBoundary.of(this).apply(this.boundary);
    NagSuppressions.addResourceSuppressions(this.boundary, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'A permissions boundary caps permissions and grants none: its Allow * is the ceiling, the Deny statements are the fence.',
      },
    ], true);

    for (const spec of props.tiers) {
      const tierName = `${spec.tier.charAt(0)}${spec.tier.slice(1).toLowerCase()}`;
      const conditions = (operator: 'StringEquals' | 'StringLike', subjects: string[]) => {
        const sub = { [`${ISSUER_HOST}:sub`]: subjects.length === 1 ? subjects[0] : subjects };
        const aud = { [`${ISSUER_HOST}:aud`]: AUDIENCE };
        return operator === 'StringEquals' ? { StringEquals: { ...aud, ...sub } } : { StringEquals: aud, StringLike: sub };
      };
      const role = new iam.Role(this, `${tierName}DeployRole`, {
        roleName: tierRoleName(spec.tier),
        path: LANDING_ZONE_PATH,
        description: `Landing zone tier ${TIER_NUMBER[spec.tier]} (${spec.tier.toLowerCase()}) deploy role, assumed by GitHub Actions`,
        assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, conditions('StringEquals', spec.exact)),
        managedPolicies: spec.tier === 'BOOTSTRAP' ? [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] : [],
      });
      if (spec.patterns) {
        role.assumeRolePolicy!.addStatements(
          new iam.PolicyStatement({
            actions: ['sts:AssumeRoleWithWebIdentity'],
            principals: [new iam.WebIdentityPrincipal(provider.oidcProviderArn)],
            conditions: conditions('StringLike', spec.patterns),
          }),
        );
      }
      Tags.of(role).add(TIER_TAG, spec.tier);
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeCdkBootstrapRoles',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((kind) =>
            this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `cdk-hnb659fds-${kind}-role-${this.account}-${this.region}` }),
          ),
        }),
      );
      if (spec.tier === 'BOOTSTRAP') {
        NagSuppressions.addResourceSuppressions(role, [
          {
            id: 'AwsSolutions-IAM4',
            reason: 'The Bootstrap tier bootstraps CDK with its own credentials and needs AdministratorAccess; the permissions boundary caps it and only a protected GitHub environment can assume it.',
          },
        ]);
      }
    }
    props.extend?.(this);
  }
}

/** The boundary's statements, as the example's PermissionBoundary writes them. */
function boundaryStatements(stack: Stack, exemptRoleNames: string[]): iam.PolicyStatement[] {
  const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'iam', region: '', resource, resourceName });
  const boundaryArn = arn('policy', `${LANDING_ZONE_PATH.slice(1)}${DEFAULT_BOUNDARY_POLICY_NAME}`);
  const withoutThisBoundary = { StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn } };
  const protectedKey = { [`aws:ResourceTag/${PROTECTED_TAG}`]: 'false' };
  const stacks = (prefix: string) => [
    stack.formatArn({ service: 'cloudformation', region: '*', resource: 'stack', resourceName: `${prefix}*/*` }),
    stack.formatArn({ service: 'cloudformation', region: '*', resource: 'stack', resourceName: `StackSet-${prefix}*/*` }),
    stack.formatArn({ service: 'cloudformation', region: '*', resource: 'stackset', resourceName: `${prefix}*:*` }),
  ];
  return [
    new iam.PolicyStatement({ sid: 'AllowWithinBoundary', actions: ['*'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'DenyPrincipalsWithoutThisBoundary',
      effect: iam.Effect.DENY,
      actions: ['iam:CreateRole', 'iam:CreateUser'],
      resources: ['*'],
      conditions: withoutThisBoundary,
    }),
    new iam.PolicyStatement({
      sid: 'DenyChangingPrincipalsWithoutThisBoundary',
      effect: iam.Effect.DENY,
      actions: [
        'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:UpdateAssumeRolePolicy',
        'iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:PutUserPolicy', 'iam:DeleteUserPolicy',
      ],
      resources: ['*'],
      conditions: withoutThisBoundary,
    }),
    new iam.PolicyStatement({
      sid: 'DenyEscalatingThroughExistingPrincipals',
      effect: iam.Effect.DENY,
      actions: [
        'iam:AddUserToGroup', 'iam:AttachGroupPolicy', 'iam:PutGroupPolicy', 'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateLoginProfile',
        'iam:UpdateLoginProfile', 'iam:CreateServiceSpecificCredential', 'iam:ResetServiceSpecificCredential', 'iam:UploadSSHPublicKey',
        'iam:UploadSigningCertificate', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DenyChangingThisBoundary',
      effect: iam.Effect.DENY,
      actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
      resources: [boundaryArn],
    }),
    new iam.PolicyStatement({
      sid: 'DenyChangingBoundaries',
      effect: iam.Effect.DENY,
      actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      // The landing zone's roles, stacks, OIDC provider, functions and CDK bootstrap resources: read-only but for the tiers' deploy roles.
      sid: 'DenyProtectedResources',
      effect: iam.Effect.DENY,
      notActions: [
        'cloudformation:Describe*', 'cloudformation:Detect*', 'cloudformation:Get*', 'cloudformation:List*', 'ecr:*Layer*', 'ecr:BatchGet*',
        'ecr:Describe*', 'ecr:PutImage', 'iam:Get*', 'iam:List*', 's3:*Object*', 's3:Get*', 's3:List*', 'ssm:Get*',
      ],
      resources: [
        arn('role', `${LANDING_ZONE_PATH.slice(1)}*`),
        ...stacks(PROTECTED_STACK_NAME_PREFIX),
        ...stacks(stack.stackName),
        arn('oidc-provider', `${ISSUER_HOST}*`),
        stack.formatArn({ service: 'lambda', region: '*', resource: 'function', resourceName: `${PROTECTED_FUNCTION_NAME_PREFIX}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        stack.formatArn({ service: 's3', region: '', account: '', resource: 'cdk-*-assets-*' }),
        stack.formatArn({ service: 'ecr', region: '*', resource: 'repository', resourceName: 'cdk-*' }),
        stack.formatArn({ service: 'ssm', region: '*', resource: 'parameter', resourceName: 'cdk-bootstrap/*' }),
      ],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': exemptRoleNames.map((name) => arn('role', `${LANDING_ZONE_PATH.slice(1)}${name}`)) } },
    }),
    new iam.PolicyStatement({
      sid: 'DenyProtectedKeys', effect: iam.Effect.DENY, actions: PROTECTED_KEY_ACTIONS, resources: ['*'], conditions: { Null: protectedKey },
    }),
    new iam.PolicyStatement({
      sid: 'DenyGrantsOnProtectedKeys',
      effect: iam.Effect.DENY,
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Null: protectedKey, Bool: { 'kms:GrantIsForAWSResource': 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'DenyChangingOrganization',
      effect: iam.Effect.DENY,
      actions: [
        'Accept', 'Attach', 'Cancel', 'Close', 'Create', 'Decline', 'Delete', 'Deregister', 'Detach', 'Disable', 'Enable', 'Invite', 'Leave', 'Move', 'Put',
        'Register', 'Remove', 'Tag', 'Untag', 'Update',
      ].map((verb) => `organizations:${verb}*`),
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DenyDisablingSecurityServices',
      effect: iam.Effect.DENY,
      actions: [
        'access-analyzer:*ArchiveRule', 'access-analyzer:Delete*', 'access-analyzer:UpdateFindings',
        'cloudtrail:Delete*', 'cloudtrail:Put*', 'cloudtrail:Stop*', 'cloudtrail:Update*',
        'config:Delete*', 'config:PutConfigurationRecorder', 'config:PutDeliveryChannel', 'config:PutRetentionConfiguration', 'config:Stop*',
        'ec2:DeleteFlowLogs',
        'guardduty:Archive*', 'guardduty:Create*', 'guardduty:Delete*', 'guardduty:Disable*', 'guardduty:Disassociate*', 'guardduty:Stop*', 'guardduty:Update*',
        'securityhub:BatchDisable*', 'securityhub:BatchUpdate*', 'securityhub:Delete*', 'securityhub:Disable*', 'securityhub:Disassociate*', 'securityhub:Update*',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DenyDeletingBackups',
      effect: iam.Effect.DENY,
      actions: ['backup:Delete*', 'backup:Disassociate*', 'backup:PutBackupVaultAccessPolicy', 'backup:StopBackupJob', 'backup:Update*'],
      resources: ['*'],
    }),
  ];
}

/** The hub's ARN, as spokes and the organization read-only role name it. */
function hubRoleArn(stack: Stack): string {
  return stack.formatArn({ service: 'iam', region: '', account: ACCOUNTS.security, resource: 'role', resourceName: `${LANDING_ZONE_PATH.slice(1)}${DEFAULT_HUB_ROLE_NAME}` });
}

/** The trust of a role the hub assumes: the hub account, the exact hub ARN, inside the organization. */
function hubTrust(stack: Stack): iam.IPrincipal {
  return new iam.AccountPrincipal(ACCOUNTS.security).withConditions({
    ArnEquals: { 'aws:PrincipalArn': hubRoleArn(stack) },
    StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.id },
  });
}

function securityHub(stack: AccountStack): void {
  const principals = [
    `arn:aws:iam::${ACCOUNTS.security}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SecurityAudit_0123456789abcdef`,
    `arn:aws:iam::${ACCOUNTS.security}:role/landing-zone/audit-automation`,
  ];
  const hub = new iam.Role(stack, 'Hub', {
    roleName: DEFAULT_HUB_ROLE_NAME,
    path: LANDING_ZONE_PATH,
    description: `Landing zone hub (production): assumes ${LANDING_ZONE_PATH}${DEFAULT_SPOKE_ROLE_NAME} in the accounts of ${ORGANIZATION.id}`,
    assumedBy: new iam.AccountPrincipal(ACCOUNTS.security).withConditions({ ArnEquals: { 'aws:PrincipalArn': principals[0] } }),
  });
  hub.assumeRolePolicy!.addStatements(
    new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      principals: [new iam.AccountPrincipal(ACCOUNTS.security)],
      conditions: { ArnEquals: { 'aws:PrincipalArn': principals[1] } },
    }),
  );
  hub.addToPolicy(
    new iam.PolicyStatement({
      sid: 'AssumeSpokeRolesInOrganization',
      actions: ['sts:AssumeRole'],
      resources: [DEFAULT_SPOKE_ROLE_NAME, DEFAULT_ORG_READ_ONLY_ROLE_NAME].map((name) =>
        stack.formatArn({ service: 'iam', region: '', account: '*', resource: 'role', resourceName: `${LANDING_ZONE_PATH.slice(1)}${name}` }),
      ),
      conditions: { StringEquals: { 'aws:ResourceOrgID': ORGANIZATION.id } },
    }),
  );
  Tags.of(hub).add(ENVIRONMENT_TAG, 'PRODUCTION');
  NagSuppressions.addResourceSuppressions(hub, [
    { id: 'AwsSolutions-IAM5', reason: 'The hub may assume one role name in any account; aws:ResourceOrgID limits it to accounts of the organization.' },
  ], true);
}

/** The spoke stack every account of an OU receives, hand-written as a CloudFormation template. */
function spokeTemplate(environment: 'PRODUCTION' | 'NON_PRODUCTION'): object {
  const partition = { Ref: 'AWS::Partition' };
  return {
    Parameters: {
      HubRoleArn: { Type: 'String', Description: 'The exact ARN of the hub role the spoke trusts' },
      OrganizationId: { Type: 'String', Description: 'The organization the hub must belong to' },
    },
    Resources: {
      Spoke: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [
              {
                Action: 'sts:AssumeRole',
                Condition: { ArnEquals: { 'aws:PrincipalArn': { Ref: 'HubRoleArn' } }, StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::Join': ['', ['arn:', partition, ':iam::', { 'Fn::Select': [4, { 'Fn::Split': [':', { Ref: 'HubRoleArn' }] }] }, ':root']] } },
              },
            ],
            Version: '2012-10-17',
          },
          Description: `Landing zone spoke (${environment.toLowerCase()}): assumed by the hub only`,
          ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', partition, ':iam::aws:policy/SecurityAudit']] }],
          Path: LANDING_ZONE_PATH,
          RoleName: DEFAULT_SPOKE_ROLE_NAME,
          Tags: [{ Key: ENVIRONMENT_TAG, Value: environment }],
        },
      },
    },
  };
}

function spokeStackSet(stack: Stack, id: string, environment: 'PRODUCTION' | 'NON_PRODUCTION', ou: string, stackSetName: string): void {
  new cloudformation.CfnStackSet(stack, id, {
    stackSetName,
    description: 'Landing zone spoke role: trusted by the hub only, inside the organization',
    permissionModel: 'SERVICE_MANAGED',
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    capabilities: ['CAPABILITY_NAMED_IAM'],
    callAs: 'SELF',
    managedExecution: { Active: true },
    operationPreferences: { maxConcurrentPercentage: 25, failureTolerancePercentage: 10, regionConcurrencyType: 'PARALLEL' },
    parameters: [
      { parameterKey: 'HubRoleArn', parameterValue: hubRoleArn(stack) },
      { parameterKey: 'OrganizationId', parameterValue: ORGANIZATION.id },
    ],
    stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: [ou] }, regions: [REGION] }],
    templateBody: JSON.stringify(spokeTemplate(environment)),
    tags: [{ key: TIER_TAG, value: 'BOOTSTRAP' }],
  });
}

function managementAccess(stack: AccountStack): void {
  const org = new iam.Role(stack, 'OrgReadOnlyRole', {
    roleName: DEFAULT_ORG_READ_ONLY_ROLE_NAME,
    path: LANDING_ZONE_PATH,
    description: 'Landing zone: the hub reads the organization structure',
    assumedBy: hubTrust(stack),
    inlinePolicies: {
      ReadOrganization: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'ReadOrganizationStructure',
            actions: [
              'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:DescribeOrganizationalUnit',
              'organizations:ListAccounts', 'organizations:ListAccountsForParent', 'organizations:ListChildren',
              'organizations:ListOrganizationalUnitsForParent', 'organizations:ListParents', 'organizations:ListRoots', 'organizations:ListTagsForResource',
            ],
            resources: ['*'],
          }),
        ],
      }),
    },
  });
  NagSuppressions.addResourceSuppressions(org, [
    { id: 'AwsSolutions-IAM5', reason: 'Organizations List* actions such as ListAccounts and ListRoots only accept Resource "*"; the role holds read actions only.' },
  ], true);
  spokeStackSet(stack, 'ProductionSpokes', 'PRODUCTION', ORGANIZATION.productionOu, 'landing-zone-spoke-production');
  spokeStackSet(stack, 'SandboxSpokes', 'NON_PRODUCTION', ORGANIZATION.sandboxOu, 'landing-zone-spoke-sandbox');
}

const breakGlass = (account: string) => `arn:aws:iam::${account}:role/landing-zone/break-glass`;

/** A vault's access policy: nobody but the break-glass role deletes recovery points or changes the vault. */
function protectRecoveryPoints(account: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyDeletingRecoveryPointsAndVault',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: PROTECTED_VAULT_ACTIONS,
    resources: ['*'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': [breakGlass(account)] } },
  });
}

function allowCopyFromOrganizationPaths(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCopyIntoVaultFromOrganizationPaths',
    principals: [new iam.AnyPrincipal()],
    actions: ['backup:CopyIntoBackupVault'],
    resources: ['*'],
    conditions: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [COPY_SOURCE_PATH] }, 'StringEquals': { 'aws:PrincipalOrgID': ORGANIZATION.id } },
  });
}

/** A vault key nobody but the break-glass role may disable, delete or re-police, tagged so that the boundary protects it too. */
function vaultKey(stack: AccountStack, id: string, vaultPath: string, description: string): kms.Key {
  const key = new kms.Key(stack, id, { description: `${description} ${stack.stackName}/${vaultPath}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyDestroyingTheKey',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: PROTECTED_KEY_ACTIONS,
    resources: ['*'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': [breakGlass(stack.account)] } },
  }));
  Tags.of(key).add(PROTECTED_TAG, 'backup-key');
  return key;
}

/** The backup account: a compliance-locked central vault and a logically air-gapped vault, copies accepted from the organization. */
function centralBackup(stack: AccountStack): void {
  const key = vaultKey(stack, 'CentralVaultKey', 'CentralVault', 'Encrypts the central backup vault');
  // Copies from the production OU's accounts only, and only through AWS Backup.
  const fromPaths = {
    'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [COPY_SOURCE_PATH] },
    'StringEquals': { 'aws:PrincipalOrgID': ORGANIZATION.id, 'kms:ViaService': `backup.${stack.region}.${Aws.URL_SUFFIX}` },
  };
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopiesFromOrganizationPaths', principals: [new iam.AnyPrincipal()], actions: COPY_KEY_ACTIONS, resources: ['*'], conditions: fromPaths,
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopyGrantsFromOrganizationPaths',
    principals: [new iam.AnyPrincipal()],
    actions: COPY_KEY_GRANT_ACTIONS,
    resources: ['*'],
    conditions: { ...fromPaths, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }));
  new backup.BackupVault(stack, 'CentralVault', {
    backupVaultName: NAMES.centralVault,
    encryptionKey: key,
    accessPolicy: new iam.PolicyDocument({ statements: [protectRecoveryPoints(stack.account), allowCopyFromOrganizationPaths()] }),
    lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(3650), changeableFor: Duration.days(3) },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  new backup.CfnLogicallyAirGappedBackupVault(stack, 'CentralVaultAirGapped', {
    backupVaultName: NAMES.airGappedVault,
    accessPolicy: new iam.PolicyDocument({ statements: [protectRecoveryPoints(stack.account), allowCopyFromOrganizationPaths()] }),
    minRetentionDays: 7,
    maxRetentionDays: 3650,
  }).applyRemovalPolicy(RemovalPolicy.RETAIN);
  backupAudit(stack, {});
}

interface AuditSpec {
  /** The accounts the protected resources must be copied to. */
  readonly copyAccounts?: string[];
  /** The tag that selects the protected resources. */
  readonly resourceTag?: { key: string; value: string };
}

/**
 * The account's AWS Backup Audit Manager framework (vaults refuse deletion but for the break-glass role,
 * recovery points kept 7 days, protected resources in a locked vault and copied to the backup account),
 * and its daily report plan into a private, versioned, TLS-only bucket.
 */
function backupAudit(stack: AccountStack, spec: AuditSpec): void {
  const name = NAMES.auditFramework[stack.stackName];
  const minimumDays = '7';
  const scope = spec.resourceTag ? { Tags: [{ Key: spec.resourceTag.key, Value: spec.resourceTag.value }] } : undefined;
  const framework = new backup.CfnFramework(stack, 'BackupAudit', {
    frameworkName: name,
    frameworkDescription: 'The landing zone\'s backup promises: vaults refuse deletion and are locked, copies leave the account, retention is kept.',
    frameworkControls: [
      {
        controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
        controlInputParameters: [{ parameterName: 'principalArnList', parameterValue: breakGlass(stack.account) }],
      },
      { controlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', controlInputParameters: [{ parameterName: 'requiredRetentionDays', parameterValue: minimumDays }] },
      {
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
        controlInputParameters: [{ parameterName: 'minRetentionDays', parameterValue: minimumDays }],
        controlScope: scope,
      },
      ...(spec.copyAccounts
        ? [{
          controlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT',
          controlInputParameters: [{ parameterName: 'crossAccountList', parameterValue: spec.copyAccounts.join(',') }],
          controlScope: scope,
        }]
        : []),
    ],
  });
  const bucket = new s3.Bucket(stack, 'BackupAuditReports', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBackupReportsDelivery',
    principals: [new iam.ArnPrincipal(stack.formatArn({
      service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports',
    }))],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('backup-audit/*')],
    conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  const plan = new backup.CfnReportPlan(stack, 'BackupAuditReportPlan', {
    reportPlanName: name,
    reportPlanDescription: `The daily compliance report of the framework ${name}.`,
    reportDeliveryChannel: { S3BucketName: bucket.bucketName, S3KeyPrefix: 'backup-audit', Formats: ['CSV', 'JSON'] },
    reportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [framework.attrFrameworkArn] },
  });
  // The bucket policy names the service-linked role the framework brings; the plan delivers into the bucket.
  bucket.policy!.node.addDependency(framework);
  plan.node.addDependency(bucket.policy!);
  NagSuppressions.addResourceSuppressions(bucket, [
    { id: 'AwsSolutions-S1', reason: 'The bucket holds the daily AWS Backup audit reports only, written by AWS Backup and versioned; CloudTrail records its access.' },
  ]);
}

/** A workload account's locked vault, and a daily plan whose recovery points are copied to the central vault, when `copyToCentral`. */
function workloadBackup(keepDays: number, copyToCentral: boolean) {
  return (stack: AccountStack) => {
    const key = vaultKey(stack, 'BackupVaultKey', 'BackupVault', 'Encrypts the backup vault');
    if (copyToCentral) {
      // The backup account reads the recovery points it copies.
      const backupAccount = new iam.AccountPrincipal(ACCOUNTS.backup);
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AllowCrossAccountCopyTo${ACCOUNTS.backup}`, principals: [backupAccount], actions: COPY_KEY_ACTIONS, resources: ['*'],
      }));
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AllowCrossAccountCopyGrantsTo${ACCOUNTS.backup}`,
        principals: [backupAccount],
        actions: COPY_KEY_GRANT_ACTIONS,
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }));
    }
    const vault = new backup.BackupVault(stack, 'BackupVault', {
      backupVaultName: NAMES.workloadVault[stack.stackName],
      encryptionKey: key,
      accessPolicy: new iam.PolicyDocument({ statements: [protectRecoveryPoints(stack.account)] }),
      lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(400) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(stack, 'BackupVaultDaily', { backupPlanName: 'Daily', backupVault: vault });
    // Copies into the central vault and its air-gapped vault, when the account sends any.
    const centralVaults = copyToCentral ? [NAMES.centralVault, NAMES.airGappedVault] : [];
    plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
      deleteAfter: Duration.days(keepDays),
      backupVault: vault,
      copyActions: centralVaults.length === 0 ? undefined : centralVaults.map((name, i) => ({
        destinationBackupVault: backup.BackupVault.fromBackupVaultArn(plan, `CopyDestination${i}`, stack.formatArn({
          service: 'backup', account: ACCOUNTS.backup, region: REGION, resource: 'backup-vault', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        })),
        deleteAfter: Duration.days(90),
      })),
    }));
    plan.addSelection('Selection', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
    if (copyToCentral) {
      backupAudit(stack, { copyAccounts: [ACCOUNTS.backup], resourceTag: { key: 'backup', value: 'daily' } });
    }
    NagSuppressions.addResourceSuppressions(plan, [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'AWSBackupServiceRolePolicyForBackup is the policy AWS Backup documents for its service role; it has no customer-managed equivalent that stays current with new resource types.',
      },
    ], true);
  };
}

/** The parent zone's ARN, for the delegation roles' policies. */
function parentZoneArn(stack: Stack): string {
  return stack.formatArn({ service: 'route53', region: '', account: '', resource: 'hostedzone', resourceName: PARENT_ZONE.id });
}

/** The network account: one role per child account, allowed to write only its subdomain's NS (and DS) records in the parent zone. */
function delegationRoles(stack: AccountStack): void {
  for (const [label, account, dnssec] of [['prod', ACCOUNTS.production, true], ['sandbox', ACCOUNTS.sandbox, false]] as const) {
    const zoneName = `${label}.${PARENT_ZONE.name}`;
    const always = { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': 'false', 'route53:ChangeResourceRecordSetsRecordTypes': 'false', 'route53:ChangeResourceRecordSetsActions': 'false' };
    new iam.Role(stack, `${label.charAt(0).toUpperCase()}${label.slice(1)}Delegation`, {
      roleName: NAMES.delegationRole[label],
      path: LANDING_ZONE_PATH,
      description: `Writes the delegation records of ${zoneName} in ${PARENT_ZONE.name}`,
      // Only the child zone's delegation principal (its function's role), inside the organization.
      assumedBy: new iam.AccountPrincipal(account).withConditions({
        StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.id },
        ArnEquals: {
          'aws:PrincipalArn': stack.formatArn({
            service: 'iam', region: '', account, resource: 'role', resourceName: `${LANDING_ZONE_PATH.slice(1)}${NAMES.delegationPrincipal[label]}`,
          }),
        },
      }),
      inlinePolicies: {
        SubdomainDelegation: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'WriteDelegationRecordsOfTheChildZones',
              actions: ['route53:ChangeResourceRecordSets'],
              resources: [parentZoneArn(stack)],
              conditions: {
                'ForAllValues:StringEquals': {
                  'route53:ChangeResourceRecordSetsNormalizedRecordNames': [zoneName],
                  'route53:ChangeResourceRecordSetsRecordTypes': dnssec ? ['NS', 'DS'] : ['NS'],
                  'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
                },
                'Null': always,
              },
            }),
          ],
        }),
      },
    });
  }
}

interface ZoneSpec {
  readonly account: string;
  readonly label: 'prod' | 'sandbox';
  readonly dnssec: boolean;
}

/** A workload account's zone (us-east-1), delegated from the network account through its delegation role, optionally signed. */
function workloadZone(app: App, id: string, spec: ZoneSpec): Stack {
  // Deployed by the account's administrator, with its own credentials, as the example's zone stacks.
  const stack = new Stack(app, id, { env: { account: spec.account, region: 'us-east-1' }, synthesizer: new LegacyStackSynthesizer() });
  iam.PermissionsBoundary.of(stack).apply(
    iam.ManagedPolicy.fromManagedPolicyArn(stack, 'PermissionBoundary', stack.formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: `${LANDING_ZONE_PATH.slice(1)}${DEFAULT_BOUNDARY_POLICY_NAME}` })),
  );
  const zoneName = `${spec.label}.${PARENT_ZONE.name}`;
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName });
  zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const delegationRoleArn = stack.formatArn({
    service: 'iam', region: '', account: ACCOUNTS.network, resource: 'role', resourceName: `${LANDING_ZONE_PATH.slice(1)}${NAMES.delegationRole[spec.label]}`,
  });
  const nsTtl = Duration.days(2);
  const dsTtl = Duration.hours(1);
  const kskName = 'landing_zone_ksk';

  // The delegation principal: a fixed-name role under the landing zone's path, trusted by the parent's
  // delegation role, that only this function can assume; it reads the zone and writes the function's logs.
  const name = NAMES.delegationPrincipal[spec.label];
  const functionArn = stack.formatArn({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const logGroup = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/lambda/${name}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const role = new iam.Role(stack, 'DelegationPrincipal', {
    roleName: name,
    path: LANDING_ZONE_PATH,
    description: `Writes the delegation records of ${zoneName} into its parent zone`,
    assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('lambda.amazonaws.com'), {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnEquals: { 'aws:SourceArn': functionArn },
    }),
    inlinePolicies: {
      DnsDelegation: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ sid: 'AssumeTheParentDelegationRole', actions: ['sts:AssumeRole'], resources: [delegationRoleArn] }),
          new iam.PolicyStatement({
            sid: 'ReadTheChildZone',
            actions: spec.dnssec ? ['route53:GetHostedZone', 'route53:GetDNSSEC'] : ['route53:GetHostedZone'],
            resources: [zone.hostedZoneArn],
          }),
          new iam.PolicyStatement({
            sid: 'WriteTheFunctionLogs',
            actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [logGroup, `${logGroup}:*`],
          }),
        ],
      }),
    },
  });
  NagSuppressions.addResourceSuppressions(role, [
    {
      id: 'AwsSolutions-IAM5',
      reason: 'The delegation function writes its logs into its own log group, /aws/lambda/<its name>, whose log streams Lambda names at run time.',
      appliesTo: [`Resource::arn:<AWS::Partition>:logs:us-east-1:${spec.account}:log-group:/aws/lambda/${name}:*`],
    },
  ], true);
  const fn = new lambda.Function(stack, 'DelegationFunction', {
    functionName: name,
    description: `Writes the ${spec.dnssec ? 'NS and DS records' : 'NS record'} of ${zoneName} into its parent zone`,
    role,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(DELEGATION_HANDLER_CODE),
    timeout: Duration.minutes(2),
    environment: {
      ZONE_ID: zone.hostedZoneId,
      ZONE_NAME: zoneName,
      PARENT_ZONE_NAME: PARENT_ZONE.name,
      ROLE_ARN: delegationRoleArn,
      NS_TTL: String(nsTtl.toSeconds()),
      PARENT_ZONE_ID: PARENT_ZONE.id,
      ...(spec.dnssec ? { DS_TTL: String(dsTtl.toSeconds()), KSK_NAME: kskName } : {}),
    },
  });
  // The records: their properties repeat the function's configuration (it refuses any other), never retained.
  const record = (recordId: string, type: 'NS' | 'DS', ttl: Duration, ksk?: route53.CfnKeySigningKey) => new CustomResource(stack, recordId, {
    serviceToken: fn.functionArn,
    resourceType: type === 'NS' ? 'Custom::DnsDelegationNsRecord' : 'Custom::DnsDelegationDsRecord',
    properties: {
      RecordType: type,
      ZoneId: zone.hostedZoneId,
      ZoneName: zoneName,
      ParentZone: PARENT_ZONE.id,
      Ttl: String(ttl.toSeconds()),
      DelegationRoleArn: delegationRoleArn,
      ...(ksk ? { KeySigningKey: ksk.ref } : {}),
    },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const nsRecord = record('NsRecord', 'NS', nsTtl);
  if (spec.dnssec) {
    const key = new kms.Key(stack, 'DnssecKey', {
      description: `DNSSEC key-signing key of ${id}/Zone`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const dnssecService = new iam.ServicePrincipal('dnssec-route53.amazonaws.com');
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowRoute53DnssecToSign',
      principals: [dnssecService],
      actions: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnEquals: { 'aws:SourceArn': zone.hostedZoneArn } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowRoute53DnssecToCreateGrants',
      principals: [dnssecService],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }));
    const ksk = new route53.CfnKeySigningKey(stack, 'ZoneKeySigningKey', {
      hostedZoneId: zone.hostedZoneId, keyManagementServiceArn: key.keyArn, name: kskName, status: 'ACTIVE',
    });
    const signing = new route53.CfnDNSSEC(stack, 'Dnssec', { hostedZoneId: zone.hostedZoneId });
    signing.addDependency(ksk);
    // Route 53 takes a DS record only beside an NS record of the same name, once signing is on.
    record('DsRecord', 'DS', dsTtl, ksk).node.addDependency(nsRecord, signing);
    const alarm = (alarmId: string, metricName: string, alarmDescription: string) => new cloudwatch.Alarm(stack, alarmId, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Route53', metricName, dimensionsMap: { HostedZoneId: zone.hostedZoneId }, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      alarmDescription,
    });
    alarm('DnssecInternalFailureAlarm', 'DNSSECInternalFailure',
      `DNSSEC of ${zoneName}: an object of the zone is in an INTERNAL_FAILURE state; resolvers that validate may fail to resolve it.`);
    alarm('DnssecKeySigningKeysNeedingActionAlarm', 'DNSSECKeySigningKeysNeedingAction',
      `DNSSEC of ${zoneName}: a key-signing key needs action (its KMS key is disabled, deleted or no longer usable by Route 53).`);
  }
  return stack;
}

/** Builds the twin estate into an app: the same stacks as `buildLandingZone`. */
export function buildLandingZoneTwin(app: App): Stack[] {
  const env = (account: string) => ({ account, region: REGION });
  const security = new AccountStack(app, 'Security', {
    env: env(ACCOUNTS.security),
    tiers: [{ tier: 'BASE', exact: [`repo:${PLATFORM}:environment:security-base`] }],
    extend: securityHub,
  });
  const backupAccount = new AccountStack(app, 'Backup', {
    env: env(ACCOUNTS.backup),
    tiers: [{ tier: 'BASE', exact: [`repo:${PLATFORM}:environment:backup-base`] }],
    extend: centralBackup,
  });
  const network = new AccountStack(app, 'Network', {
    env: env(ACCOUNTS.network),
    tiers: [{ tier: 'INFRASTRUCTURE', exact: [`repo:${PLATFORM}:environment:network-infrastructure`] }],
    extend: delegationRoles,
  });
  const production = new AccountStack(app, 'Production', {
    env: env(ACCOUNTS.production),
    tiers: [
      { tier: 'BASE', exact: [`repo:${PLATFORM}:environment:production-base`] },
      { tier: 'INFRASTRUCTURE', exact: [`repo:${PLATFORM}:environment:production-infrastructure`] },
      { tier: 'SERVICES', exact: [`repo:${SHOP}:environment:production`] },
    ],
    extend: workloadBackup(35, true),
  });
  const sandbox = new AccountStack(app, 'Sandbox', {
    env: env(ACCOUNTS.sandbox),
    tiers: [
      { tier: 'INFRASTRUCTURE', exact: [`repo:${PLATFORM}:ref:refs/heads/main`] },
      { tier: 'SERVICES', exact: [`repo:${SHOP}:environment:sandbox`], patterns: [`repo:${SHOP}:ref:refs/heads/feature/*`] },
    ],
    // The sandbox keeps its backups in its own vault: the central vault accepts production copies only.
    extend: workloadBackup(14, false),
  });
  const zones = [
    workloadZone(app, 'ProductionDns', { account: ACCOUNTS.production, label: 'prod', dnssec: true }),
    workloadZone(app, 'SandboxDns', { account: ACCOUNTS.sandbox, label: 'sandbox', dnssec: false }),
  ];
  return [
    new AccountStack(app, 'Management', {
      env: env(ACCOUNTS.management),
      tiers: [{ tier: 'BOOTSTRAP', exact: [`repo:${PLATFORM}:environment:management-bootstrap`] }],
      extend: managementAccess,
    }),
    security,
    backupAccount,
    network,
    production,
    sandbox,
    ...zones,
  ];
}
