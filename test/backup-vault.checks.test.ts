import { App, Stack, aws_backup as backup } from 'aws-cdk-lib';
import { LandingZoneChecks } from '../src/landing-zone-checks';

// LZ-BK2 on logically air-gapped vaults: an AWS owned key (no EncryptionKeyArn)
// is what AWS recommends there and passes; an AWS managed key does not.

const ACCOUNT = '444444444444';
const DENY_DELETE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'], Resource: '*' }],
};

function bk2(encryptionKeyArn?: string, type: 'air-gapped' | 'standard' = 'air-gapped'): string[] {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  if (type === 'air-gapped') {
    new backup.CfnLogicallyAirGappedBackupVault(stack, 'Vault', { backupVaultName: 'air-gapped', minRetentionDays: 7, maxRetentionDays: 30, accessPolicy: DENY_DELETE, encryptionKeyArn });
  } else {
    new backup.CfnBackupVault(stack, 'Vault', { backupVaultName: 'vault', lockConfiguration: { minRetentionDays: 7 }, accessPolicy: DENY_DELETE, encryptionKeyArn });
  }
  return new LandingZoneChecks()
    .checkAssembly(app.synth())
    .filter((f) => f.ruleId === 'LZ-BK2')
    .map((f) => f.problem);
}

describe('LZ-BK2 on logically air-gapped vaults', () => {
  test('passes an air-gapped vault without EncryptionKeyArn (an AWS owned key)', () => {
    expect(bk2(undefined)).toEqual([]);
  });

  test('passes an air-gapped vault with a customer managed key', () => {
    expect(bk2(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`)).toEqual([]);
  });

  test('finds an air-gapped vault encrypted with the AWS managed alias/aws/backup key', () => {
    expect(bk2(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/backup`)).toEqual([
      'Stack/Vault is a backup vault encrypted with the AWS managed key "arn:aws:kms:eu-west-1:444444444444:alias/aws/backup", whose policy you cannot change to allow a cross-account copy.',
    ]);
  });

  test('still finds a standard vault without EncryptionKeyArn', () => {
    expect(bk2(undefined, 'standard')).toEqual([expect.stringMatching(/^Stack\/Vault is a backup vault without EncryptionKeyArn/)]);
  });
});
