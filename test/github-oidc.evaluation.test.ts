import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GithubActionsRole, GithubIdentityPerimeter, GithubIssuer, GithubOidcProvider, GithubRepository, GithubSubject, IGithubOidcProvider } from '../src';
import { admits, GithubToken, rcpDenies } from './support/trust-evaluator';
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

describe('a role trusting GitHub\'s claims: repository_id, environment and a workflow pinned to a commit', () => {
  const sha = 'a'.repeat(40);
  const workflow = `acme/automation/.github/workflows/deploy.yml@${sha}`;
  const repository = GithubRepository.withIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: '2002' });
  const { policy, providerArn } = build([GithubSubject.fromClaimConditions({ repository, environment: 'prod', jobWorkflowRef: workflow })]);
  const right = { repository: 'acme/infra', repository_id: '2002', repository_owner_id: '1001', environment: 'prod', job_workflow_ref: workflow };
  const claimToken = (claims: Record<string, string>, sub = 'repo:acme/infra:environment:prod') => token(sub, { claims });
  const admitted = (t: GithubToken) => admits(policy, { providerArn, token: t });
  const without = (claim: string) => Object.fromEntries(Object.entries(right).filter(([k]) => k !== claim));

  const refused: Array<[string, GithubToken]> = [
    ['another repository with the same name (a recycled name: new id)', claimToken({ ...right, repository_id: '8888' })],
    ['a fork', claimToken({ ...right, repository: 'mallory/infra', repository_id: '3003' }, 'repo:mallory/infra:environment:prod')],
    ['another workflow', claimToken({ ...right, job_workflow_ref: `acme/automation/.github/workflows/other.yml@${sha}` })],
    ['the workflow at another commit', claimToken({ ...right, job_workflow_ref: `acme/automation/.github/workflows/deploy.yml@${'b'.repeat(40)}` })],
    ['the workflow at a branch', claimToken({ ...right, job_workflow_ref: 'acme/automation/.github/workflows/deploy.yml@refs/heads/main' })],
    ['another environment', claimToken({ ...right, environment: 'staging' })],
    ['an environment whose name extends prod', claimToken({ ...right, environment: 'prod2' })],
    ['a job without environment (claim missing)', claimToken(without('environment'), 'repo:acme/infra:ref:refs/heads/main')],
    ['a token without repository_id (claim missing)', claimToken(without('repository_id'))],
    ['a token without job_workflow_ref (claim missing)', claimToken(without('job_workflow_ref'))],
    ['a case variant of the environment', claimToken({ ...right, environment: 'Prod' })],
    ['a case variant of the workflow owner', claimToken({ ...right, job_workflow_ref: workflow.replace('acme/', 'ACME/') })],
    ['the right claims with another audience', token('repo:acme/infra:environment:prod', { claims: right, aud: 'https://github.com/acme' })],
    ['the right claims from another issuer', token('repo:acme/infra:environment:prod', { claims: right, iss: `${GITHUB}/evil` })],
  ];

  test('admits the repository\'s prod job calling the pinned workflow, whatever its sub template', () => {
    expect(admitted(claimToken(right))).toBe(true);
    expect(admitted(claimToken(right, 'repo:acme@1001/infra@2002:environment:prod'))).toBe(true);
  });

  test.each(refused)('refuses %s', (_name, t) => {
    expect(admitted(t)).toBe(false);
  });

  test('every claim condition is exact: made a StringLike "*" pattern, a refused token gets in', () => {
    // A mutation trial run on every synthesis: each claim key in turn is moved
    // from StringEquals to StringLike "*", and the refused tokens above must
    // detect it.
    const statement = policy.Statement[0];
    const claimKeys = Object.keys(statement.Condition.StringEquals).filter((k: string) => !/:(aud|sub)$/.test(k));
    expect(claimKeys.sort()).toEqual([
      'token.actions.githubusercontent.com:environment',
      'token.actions.githubusercontent.com:job_workflow_ref',
      'token.actions.githubusercontent.com:repository_id',
    ]);
    expect(Object.keys(statement.Condition)).toEqual(['StringEquals']);
    for (const key of claimKeys) {
      const mutated = JSON.parse(JSON.stringify(policy));
      delete mutated.Statement[0].Condition.StringEquals[key];
      mutated.Statement[0].Condition.StringLike = { [key]: '*' };
      expect(refused.some(([, t]) => admits(mutated, { providerArn, token: t }))).toBe(true);
    }
  });
});

