import { Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildDnsEstate } from './support/delegated-subdomain-estate';
import { nagErrors } from './support/nag';

// cdk-nag (AwsSolutions) over a DNS estate that uses every option of the
// delegated-subdomain constructs. The library does not depend on cdk-nag; the
// suppressions live in the estate of the test, each with its reason.

describe('cdk-nag AwsSolutions on a DNS estate using every option', () => {
  test('reports no unsuppressed error', () => {
    // GIVEN
    const estate = buildDnsEstate(true);
    Aspects.of(estate.app).add(new AwsSolutionsChecks({ verbose: true }));

    // WHEN
    estate.app.synth();

    // THEN
    expect(nagErrors([estate.networkStack, estate.productionStack, estate.sandboxStack])).toEqual([]);
  });

  test('without the suppressions, reports exactly the suppressed findings (the check can fail)', () => {
    const estate = buildDnsEstate(false);
    Aspects.of(estate.app).add(new AwsSolutionsChecks({ verbose: true }));
    estate.app.synth();
    const errors = nagErrors([estate.networkStack, estate.productionStack, estate.sandboxStack]);
    const rules = errors.map((e) => `${e.split(' ')[0]} ${e.match(/AwsSolutions-[A-Za-z0-9]+/)![0]}`);
    expect([...new Set(rules)].sort()).toEqual([
      'Network AwsSolutions-IAM5',
      'Production AwsSolutions-IAM4',
      'Production AwsSolutions-IAM5',
      'Production AwsSolutions-L1',
      'Sandbox AwsSolutions-IAM4',
      'Sandbox AwsSolutions-IAM5',
      'Sandbox AwsSolutions-L1',
    ]);
    // Wildcards: the boundaries' ceiling, and the lookup by name of the sandbox role only.
    const wildcards = errors.filter((e) => e.includes('AwsSolutions-IAM5')).map((e) => e.split(':')[0]);
    expect([...new Set(wildcards)].sort()).toEqual([
      'Network /Network/PermissionBoundary/Resource/Resource',
      'Network /Network/SandboxDelegation/Resource/Resource',
      'Production /Production/PermissionBoundary/Resource/Resource',
      'Sandbox /Sandbox/PermissionBoundary/Resource/Resource',
    ]);
  });
});
