import { Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildBackupEstate } from './support/backup-vault-estate';
import { nagErrors } from './support/nag';

// cdk-nag (AwsSolutions) over a backup estate that uses every option of the
// backup-vault constructs. The library does not depend on cdk-nag; the
// suppressions live in the estate of the test, each with its reason.

describe('cdk-nag AwsSolutions on a backup estate using every option', () => {
  test('reports no unsuppressed error', () => {
    // GIVEN
    const estate = buildBackupEstate(true);
    Aspects.of(estate.app).add(new AwsSolutionsChecks({ verbose: true }));

    // WHEN
    estate.app.synth();

    // THEN
    expect(nagErrors([estate.backupStack, estate.productionStack, estate.sandboxStack])).toEqual([]);
  });

  test('without the suppressions, reports the AWS managed policies of the AWS Backup roles and the report buckets\' access logs, and nothing else (the check can fail)', () => {
    const estate = buildBackupEstate(false);
    Aspects.of(estate.app).add(new AwsSolutionsChecks({ verbose: true }));
    estate.app.synth();
    const errors = nagErrors([estate.backupStack, estate.productionStack, estate.sandboxStack]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => /AwsSolutions-IAM4.*AWSBackupServiceRolePolicyFor(Backup|Restores)|BackupAudit\/Reports\/Resource: AwsSolutions-S1:/.test(e))).toBe(true);
  });
});
