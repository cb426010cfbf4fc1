// Deployable integration test: a workload backup vault with a governance
// lock (never compliance: a compliance lock could not be removed after its
// grace period), its access policy, a daily plan selecting resources by a tag
// unique to this test, and a restore testing plan. Everything is DESTROY, and
// the CDK CloudFormation execution role is exempt from the vault's Deny, so
// that the stack can be updated and deleted. The assertions read the lock and
// the access policy back from AWS Backup after deploy.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Fn, RemovalPolicy, Stack, aws_backup as backup, aws_events as events } from 'aws-cdk-lib';
import { BackupVault, RestoreTestingResourceType, RestoreTestingSelection, VaultLock } from '../src/backup-vault';

const app = new App();
const stack = new Stack(app, 'BackupVaultInteg');
// The role CloudFormation deploys with (default bootstrap qualifier): exempt,
// or the stack could neither update the access policy nor delete the vault.
const cloudFormationExecutionRole = Fn.sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}');

const vault = new BackupVault(stack, 'Vault', {
  backupVaultName: 'cdk-landing-zone-integ',
  lock: VaultLock.governance({ minRetention: Duration.days(1), maxRetention: Duration.days(35) }),
  exemptPrincipalArns: [cloudFormationExecutionRole],
  removalPolicy: RemovalPolicy.DESTROY,
});
vault.addPlan('Daily', {
  rules: [new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(7) })],
  selectionTags: { 'cdk-landing-zone-integ': 'backup-vault' },
});
vault.addRestoreTesting('RestoreTesting', {
  schedule: events.Schedule.cron({ weekDay: 'MON', hour: '6', minute: '0' }),
  selections: [RestoreTestingSelection.fromTags(RestoreTestingResourceType.EBS, { 'cdk-landing-zone-integ': 'backup-vault' })],
});

const integ = new IntegTest(app, 'BackupVault', { testCases: [stack] });
integ.assertions
  .awsApiCall('Backup', 'describeBackupVault', { BackupVaultName: 'cdk-landing-zone-integ' })
  .expect(ExpectedResult.objectLike({ BackupVaultName: 'cdk-landing-zone-integ', Locked: true, MinRetentionDays: 1, MaxRetentionDays: 35 }));
integ.assertions
  .awsApiCall('Backup', 'getBackupVaultAccessPolicy', { BackupVaultName: 'cdk-landing-zone-integ' })
  .expect(ExpectedResult.objectLike({ Policy: Match.stringLikeRegexp('DenyDeletingRecoveryPointsAndVault') }));
app.synth();
