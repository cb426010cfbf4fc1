// The example landing zone (examples/landing-zone.ts) written with aws-cdk-lib
// only: the same accounts, roles, trust conditions, boundary statements,
// StackSets, backup vaults and plans, delegated DNS zones and DNSSEC,
// hand-written, without cdk-landing-zone. It keeps the example's cdk-nag
// suppressions, so that the only difference between the two apps is this
// library. Names the example generates (delegation roles, vaults) are copied
// as literals, so that the templates can be compared. The landing zone's
// naming conventions (its path, tag keys and default role and policy names)
// are not copied: they come from the library's names modules, which import
// nothing, so the library itself is never loaded. bench/overhead.ts fails
// if its resources per stack no longer match the example's: extend it when
// the example grows.
import {
  App,
  ArnFormat,
  Duration,
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
  aws_route53 as route53,
  custom_resources as cr,
} from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
// Import-free modules of the library: its naming conventions, nothing else.
import { DEFAULT_HUB_ROLE_NAME, DEFAULT_ORG_READ_ONLY_ROLE_NAME, DEFAULT_SPOKE_ROLE_NAME } from '../../src/hub-spoke/names';
import { DEFAULT_BOUNDARY_POLICY_NAME } from '../../src/permission-boundary/names';
import { ENVIRONMENT_TAG, LANDING_ZONE_PATH, TIER_TAG } from '../../src/private/landing-zone';
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
const ORGANIZATION = { id: 'o-a1b2c3d4e5', productionOu: 'ou-ab12-prod0001', sandboxOu: 'ou-ab12-sbox0001' };
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
};
const COPY_KEY_ACTIONS = [
  'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
];
const COPY_KEY_GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];
const PROTECTED_VAULT_ACTIONS = [
  'backup:DeleteBackupVault', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteRecoveryPoint',
  'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle',
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
    super(scope, id, props);
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
  return [
    new iam.PolicyStatement({ sid: 'AllowWithinBoundary', actions: ['*'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'DenyPrincipalsWithoutThisBoundary',
      effect: iam.Effect.DENY,
      actions: ['iam:CreateRole', 'iam:CreateUser', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
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
      sid: 'DenyChangingThisBoundary',
      effect: iam.Effect.DENY,
      actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
      resources: [boundaryArn],
    }),
    new iam.PolicyStatement({
      sid: 'DenyRemovingBoundaries',
      effect: iam.Effect.DENY,
      actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DenyProtectedRoles',
      effect: iam.Effect.DENY,
      actions: [
        'iam:AttachRolePolicy', 'iam:CreateRole', 'iam:DeleteRole', 'iam:DeleteRolePermissionsBoundary', 'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy', 'iam:PassRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:TagRole', 'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'sts:AssumeRole',
      ],
      resources: [arn('role', `${LANDING_ZONE_PATH.slice(1)}*`)],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': exemptRoleNames.map((name) => arn('role', `${LANDING_ZONE_PATH.slice(1)}${name}`)) } },
    }),
    new iam.PolicyStatement({ sid: 'DenyLeavingOrganization', effect: iam.Effect.DENY, actions: ['organizations:LeaveOrganization'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'DenyDisablingSecurityServices',
      effect: iam.Effect.DENY,
      actions: [
        'cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail',
        'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel', 'config:StopConfigurationRecorder',
        'guardduty:DeleteDetector', 'guardduty:DeleteMembers', 'guardduty:DisassociateFromAdministratorAccount',
        'guardduty:DisassociateFromMasterAccount', 'guardduty:DisassociateMembers', 'guardduty:StopMonitoringMembers', 'guardduty:UpdateDetector',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'DenyDeletingBackups',
      effect: iam.Effect.DENY,
      actions: [
        'backup:DeleteBackupVault', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration', 'backup:DeleteRecoveryPoint',
        'backup:DisassociateRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle',
      ],
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

function allowCopyFromOrganization(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCopyIntoVaultFromOrganization',
    principals: [new iam.AnyPrincipal()],
    actions: ['backup:CopyIntoBackupVault'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.id } },
  });
}

/** The backup account: a compliance-locked central vault and a logically air-gapped vault, copies accepted from the organization. */
function centralBackup(stack: AccountStack): void {
  const key = new kms.Key(stack, 'CentralVaultKey', {
    description: `Encrypts the central backup vault ${stack.stackName}/CentralVault`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const org = { 'aws:PrincipalOrgID': ORGANIZATION.id };
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopiesFromOrganization', principals: [new iam.AnyPrincipal()], actions: COPY_KEY_ACTIONS, resources: ['*'], conditions: { StringEquals: org },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCopyGrantsFromOrganization',
    principals: [new iam.AnyPrincipal()],
    actions: COPY_KEY_GRANT_ACTIONS,
    resources: ['*'],
    conditions: { StringEquals: org, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }));
  new backup.BackupVault(stack, 'CentralVault', {
    backupVaultName: NAMES.centralVault,
    encryptionKey: key,
    accessPolicy: new iam.PolicyDocument({ statements: [protectRecoveryPoints(stack.account), allowCopyFromOrganization()] }),
    lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(3650), changeableFor: Duration.days(3) },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  new backup.CfnLogicallyAirGappedBackupVault(stack, 'CentralVaultAirGapped', {
    backupVaultName: NAMES.airGappedVault,
    accessPolicy: new iam.PolicyDocument({ statements: [protectRecoveryPoints(stack.account), allowCopyFromOrganization()] }),
    minRetentionDays: 7,
    maxRetentionDays: 3650,
  }).applyRemovalPolicy(RemovalPolicy.RETAIN);
}

/** A workload account's locked vault, and a daily plan whose recovery points are copied to the central vault. */
function workloadBackup(keepDays: number) {
  return (stack: AccountStack) => {
    const key = new kms.Key(stack, 'BackupVaultKey', {
      description: `Encrypts the backup vault ${stack.stackName}/BackupVault`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
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
    const vault = new backup.BackupVault(stack, 'BackupVault', {
      backupVaultName: NAMES.workloadVault[stack.stackName],
      encryptionKey: key,
      accessPolicy: new iam.PolicyDocument({ statements: [protectRecoveryPoints(stack.account)] }),
      lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(400) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(stack, 'BackupVaultDaily', { backupPlanName: 'Daily', backupVault: vault });
    const central = stack.formatArn({
      service: 'backup', account: ACCOUNTS.backup, region: REGION, resource: 'backup-vault', resourceName: NAMES.centralVault, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
      deleteAfter: Duration.days(keepDays),
      backupVault: vault,
      copyActions: [{ destinationBackupVault: backup.BackupVault.fromBackupVaultArn(plan, 'CopyDestination', central), deleteAfter: Duration.days(90) }],
    }));
    plan.addSelection('Selection', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
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
      assumedBy: new iam.AccountPrincipal(account).withConditions({ StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.id } }),
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
  const stack = new Stack(app, id, { env: { account: spec.account, region: 'us-east-1' } });
  iam.PermissionsBoundary.of(stack).apply(
    iam.ManagedPolicy.fromManagedPolicyArn(stack, 'PermissionBoundary', stack.formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: `${LANDING_ZONE_PATH.slice(1)}${DEFAULT_BOUNDARY_POLICY_NAME}` })),
  );
  const zoneName = `${spec.label}.${PARENT_ZONE.name}`;
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName });
  zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const delegationRoleArn = stack.formatArn({
    service: 'iam', region: '', account: ACCOUNTS.network, resource: 'role', resourceName: `${LANDING_ZONE_PATH.slice(1)}${NAMES.delegationRole[spec.label]}`,
  });
  const nsRecord = new route53.CrossAccountZoneDelegationRecord(stack, 'NsRecord', {
    delegatedZone: zone,
    parentHostedZoneId: PARENT_ZONE.id,
    delegationRole: iam.Role.fromRoleArn(stack, 'DelegationRole', delegationRoleArn),
    removalPolicy: RemovalPolicy.DESTROY,
  });
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
    const ksk = new route53.CfnKeySigningKey(stack, 'KeySigningKey', {
      hostedZoneId: zone.hostedZoneId, keyManagementServiceArn: key.keyArn, name: 'landing_zone_ksk', status: 'ACTIVE',
    });
    const signing = new route53.CfnDNSSEC(stack, 'Dnssec', { hostedZoneId: zone.hostedZoneId });
    signing.addDependency(ksk);
    const readDs: cr.AwsSdkCall = {
      service: 'Route53',
      action: 'getDNSSEC',
      parameters: { HostedZoneId: zone.hostedZoneId },
      physicalResourceId: cr.PhysicalResourceId.of(ksk.ref),
      outputPaths: ['KeySigningKeys.0.DSRecord'],
    };
    const dsValue = new cr.AwsCustomResource(stack, 'DsRecordValue', {
      resourceType: 'Custom::DnssecDsRecordValue',
      onCreate: readDs,
      onUpdate: readDs,
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['route53:GetDNSSEC'], resources: [zone.hostedZoneArn] })]),
      installLatestAwsSdk: false,
    });
    dsValue.node.addDependency(signing);
    const writeDs = (action: string): cr.AwsSdkCall => ({
      service: 'Route53',
      action: 'changeResourceRecordSets',
      assumedRoleArn: delegationRoleArn,
      parameters: {
        HostedZoneId: PARENT_ZONE.id,
        ChangeBatch: {
          Changes: [{
            Action: action,
            ResourceRecordSet: { Name: zoneName, Type: 'DS', TTL: 3600, ResourceRecords: [{ Value: dsValue.getResponseField('KeySigningKeys.0.DSRecord') }] },
          }],
        },
      },
      physicalResourceId: cr.PhysicalResourceId.of(`${PARENT_ZONE.id}|${zoneName}|DS`),
    });
    const dsRecord = new cr.AwsCustomResource(stack, 'DsRecord', {
      resourceType: 'Custom::DnssecDsRecord',
      onCreate: writeDs('UPSERT'),
      onUpdate: writeDs('UPSERT'),
      onDelete: writeDs('DELETE'),
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [delegationRoleArn] })]),
      installLatestAwsSdk: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    dsRecord.node.addDependency(nsRecord);
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
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'The custom resources that write the NS (and DS) records across accounts run with AWSLambdaBasicExecutionRole, aws-cdk-lib\'s logging policy for its providers.',
    },
    { id: 'AwsSolutions-L1', reason: 'The runtime of aws-cdk-lib\'s own custom-resource functions is chosen by aws-cdk-lib and follows its releases.' },
  ]);
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
    extend: workloadBackup(35),
  });
  const sandbox = new AccountStack(app, 'Sandbox', {
    env: env(ACCOUNTS.sandbox),
    tiers: [
      { tier: 'INFRASTRUCTURE', exact: [`repo:${PLATFORM}:ref:refs/heads/main`] },
      { tier: 'SERVICES', exact: [`repo:${SHOP}:environment:sandbox`], patterns: [`repo:${SHOP}:ref:refs/heads/feature/*`] },
    ],
    extend: workloadBackup(14),
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
