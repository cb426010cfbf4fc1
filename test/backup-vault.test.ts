import { App, CfnParameter, Duration, RemovalPolicy, Stack, Token, aws_backup as backup, aws_events as events, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AirGappedBackupVault,
  BackupCopyDestination,
  BackupRestoreTesting,
  BackupVault,
  BackupVaultPlanOptions,
  BackupVaultProps,
  CentralBackupVault,
  CentralBackupVaultProps,
  RestoreTestingResourceType,
  RestoreTestingSelection,
  VaultLock,
  VaultLockMode,
} from '../src/backup-vault';

const ORG = 'o-a1b2c3d4e5';
const BACKUP_ACCOUNT = '444444444444';
const PRODUCTION = '555555555555';
const REGION = 'eu-west-1';
const BREAK_GLASS = `arn:aws:iam::${PRODUCTION}:role/break-glass`;
const PROTECTED_ACTIONS = [
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultLockConfiguration',
  'backup:DeleteRecoveryPoint',
  'backup:DisassociateRecoveryPoint',
  'backup:DisassociateRecoveryPointFromParent',
  'backup:PutBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration',
  'backup:UpdateRecoveryPointLifecycle',
];
const CROSS_ACCOUNT_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

function stack(account = PRODUCTION, app = new App(), id = `S${account}`): Stack {
  return new Stack(app, id, { env: { account, region: REGION } });
}

function daily(deleteAfter?: Duration, extra: Partial<backup.BackupPlanRuleProps> = {}): backup.BackupPlanRule {
  return new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter, ...extra });
}

const governance = (min = 7, max = 365) => VaultLock.governance({ minRetention: Duration.days(min), maxRetention: Duration.days(max) });
const compliance = (changeableFor = 3, acknowledgeIrreversible: boolean | 'omitted' = true) =>
  VaultLock.compliance({
    minRetention: Duration.days(30),
    maxRetention: Duration.days(400),
    changeableFor: Duration.days(changeableFor),
    ...(acknowledgeIrreversible === 'omitted' ? {} : { acknowledgeIrreversible }),
  });

function centralProps(overrides: Partial<CentralBackupVaultProps> = {}): CentralBackupVaultProps {
  return { organizationId: ORG, lock: compliance(), exemptPrincipalArns: [`arn:aws:iam::${BACKUP_ACCOUNT}:role/break-glass`], ...overrides };
}

/** A token standing for a deploy-time value of a template parameter. */
function parameter(scope: Stack, name: string, type = 'String'): CfnParameter {
  return new CfnParameter(scope, name, { type });
}

function vaultResource(s: Stack): any {
  const vaults = Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupVault'));
  expect(vaults).toHaveLength(1);
  return vaults[0];
}

function keyStatements(s: Stack): Record<string, any> {
  const keys = Object.values(Template.fromStack(s).findResources('AWS::KMS::Key'));
  expect(keys).toHaveLength(1);
  return Object.fromEntries((keys[0].Properties.KeyPolicy.Statement as any[]).map((st, i) => [st.Sid ?? `#${i}`, st]));
}

describe('BackupVault with default props', () => {
  test('creates a vault encrypted with a new rotating key, both retained', () => {
    // GIVEN
    const s = stack();

    // WHEN
    const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });

    // THEN
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // The tag the permissions boundary fences protected keys by (PermissionBoundary.PROTECTED_TAG).
    template.hasResourceProperties('AWS::KMS::Key', { Tags: [{ Key: 'landing-zone:protected', Value: 'backup-key' }] });
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(vault.node.findChild('Resource')).toBe(vault.vault);
    expect(vault.lock).toBeUndefined();
    expect(vaultResource(s).Properties.LockConfiguration).toBeUndefined();
    expect(vaultResource(s).Properties.BackupVaultName).toMatch(/^[a-zA-Z0-9\-_]{2,50}$/);
  });

  test('denies deleting recovery points, their lifecycle, the policy and the vault to "*" except the exempt ARNs', () => {
    const s = stack();
    new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS, BREAK_GLASS] });
    const statements = vaultResource(s).Properties.AccessPolicy.Statement;
    expect(statements).toEqual([
      {
        Sid: 'DenyDeletingRecoveryPointsAndVault',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: PROTECTED_ACTIONS,
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': [BREAK_GLASS] } },
      },
    ]);
    const text = JSON.stringify(statements);
    expect(text).not.toContain('NotPrincipal');
    expect(text).not.toMatch(/"Action":"\*"|"backup:\*"/);
  });

  test('without an exempt principal the Deny has no condition, and synthesis warns that it can never be lifted', () => {
    const s = stack();
    new BackupVault(s, 'Vault');
    expect(vaultResource(s).Properties.AccessPolicy.Statement[0].Condition).toBeUndefined();
    Annotations.fromStack(s).hasWarning('/S555555555555/Vault', Match.stringLikeRegexp('^BackupVault: no principal is exempt'));
  });

  test('with exempt principals, no warning about exemptions', () => {
    const s = stack();
    new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('no principal is exempt'))).toHaveLength(0);
  });

  test('takes a removal policy for the vault and its key', () => {
    const s = stack();
    new BackupVault(s, 'Vault', { removalPolicy: RemovalPolicy.DESTROY, exemptPrincipalArns: [BREAK_GLASS] });
    Template.fromStack(s).hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
    Template.fromStack(s).hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  test('uses a given customer managed key and creates none', () => {
    const s = stack();
    const key = new kms.Key(s, 'MyKey', { enableKeyRotation: true });
    const vault = new BackupVault(s, 'Vault', { encryptionKey: key, exemptPrincipalArns: [BREAK_GLASS] });
    Template.fromStack(s).resourceCountIs('AWS::KMS::Key', 1);
    Template.fromStack(s).hasResourceProperties('AWS::KMS::Key', { Tags: Match.absent() });
    expect(vault.encryptionKey).toBe(key);
    expect(vaultResource(s).Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [s.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] });
  });

  test('can be passed where aws-cdk-lib takes an IBackupVault', () => {
    const s = stack();
    const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
    new backup.BackupPlan(s, 'Plan', { backupVault: vault, backupPlanRules: [daily(Duration.days(35))] });
    const role = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    vault.grant(role, 'backup:DescribeBackupVault');
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultName'] } })] },
    });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'backup:DescribeBackupVault', Resource: { 'Fn::GetAtt': [Match.anyValue(), 'BackupVaultArn'] } })] },
    });
  });
});

