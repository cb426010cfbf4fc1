import { App, CfnParameter, Duration, Stack, aws_backup as backup, aws_events as events, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AirGappedBackupVault, AirGappedBackupVaultProps, BackupVault, CentralBackupVault, VaultLock } from '../src/backup-vault';
import { literal } from './support/literal';

const ORG = 'o-a1b2c3d4e5';
const BACKUP_ACCOUNT = '444444444444';
const PRODUCTION = '555555555555';
const RECOVERY = '777777777777';
const REGION = 'eu-west-1';
const CENTRAL_BREAK_GLASS = `arn:aws:iam::${BACKUP_ACCOUNT}:role/break-glass`;
const PRODUCTION_OU_PATH = `${ORG}/r-ab12/ou-ab12-prod0001/`;
const TEAM = `arn:aws:mpa:${REGION}:${BACKUP_ACCOUNT}:approval-team/a1b2c3d4e5f6`;

function stack(account = BACKUP_ACCOUNT, app = new App(), id = `S${account}`): Stack {
  return new Stack(app, id, { env: { account, region: REGION } });
}

function airGapped(s: Stack, props: Partial<AirGappedBackupVaultProps> = {}): AirGappedBackupVault {
  return new AirGappedBackupVault(s, 'AirGapped', {
    backupVaultName: 'air-gapped',
    organizationId: ORG,
    minRetention: Duration.days(7),
    maxRetention: Duration.days(400),
    exemptPrincipalArns: [CENTRAL_BREAK_GLASS],
    copySourceAccounts: [PRODUCTION],
    ...props,
  });
}

const vaultProps = (s: Stack) => Object.values<any>(Template.fromStack(s).findResources('AWS::Backup::LogicallyAirGappedBackupVault'))[0].Properties;

describe('AirGappedBackupVault encryption', () => {
  test('by default uses an AWS owned key: no EncryptionKeyArn, no KMS key created', () => {
    const s = stack();
    const vault = airGapped(s);
    expect(vaultProps(s).EncryptionKeyArn).toBeUndefined();
    Template.fromStack(s).resourceCountIs('AWS::KMS::Key', 0);
    expect(vault.encryptionKey).toBeUndefined();
  });

  test('createEncryptionKey creates a rotating, retained, tagged key that denies its destruction to all but the exempt principals', () => {
    const s = stack();
    airGapped(s, { createEncryptionKey: true });
    const template = Template.fromStack(s);
    const keys = template.findResources('AWS::KMS::Key');
    const [keyId, key] = Object.entries<any>(keys)[0];
    expect(Object.keys(keys)).toHaveLength(1);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.Tags).toEqual([{ Key: 'landing-zone:protected', Value: 'backup-key' }]);
    const deny = key.Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'DenyDestroyingTheKey');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { ArnNotEquals: { 'aws:PrincipalArn': [CENTRAL_BREAK_GLASS] } } });
    expect(deny.Action).toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']));
    expect(vaultProps(s).EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  test('a created key lets the named copy sources use it through AWS Backup only', () => {
    const s = stack();
    airGapped(s, { createEncryptionKey: true });
    const key = Object.values<any>(Template.fromStack(s).findResources('AWS::KMS::Key'))[0];
    const allow = key.Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'AllowCopiesFromAccounts');
    expect(literal(allow.Condition, BACKUP_ACCOUNT, REGION)).toEqual({
      StringEquals: { 'aws:PrincipalAccount': [PRODUCTION], 'aws:PrincipalOrgID': ORG, 'kms:ViaService': `backup.${REGION}.amazonaws.com` },
    });
  });

  test('a given customer managed key is used as it is', () => {
    const s = stack();
    const key = kms.Key.fromKeyArn(s, 'Imported', `arn:aws:kms:${REGION}:${BACKUP_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
    airGapped(s, { encryptionKey: key });
    expect(vaultProps(s).EncryptionKeyArn).toBe(`arn:aws:kms:${REGION}:${BACKUP_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
    Annotations.fromStack(s).hasWarning('/S444444444444/AirGapped', Match.stringLikeRegexp('^AirGappedBackupVault: the encryption key is imported'));
  });

  test('refuses an AWS managed key, and a key given and created at once', () => {
    const managed = (s: Stack) => kms.Alias.fromAliasName(s, 'Managed', 'alias/aws/backup');
    expect(() => {
      const s = stack();
      airGapped(s, { encryptionKey: managed(s) });
    }).toThrow(/^AirGappedBackupVault \(S444444444444\/AirGapped\): invalid encryptionKey: received "an AWS managed key \(alias\/aws\/...\)"; expected a customer managed key, or no encryptionKey/);
    expect(() => {
      const s = stack();
      airGapped(s, { encryptionKey: new kms.Key(s, 'Own'), createEncryptionKey: true });
    }).toThrow(/invalid createEncryptionKey: received true; expected false or nothing when encryptionKey is given/);
  });
});