describe('a role pinning repository_id for a repository that still emits name-based subjects', () => {
  const repository = GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: '2002' });
  const { policy, providerArn } = build([GithubSubject.branch(repository, 'main')]);
  const admitted = (t: GithubToken) => admits(policy, { providerArn, token: t });
  const sub = 'repo:acme/infra:ref:refs/heads/main';

  test('admits the repository, not a recycled name with the same sub', () => {
    expect(admitted(token(sub, { claims: { repository_id: '2002' } }))).toBe(true);
    expect(admitted(token(sub, { claims: { repository_id: '8888' } }))).toBe(false);
    expect(admitted(token(sub))).toBe(false);
    expect(admitted(token('repo:acme/infra:ref:refs/heads/dev', { claims: { repository_id: '2002' } }))).toBe(false);
  });
});

describe('a role trusting the prod environment only when the job runs on main', () => {
  const { policy, providerArn } = build([GithubSubject.environment(infra, 'prod').withClaimConditions({ ref: 'refs/heads/main' })]);
  const admitted = (t: GithubToken) => admits(policy, { providerArn, token: t });

  test('admits prod from main, not prod from another branch', () => {
    expect(admitted(token('repo:acme/infra:environment:prod', { claims: { ref: 'refs/heads/main', environment: 'prod' } }))).toBe(true);
    expect(admitted(token('repo:acme/infra:environment:prod', { claims: { ref: 'refs/heads/feature', environment: 'prod' } }))).toBe(false);
    expect(admitted(token('repo:acme/infra:environment:prod', { claims: { ref: 'refs/tags/main', environment: 'prod' } }))).toBe(false);
    expect(admitted(token('repo:acme/infra:environment:prod'))).toBe(false);
  });
});

describe('claims of different subjects never mix (an OR of ANDs)', () => {
  const a = GithubRepository.withIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: '2002' });
  const b = GithubRepository.withIds({ owner: 'acme', ownerId: '1001', name: 'web', repositoryId: '3003' });
  const { policy, providerArn } = build([
    GithubSubject.fromClaimConditions({ repository: a, environment: 'prod' }),
    GithubSubject.fromClaimConditions({ repository: b, environment: 'staging' }),
  ]);
  const admitted = (claims: Record<string, string>) => admits(policy, { providerArn, token: token('repo:acme/x:environment:x', { claims }) });

  test('each repository with its own environment only', () => {
    expect(admitted({ repository_id: '2002', environment: 'prod' })).toBe(true);
    expect(admitted({ repository_id: '3003', environment: 'staging' })).toBe(true);
    expect(admitted({ repository_id: '2002', environment: 'staging' })).toBe(false);
    expect(admitted({ repository_id: '3003', environment: 'prod' })).toBe(false);
  });

  test('one statement per claim set', () => {
    expect(policy.Statement).toHaveLength(2);
  });
});

describe('a role accepting both subject forms of a repository during its switch to immutable subjects', () => {
  const repository = GithubRepository.withIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: '2002' }).acceptingNameBasedSubjects();
  const { policy, providerArn } = build([GithubSubject.environment(repository, 'prod')]);
  const admitted = (t: GithubToken) => admits(policy, { providerArn, token: t });

  test('admits the immutable sub and the name-based sub of the same repository', () => {
    expect(admitted(token('repo:acme@1001/infra@2002:environment:prod', { claims: { repository_id: '2002' } }))).toBe(true);
    expect(admitted(token('repo:acme/infra:environment:prod', { claims: { repository_id: '2002' } }))).toBe(true);
  });

  test.each([
    ['a recycled name with the name-based sub', token('repo:acme/infra:environment:prod', { claims: { repository_id: '8888' } })],
    ['a name-based sub without repository_id', token('repo:acme/infra:environment:prod')],
    ['a recycled name with new ids', token('repo:acme@7777/infra@8888:environment:prod', { claims: { repository_id: '8888' } })],
    ['another environment in the name-based form', token('repo:acme/infra:environment:staging', { claims: { repository_id: '2002' } })],
  ])('refuses %s', (_name, t) => {
    expect(admitted(t)).toBe(false);
  });
});

