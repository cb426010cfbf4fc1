import { App, Stack } from 'aws-cdk-lib';
import { GithubActionsRole, GithubIssuer, GithubOidcProvider, GithubRepository, GithubSubject, IGithubOidcProvider } from '../src';
import { admits, GithubToken } from './support/trust-evaluator';
import { IAM_LIMITS, measurePolicySize } from '../src/private/policy-size';

// Security property tests: the synthesized trust policy is evaluated against
// tokens shaped like the ones GitHub documents, and exactly the intended
// tokens are admitted. They decide the question from the template, not the code.

const ACCOUNT = '111111111111';
const GITHUB = 'https://token.actions.githubusercontent.com';
const AUD = 'sts.amazonaws.com';

function token(sub: string, overrides: Partial<GithubToken> = {}): GithubToken {
  return { iss: GITHUB, aud: AUD, sub, ...overrides };
}

/** The role's trust policy as deployed: the provider reference replaced by its ARN. */
function deployedTrust(role: GithubActionsRole, provider: IGithubOidcProvider): { policy: any; providerArn: string } {
  const stack = Stack.of(role);
  const providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${provider.conditionKeyPrefix}`;
  const ref = JSON.stringify(stack.resolve(provider.oidcProviderArn));
  const policy = JSON.parse(JSON.stringify(stack.resolve(role.assumeRolePolicy!.toJSON())).split(ref).join(JSON.stringify(providerArn)));
  return { policy, providerArn };
}

function build(subjects: GithubSubject[], issuer?: GithubIssuer) {
  const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const provider = new GithubOidcProvider(stack, 'Github', { issuer });
  const role = new GithubActionsRole(stack, 'Role', { provider, subjects });
  return deployedTrust(role, provider);
}

const infra = GithubRepository.named('acme', 'infra');

describe('a role trusting the main branch and the prod environment of acme/infra', () => {
  const { policy, providerArn } = build([GithubSubject.branch(infra, 'main'), GithubSubject.environment(infra, 'prod')]);
  const admitted = (t: GithubToken) => admits(policy, { providerArn, token: t });

  test.each([
    ['a push to main', token('repo:acme/infra:ref:refs/heads/main')],
    ['a deployment to prod', token('repo:acme/infra:environment:prod')],
  ])('admits %s', (_name, t) => {
    expect(admitted(t)).toBe(true);
  });

  test.each([
    ['a push to another branch', token('repo:acme/infra:ref:refs/heads/feature')],
    ['a branch whose name extends main', token('repo:acme/infra:ref:refs/heads/main-hotfix')],
    ['a tag named main', token('repo:acme/infra:ref:refs/tags/main')],
    ['a pull request', token('repo:acme/infra:pull_request')],
    ['a fork\'s pull request', token('repo:mallory/infra:pull_request')],
    ['a look-alike owner', token('repo:acme-evil/infra:ref:refs/heads/main')],
    ['a look-alike repository', token('repo:acme/infra-evil:ref:refs/heads/main')],
    ['a staging deployment', token('repo:acme/infra:environment:staging')],
    ['an environment whose name extends prod', token('repo:acme/infra:environment:prod2')],
    ['the right sub with another audience', token('repo:acme/infra:ref:refs/heads/main', { aud: 'https://github.com/acme' })],
    ['the right sub from another issuer', token('repo:acme/infra:ref:refs/heads/main', { iss: `${GITHUB}/evil` })],
    ['a custom template that appends claims', token('repo:acme/infra:ref:refs/heads/main:job_workflow_ref:x/y/.github/workflows/z.yml@refs/heads/main')],
    ['a case variant of the owner', token('repo:ACME/infra:ref:refs/heads/main')],
  ])('refuses %s', (_name, t) => {
    expect(admitted(t)).toBe(false);
  });

  test('admits only through this provider', () => {
    expect(admits(policy, { providerArn: providerArn.replace(ACCOUNT, '999999999999'), token: token('repo:acme/infra:ref:refs/heads/main') })).toBe(false);
  });
});

describe('a role trusting release/* branches and v* tags of acme/infra', () => {
  const { policy, providerArn } = build([GithubSubject.branchPattern(infra, 'release/*'), GithubSubject.tagPattern(infra, 'v*')]);
  const admitted = (sub: string) => admits(policy, { providerArn, token: token(sub) });

  test('admits matching refs of the repository', () => {
    expect(admitted('repo:acme/infra:ref:refs/heads/release/2026.11')).toBe(true);
    expect(admitted('repo:acme/infra:ref:refs/tags/v1.0.0')).toBe(true);
  });

  test.each([
    'repo:acme/infra:ref:refs/heads/main',
    'repo:acme/infra:ref:refs/heads/hotfix/release/1',
    'repo:acme/infra:pull_request',
    'repo:acme/infra:environment:release/1',
    'repo:acme-evil/infra:ref:refs/heads/release/1',
    'repo:acme/infra-evil:ref:refs/tags/v1',
    'repo:mallory/infra:ref:refs/tags/v1',
  ])('refuses %s', (sub) => {
    expect(admitted(sub)).toBe(false);
  });
});

describe('a role trusting a reusable workflow called from the prod environment', () => {
  const workflow = 'acme/automation/.github/workflows/deploy.yml@refs/heads/main';
  const { policy, providerArn } = build([GithubSubject.reusableWorkflow(GithubSubject.environment(infra, 'prod'), workflow)]);
  const admitted = (sub: string) => admits(policy, { providerArn, token: token(sub) });

  test('admits the pinned workflow from the prod environment', () => {
    expect(admitted(`repo:acme/infra:environment:prod:job_workflow_ref:${workflow}`)).toBe(true);
  });

  test.each([
    ['the default sub, without the workflow', 'repo:acme/infra:environment:prod'],
    ['the workflow at another branch', 'repo:acme/infra:environment:prod:job_workflow_ref:acme/automation/.github/workflows/deploy.yml@refs/heads/dev'],
    ['another workflow', 'repo:acme/infra:environment:prod:job_workflow_ref:acme/automation/.github/workflows/other.yml@refs/heads/main'],
    ['a fork of the workflow repository', 'repo:acme/infra:environment:prod:job_workflow_ref:mallory/automation/.github/workflows/deploy.yml@refs/heads/main'],
    ['the workflow from staging', `repo:acme/infra:environment:staging:job_workflow_ref:${workflow}`],
  ])('refuses %s', (_name, sub) => {
    expect(admitted(sub)).toBe(false);
  });
});

describe('a role trusting immutable ids', () => {
  const pinned = GithubRepository.withIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: '2002' });
  const { policy, providerArn } = build([GithubSubject.branch(pinned, 'main')]);
  const admitted = (sub: string) => admits(policy, { providerArn, token: token(sub) });

  test('admits the repository with its ids, not a recycled name', () => {
    expect(admitted('repo:acme@1001/infra@2002:ref:refs/heads/main')).toBe(true);
    // Same names, re-registered: new ids.
    expect(admitted('repo:acme@7777/infra@8888:ref:refs/heads/main')).toBe(false);
    expect(admitted('repo:acme/infra:ref:refs/heads/main')).toBe(false);
  });
});

describe('a role behind an enterprise issuer', () => {
  const { policy, providerArn } = build([GithubSubject.branch(infra, 'main')], GithubIssuer.enterprise('acme'));

  test('admits the enterprise\'s tokens, not github.com tokens with the same sub', () => {
    expect(admits(policy, { providerArn, token: token('repo:acme/infra:ref:refs/heads/main', { iss: `${GITHUB}/acme` }) })).toBe(true);
    expect(admits(policy, { providerArn, token: token('repo:acme/infra:ref:refs/heads/main') })).toBe(false);
  });
});

describe('trust-policy density', () => {
  // The numbers themselves are reported by the benchmarks (bench/, BENCHMARKS.md);
  // this test asserts them and prints nothing.
  const subjectOf = (i: number) => GithubSubject.branch(GithubRepository.named('acme', `service-${String(i).padStart(2, '0')}`), 'main');

  function measure(n: number): number {
    const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const provider = new GithubOidcProvider(stack, 'Github');
    const role = new GithubActionsRole(stack, 'Role', { provider, subjects: Array.from({ length: n }, (_, i) => subjectOf(i)), maxTrustPolicySize: 4096 });
    return measurePolicySize(role, role.assumeRolePolicy).characters;
  }

  test('the largest number of repo:acme/service-NN:ref:refs/heads/main subjects at 2,048 equals the physical maximum for the shape', () => {
    // Physical maximum: the policy with two subjects, minus what each subject
    // costs ("<40 characters>" and a comma: 43), leaves the fixed overhead.
    const perSubject = `"${subjectOf(0).value}",`.length;
    const two = measure(2);
    const overhead = two - 2 * perSubject + 1;
    const physicalMax = Math.floor((IAM_LIMITS.TRUST_POLICY_DEFAULT - overhead + 1) / perSubject);

    let measuredMax = 0;
    while (measure(measuredMax + 1) <= IAM_LIMITS.TRUST_POLICY_DEFAULT) {
      measuredMax++;
    }
    expect(measuredMax).toBe(physicalMax);
    // A regression guard: the statement overhead (382 characters measured) must not grow.
    expect(overhead).toBeLessThanOrEqual(400);
  });
});