describe('AirGappedBackupVault multi-party approval', () => {
  test('associates the approval team', () => {
    const s = stack();
    airGapped(s, { mpaApprovalTeamArn: TEAM });
    expect(vaultProps(s).MpaApprovalTeamArn).toBe(TEAM);
  });

  test.each([
    ['another service', TEAM.replace(':mpa:', ':iam:')],
    ['no account', `arn:aws:mpa:${REGION}::approval-team/a1b2`],
    ['another resource type', `arn:aws:mpa:${REGION}:${BACKUP_ACCOUNT}:session/a1b2`],
    ['a wildcard', `arn:aws:mpa:${REGION}:${BACKUP_ACCOUNT}:approval-team/*`],
  ])('refuses %s', (_name, arn) => {
    expect(() => airGapped(stack(), { mpaApprovalTeamArn: arn })).toThrow(/^AirGappedBackupVault .*invalid mpaApprovalTeamArn: received ".*"; expected a multi-party approval team ARN/);
  });

  test('passes a deploy-time value through', () => {
    const s = stack();
    airGapped(s, { mpaApprovalTeamArn: new CfnParameter(s, 'Team').valueAsString });
    expect(vaultProps(s).MpaApprovalTeamArn).toEqual({ Ref: 'Team' });
  });
});

describe('AirGappedBackupVault recovery share', () => {
  test('shares the vault through AWS RAM with the recovery account only, never outside the organization', () => {
    const s = stack();
    const vault = airGapped(s, { recoveryAccount: RECOVERY });
    const template = Template.fromStack(s);
    const vaultId = Object.keys(template.findResources('AWS::Backup::LogicallyAirGappedBackupVault'))[0];
    template.resourceCountIs('AWS::RAM::ResourceShare', 1);
    template.hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: 'air-gapped-recovery',
      ResourceArns: [{ 'Fn::GetAtt': [vaultId, 'BackupVaultArn'] }],
      Principals: [RECOVERY],
      AllowExternalPrincipals: false,
    });
    expect(vault.recoveryShare).toBeDefined();
  });

  test('does not share without a recovery account', () => {
    const s = stack();
    airGapped(s);
    Template.fromStack(s).resourceCountIs('AWS::RAM::ResourceShare', 0);
  });

  test('refuses the vault\'s own account and a malformed account', () => {
    expect(() => airGapped(stack(), { recoveryAccount: BACKUP_ACCOUNT })).toThrow(/invalid recoveryAccount: received "444444444444"; expected an account other than the vault's own/);
    expect(() => airGapped(stack(), { recoveryAccount: '7777' })).toThrow(/^AirGappedBackupVault .*invalid recoveryAccount/);
  });
});