describe('the GitHub identity perimeter (a resource control policy)', () => {
  // @cloud-copilot/iam-simulate evaluates RCPs but drops the <issuer>:... keys,
  // so the RCP is evaluated by the project's trust evaluator (rcpDenies).
  const stack = new Stack(new App(), 'Management', { env: { account: '999999999999', region: 'us-east-1' } });
  const perimeter = new GithubIdentityPerimeter(stack, 'Perimeter', {
    targetIds: ['r-ab12'],
    enterpriseIds: ['4242'],
    allowedOwners: ['acme'],
    exemptRoleArns: ['arn:aws:iam::*:role/partner/*'],
  });
  const rcp = Template.fromStack(stack).findResources('AWS::Organizations::Policy');
  const content = Object.values<any>(rcp)[0].Properties.Content;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/landing-zone/deploy`;
  const denied = (t: GithubToken, arn = roleArn) => rcpDenies(content, { token: t, roleArn: arn });

  test('allows a token of your enterprise, or of your owner', () => {
    expect(denied(token('repo:other/x:ref:refs/heads/main', { claims: { enterprise_id: '4242', repository: 'other/x' } }))).toBe(false);
    expect(denied(token('repo:acme/infra:ref:refs/heads/main', { claims: { repository: 'acme/infra' } }))).toBe(false);
  });

  test.each([
    ['a foreign owner', token('repo:mallory/infra:ref:refs/heads/main', { claims: { repository: 'mallory/infra' } })],
    ['a look-alike owner', token('repo:acme-evil/infra:ref:refs/heads/main', { claims: { repository: 'acme-evil/infra' } })],
    ['a case variant of the owner', token('repo:ACME/infra:ref:refs/heads/main', { claims: { repository: 'ACME/infra' } })],
    ['another enterprise', token('repo:mallory/infra:ref:refs/heads/main', { claims: { enterprise_id: '4243', repository: 'mallory/infra' } })],
    ['a token without the claims', token('repo:acme/infra:ref:refs/heads/main')],
  ])('denies %s', (_name, t) => {
    expect(denied(t)).toBe(true);
  });

  test('exempt roles, and tokens of other issuers, are not judged', () => {
    const foreign = token('repo:mallory/infra:ref:refs/heads/main', { claims: { repository: 'mallory/infra' } });
    expect(denied(foreign, `arn:aws:iam::${ACCOUNT}:role/partner/ingest`)).toBe(false);
    expect(denied({ ...foreign, iss: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' })).toBe(false);
  });

  test('fits the RCP size limit of 5,120 characters, with room for 200 enterprises', () => {
    expect(measurePolicySize(perimeter, perimeter.document).characters).toBeLessThan(5120);
    const big = new Stack(new App(), 'Big');
    const many = new GithubIdentityPerimeter(big, 'Perimeter', { targetIds: ['r-ab12'], enterpriseIds: Array.from({ length: 200 }, (_, i) => String(100000 + i)) });
    expect(measurePolicySize(many, many.document).characters).toBeLessThanOrEqual(5120);
    expect(() => new GithubIdentityPerimeter(big, 'TooBig', { targetIds: ['r-ab12'], enterpriseIds: Array.from({ length: 600 }, (_, i) => String(100000 + i)) })).toThrow(
      /GithubIdentityPerimeter \(Big\/TooBig\): invalid enterpriseIds, allowedOwners, exemptRoleArns, issuers: received "a policy of \d+ characters"; expected a policy of at most 5120 characters/,
    );
  });
});