describe('VaultLock', () => {
  test('governance mode renders min and max, and no grace period', () => {
    const s = stack();
    const vault = new BackupVault(s, 'Vault', { lock: governance(7, 365), exemptPrincipalArns: [BREAK_GLASS] });
    expect(vaultResource(s).Properties.LockConfiguration).toEqual({ MinRetentionDays: 7, MaxRetentionDays: 365 });
    expect(vault.lock?.mode).toBe(VaultLockMode.GOVERNANCE);
  });

  test('compliance mode renders the grace period', () => {
    const s = stack();
    new BackupVault(s, 'Vault', { lock: compliance(5), exemptPrincipalArns: [BREAK_GLASS] });
    expect(vaultResource(s).Properties.LockConfiguration).toEqual({ MinRetentionDays: 30, MaxRetentionDays: 400, ChangeableForDays: 5 });
  });

  test('a governance lock without maximum renders only the minimum', () => {
    const s = stack();
    new BackupVault(s, 'Vault', { lock: VaultLock.governance({ minRetention: Duration.days(1) }), exemptPrincipalArns: [BREAK_GLASS] });
    expect(vaultResource(s).Properties.LockConfiguration).toEqual({ MinRetentionDays: 1 });
  });

  const lockCase = (lock: VaultLock) => () => new BackupVault(stack(), 'Vault', { lock, exemptPrincipalArns: [BREAK_GLASS] });

  test.each([
    ['minRetention 0 days', VaultLock.governance({ minRetention: Duration.days(0) }), /lock\.minRetention: received "0 days"; expected 1 to 36500 days/],
    ['minRetention 36,501 days', VaultLock.governance({ minRetention: Duration.days(36_501) }), /lock\.minRetention: received "36501 days"/],
    ['maxRetention 36,501 days', VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(36_501) }), /lock\.maxRetention: received "36501 days"; expected 1 to 36500 days/],
    ['maxRetention equal to minRetention', VaultLock.governance({ minRetention: Duration.days(30), maxRetention: Duration.days(30) }), /lock\.maxRetention: received "30 days"; expected more than the minimum retention \(30 days\)/],
    ['maxRetention below minRetention', VaultLock.governance({ minRetention: Duration.days(30), maxRetention: Duration.days(10) }), /lock\.maxRetention/],
    ['minRetention of 36 hours', VaultLock.governance({ minRetention: Duration.hours(36) }), /lock\.minRetention: received "1 day 12 hours"; expected a whole number of days/],
    ['changeableFor 2 days', compliance(2), /lock\.changeableFor: received "2 days"; expected at least 3 days/],
    ['compliance without acknowledgement', compliance(3, 'omitted'), /lock\.acknowledgeIrreversible: received false; expected true, to confirm a compliance-mode lock\. Once changeableFor \(3 days\) has passed, nobody can shorten/],
    ['compliance acknowledged false', compliance(3, false), /^BackupVault \(S555555555555\/Vault\): invalid lock\.acknowledgeIrreversible/],
  ])('refuses %s', (_name, lock, message) => {
    expect(lockCase(lock)).toThrow(message);
  });

  test.each([
    ['minRetention 1 day', VaultLock.governance({ minRetention: Duration.days(1) })],
    ['maxRetention 36,500 days', VaultLock.governance({ minRetention: Duration.days(36_499), maxRetention: Duration.days(36_500) })],
    ['maxRetention one day above minRetention', VaultLock.governance({ minRetention: Duration.days(30), maxRetention: Duration.days(31) })],
    ['minRetention of 48 hours', VaultLock.governance({ minRetention: Duration.hours(48) })],
    ['changeableFor 3 days, acknowledged', compliance(3, true)],
  ])('accepts %s', (_name, lock) => {
    expect(lockCase(lock)).not.toThrow();
  });

  test('passes deploy-time retention and grace period through', () => {
    const s = stack();
    const days = (name: string) => Duration.days(parameter(s, name, 'Number').valueAsNumber);
    new BackupVault(s, 'Vault', {
      lock: VaultLock.compliance({ minRetention: days('Min'), maxRetention: days('Max'), changeableFor: days('Grace'), acknowledgeIrreversible: true }),
      exemptPrincipalArns: [BREAK_GLASS],
    });
    expect(vaultResource(s).Properties.LockConfiguration).toEqual({ MinRetentionDays: { Ref: 'Min' }, MaxRetentionDays: { Ref: 'Max' }, ChangeableForDays: { Ref: 'Grace' } });
  });

  test('refuses a deploy-time retention in a unit other than days', () => {
    const s = stack();
    const hours = Duration.hours(parameter(s, 'Hours', 'Number').valueAsNumber);
    expect(() => new BackupVault(s, 'Vault', { lock: VaultLock.governance({ minRetention: hours }) })).toThrow(/lock\.minRetention: .*expected Duration\.days/);
  });
});

describe('vault names', () => {
  const named = (backupVaultName: string, s = stack()) => () => new BackupVault(s, 'Vault', { backupVaultName, exemptPrincipalArns: [BREAK_GLASS] });

  test.each([['a'], ['has space'], ['dots.are.out'], ['x'.repeat(51)], ['wild*']])('refuses %p', (name) => {
    expect(named(name)).toThrow(/^BackupVault \(S555555555555\/Vault\): invalid backupVaultName: .*\^\[a-zA-Z0-9\\-_\]\{2,50\}\$/);
  });

  test.each([['ab'], ['workload-vault_1'], ['x'.repeat(50)]])('accepts %p', (name) => {
    const s = stack();
    named(name, s)();
    expect(vaultResource(s).Properties.BackupVaultName).toBe(name);
  });

  test('passes a deploy-time name through', () => {
    const s = stack();
    named(parameter(s, 'Name').valueAsString, s)();
    expect(vaultResource(s).Properties.BackupVaultName).toEqual({ Ref: 'Name' });
  });
});

