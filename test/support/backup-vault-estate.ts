import { App, Duration, Stack, TimeZone, aws_backup as backup, aws_events as events, aws_kms as kms } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import {
  BackupAuditFramework,
  BackupCopyDestination,
  BackupVault,
  CentralBackupVault,
  RestoreTestingAlgorithm,
  RestoreTestingRecoveryPointType,
  RestoreTestingResourceType,
  RestoreTestingSelection,
  VaultLock,
} from '../../src/backup-vault';

/** The accounts and organization of the estate used by the cdk-nag and cfn-lint checks. */
export const ESTATE = {
  organizationId: 'o-a1b2c3d4e5',
  backup: '444444444444',
  production: '555555555555',
  sandbox: '666666666666',
  region: 'eu-west-1',
};

export interface BackupEstate {
  readonly app: App;
  readonly backupStack: Stack;
  readonly productionStack: Stack;
  readonly sandboxStack: Stack;
}

/**
 * A backup estate that uses every option of the backup-vault constructs: a
 * central vault (compliance lock, air-gapped vault, restore testing), a
 * production vault (governance lock, own key, plan copying to the central
 * vault, restore testing with every kind of selection), and a sandbox vault
 * (created key, copying to the central vault given by ARN).
 *
 * `suppress` adds the cdk-nag suppressions, each with its reason.
 */
