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
    // No managed policy (IAM4) and no runtime finding (L1): the delegation
    // functions are the library's own, on the latest Node.js runtime.
    expect([...new Set(rules)].sort()).toEqual(['Network AwsSolutions-IAM5', 'Production AwsSolutions-IAM5', 'Sandbox AwsSolutions-IAM5']);
    // Wildcards: the boundaries' ceiling, the lookup by name of the sandbox
    // role, and the log streams of each delegation function's own log group.
    const wildcards = errors.filter((e) => e.includes('AwsSolutions-IAM5')).map((e) => e.split(':')[0]);
    expect([...new Set(wildcards)].sort()).toEqual([
      'Network /Network/PermissionBoundary/Resource/Resource',
      'Network /Network/SandboxDelegation/Resource/Resource',
      'Production /Production/PermissionBoundary/Resource/Resource',
      'Production /Production/Zone/Delegation7405b025/Role/Resource',
      'Sandbox /Sandbox/LabsZone/Delegation2d9b2b75/Role/Resource',
      'Sandbox /Sandbox/PermissionBoundary/Resource/Resource',
      'Sandbox /Sandbox/Zone/Delegationd471f943/Role/Resource',
    ]);
  });
});