describe('exempt principals', () => {
  const exempt = (arns: string[], s = stack()) => () => new BackupVault(s, 'Vault', { exemptPrincipalArns: arns });

  test.each([
    ['a wildcard name', `arn:aws:iam::${PRODUCTION}:role/break-*`],
    ['a wildcard account', 'arn:aws:iam::*:role/break-glass'],
    ['an assumed-role session', `arn:aws:sts::${PRODUCTION}:assumed-role/break-glass/me`],
    ['a bare account id', PRODUCTION],
  ])('refuses %s', (_name, arn) => {
    expect(exempt([arn])).toThrow(/^BackupVault \(S555555555555\/Vault\): invalid exemptPrincipalArns\[0\]/);
  });

  test('refuses a principal of another account, which cross-account rules make useless', () => {
    expect(exempt([`arn:aws:iam::${BACKUP_ACCOUNT}:role/break-glass`])).toThrow(/exemptPrincipalArns\[0\].*expected a role or user of the vault's account 555555555555/);
  });

  test('accepts roles with paths and users of the vault account', () => {
    expect(exempt([`arn:aws:iam::${PRODUCTION}:role/landing-zone/break-glass`, `arn:aws:iam::${PRODUCTION}:user/ops`])).not.toThrow();
  });

  test('passes deploy-time ARNs through', () => {
    const s = stack();
    exempt([parameter(s, 'Exempt').valueAsString], s)();
    expect(vaultResource(s).Properties.AccessPolicy.Statement[0].Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [{ Ref: 'Exempt' }] } });
  });
});