export function buildBackupEstate(suppress: boolean, app = new App()): BackupEstate {
  const env = (account: string) => ({ account, region: ESTATE.region });
  const breakGlass = (account: string) => `arn:aws:iam::${account}:role/landing-zone/break-glass`;
  const daily = (deleteAfter: number, moveToColdStorageAfter?: number) =>
    new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
      scheduleExpressionTimezone: TimeZone.EUROPE_DUBLIN,
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: Duration.days(deleteAfter),
      moveToColdStorageAfter: moveToColdStorageAfter === undefined ? undefined : Duration.days(moveToColdStorageAfter),
    });
  const weekly = events.Schedule.cron({ weekDay: 'MON', hour: '6', minute: '0' });

  const backupStack = new Stack(app, 'Backup', { env: env(ESTATE.backup) });
  const central = new CentralBackupVault(backupStack, 'CentralVault', {
    backupVaultName: 'landing-zone-central',
    organizationId: ESTATE.organizationId,
    lock: VaultLock.compliance({
      minRetention: Duration.days(7),
      maxRetention: Duration.days(3650),
      changeableFor: Duration.days(3),
      acknowledgeIrreversible: true,
    }),
    exemptPrincipalArns: [breakGlass(ESTATE.backup)],
    airGappedVault: {
      backupVaultName: 'landing-zone-air-gapped',
      minRetention: Duration.days(7),
      maxRetention: Duration.days(3650),
      createEncryptionKey: true,
      mpaApprovalTeamArn: `arn:aws:mpa:${ESTATE.region}:${ESTATE.backup}:approval-team/a1b2c3d4e5f6`,
      recoveryAccount: '777777777777',
    },
  });
  const backupAudit = new BackupAuditFramework(backupStack, 'BackupAudit', { minimumRetention: Duration.days(7), exemptPrincipalArns: [breakGlass(ESTATE.backup)] });
  const centralTests = central.addRestoreTesting('RestoreTesting', {
    schedule: weekly,
    scheduleTimezone: TimeZone.EUROPE_DUBLIN,
    selections: [RestoreTestingSelection.allOfType(RestoreTestingResourceType.EBS, { validationWindow: Duration.hours(2) })],
  });

  const productionStack = new Stack(app, 'Production', { env: env(ESTATE.production) });
  const productionKey = new kms.Key(productionStack, 'BackupKey', { enableKeyRotation: true, description: 'Production backups' });
  const production = new BackupVault(productionStack, 'Vault', {
    backupVaultName: 'production',
    encryptionKey: productionKey,
    lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }),
    exemptPrincipalArns: [breakGlass(ESTATE.production)],
  });
  const productionPlan = production.addPlan('Plan', {
    backupPlanName: 'production-daily',
    rules: [daily(35), daily(365, 30)],
    selectionTags: { 'backup': 'daily', 'backup-tier': 'gold' },
    copyTo: central,
    alsoCopyTo: [central.airGappedVault!],
    copyDeleteAfter: Duration.days(400),
    copyMoveToColdStorageAfter: Duration.days(90),
  });
  const productionAudit = new BackupAuditFramework(productionStack, 'BackupAudit', {
    minimumRetention: Duration.days(7),
    exemptPrincipalArns: [breakGlass(ESTATE.production)],
    copyAccounts: [ESTATE.backup],
    copyRegions: ['eu-central-1'],
    resourceTag: { backup: 'daily' },
  });
  production.addPlan('AirGappedPlan', { rules: [daily(35)], selectionTags: { backup: 'air-gapped' }, copyTo: central.airGappedVault! });
  const productionTests = production.addRestoreTesting('RestoreTesting', {
    restoreTestingPlanName: 'production_weekly',
    schedule: weekly,
    algorithm: RestoreTestingAlgorithm.RANDOM_WITHIN_WINDOW,
    recoveryPointTypes: [RestoreTestingRecoveryPointType.SNAPSHOT, RestoreTestingRecoveryPointType.CONTINUOUS],
    selectionWindow: Duration.days(14),
    startWindow: Duration.hours(4),
    selections: [
      RestoreTestingSelection.fromArns(RestoreTestingResourceType.DYNAMO_DB, [`arn:aws:dynamodb:${ESTATE.region}:${ESTATE.production}:table/orders`], {
        selectionName: 'orders_table',
      }),
      RestoreTestingSelection.fromTags(RestoreTestingResourceType.RDS, { backup: 'daily' }, { validationWindow: Duration.hours(4) }),
    ],
  });

  const sandboxStack = new Stack(app, 'Sandbox', { env: env(ESTATE.sandbox) });
  const sandbox = new BackupVault(sandboxStack, 'Vault', { exemptPrincipalArns: [breakGlass(ESTATE.sandbox)] });
  const sandboxPlan = sandbox.addPlan('Plan', {
    rules: [daily(14)],
    selectionTags: { backup: 'daily' },
    copyTo: BackupCopyDestination.fromVaultArn(`arn:aws:backup:${ESTATE.region}:${ESTATE.backup}:backup-vault:landing-zone-central`, {
      minRetention: Duration.days(7),
      maxRetention: Duration.days(3650),
    }),
    copyDeleteAfter: Duration.days(30),
  });

  if (suppress) {
    const managedPolicy = (policy: string, what: string) => ({
      id: 'AwsSolutions-IAM4',
      reason: `${what} uses the AWS managed ${policy}, maintained by AWS Backup for exactly this purpose.`,
      appliesTo: [`Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}`],
    });
    for (const plan of [productionPlan, sandboxPlan]) {
      NagSuppressions.addResourceSuppressions(plan, [managedPolicy('AWSBackupServiceRolePolicyForBackup', 'The backup selection role')], true);
    }
    NagSuppressions.addResourceSuppressions(production.node.findChild('AirGappedPlan'), [managedPolicy('AWSBackupServiceRolePolicyForBackup', 'The backup selection role')], true);
    for (const audit of [backupAudit, productionAudit]) {
      NagSuppressions.addResourceSuppressions(audit.reportBucket, [
        { id: 'AwsSolutions-S1', reason: 'The bucket holds the daily AWS Backup audit reports only, written by AWS Backup and versioned; CloudTrail records its access.' },
      ]);
    }
    for (const tests of [centralTests, productionTests]) {
      NagSuppressions.addResourceSuppressions(tests, [managedPolicy('AWSBackupServiceRolePolicyForRestores', 'The restore testing role')], true);
    }
  }
  return { app, backupStack, productionStack, sandboxStack };
}