describe('AirGappedBackupVault copy sources', () => {
  test('accepts copies from the named accounts of the organization only', () => {
    const s = stack();
    airGapped(s);
    const statements = vaultProps(s).AccessPolicy.Statement;
    expect(statements.map((st: any) => st.Sid)).toEqual(['DenyDeletingRecoveryPointsAndVault', 'AllowCopyIntoVaultFromAccounts']);
    expect(statements[1].Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': [PRODUCTION], 'aws:PrincipalOrgID': ORG } });
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('warns when every account of the organization may copy in', () => {
    const s = stack();
    airGapped(s, { copySourceAccounts: undefined });
    Annotations.fromStack(s).hasWarning('/S444444444444/AirGapped', Match.stringLikeRegexp('^AirGappedBackupVault: every account of o-a1b2c3d4e5 may copy into this locked vault'));
  });

  test('the air-gapped vault of a central vault takes its copy sources', () => {
    const s = stack();
    const central = new CentralBackupVault(s, 'Central', {
      organizationId: ORG,
      lock: VaultLock.governance({ minRetention: Duration.days(7) }),
      exemptPrincipalArns: [CENTRAL_BREAK_GLASS],
      copySourceOrganizationPaths: [PRODUCTION_OU_PATH],
      airGappedVault: { minRetention: Duration.days(7), maxRetention: Duration.days(400), createEncryptionKey: true, recoveryAccount: RECOVERY },
    });
    const statements = vaultProps(s).AccessPolicy.Statement;
    expect(statements[1]).toMatchObject({
      Sid: 'AllowCopyIntoVaultFromOrganizationPaths',
      Condition: { 'StringEquals': { 'aws:PrincipalOrgID': ORG }, 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${PRODUCTION_OU_PATH}*`] } },
    });
    expect(central.airGappedVault?.encryptionKey).toBeDefined();
    Template.fromStack(s).resourceCountIs('AWS::RAM::ResourceShare', 1);
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('BackupVault.addPlan copying into the air-gapped vault too', () => {
  function estate(min = 7, max = 400) {
    const app = new App();
    const backupStack = stack(BACKUP_ACCOUNT, app, 'Backup');
    const central = new CentralBackupVault(backupStack, 'Central', {
      backupVaultName: 'central',
      organizationId: ORG,
      lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }),
      exemptPrincipalArns: [CENTRAL_BREAK_GLASS],
      copySourceAccounts: [PRODUCTION],
      airGappedVault: { backupVaultName: 'air-gapped', minRetention: Duration.days(min), maxRetention: Duration.days(max) },
    });
    const s = stack(PRODUCTION, app, 'Production');
    const vault = new BackupVault(s, 'Vault', { exemptPrincipalArns: [`arn:aws:iam::${PRODUCTION}:role/break-glass`] });
    const rule = new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(35) });
    return { s, vault, central, rule };
  }
  const arnOf = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:${name}`]] });

  test('each rule copies into the central vault and the air-gapped vault', () => {
    const { s, vault, central, rule } = estate();
    vault.addPlan('Daily', { rules: [rule], selectionTags: { backup: 'daily' }, copyTo: central, alsoCopyTo: [central.airGappedVault!], copyDeleteAfter: Duration.days(90) });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'Daily',
            CopyActions: [
              { DestinationBackupVaultArn: arnOf('central'), Lifecycle: { DeleteAfterDays: 90 } },
              { DestinationBackupVaultArn: arnOf('air-gapped'), Lifecycle: { DeleteAfterDays: 90 } },
            ],
          }),
        ],
      },
    });
  });

  test('shares the key with the backup account once for both destinations', () => {
    const { s, vault, central, rule } = estate();
    vault.addPlan('Daily', { rules: [rule], selectionTags: { backup: 'daily' }, copyTo: central, alsoCopyTo: [central.airGappedVault!] });
    const key = Object.values<any>(Template.fromStack(s).findResources('AWS::KMS::Key'))[0];
    expect(key.Properties.KeyPolicy.Statement.map((st: any) => st.Sid).filter((sid: any) => sid?.startsWith('AllowCrossAccountCopy'))).toEqual([
      `AllowCrossAccountCopyTo${BACKUP_ACCOUNT}`,
      `AllowCrossAccountCopyGrantsTo${BACKUP_ACCOUNT}`,
    ]);
  });

  test('the air-gapped vault alone may be the destination', () => {
    const { s, vault, central, rule } = estate();
    vault.addPlan('Daily', { rules: [rule], selectionTags: { backup: 'daily' }, copyTo: central.airGappedVault });
    Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ CopyActions: [{ DestinationBackupVaultArn: arnOf('air-gapped'), Lifecycle: { DeleteAfterDays: 35 } }] })] },
    });
  });

  test('refuses copies whose retention falls outside the air-gapped vault\'s range, naming it', () => {
    const { vault, central, rule } = estate(60, 400);
    expect(() => vault.addPlan('Daily', { rules: [rule], selectionTags: { backup: 'daily' }, copyTo: central, alsoCopyTo: [central.airGappedVault!], copyDeleteAfter: Duration.days(30) })).toThrow(
      /invalid copyDeleteAfter: received "30 days"; expected a retention of 60 to 400 days, the range of the lock of alsoCopyTo\[0\]/,
    );
    expect(() => vault.addPlan('Weekly', { rules: [rule], selectionTags: { backup: 'daily' }, copyTo: central, alsoCopyTo: [central.airGappedVault!], copyDeleteAfter: Duration.days(401) })).toThrow(
      /invalid copyDeleteAfter: received "401 days"; expected a retention of 7 to 400 days, the range of the copy destination's lock/,
    );
  });

  test('refuses the same destination twice', () => {
    const { vault, central, rule } = estate();
    expect(() => vault.addPlan('Daily', { rules: [rule], selectionTags: { backup: 'daily' }, copyTo: central, alsoCopyTo: [central] })).toThrow(
      /invalid alsoCopyTo\[0\]: received "the destination copyTo already names"; expected each destination once/,
    );
  });
});