describe('CentralBackupVault', () => {
  test('allows only CopyIntoBackupVault, to the organization, besides the Deny', () => {
    // GIVEN
    const s = stack(BACKUP_ACCOUNT);

    // WHEN
    const central = new CentralBackupVault(s, 'Central', centralProps());

    // THEN
    const statements = vaultResource(s).Properties.AccessPolicy.Statement as any[];
    expect(statements.map((st) => st.Sid)).toEqual(['DenyDeletingRecoveryPointsAndVault', 'AllowCopyIntoVaultFromOrganization']);
    expect(statements.filter((st) => st.Effect === 'Allow')).toEqual([
      {
        Sid: 'AllowCopyIntoVaultFromOrganization',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'backup:CopyIntoBackupVault',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      },
    ]);
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Action: PROTECTED_ACTIONS, Principal: { AWS: '*' } });
    expect(vaultResource(s).Properties.LockConfiguration).toEqual({ MinRetentionDays: 30, MaxRetentionDays: 400, ChangeableForDays: 3 });
    expect(central.node.findChild('Resource')).toBe(central.vault);
  });

  test('lets principals of the organization use its key for copies in, and grants only for AWS resources', () => {
    const s = stack(BACKUP_ACCOUNT);
    new CentralBackupVault(s, 'Central', centralProps());
    const statements = keyStatements(s);
    expect(statements.AllowCopiesFromOrganization).toEqual({
      Sid: 'AllowCopiesFromOrganization',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: CROSS_ACCOUNT_KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:ViaService': { 'Fn::Join': ['', [`backup.${REGION}.`, { Ref: 'AWS::URLSuffix' }]] } } },
    });
    expect(statements.AllowCopyGrantsFromOrganization).toEqual({
      Sid: 'AllowCopyGrantsFromOrganization',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: GRANT_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG, 'kms:ViaService': { 'Fn::Join': ['', [`backup.${REGION}.`, { Ref: 'AWS::URLSuffix' }]] } }, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
    Template.fromStack(s).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Tags: [{ Key: 'landing-zone:protected', Value: 'backup-key' }] });
  });

  test('computes its ARN from its account, region and name, for stacks of other accounts', () => {
    const s = stack(BACKUP_ACCOUNT);
    const central = new CentralBackupVault(s, 'Central', centralProps({ backupVaultName: 'central' }));
    expect(s.resolve(central.destinationVaultArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:central`]],
    });
    expect(central.destinationAccount).toBe(BACKUP_ACCOUNT);
    expect(central.minRetention?.toDays()).toBe(30);
    expect(central.maxRetention?.toDays()).toBe(400);
  });

  test.each([['o-*'], ['*'], ['o-a1b2c3d4e5*'], ['o-A1B2C3D4E5'], ['o-short']])('refuses the organization id %p', (organizationId) => {
    expect(() => new CentralBackupVault(stack(BACKUP_ACCOUNT), 'Central', centralProps({ organizationId }))).toThrow(
      /^CentralBackupVault \(S444444444444\/Central\): invalid organizationId: .*no wildcards/,
    );
  });

  test('accepts a 32-character organization id', () => {
    expect(() => new CentralBackupVault(stack(BACKUP_ACCOUNT), 'Central', centralProps({ organizationId: `o-${'a1'.repeat(16)}` }))).not.toThrow();
  });

  test('passes a deploy-time organization id through to the vault and key policies', () => {
    const s = stack(BACKUP_ACCOUNT);
    new CentralBackupVault(s, 'Central', centralProps({ organizationId: parameter(s, 'Org').valueAsString }));
    expect(vaultResource(s).Properties.AccessPolicy.Statement[1].Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': { Ref: 'Org' } } });
    expect(keyStatements(s).AllowCopiesFromOrganization.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': { Ref: 'Org' }, 'kms:ViaService': { 'Fn::Join': ['', [`backup.${REGION}.`, { Ref: 'AWS::URLSuffix' }]] } } });
  });

  test('without named sources, admits the whole organization and warns', () => {
    const s = stack(BACKUP_ACCOUNT);
    new CentralBackupVault(s, 'Central', centralProps());
    Annotations.fromStack(s).hasWarning('/S444444444444/Central', Match.stringLikeRegexp('every account of o-a1b2c3d4e5 may copy into this locked vault'));
  });

  test('copy sources narrow the access policy and the key to the named accounts and organization paths, each its own statement', () => {
    const s = stack(BACKUP_ACCOUNT);
    new CentralBackupVault(s, 'Central', centralProps({ copySourceAccounts: [PRODUCTION], copySourceOrganizationPaths: [`${ORG}/r-ab12/ou-ab12-prod0001/`] }));
    const policy = vaultResource(s).Properties.AccessPolicy.Statement;
    expect(policy.map((st: any) => st.Sid)).toEqual(['DenyDeletingRecoveryPointsAndVault', 'AllowCopyIntoVaultFromAccounts', 'AllowCopyIntoVaultFromOrganizationPaths']);
    expect(policy[1].Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': [PRODUCTION], 'aws:PrincipalOrgID': ORG } });
    expect(policy[2].Condition).toEqual({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-prod0001/*`] }, 'StringEquals': { 'aws:PrincipalOrgID': ORG } });
    const keys = keyStatements(s);
    expect(Object.keys(keys)).toEqual(
      expect.arrayContaining(['AllowCopiesFromAccounts', 'AllowCopyGrantsFromAccounts', 'AllowCopiesFromOrganizationPaths', 'AllowCopyGrantsFromOrganizationPaths']),
    );
    expect(keys).not.toHaveProperty('AllowCopiesFromOrganization');
    expect(keys.AllowCopiesFromAccounts.Condition.StringEquals['aws:PrincipalAccount']).toEqual([PRODUCTION]);
    Annotations.fromStack(s).hasNoWarning('/S444444444444/Central', Match.anyValue());
  });

  test.each([
    ['an empty account list', { copySourceAccounts: [] }, /invalid copySourceAccounts: received \[\]; expected at least one account/],
    ['a wildcard account', { copySourceAccounts: ['55555555555*'] }, /invalid copySourceAccounts\[0\]: received "55555555555\*"; expected a 12-digit AWS account id/],
    ['a path of another organization', { copySourceOrganizationPaths: ['o-z9y8x7w6v5/r-ab12/'] }, /invalid copySourceOrganizationPaths: received "o-z9y8x7w6v5\/r-ab12\/"; expected an organization path of this organization/],
    ['a path that is not one', { copySourceOrganizationPaths: ['ou-ab12-prod0001'] }, /invalid copySourceOrganizationPaths: received "ou-ab12-prod0001"/],
  ])('refuses %s, naming the vault', (_what, props, message) => {
    expect(() => new CentralBackupVault(stack(BACKUP_ACCOUNT), 'Central', centralProps(props))).toThrow(message);
    expect(() => new CentralBackupVault(stack(BACKUP_ACCOUNT), 'Central', centralProps(props))).toThrow(/^CentralBackupVault \(S444444444444\/Central\)/);
  });

  test('passes deploy-time source lists through', () => {
    const s = stack(BACKUP_ACCOUNT);
    new CentralBackupVault(s, 'Central', centralProps({ copySourceAccounts: parameter(s, 'Accounts', 'CommaDelimitedList').valueAsList }));
    expect(vaultResource(s).Properties.AccessPolicy.Statement[1].Condition.StringEquals['aws:PrincipalAccount']).toEqual({ Ref: 'Accounts' });
  });

  test('refuses to be created without a lock; accepts a governance lock', () => {
    expect(() => new CentralBackupVault(stack(BACKUP_ACCOUNT), 'Central', { organizationId: ORG } as CentralBackupVaultProps)).toThrow(
      /^CentralBackupVault \(S444444444444\/Central\): invalid lock: received nothing \(undefined\)/,
    );
    expect(() => new CentralBackupVault(stack(BACKUP_ACCOUNT), 'Central', centralProps({ lock: governance() }))).not.toThrow();
  });

  test('refuses an AWS managed key; accepts a customer managed one', () => {
    const s = stack(BACKUP_ACCOUNT);
    const awsManaged = kms.Alias.fromAliasName(s, 'AwsBackup', 'alias/aws/backup');
    expect(() => new CentralBackupVault(s, 'Central', centralProps({ encryptionKey: awsManaged }))).toThrow(/^CentralBackupVault \(S444444444444\/Central\): invalid encryptionKey/);
    const own = new kms.Key(s, 'Own', { enableKeyRotation: true });
    expect(() => new CentralBackupVault(s, 'Central2', centralProps({ encryptionKey: own }))).not.toThrow();
  });

  test('warns that an imported key policy must be changed by hand', () => {
    const s = stack(BACKUP_ACCOUNT);
    const imported = kms.Key.fromKeyArn(s, 'Imported', `arn:aws:kms:${REGION}:${BACKUP_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
    new CentralBackupVault(s, 'Central', centralProps({ encryptionKey: imported }));
    Annotations.fromStack(s).hasWarning('/S444444444444/Central', Match.stringLikeRegexp('^CentralBackupVault: the encryption key is imported.*kms:GrantIsForAWSResource'));
  });

  test('creates a logically air-gapped vault that accepts copies from the organization', () => {
    const s = stack(BACKUP_ACCOUNT);
    const central = new CentralBackupVault(s, 'Central', centralProps({ airGappedVault: { minRetention: Duration.days(7), maxRetention: Duration.days(400) } }));
    const template = Template.fromStack(s);
    template.hasResource('AWS::Backup::LogicallyAirGappedBackupVault', {
      Properties: { MinRetentionDays: 7, MaxRetentionDays: 400, BackupVaultName: Match.stringLikeRegexp('^[a-zA-Z0-9]{2,50}$') },
      DeletionPolicy: 'Retain',
    });
    const policy = Object.values(template.findResources('AWS::Backup::LogicallyAirGappedBackupVault'))[0].Properties.AccessPolicy;
    expect(policy.Statement.map((st: any) => [st.Sid, st.Effect])).toEqual([
      ['DenyDeletingRecoveryPointsAndVault', 'Deny'],
      ['AllowCopyIntoVaultFromOrganization', 'Allow'],
    ]);
    expect(policy.Statement[1].Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': ORG } });
    expect(central.airGappedVault).toBeInstanceOf(AirGappedBackupVault);
    expect(central.airGappedVault?.minRetention?.toDays()).toBe(7);
  });
});

describe('AirGappedBackupVault', () => {
  const airGapped = (min: Duration, max: Duration, s = stack(BACKUP_ACCOUNT)) => () =>
    new AirGappedBackupVault(s, 'AirGapped', { organizationId: ORG, minRetention: min, maxRetention: max, exemptPrincipalArns: [`arn:aws:iam::${BACKUP_ACCOUNT}:role/x`] });

  test('refuses a minimum retention under 7 days; accepts 7', () => {
    expect(airGapped(Duration.days(6), Duration.days(30))).toThrow(/^AirGappedBackupVault \(S444444444444\/AirGapped\): invalid retention\.minRetention: received "6 days"; expected 7 to 36500 days/);
    expect(airGapped(Duration.days(7), Duration.days(30))).not.toThrow();
  });

  test('refuses a maximum not above the minimum or above 36,500 days; accepts 36,500', () => {
    expect(airGapped(Duration.days(30), Duration.days(30))).toThrow(/retention\.maxRetention: received "30 days"; expected more than the minimum/);
    expect(airGapped(Duration.days(30), Duration.days(36_501))).toThrow(/retention\.maxRetention: received "36501 days"/);
    expect(airGapped(Duration.days(30), Duration.days(36_500))).not.toThrow();
  });

  test('passes deploy-time retentions through', () => {
    const s = stack(BACKUP_ACCOUNT);
    airGapped(Duration.days(parameter(s, 'Min', 'Number').valueAsNumber), Duration.days(parameter(s, 'Max', 'Number').valueAsNumber), s)();
    Template.fromStack(s).hasResourceProperties('AWS::Backup::LogicallyAirGappedBackupVault', { MinRetentionDays: { Ref: 'Min' }, MaxRetentionDays: { Ref: 'Max' } });
  });

  test('refuses a wildcard organization id and a bad name', () => {
    expect(() => new AirGappedBackupVault(stack(BACKUP_ACCOUNT), 'A', { organizationId: 'o-*', minRetention: Duration.days(7), maxRetention: Duration.days(8) })).toThrow(
      /^AirGappedBackupVault .*invalid organizationId/,
    );
    expect(
      () => new AirGappedBackupVault(stack(BACKUP_ACCOUNT), 'A', { organizationId: ORG, backupVaultName: 'no spaces', minRetention: Duration.days(7), maxRetention: Duration.days(8) }),
    ).toThrow(/^AirGappedBackupVault .*invalid backupVaultName/);
  });
});

describe('the key a vault creates', () => {
  test('denies destroying, disabling, re-policing, weakening, un-granting and retagging it to everyone but the exempt principals', () => {
    const s = stack(PRODUCTION, new App(), 'S');
    new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
    const key = Object.values<any>(Template.fromStack(s).findResources('AWS::KMS::Key'))[0];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'DenyDestroyingTheKey',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [
        'kms:DeleteImportedKeyMaterial',
        'kms:DisableKey',
        'kms:DisableKeyRotation',
        'kms:ImportKeyMaterial',
        'kms:PutKeyPolicy',
        'kms:ReplicateKey',
        'kms:RevokeGrant',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
      ],
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [BREAK_GLASS] } },
    });
    // Whoever deploys it must be exempt: KMS keeps its lockout safety check.
    expect(key.Properties.BypassPolicyLockoutSafetyCheck).toBeUndefined();
  });

  test('with no exempt principal, denies them to everyone and skips the lockout safety check, with a warning', () => {
    const s = stack(PRODUCTION, new App(), 'S');
    new BackupVault(s, 'Vault');
    const key = Object.values<any>(Template.fromStack(s).findResources('AWS::KMS::Key'))[0];
    const deny = key.Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'DenyDestroyingTheKey');
    expect(deny.Condition).toBeUndefined();
    expect(key.Properties.BypassPolicyLockoutSafetyCheck).toBe(true);
    Annotations.fromStack(s).hasWarning('/S/Vault', Match.stringLikeRegexp('nor change the policy of, disable or delete the key the vault creates'));
  });

  test('a key passed in is left as it is', () => {
    const s = stack(PRODUCTION, new App(), 'S');
    const key = new kms.Key(s, 'Own');
    new BackupVault(s, 'Vault', { encryptionKey: key, exemptPrincipalArns: [BREAK_GLASS] });
    expect(JSON.stringify(Template.fromStack(s).toJSON())).not.toContain('DenyDestroyingTheKey');
  });
});

describe('BackupVault.addPlan', () => {
  function workload(props: BackupVaultProps = {}, app = new App()) {
    const backupStack = stack(BACKUP_ACCOUNT, app, 'Backup');
    const central = new CentralBackupVault(backupStack, 'Central', centralProps({ backupVaultName: 'central' }));
    const s = stack(PRODUCTION, app, 'Production');
    const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS], ...props });
    return { s, vault, central };
  }
  const plan = (vault: BackupVault, options: Partial<BackupVaultPlanOptions> = {}) =>
    vault.addPlan('Daily', { rules: [daily(Duration.days(35))], selectionTags: { backup: 'daily' }, ...options });

  test('stores into the vault, selects by tag and copies every recovery point into the central vault by ARN', () => {
    // GIVEN
    const { s, vault, central } = workload();

    // WHEN
    plan(vault, { copyTo: central, rules: [daily(Duration.days(35), { moveToColdStorageAfter: undefined }), daily(Duration.days(60), { ruleName: 'Weekly' })] });

    // THEN
    const template = Template.fromStack(s);
    const centralArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:central`]] };
    const target = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultName'] };
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', TargetBackupVault: target, Lifecycle: { DeleteAfterDays: 35 }, CopyActions: [{ DestinationBackupVaultArn: centralArn, Lifecycle: { DeleteAfterDays: 35 } }] }),
          Match.objectLike({ RuleName: 'Weekly', TargetBackupVault: target, Lifecycle: { DeleteAfterDays: 60 }, CopyActions: [{ DestinationBackupVaultArn: centralArn, Lifecycle: { DeleteAfterDays: 60 } }] }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { ListOfTags: [{ ConditionKey: 'backup', ConditionType: 'STRINGEQUALS', ConditionValue: 'daily' }] },
    });
  });

  test('lets the backup account use the vault key as cross-account copy needs, once per account', () => {
    const { s, vault, central } = workload();
    plan(vault, { copyTo: central });
    vault.addPlan('Weekly', { rules: [daily(Duration.days(90))], selectionTags: { backup: 'weekly' }, copyTo: central });
    const statements = keyStatements(s);
    const root = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${BACKUP_ACCOUNT}:root`]] };
    expect(Object.keys(statements)).toEqual(['#0', 'DenyDestroyingTheKey', `AllowCrossAccountCopyTo${BACKUP_ACCOUNT}`, `AllowCrossAccountCopyGrantsTo${BACKUP_ACCOUNT}`]);
    expect(statements[`AllowCrossAccountCopyTo${BACKUP_ACCOUNT}`]).toEqual({
      Sid: `AllowCrossAccountCopyTo${BACKUP_ACCOUNT}`,
      Effect: 'Allow',
      Principal: { AWS: root },
      Action: CROSS_ACCOUNT_KEY_ACTIONS,
      Resource: '*',
    });
    expect(statements[`AllowCrossAccountCopyGrantsTo${BACKUP_ACCOUNT}`]).toEqual({
      Sid: `AllowCrossAccountCopyGrantsTo${BACKUP_ACCOUNT}`,
      Effect: 'Allow',
      Principal: { AWS: root },
      Action: GRANT_ACTIONS,
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  });

  test('without copyTo, copies nothing and shares the key with nobody', () => {
    const { s, vault } = workload();
    plan(vault);
    expect(Object.keys(keyStatements(s))).toEqual(['#0', 'DenyDestroyingTheKey']);
    const rule = Template.fromStack(s).findResources('AWS::Backup::BackupPlan');
    expect(Object.values(rule)[0].Properties.BackupPlan.BackupPlanRule[0].CopyActions).toBeUndefined();
  });

  test('copies to a vault of the same account without touching the key policy', () => {
    const s = stack();
    const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
    plan(vault, { copyTo: BackupCopyDestination.fromVaultArn(`arn:aws:backup:${REGION}:${PRODUCTION}:backup-vault:other`) });
    expect(Object.keys(keyStatements(s))).toEqual(['#0', 'DenyDestroyingTheKey']);
  });

  test('copies to a destination given by ARN, with its own retention for copies', () => {
    const s = stack();
    const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
    const arn = `arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:central`;
    const copyTo = BackupCopyDestination.fromVaultArn(arn);
    plan(vault, { copyTo, copyDeleteAfter: Duration.days(400), copyMoveToColdStorageAfter: Duration.days(30) });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            CopyActions: [{ DestinationBackupVaultArn: arn, Lifecycle: { DeleteAfterDays: 400, MoveToColdStorageAfterDays: 30 } }],
          }),
        ],
      },
    });
    expect(keyStatements(s)[`AllowCrossAccountCopyTo${BACKUP_ACCOUNT}`]).toBeDefined();
  });

  test('keeps the copy actions of a rule and adds the central copy', () => {
    const { s, vault, central } = workload();
    const other = backup.BackupVault.fromBackupVaultArn(s, 'Other', `arn:aws:backup:eu-central-1:${PRODUCTION}:backup-vault:dr`);
    const copyActions = [{ destinationBackupVault: other, deleteAfter: Duration.days(35) }];
    plan(vault, { copyTo: central, rules: [daily(Duration.days(35), { copyActions })] });
    const rule = Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule[0];
    expect(rule.CopyActions).toHaveLength(2);
    expect(rule.CopyActions[0].DestinationBackupVaultArn).toBe(`arn:aws:backup:eu-central-1:${PRODUCTION}:backup-vault:dr`);
  });

  describe('retention in a locked vault', () => {
    const locked = () => workload({ lock: governance(7, 365) }).vault;

    test.each([
      ['below the minimum', Duration.days(6), /rules\[0\]\.deleteAfter: received "6 days"; expected a retention of 7 to 365 days, the range of this vault's lock/],
      ['above the maximum', Duration.days(366), /rules\[0\]\.deleteAfter: received "366 days"/],
      ['never expiring', undefined, /rules\[0\]\.deleteAfter: received "no expiry \(recovery points kept forever\)".*never expire/],
    ])('refuses a rule %s', (_name, deleteAfter, message) => {
      expect(() => plan(locked(), { rules: [daily(deleteAfter)] })).toThrow(message);
    });

    test.each([['the minimum', 7], ['the maximum', 365]])('accepts a rule at %s', (_name, days) => {
      expect(() => plan(locked(), { rules: [daily(Duration.days(days))] })).not.toThrow();
    });

    test('a vault without lock accepts a rule that never expires', () => {
      expect(() => plan(workload().vault, { rules: [daily(undefined)] })).not.toThrow();
    });

    test('passes a deploy-time retention through', () => {
      const vault = locked();
      const days = parameter(Stack.of(vault), 'Retention', 'Number').valueAsNumber;
      expect(() => plan(vault, { rules: [daily(Duration.days(days))] })).not.toThrow();
    });

    test('refuses a rule storing into another vault', () => {
      const vault = locked();
      const other = backup.BackupVault.fromBackupVaultName(vault, 'Other', 'elsewhere');
      expect(() => plan(vault, { rules: [daily(Duration.days(30), { backupVault: other })] })).toThrow(/rules\[0\]\.backupVault: .*expected no backupVault/);
      expect(() => plan(vault, { rules: [daily(Duration.days(30), { backupVault: vault })] })).not.toThrow();
    });
  });

  describe('retention of copies in the central vault (lock 30 to 400 days)', () => {
    test.each([
      ['copies kept 29 days', { copyDeleteAfter: Duration.days(29) }, /copyDeleteAfter: received "29 days"; expected a retention of 30 to 400 days, the range of the copy destination's lock/],
      ['rules kept 10 days, copied as they are', { rules: [daily(Duration.days(10))] }, /rules\[0\]\.deleteAfter \(applied to the copy\): received "10 days"/],
      ['copies that never expire', { rules: [daily(undefined)] }, /rules\[0\]\.deleteAfter \(applied to the copy\): received "no expiry/],
    ])('refuses %s', (_name, options, message) => {
      const { vault, central } = workload();
      expect(() => plan(vault, { copyTo: central, ...options })).toThrow(message);
    });

    test('accepts short local retention with copies kept within the central range', () => {
      const { vault, central } = workload();
      expect(() => plan(vault, { copyTo: central, rules: [daily(Duration.days(10))], copyDeleteAfter: Duration.days(30) })).not.toThrow();
    });

    test('checks a destination given by ARN against the range given with it', () => {
      const s = stack();
      const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
      const copyTo = BackupCopyDestination.fromVaultArn(`arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:central`, { minRetention: Duration.days(90) });
      expect(() => plan(vault, { copyTo })).toThrow(/expected a retention of 90 days or more/);
      expect(() => vault.addPlan('Long', { rules: [daily(Duration.days(90))], selectionTags: { b: 'x' }, copyTo })).not.toThrow();
    });

    test('passes a deploy-time copy retention through', () => {
      const { vault, central } = workload();
      const days = parameter(Stack.of(vault), 'CopyRetention', 'Number').valueAsNumber;
      expect(() => plan(vault, { copyTo: central, copyDeleteAfter: Duration.days(days) })).not.toThrow();
    });
  });

  describe('cross-account copy and the AWS managed key', () => {
    const withKey = (key: (s: Stack) => kms.IKey) => {
      const app = new App();
      const central = new CentralBackupVault(stack(BACKUP_ACCOUNT, app, 'Backup'), 'Central', centralProps());
      const s = stack(PRODUCTION, app, 'Production');
      const vault = new BackupVault(s, 'Vault', { encryptionKey: key(s), exemptPrincipalArns: [BREAK_GLASS] });
      return { s, vault, central };
    };

    test.each([
      ['an alias/aws/backup alias', (s: Stack) => kms.Alias.fromAliasName(s, 'K', 'alias/aws/backup')],
      ['a key imported by its alias ARN', (s: Stack) => kms.Key.fromKeyArn(s, 'K', `arn:aws:kms:${REGION}:${PRODUCTION}:alias/aws/backup`)],
    ])('refuses %s', (_name, key) => {
      const { vault, central } = withKey(key);
      expect(() => plan(vault, { copyTo: central })).toThrow(
        /^BackupVault \(Production\/Vault\): invalid encryptionKey: received "an AWS managed key \(alias\/aws\/...\)"; expected a customer managed key for a vault that copies to another account/,
      );
    });

    test('accepts the AWS managed key for a copy within the account', () => {
      const { vault } = withKey((s) => kms.Alias.fromAliasName(s, 'K', 'alias/aws/backup'));
      expect(() => plan(vault, { copyTo: BackupCopyDestination.fromVaultArn(`arn:aws:backup:${REGION}:${PRODUCTION}:backup-vault:other`) })).not.toThrow();
    });

    test('accepts an imported customer managed key and warns that its policy must be extended by hand', () => {
      const { s, vault, central } = withKey((st) => kms.Key.fromKeyArn(st, 'K', `arn:aws:kms:${REGION}:${PRODUCTION}:key/11111111-2222-3333-4444-555555555555`));
      expect(() => plan(vault, { copyTo: central })).not.toThrow();
      Annotations.fromStack(s).hasWarning('/Production/Vault', Match.stringLikeRegexp(`^BackupVault: the encryption key is imported.*account ${BACKUP_ACCOUNT} kms:Decrypt`));
    });

    test('passes a deploy-time key ARN through (it cannot be told apart), with the warning', () => {
      const { s, vault, central } = withKey((st) => kms.Key.fromKeyArn(st, 'K', parameter(st, 'KeyArn').valueAsString));
      expect(() => plan(vault, { copyTo: central })).not.toThrow();
      Annotations.fromStack(s).hasWarning('/Production/Vault', Match.stringLikeRegexp('the encryption key is imported'));
    });
  });

  test('refuses a central vault whose stack has no explicit account; accepts one given by ARN instead', () => {
    const app = new App();
    const agnostic = new Stack(app, 'Agnostic');
    const central = new CentralBackupVault(agnostic, 'Central', centralProps({ exemptPrincipalArns: undefined }));
    const vault = new BackupVault(stack(PRODUCTION, app, 'Production'), 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
    expect(() => plan(vault, { copyTo: central })).toThrow(/^BackupVault \(Production\/Vault\): invalid copyTo: .*env: \{ account, region \}/);
    expect(() => plan(vault, { copyTo: BackupCopyDestination.fromVaultArn(`arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:central`) })).not.toThrow();
  });

  test('refuses a plan without rules or without selection tags', () => {
    const { vault } = workload();
    expect(() => vault.addPlan('P', { rules: [], selectionTags: { a: 'b' } })).toThrow(/invalid rules: received \[\]; expected at least one/);
    expect(() => vault.addPlan('P', { rules: [daily(Duration.days(35))], selectionTags: {} })).toThrow(/invalid selectionTags: received \{\}/);
    expect(() => vault.addPlan('P', { rules: [daily(Duration.days(35))], selectionTags: { ' ': 'x' } })).toThrow(/invalid selectionTags/);
  });
});

describe('BackupCopyDestination.fromVaultArn', () => {
  test.each([
    ['a key ARN', `arn:aws:kms:${REGION}:${BACKUP_ACCOUNT}:key/abc`],
    ['a wildcard account', `arn:aws:backup:${REGION}:*:backup-vault:central`],
    ['a wildcard name', `arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:*`],
    ['a name', 'central'],
  ])('refuses %s', (_name, arn) => {
    expect(() => BackupCopyDestination.fromVaultArn(arn).destinationVaultArn).toThrow(/^BackupCopyDestination: invalid vaultArn/);
  });

  test('accepts a vault ARN of any partition and reads its account', () => {
    expect(BackupCopyDestination.fromVaultArn(`arn:aws-us-gov:backup:us-gov-west-1:${BACKUP_ACCOUNT}:backup-vault:central`).destinationAccount).toBe(BACKUP_ACCOUNT);
  });

  test('passes a deploy-time ARN through and reads the account at deployment', () => {
    const s = stack();
    const destination = BackupCopyDestination.fromVaultArn(parameter(s, 'Arn').valueAsString);
    expect(Token.isUnresolved(destination.destinationAccount)).toBe(true);
    expect(s.resolve(destination.destinationAccount)).toEqual({ 'Fn::Select': [4, { 'Fn::Split': [':', { Ref: 'Arn' }] }] });
  });
});

describe('restore testing', () => {
  const cron = events.Schedule.cron({ weekDay: 'MON', hour: '5', minute: '0' });
  const ebs = (n: number) => `arn:aws:ec2:${REGION}:${PRODUCTION}:volume/vol-${String(n).padStart(17, '0')}`;
  const testing = (selections: RestoreTestingSelection[], extra: object = {}, s = stack()) => {
    const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [BREAK_GLASS] });
    return vault.addRestoreTesting('RestoreTesting', { schedule: cron, selections, ...extra });
  };

  test('creates a plan on the vault and one selection per selection given', () => {
    // GIVEN
    const s = stack();

    // WHEN
    const rt = testing(
      [
        RestoreTestingSelection.fromArns(RestoreTestingResourceType.EBS, [ebs(1), ebs(2)], { validationWindow: Duration.hours(4) }),
        RestoreTestingSelection.fromTags(RestoreTestingResourceType.DYNAMO_DB, { backup: 'daily' }),
        RestoreTestingSelection.allOfType(RestoreTestingResourceType.S3, { selectionName: 'all_buckets' }),
      ],
      { selectionWindow: Duration.days(14), startWindow: Duration.hours(2), restoreTestingPlanName: 'weekly_restore' },
      s,
    );

    // THEN
    expect(rt).toBeInstanceOf(BackupRestoreTesting);
    const template = Template.fromStack(s);
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'weekly_restore',
      ScheduleExpression: 'cron(0 5 ? * MON *)',
      StartWindowHours: 2,
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault'), 'BackupVaultArn'] }],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 14,
      },
    });
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 3);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'EBS', ProtectedResourceArns: [ebs(1), ebs(2)], ValidationWindowHours: 4 });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'DynamoDB',
      ProtectedResourceArns: ['*'],
      ProtectedResourceConditions: { StringEquals: [{ Key: 'backup', Value: 'daily' }] },
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'S3', ProtectedResourceArns: ['*'], RestoreTestingSelectionName: 'all_buckets' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] }],
    });
    const names = Object.values(template.findResources('AWS::Backup::RestoreTestingSelection')).map((r) => r.Properties.RestoreTestingSelectionName);
    names.forEach((n) => expect(n).toMatch(/^[a-zA-Z0-9_]{1,50}$/));
  });

  test('refuses 31 ARNs in a selection; accepts 30', () => {
    const arns = Array.from({ length: 31 }, (_, i) => ebs(i));
    expect(() => testing([RestoreTestingSelection.fromArns(RestoreTestingResourceType.EBS, arns)])).toThrow(
      /^BackupRestoreTesting \(S555555555555\/Vault\/RestoreTesting\): invalid selections\[0\]\.protectedResourceArns: received "31 ARNs"; expected 1 to 30 ARNs/,
    );
    expect(() => testing([RestoreTestingSelection.fromArns(RestoreTestingResourceType.EBS, arns.slice(0, 30))])).not.toThrow();
  });

  test('passes a deploy-time list of ARNs through', () => {
    const s = stack();
    const list = new CfnParameter(s, 'Arns', { type: 'CommaDelimitedList' }).valueAsList;
    expect(() => testing([RestoreTestingSelection.fromArns(RestoreTestingResourceType.EBS, list)], {}, s)).not.toThrow();
    Template.fromStack(s).hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceArns: { Ref: 'Arns' } });
  });

  test.each([
    ['a wildcard among ARNs', [ebs(1), '*']],
    ['a duplicate ARN', [ebs(1), ebs(1)]],
    ['no ARN', []],
  ])('refuses %s', (_name, arns) => {
    expect(() => testing([RestoreTestingSelection.fromArns(RestoreTestingResourceType.EBS, arns)])).toThrow(/invalid selections\[0\]\.protectedResourceArns/);
  });

  test.each([
    ['a plan name with a hyphen', { restoreTestingPlanName: 'weekly-restore' }, /restoreTestingPlanName: received "weekly-restore"/],
    ['a rate schedule', { schedule: events.Schedule.rate(Duration.days(7)) }, /schedule: received "rate\(7 days\)"; expected a cron schedule/],
    ['a selection window of 366 days', { selectionWindow: Duration.days(366) }, /selectionWindow: received "366 days"; expected 1 to 365 days/],
    ['a start window of 169 hours', { startWindow: Duration.hours(169) }, /startWindow: received "169 hours"; expected 1 to 168 hours/],
    ['no selection', { selections: [] }, /selections: received \[\]; expected at least one/],
  ])('refuses %s', (_name, extra, message) => {
    expect(() => testing([RestoreTestingSelection.allOfType(RestoreTestingResourceType.EBS)], extra)).toThrow(message);
  });

  test('refuses a validation window over 168 hours and an empty tag set; accepts 168 hours', () => {
    const over = RestoreTestingSelection.allOfType(RestoreTestingResourceType.RDS, { validationWindow: Duration.hours(169) });
    expect(() => testing([over])).toThrow(/selections\[0\]\.validationWindow: received "169 hours"; expected 0 to 168 hours/);
    expect(() => testing([RestoreTestingSelection.fromTags(RestoreTestingResourceType.RDS, {})])).toThrow(/selections\[0\]\.tags/);
    const week = RestoreTestingSelection.allOfType(RestoreTestingResourceType.RDS, { validationWindow: Duration.hours(168) });
    expect(() => testing([week])).not.toThrow();
  });

  test('passes deploy-time names, windows and validation windows through', () => {
    const s = stack();
    const hours = (name: string) => Duration.hours(parameter(s, name, 'Number').valueAsNumber);
    testing(
      [RestoreTestingSelection.allOfType(RestoreTestingResourceType.EFS, { selectionName: parameter(s, 'SelectionName').valueAsString, validationWindow: hours('Validation') })],
      { restoreTestingPlanName: parameter(s, 'PlanName').valueAsString, startWindow: hours('Start'), selectionWindow: Duration.days(parameter(s, 'Days', 'Number').valueAsNumber) },
      s,
    );
    const template = Template.fromStack(s);
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: { Ref: 'PlanName' },
      StartWindowHours: { Ref: 'Start' },
      RecoveryPointSelection: Match.objectLike({ SelectionWindowDays: { Ref: 'Days' } }),
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { RestoreTestingSelectionName: { Ref: 'SelectionName' }, ValidationWindowHours: { Ref: 'Validation' } });
  });

  test('the central vault tests restores of the copies it holds', () => {
    const s = stack(BACKUP_ACCOUNT);
    const central = new CentralBackupVault(s, 'Central', centralProps());
    central.addRestoreTesting('RestoreTesting', { schedule: cron, selections: [RestoreTestingSelection.allOfType(RestoreTestingResourceType.EBS)] });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RecoveryPointSelection: Match.objectLike({ IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Central'), 'BackupVaultArn'] }] }),
    });
  });
});
