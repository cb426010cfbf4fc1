import { App, Aws, Duration, Fn, Lazy, RemovalPolicy, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  GithubActionsPrincipal,
  GithubActionsRole,
  GithubIdentityPerimeter,
  GithubIdentityPerimeterProps,
  GithubIssuer,
  GithubOidcProvider,
  GithubRepository,
  GithubSubject,
  GithubSubjectKind,
} from '../src';
import { measurePolicySize } from '../src/private/policy-size';

const HOST = 'token.actions.githubusercontent.com';
const repo = GithubRepository.named('acme', 'infra');
const immutableRepo = GithubRepository.withIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: '2002' });

/**
 * What a factory-made value puts into a template: a value its factory refused
 * throws the refusal there (the construct that uses it names its own path:
 * test/refusals.test.ts).
 */
function rendered(value: GithubIssuer | GithubRepository | GithubSubject): string {
  if (value instanceof GithubIssuer) {
    return value.url;
  }
  return value instanceof GithubRepository ? value.subjectSegment : value.value;
}

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
}

describe('GithubIssuer', () => {
  test.each([
    [GithubIssuer.github(), 'https://token.actions.githubusercontent.com', HOST, true],
    [GithubIssuer.enterprise('octocat-inc'), 'https://token.actions.githubusercontent.com/octocat-inc', `${HOST}/octocat-inc`, true],
    [GithubIssuer.dataResidency('octocorp'), 'https://token.actions.octocorp.ghe.com', 'token.actions.octocorp.ghe.com', true],
    [GithubIssuer.enterpriseServer('github.example.com'), 'https://github.example.com/_services/token', 'github.example.com/_services/token', false],
  ])('renders %s', (issuer, url, prefix, immutable) => {
    expect(issuer.url).toBe(url);
    expect(issuer.conditionKeyPrefix).toBe(prefix);
    expect(issuer.supportsImmutableSubjects).toBe(immutable);
  });

  test.each([
    ['enterprise', () => GithubIssuer.enterprise('Octo/Inc'), /GithubIssuer: invalid enterpriseSlug: received "Octo\/Inc"/],
    ['enterprise trailing slash', () => GithubIssuer.enterprise('acme/'), /GithubIssuer: invalid enterpriseSlug/],
    ['data residency', () => GithubIssuer.dataResidency('octo.corp'), /GithubIssuer: invalid subdomain: received "octo.corp"/],
    ['server with port', () => GithubIssuer.enterpriseServer('github.example.com:8443'), /GithubIssuer: invalid hostname: received "github.example.com:8443"/],
    ['server with scheme', () => GithubIssuer.enterpriseServer('https://github.example.com'), /GithubIssuer: invalid hostname/],
    ['server with trailing dot', () => GithubIssuer.enterpriseServer('github.example.com.'), /GithubIssuer: invalid hostname/],
    ['server with path', () => GithubIssuer.enterpriseServer('github.example.com/x'), /GithubIssuer: invalid hostname/],
    ['server with query', () => GithubIssuer.enterpriseServer('github.example.com?a=b'), /GithubIssuer: invalid hostname/],
  ])('refuses a bad %s', (_name, make, message) => {
    expect(() => rendered(make())).toThrow(message);
  });

  test('passes tokens through', () => {
    const slug = Lazy.string({ produce: () => 'acme' });
    expect(Token.isUnresolved(GithubIssuer.enterprise(slug).url)).toBe(true);
    expect(Token.isUnresolved(GithubIssuer.enterpriseServer(Lazy.string({ produce: () => 'h.example.com' })).url)).toBe(true);
    expect(Token.isUnresolved(GithubIssuer.dataResidency(Lazy.string({ produce: () => 'x' })).url)).toBe(true);
  });
});

describe('GithubOidcProvider', () => {
  test('creates one native AWS::IAM::OIDCProvider, retained, with the default audience', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new GithubOidcProvider(stack, 'Github');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
    template.hasResource('AWS::IAM::OIDCProvider', {
      Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'], ThumbprintList: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('uses the enterprise issuer and its audiences, and exposes the condition-key prefix', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github', {
      issuer: GithubIssuer.enterprise('acme'),
      audiences: ['sts.amazonaws.com', 'https://github.com/acme'],
      thumbprints: ['6938FD4D98BAB03FAADB97B34396831E3780AEA1'],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(provider.conditionKeyPrefix).toBe(`${HOST}/acme`);
    Template.fromStack(stack).hasResource('AWS::IAM::OIDCProvider', {
      Properties: {
        Url: `https://${HOST}/acme`,
        ClientIdList: ['sts.amazonaws.com', 'https://github.com/acme'],
        ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
      },
      DeletionPolicy: 'Delete',
    });
  });

  test.each([
    ['no audience', { audiences: [] }, /GithubOidcProvider \(Stack\/Github\): invalid audiences: received \[\]/],
    ['empty audience', { audiences: [''] }, /invalid audiences/],
    ['wildcard audience', { audiences: ['*'] }, /invalid audiences: received \["\*"\]/],
    ['duplicate audiences', { audiences: ['a', 'a'] }, /invalid audiences/],
    ['short thumbprint', { thumbprints: ['abc'] }, /GithubOidcProvider \(Stack\/Github\): invalid thumbprints: received \["abc"\]; expected at most 5 SHA-1 thumbprints/],
    ['non-hex thumbprint', { thumbprints: ['z'.repeat(40)] }, /invalid thumbprints/],
    ['six thumbprints', { thumbprints: Array(6).fill('a'.repeat(40)) }, /invalid thumbprints/],
  ])('refuses %s', (_name, props, message) => {
    expect(() => new GithubOidcProvider(newStack(), 'Github', props)).toThrow(message);
  });

  test('passes token audiences and thumbprints through', () => {
    const stack = newStack();
    const audience = Lazy.string({ produce: () => 'aud-from-parameter' });
    const thumbprint = Lazy.string({ produce: () => 'print' });
    new GithubOidcProvider(stack, 'Github', { audiences: [audience], thumbprints: [thumbprint] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::OIDCProvider', { ClientIdList: ['aud-from-parameter'], ThumbprintList: ['print'] });
  });

  test('fromAccount builds the ARN from the stack partition and account, for the issuer', () => {
    const stack = new Stack(new App(), 'Stack');
    const imported = GithubOidcProvider.fromAccount(stack, 'Imported', { issuer: GithubIssuer.dataResidency('octocorp') });
    expect(stack.resolve(imported.oidcProviderArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':oidc-provider/token.actions.octocorp.ghe.com']],
    });
    expect(imported.conditionKeyPrefix).toBe('token.actions.octocorp.ghe.com');
    expect(imported.audiences).toEqual(['sts.amazonaws.com']);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  test('fromOidcProviderArn accepts the issuer\'s ARN and refuses another issuer\'s', () => {
    const stack = newStack();
    const ok = GithubOidcProvider.fromOidcProviderArn(stack, 'Ok', `arn:aws-cn:iam::222222222222:oidc-provider/${HOST}`);
    expect(ok.oidcProviderArn).toBe(`arn:aws-cn:iam::222222222222:oidc-provider/${HOST}`);
    expect(ok.env.account).toBe('222222222222');
    expect(() => GithubOidcProvider.fromOidcProviderArn(stack, 'Bad', `arn:aws:iam::222222222222:oidc-provider/${HOST}`, { issuer: GithubIssuer.enterprise('acme') })).toThrow(
      /GithubOidcProvider \(Stack\/Bad\): invalid oidcProviderArn: received "arn:aws:iam::222222222222:oidc-provider\/token.actions.githubusercontent.com"; expected arn:<partition>:iam::<12-digit account>:oidc-provider\/token.actions.githubusercontent.com\/acme/,
    );
    expect(() => GithubOidcProvider.fromOidcProviderArn(stack, 'Bad2', 'arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com')).toThrow(/invalid oidcProviderArn/);
    const token = GithubOidcProvider.fromOidcProviderArn(stack, 'Token', Lazy.string({ produce: () => 'arn' }));
    expect(Token.isUnresolved(token.oidcProviderArn)).toBe(true);
  });
});

describe('GithubRepository and GithubSubject', () => {
  test.each([
    ['branch', GithubSubject.branch(repo, 'main'), 'repo:acme/infra:ref:refs/heads/main', false, GithubSubjectKind.BRANCH, false],
    ['nested branch', GithubSubject.branch(repo, 'release/2026.11'), 'repo:acme/infra:ref:refs/heads/release/2026.11', false, GithubSubjectKind.BRANCH, false],
    ['tag', GithubSubject.tag(repo, 'v1.2.3'), 'repo:acme/infra:ref:refs/tags/v1.2.3', false, GithubSubjectKind.TAG, false],
    ['environment', GithubSubject.environment(repo, 'Production'), 'repo:acme/infra:environment:Production', false, GithubSubjectKind.ENVIRONMENT, false],
    ['environment with a colon', GithubSubject.environment(repo, 'Production:V1'), 'repo:acme/infra:environment:Production%3AV1', false, GithubSubjectKind.ENVIRONMENT, false],
    ['pull request', GithubSubject.pullRequest(repo), 'repo:acme/infra:pull_request', false, GithubSubjectKind.PULL_REQUEST, true],
    ['branch pattern', GithubSubject.branchPattern(repo, 'release/*'), 'repo:acme/infra:ref:refs/heads/release/*', true, GithubSubjectKind.REF_PATTERN, false],
    ['tag pattern', GithubSubject.tagPattern(repo, 'v?.*'), 'repo:acme/infra:ref:refs/tags/v?.*', true, GithubSubjectKind.REF_PATTERN, false],
    ['any context', GithubSubject.anyContextOfRepository(repo), 'repo:acme/infra:*', true, GithubSubjectKind.ANY_CONTEXT, true],
    ['immutable ids', GithubSubject.branch(immutableRepo, 'main'), 'repo:acme@1001/infra@2002:ref:refs/heads/main', false, GithubSubjectKind.BRANCH, false],
    [
      'reusable workflow',
      GithubSubject.reusableWorkflow(GithubSubject.environment(repo, 'prod'), 'acme/automation/.github/workflows/deploy.yml@refs/heads/main'),
      'repo:acme/infra:environment:prod:job_workflow_ref:acme/automation/.github/workflows/deploy.yml@refs/heads/main',
      false,
      GithubSubjectKind.REUSABLE_WORKFLOW,
      false,
    ],
    [
      'reusable workflow pinned to a sha',
      GithubSubject.reusableWorkflow(GithubSubject.branch(repo, 'main'), `acme/automation/.github/workflows/deploy.yaml@${'a1'.repeat(20)}`),
      `repo:acme/infra:ref:refs/heads/main:job_workflow_ref:acme/automation/.github/workflows/deploy.yaml@${'a1'.repeat(20)}`,
      false,
      GithubSubjectKind.REUSABLE_WORKFLOW,
      false,
    ],
    [
      'custom template',
      GithubSubject.fromClaims([
        { name: 'repository_owner_id', value: '1001' },
        { name: 'context', value: 'environment:prod:eu' },
      ]),
      'repository_owner_id:1001:environment:prod%3Aeu',
      false,
      GithubSubjectKind.CUSTOM,
      false,
    ],
    [
      'custom template with a workflow pin only',
      GithubSubject.fromClaims([{ name: 'job_workflow_ref', value: 'acme/automation/.github/workflows/oidc.yml@refs/heads/main' }]),
      'job_workflow_ref:acme/automation/.github/workflows/oidc.yml@refs/heads/main',
      false,
      GithubSubjectKind.CUSTOM,
      true,
    ],
  ])('%s renders its sub', (_name, subject, value, isPattern, kind, admitsPullRequests) => {
    expect(subject.value).toBe(value);
    expect(subject.isPattern).toBe(isPattern);
    expect(subject.kind).toBe(kind);
    expect(subject.admitsPullRequests).toBe(admitsPullRequests);
  });

  test('knows whether immutable ids are pinned', () => {
    expect(GithubSubject.branch(repo, 'main').pinsImmutableIds).toBe(false);
    expect(GithubSubject.branch(immutableRepo, 'main').pinsImmutableIds).toBe(true);
    expect(GithubSubject.fromClaims([{ name: 'repository_id', value: '5' }]).pinsImmutableIds).toBe(true);
    expect(immutableRepo.fullName).toBe('acme/infra');
  });

  test.each([
    ['owner wildcard', () => GithubRepository.named('*', 'infra'), /GithubRepository: invalid owner: received "\*"/],
    ['owner prefix wildcard', () => GithubRepository.named('acme*', 'infra'), /GithubRepository: invalid owner: received "acme\*"/],
    ['owner with slash', () => GithubRepository.named('acme/infra', 'x'), /invalid owner/],
    ['owner too long', () => GithubRepository.named('a'.repeat(40), 'x'), /invalid owner/],
    ['owner double hyphen', () => GithubRepository.named('ac--me', 'x'), /invalid owner/],
    ['repository wildcard', () => GithubRepository.named('acme', '*'), /GithubRepository: invalid name: received "\*"/],
    ['repository prefix wildcard', () => GithubRepository.named('acme', 'infra*'), /invalid name/],
    ['repository dot-dot', () => GithubRepository.named('acme', '..'), /invalid name/],
    ['non-numeric owner id', () => GithubRepository.withIds({ owner: 'acme', ownerId: '12a', name: 'x', repositoryId: '1' }), /GithubRepository: invalid ownerId: received "12a"/],
    ['wildcard repository id', () => GithubRepository.withIds({ owner: 'acme', ownerId: '1', name: 'x', repositoryId: '*' }), /invalid repositoryId/],
  ])('refuses a repository with %s', (_name, make, message) => {
    expect(() => rendered(make())).toThrow(message);
  });

  test.each([
    ['wildcard branch', () => GithubSubject.branch(repo, '*'), /GithubSubject: invalid branch: received "\*"; expected a git ref name/],
    ['branch with ?', () => GithubSubject.branch(repo, 'ma?n'), /invalid branch/],
    ['full ref as branch', () => GithubSubject.branch(repo, 'refs/heads/main'), /invalid branch/],
    ['branch with colon', () => GithubSubject.branch(repo, 'a:b'), /invalid branch/],
    ['branch with dot-dot', () => GithubSubject.branch(repo, 'a..b'), /invalid branch/],
    ['branch ending in .lock', () => GithubSubject.branch(repo, 'a.lock'), /invalid branch/],
    ['empty branch', () => GithubSubject.branch(repo, ''), /invalid branch/],
    ['policy variable', () => GithubSubject.branch(repo, '${aws:username}'), /GithubSubject: invalid branch: .*policy variable/],
    ['wildcard tag', () => GithubSubject.tag(repo, 'v*'), /GithubSubject: invalid tag: received "v\*"/],
    ['wildcard environment', () => GithubSubject.environment(repo, 'prod*'), /GithubSubject: invalid environment: received "prod\*"/],
    ['padded environment', () => GithubSubject.environment(repo, ' prod'), /invalid environment/],
    ['pattern without wildcard', () => GithubSubject.branchPattern(repo, 'main'), /GithubSubject: invalid branch pattern: received "main"; expected a pattern with at least one/],
    ['pattern with a space', () => GithubSubject.tagPattern(repo, 'v *'), /invalid tag pattern/],
    ['reusable workflow of a pattern', () => GithubSubject.reusableWorkflow(GithubSubject.branchPattern(repo, '*'), 'acme/a/.github/workflows/x.yml@refs/heads/main'), /GithubSubject: invalid caller/],
    ['reusable workflow of a pull request', () => GithubSubject.reusableWorkflow(GithubSubject.pullRequest(repo), 'acme/a/.github/workflows/x.yml@refs/heads/main'), /invalid caller/],
    ['unpinned workflow', () => GithubSubject.reusableWorkflow(GithubSubject.branch(repo, 'main'), 'acme/a/.github/workflows/x.yml'), /GithubSubject: invalid jobWorkflowRef: received "acme\/a\/.github\/workflows\/x.yml"; expected OWNER\/REPO\/.github\/workflows\/FILE.yml pinned/],
    ['workflow pinned to a short sha', () => GithubSubject.reusableWorkflow(GithubSubject.branch(repo, 'main'), 'acme/a/.github/workflows/x.yml@a1b2c3'), /invalid jobWorkflowRef/],
    ['workflow pinned to a pattern', () => GithubSubject.reusableWorkflow(GithubSubject.branch(repo, 'main'), 'acme/a/.github/workflows/x.yml@refs/heads/*'), /invalid jobWorkflowRef/],
    ['workflow of a wildcard owner', () => GithubSubject.reusableWorkflow(GithubSubject.branch(repo, 'main'), '*/a/.github/workflows/x.yml@refs/heads/main'), /invalid jobWorkflowRef/],
    ['workflow outside .github/workflows', () => GithubSubject.reusableWorkflow(GithubSubject.branch(repo, 'main'), 'acme/a/ci/x.yml@refs/heads/main'), /invalid jobWorkflowRef/],
    ['no claims', () => GithubSubject.fromClaims([]), /GithubSubject: invalid claims: received \[\]/],
    [
      'only attacker-chosen claims',
      () => GithubSubject.fromClaims([{ name: 'context', value: 'environment:prod' }, { name: 'actor', value: 'octocat' }]),
      /GithubSubject: invalid claims: received \["context","actor"\]; expected a template that includes at least one of repo, .*can be produced by any repository/,
    ],
    ['wildcard repo claim', () => GithubSubject.fromClaims([{ name: 'repo', value: 'acme/*' }]), /GithubSubject: invalid claim repo: received "acme\/\*"/],
    ['wildcard owner id claim', () => GithubSubject.fromClaims([{ name: 'repository_owner_id', value: '1*' }]), /invalid claim repository_owner_id/],
    ['malformed repo claim', () => GithubSubject.fromClaims([{ name: 'repo', value: 'acme' }]), /invalid claim repo: received "acme"; expected OWNER\/REPO/],
    ['duplicate claim', () => GithubSubject.fromClaims([{ name: 'repo', value: 'a/b' }, { name: 'repo', value: 'a/c' }]), /invalid claims\[\].name/],
    ['bad context', () => GithubSubject.fromClaims([{ name: 'repo', value: 'a/b' }, { name: 'context', value: 'branch:main' }]), /invalid claim context/],
    ['unpinned workflow claim', () => GithubSubject.fromClaims([{ name: 'job_workflow_ref', value: 'a/b/.github/workflows/x.yml@main' }]), /invalid jobWorkflowRef/],
  ])('refuses a subject with %s', (_name, make, message) => {
    expect(() => rendered(make())).toThrow(message);
  });
});

describe('deploy-time values in subjects', () => {
  const token = (value: string) => Lazy.string({ produce: () => value });

  test('pass through in exact subjects, and the role synthesizes with them', () => {
    // GIVEN owner, repository, ids, branch, environment and workflow pin from deploy-time values
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    const named = GithubRepository.named(token('acme'), token('infra'));
    const pinned = GithubRepository.withIds({ owner: 'acme', ownerId: token('1'), name: 'infra', repositoryId: token('2') });

    // WHEN
    new GithubActionsRole(stack, 'Role', {
      provider,
      subjects: [
        GithubSubject.branch(named, token('main')),
        GithubSubject.environment(pinned, token('prod')),
        GithubSubject.reusableWorkflow(GithubSubject.tag(named, 'v1'), token('acme/ci/.github/workflows/d.yml@refs/heads/main')),
        GithubSubject.fromClaims([{ name: 'repository_id', value: token('5') }, { name: 'context', value: 'environment:prod' }]),
      ],
    });

    // THEN the values arrive resolved, under StringEquals
    expect(named.containsTokens).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              StringEquals: Match.objectLike({
                [`${HOST}:sub`]: Match.arrayWith([
                  'repo:acme/infra:ref:refs/heads/main',
                  'repo:acme@1/infra@2:environment:prod',
                  'repository_id:5:environment:prod',
                ]),
              }),
            },
          }),
        ],
      },
    });
  });

  test.each([
    ['a branch pattern of a deploy-time repository', () => GithubSubject.branchPattern(GithubRepository.named(token('acme'), 'infra'), 'release/*'), /GithubSubject: invalid repository: .*expected a literal string in a pattern subject/],
    ['a deploy-time branch pattern', () => GithubSubject.branchPattern(GithubRepository.named('acme', 'infra'), token('*')), /GithubSubject: invalid branch pattern: .*deploy-time "\*" in it would widen the trust/],
    ['a deploy-time tag pattern', () => GithubSubject.tagPattern(GithubRepository.named('acme', 'infra'), token('v*')), /invalid tag pattern/],
    ['any context of a deploy-time repository', () => GithubSubject.anyContextOfRepository(GithubRepository.withIds({ owner: 'acme', ownerId: token('1'), name: 'infra', repositoryId: '2' })), /invalid repository/],
    ['a custom pattern template with a deploy-time claim', () => GithubSubject.fromClaims([{ name: 'repo', value: token('acme/infra') }, { name: 'context', value: 'ref:refs/heads/*' }]), /GithubSubject: invalid claim repo: .*literal string in a pattern subject/],
  ])('are refused in %s', (_name, make, message) => {
    expect(() => rendered(make())).toThrow(message);
  });
});

describe('GithubActionsPrincipal and GithubActionsRole', () => {
  test('exact subjects under StringEquals with aud, patterns in a StringLike statement, only AssumeRoleWithWebIdentity', () => {
    // GIVEN
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');

    // WHEN
    new GithubActionsRole(stack, 'Role', {
      provider,
      subjects: [GithubSubject.branch(repo, 'main'), GithubSubject.environment(repo, 'prod'), GithubSubject.branchPattern(repo, 'release/*')],
    });

    // THEN
    const providerRef = { Ref: Match.stringLikeRegexp('^Github') };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Sid: 'GithubActionsExactSubjects',
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: providerRef },
            Condition: {
              StringEquals: {
                [`${HOST}:aud`]: 'sts.amazonaws.com',
                [`${HOST}:sub`]: ['repo:acme/infra:environment:prod', 'repo:acme/infra:ref:refs/heads/main'],
              },
            },
          },
          {
            Sid: 'GithubActionsSubjectPatterns',
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: providerRef },
            Condition: {
              StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
              StringLike: { [`${HOST}:sub`]: 'repo:acme/infra:ref:refs/heads/release/*' },
            },
          },
        ],
      },
    });
  });

  test('deduplicates, and drops exact subjects a pattern already matches', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    const principal = new GithubActionsPrincipal(provider, {
      subjects: [
        GithubSubject.branch(repo, 'release/1'),
        GithubSubject.branch(repo, 'main'),
        GithubSubject.branch(repo, 'main'),
        GithubSubject.branchPattern(repo, 'release/*'),
      ],
    });
    expect(principal.exactSubjects).toEqual(['repo:acme/infra:ref:refs/heads/main']);
    expect(principal.subjectPatterns).toEqual(['repo:acme/infra:ref:refs/heads/release/*']);
  });

  test('an enterprise issuer puts the slug in every condition key', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github', { issuer: GithubIssuer.enterprise('acme') });
    new GithubActionsRole(stack, 'Role', { provider, subjects: [GithubSubject.branch(repo, 'main')] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: { StringEquals: { [`${HOST}/acme:aud`]: 'sts.amazonaws.com', [`${HOST}/acme:sub`]: 'repo:acme/infra:ref:refs/heads/main' } },
          }),
        ],
      },
    });
  });

  test('can be used directly as the assumedBy of an iam.Role', () => {
    const stack = newStack();
    const provider = GithubOidcProvider.fromAccount(stack, 'Github');
    new iam.Role(stack, 'Role', { assumedBy: new GithubActionsPrincipal(provider, { subjects: [GithubSubject.tag(repo, 'v1')] }) });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: Match.objectLike({ [`${HOST}:sub`]: 'repo:acme/infra:ref:refs/tags/v1' }) } })],
      },
    });
  });

  test('refuses an empty subject list', () => {
    const provider = GithubOidcProvider.fromAccount(newStack(), 'Github');
    expect(() => new GithubActionsPrincipal(provider, { subjects: [] })).toThrow(
      /GithubActionsPrincipal: invalid subjects: received \[\]; expected at least one GithubSubject. A trust without a sub condition admits every GitHub repository/,
    );
  });

  test('refuses audiences the provider does not accept, accepts a subset', () => {
    const provider = new GithubOidcProvider(newStack(), 'Github', { audiences: ['sts.amazonaws.com', 'custom'] });
    expect(() => new GithubActionsPrincipal(provider, { subjects: [GithubSubject.branch(repo, 'main')], audiences: ['other'] })).toThrow(
      /GithubActionsPrincipal: invalid audiences: received \["other"\]; expected a non-empty subset of the provider's audiences \["sts.amazonaws.com","custom"\]/,
    );
    expect(() => new GithubActionsPrincipal(provider, { subjects: [GithubSubject.branch(repo, 'main')], audiences: [] })).toThrow(/invalid audiences/);
    const ok = new GithubActionsPrincipal(provider, { subjects: [GithubSubject.branch(repo, 'main')], audiences: ['custom'] });
    expect(ok.audiences).toEqual(['custom']);
  });

  test('refuses immutable subjects on GitHub Enterprise Server, accepts names there', () => {
    const provider = new GithubOidcProvider(newStack(), 'Github', { issuer: GithubIssuer.enterpriseServer('github.example.com') });
    expect(() => new GithubActionsPrincipal(provider, { subjects: [GithubSubject.branch(immutableRepo, 'main')] })).toThrow(
      /GithubActionsPrincipal: invalid subjects: received "repo:acme@1001\/infra@2002:ref:refs\/heads\/main"; expected name-only repositories/,
    );
    expect(new GithubActionsPrincipal(provider, { subjects: [GithubSubject.branch(repo, 'main')] }).exactSubjects).toHaveLength(1);
  });

  test('refuses a principal fragment that would need two statements', () => {
    const provider = GithubOidcProvider.fromAccount(newStack(), 'Github');
    const principal = new GithubActionsPrincipal(provider, { subjects: [GithubSubject.branch(repo, 'main'), GithubSubject.tagPattern(repo, 'v*')] });
    expect(() => principal.policyFragment).toThrow(/GithubActionsPrincipal: invalid subjects/);
  });

  test('warns when repositories are pinned by name only, not when ids are pinned', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    new GithubActionsRole(stack, 'Named', { provider, subjects: [GithubSubject.branch(repo, 'main')] });
    new GithubActionsRole(stack, 'Pinned', { provider, subjects: [GithubSubject.branch(immutableRepo, 'main')] });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Stack/Named', Match.stringLikeRegexp('pin the repository by name only'));
    annotations.hasNoWarning('/Stack/Pinned', Match.anyValue());
  });

  test.each([
    ['role name too long', { roleName: 'r'.repeat(65) }, /GithubActionsRole \(Stack\/Role\): invalid roleName: received "r{65}"/],
    ['role name with a space', { roleName: 'a b' }, /invalid roleName/],
    ['path without slashes', { path: 'deploy' }, /GithubActionsRole \(Stack\/Role\): invalid path: received "deploy"/],
    ['path with a space', { path: '/a b/' }, /invalid path/],
    ['session too short', { maxSessionDuration: Duration.minutes(30) }, /invalid maxSessionDuration: received "1800 seconds"; expected between 1 hour/],
    ['session too long', { maxSessionDuration: Duration.hours(13) }, /invalid maxSessionDuration/],
    ['trust limit below default', { maxTrustPolicySize: 1000 }, /invalid maxTrustPolicySize: received 1000; expected a whole number from 2048/],
    ['trust limit above quota', { maxTrustPolicySize: 8192 }, /invalid maxTrustPolicySize/],
  ])('refuses %s', (_name, props, message) => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    expect(() => new GithubActionsRole(stack, 'Role', { provider, subjects: [GithubSubject.branch(repo, 'main')], ...props })).toThrow(message);
  });

  test('accepts valid IAM names and passes tokens through', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    new GithubActionsRole(stack, 'Role', {
      provider,
      subjects: [GithubSubject.branch(repo, 'main')],
      roleName: Lazy.string({ produce: () => 'from-parameter' }),
      path: '/landing-zone/deploy/',
      maxSessionDuration: Duration.hours(12),
      maxTrustPolicySize: 4096,
    });
    new GithubActionsRole(stack, 'Role2', { provider, subjects: [GithubSubject.branch(repo, 'main')], roleName: 'a+=,.@_-b', path: Lazy.string({ produce: () => '/p/' }) });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { RoleName: 'from-parameter', Path: '/landing-zone/deploy/', MaxSessionDuration: 43200 });
  });

  test('fails synthesis past the trust policy limit, naming the measured size and the limit', () => {
    // GIVEN 60 repositories' main branches: about 2,700 characters
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    const subjects = Array.from({ length: 60 }, (_, i) => GithubSubject.branch(GithubRepository.named('acme', `service-${String(i).padStart(2, '0')}`), 'main'));

    // WHEN
    new GithubActionsRole(stack, 'Role', { provider, subjects });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/GithubActionsRole: the trust policy measures (\d{4}) characters as IAM counts them.*over the limit of 2048/);
  });

  test('the same subjects fit once the limit is raised to the quota', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    const subjects = Array.from({ length: 60 }, (_, i) => GithubSubject.branch(GithubRepository.named('acme', `service-${String(i).padStart(2, '0')}`), 'main'));
    const role = new GithubActionsRole(stack, 'Role', { provider, subjects, maxTrustPolicySize: 4096 });
    expect(() => Template.fromStack(stack)).not.toThrow();
    const size = measurePolicySize(role, role.assumeRolePolicy).characters;
    expect(size).toBeGreaterThan(2048);
    expect(size).toBeLessThanOrEqual(4096);
  });

  describe('re-reads the final trust policy', () => {
    /** A role trusting acme/infra main, plus one statement added afterwards through the provider. */
    const withAddedStatement = (conditions: Record<string, unknown>, actions = ['sts:AssumeRoleWithWebIdentity']) => {
      const stack = newStack();
      const provider = new GithubOidcProvider(stack, 'Github');
      const role = new GithubActionsRole(stack, 'Role', { provider, subjects: [GithubSubject.branch(repo, 'main')] });
      role.assumeRolePolicy!.addStatements(
        new iam.PolicyStatement({
          actions,
          principals: [new iam.FederatedPrincipal(provider.oidcProviderArn, {}, 'sts:AssumeRoleWithWebIdentity')],
          conditions,
        }),
      );
      return () => Template.fromStack(stack);
    };

    test.each([
      ['no sub', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' } }, /LZ-GH1: Stack\/Role\/Resource trusts GitHub Actions unsafely: statement 1 has no StringEquals or StringLike condition on the token.s sub/],
      ['no aud', { StringEquals: { [`${HOST}:sub`]: 'repo:acme/infra:ref:refs/heads/main' } }, /statement 1 has no StringEquals condition on the token's aud/],
      ['a wildcard owner', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: 'repo:acme*' } }, /does not pin one repository/],
      ['a wildcard repository', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: 'repo:acme/*' } }, /owner\/repository part "acme\/\*"/],
      ['sub "*"', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: '*' } }, /pins no repository, owner or reusable workflow/],
      ['ForAllValues on sub', { 'StringEquals': { [`${HOST}:aud`]: 'sts.amazonaws.com' }, 'ForAllValues:StringLike': { [`${HOST}:sub`]: 'repo:acme/infra:*' } }, /uses ForAllValues:StringLike on token.actions.githubusercontent.com:sub/],
      ['a deploy-time StringLike pattern', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: Fn.join('', ['repo:', Aws.ACCOUNT_ID, '/*']) } }, /the sub pattern .* is a deploy-time value/],
      ['ForAnyValue on aud', { 'ForAnyValue:StringEquals': { [`${HOST}:aud`]: 'sts.amazonaws.com' }, 'StringEquals': { [`${HOST}:sub`]: 'repo:acme/infra:pull_request' } }, /uses ForAnyValue:StringEquals on token.actions.githubusercontent.com:aud/],
      ['another issuer prefix', { StringEquals: { [`${HOST}/acme:aud`]: 'sts.amazonaws.com', [`${HOST}/acme:sub`]: 'repo:acme/infra:pull_request' } }, /checks token.actions.githubusercontent.com\/acme:aud with StringEquals, a key the provider never issues \(its tokens carry token.actions.githubusercontent.com:aud\): the condition is unmet/],
      ['claims without a repository anchor', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:environment`]: 'prod', [`${HOST}:ref`]: 'refs/heads/main' } }, /no StringEquals on its repository_id \(or repository\)/],
      ['an owner-wide claim trust', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_owner`]: 'acme', [`${HOST}:environment`]: 'prod' } }, /any GitHub repository could assume the role/],
      ['StringLike on repository', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:environment`]: 'prod' }, StringLike: { [`${HOST}:repository`]: 'acme/*' } }, /matches token.actions.githubusercontent.com:repository with StringLike/],
      ['StringLike "*" on an environment claim', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: '2002' }, StringLike: { [`${HOST}:environment`]: '*' } }, /matches token.actions.githubusercontent.com:environment with StringLike/],
      ['IfExists on repository_id', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringEqualsIfExists: { [`${HOST}:repository_id`]: '2002' } }, /a token without the claim passes it/],
      ['ForAnyValue on repository_id', { 'StringEquals': { [`${HOST}:aud`]: 'sts.amazonaws.com' }, 'ForAnyValue:StringEquals': { [`${HOST}:repository_id`]: '2002' } }, /uses ForAnyValue:StringEquals on token.actions.githubusercontent.com:repository_id/],
      ['a non-numeric repository_id', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: 'acme' } }, /any GitHub repository could assume the role/],
      ['a claim of another issuer', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}/acme:repository_id`]: '2002' } }, /checks token.actions.githubusercontent.com\/acme:repository_id/],
    ])('fails synthesis for a statement with %s', (_name, conditions, message) => {
      expect(withAddedStatement(conditions)).toThrow(message);
    });

    test('fails synthesis for a statement that also allows sts:TagSession', () => {
      const conditions = { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: 'repo:acme/infra:ref:refs/heads/dev' } };
      expect(withAddedStatement(conditions, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'])).toThrow(/also allows sts:TagSession/);
    });

    test('accepts a safe statement added later', () => {
      const conditions = { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: 'repo:acme/infra:ref:refs/heads/dev' } };
      expect(withAddedStatement(conditions)).not.toThrow();
    });

    test.each([
      ['repository_id and an environment', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: '2002', [`${HOST}:environment`]: 'prod' } }],
      ['repository and a ref', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository`]: 'acme/infra', [`${HOST}:ref`]: 'refs/heads/main' } }],
      ['a deploy-time repository_id', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: Aws.ACCOUNT_ID } }],
      ['a context-only sub pinned by repository_id', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: '2002', [`${HOST}:sub`]: 'environment:prod' } }],
    ])('accepts a claim trust added later: %s', (_name, conditions) => {
      expect(withAddedStatement(conditions)).not.toThrow();
    });
  });
});

describe('GitHub claim conditions', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  const workflow = `acme/automation/.github/workflows/deploy.yml@${sha}`;
  const namedWithIds = GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: '2002' });

  test('a claim subject carries its facts: repository id, environment, ref, workflow', () => {
    const subject = GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: 'prod', ref: 'refs/heads/main', jobWorkflowRef: workflow });
    expect(subject.kind).toBe(GithubSubjectKind.CLAIMS);
    expect(subject.checksSub).toBe(false);
    expect(subject.claimConditions).toEqual({ repository_id: '2002', environment: 'prod', ref: 'refs/heads/main', job_workflow_ref: workflow });
    expect(subject.pinnedEnvironment).toBe('prod');
    expect(subject.pinnedRef).toBe('refs/heads/main');
    expect(subject.anchorsRepository).toBe(true);
    expect(subject.pinsImmutableIds).toBe(true);
    expect(subject.admitsPullRequests).toBe(false);
    expect(subject.value).toBe(`claims(repository_id=2002, environment=prod, ref=refs/heads/main, job_workflow_ref=${workflow})`);
  });

  test('a ref or a workflow without an environment is obtainable by pull requests (pull_request_target carries the base ref)', () => {
    expect(GithubSubject.fromClaimConditions({ repository: immutableRepo, ref: 'refs/heads/main' }).admitsPullRequests).toBe(true);
    expect(GithubSubject.fromClaimConditions({ repository: immutableRepo, jobWorkflowRef: workflow }).admitsPullRequests).toBe(true);
    expect(GithubSubject.pullRequest(repo).withClaimConditions({ environment: 'prod' }).admitsPullRequests).toBe(false);
  });

  test.each([
    ['a repository without ids', () => GithubSubject.fromClaimConditions({ repository: repo, environment: 'prod' }), /GithubSubject: invalid repository: received "acme\/infra"; expected a repository with its ids/],
    ['no context at all', () => GithubSubject.fromClaimConditions({ repository: immutableRepo }), /invalid environment, ref, jobWorkflowRef: received nothing \(undefined\); expected at least one of them/],
    ['a wildcard environment', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: 'prod*' }), /invalid environment: received "prod\*"/],
    ['a short ref', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, ref: 'main' }), /invalid ref: received "main"; expected a full branch or tag ref/],
    ['a wildcard ref', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, ref: 'refs/heads/release/*' }), /invalid ref: received "release\/\*"/],
    ['a pull request ref', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, ref: 'refs/pull/1/merge' }), /invalid ref: received "refs\/pull\/1\/merge"/],
    ['an unpinned workflow', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, jobWorkflowRef: 'acme/automation/.github/workflows/deploy.yml@main' }), /invalid jobWorkflowRef/],
    ['a short sha', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, jobWorkflowRef: 'acme/automation/.github/workflows/deploy.yml@0123abc' }), /invalid jobWorkflowRef/],
    ['a policy variable', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: '${aws:username}' }), /invalid environment: received "\$\{aws:username\}"/],
    ['a second value for a claim', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, jobWorkflowRef: workflow }).withClaimConditions({ jobWorkflowRef: workflow.replace(sha, 'f'.repeat(40)) }), /invalid claim job_workflow_ref: received ".*"; expected the value the subject already requires \(".*"\)/],
    ['another environment on a claim subject', () => GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: 'prod' }).withClaimConditions({ environment: 'staging' }), /invalid conditions: received \{"environment":"staging"\}; expected claims that a token matching "claims\(repository_id=2002, environment=prod\)" can carry/],
    ['withClaimConditions without a condition', () => GithubSubject.branch(repo, 'main').withClaimConditions({}), /invalid conditions: received \{\}; expected at least one of environment, ref, jobWorkflowRef/],
    ['an environment claim on a branch subject', () => GithubSubject.branch(repo, 'main').withClaimConditions({ environment: 'prod' }), /invalid conditions: received \{"environment":"prod"\}; expected claims that a token matching "repo:acme\/infra:ref:refs\/heads\/main" can carry/],
    ['another environment than the subject\'s', () => GithubSubject.environment(repo, 'prod').withClaimConditions({ environment: 'staging' }), /expected claims that a token matching "repo:acme\/infra:environment:prod" can carry/],
    ['another ref than the subject\'s', () => GithubSubject.tag(repo, 'v1').withClaimConditions({ ref: 'refs/heads/main' }), /expected claims that a token matching/],
    ['a non-numeric id', () => GithubRepository.namedWithIds({ owner: 'acme', ownerId: 'x', name: 'infra', repositoryId: '2002' }), /GithubRepository: invalid ownerId: received "x"/],
  ])('refuses %s', (_name, make, message) => {
    expect(() => rendered(make())).toThrow(message);
  });

  test('accepts exact values, a tag ref, a workflow pinned to a branch or tag, and deploy-time values', () => {
    const deployTime = Lazy.string({ produce: () => 'prod' });
    expect(GithubSubject.fromClaimConditions({ repository: immutableRepo, ref: 'refs/tags/v1.2.3' }).pinnedRef).toBe('refs/tags/v1.2.3');
    expect(GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: 'prod', jobWorkflowRef: 'acme/automation/.github/workflows/deploy.yml@refs/tags/v1' }).claimConditions.job_workflow_ref).toMatch(/@refs\/tags\/v1$/);
    expect(GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: deployTime }).claimConditions.environment).toBe(deployTime);
    const pinnedRepo = GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1001', name: 'infra', repositoryId: Lazy.string({ produce: () => '2002' }) });
    expect(Token.isUnresolved(GithubSubject.branch(pinnedRepo, 'main').claimConditions.repository_id)).toBe(true);
  });

  test('accepts claims a matching token can carry: a ref on an environment subject, the same environment again, a workflow on a branch', () => {
    expect(GithubSubject.environment(repo, 'prod').withClaimConditions({ ref: 'refs/heads/main' }).claimConditions).toEqual({ ref: 'refs/heads/main' });
    expect(GithubSubject.environment(repo, 'prod').withClaimConditions({ environment: 'prod' }).pinnedEnvironment).toBe('prod');
    expect(GithubSubject.branch(repo, 'main').withClaimConditions({ ref: 'refs/heads/main', jobWorkflowRef: workflow }).claimConditions.job_workflow_ref).toBe(workflow);
  });

  test('namedWithIds: a name-based sub, and repository_id required beside it', () => {
    const subject = GithubSubject.branch(namedWithIds, 'main');
    expect(subject.value).toBe('repo:acme/infra:ref:refs/heads/main');
    expect(subject.claimConditions).toEqual({ repository_id: '2002' });
    expect(subject.pinsImmutableIds).toBe(true);
    expect(namedWithIds.pinsIdByClaim).toBe(true);
    expect(immutableRepo.pinsIdByClaim).toBe(false);
    expect(GithubSubject.branch(immutableRepo, 'main').claimConditions).toEqual({});
  });

  test('the role writes one statement per claim set, exact values under StringEquals with aud, and synthesizes without warning', () => {
    // GIVEN
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');

    // WHEN
    new GithubActionsRole(stack, 'Role', {
      provider,
      subjects: [
        GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: 'prod', jobWorkflowRef: workflow }),
        GithubSubject.branch(namedWithIds, 'main'),
        GithubSubject.tag(namedWithIds, 'v1'),
        GithubSubject.environment(immutableRepo, 'staging'),
      ],
    });

    // THEN
    const template = Template.fromStack(stack);
    const statements = Object.values<any>(template.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument.Statement;
    expect(statements.map((s: any) => s.Sid)).toEqual(['GithubActionsExactSubjects', 'GithubActionsClaims1', 'GithubActionsClaims2']);
    expect(statements[0].Condition).toEqual({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: 'repo:acme@1001/infra@2002:environment:staging' } });
    expect(statements.slice(1).map((s: any) => s.Condition)).toEqual(
      expect.arrayContaining([
        { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: '2002', [`${HOST}:environment`]: 'prod', [`${HOST}:job_workflow_ref`]: workflow } },
        {
          StringEquals: {
            [`${HOST}:aud`]: 'sts.amazonaws.com',
            [`${HOST}:repository_id`]: '2002',
            [`${HOST}:sub`]: ['repo:acme/infra:ref:refs/heads/main', 'repo:acme/infra:ref:refs/tags/v1'],
          },
        },
      ]),
    );
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a principal used outside a role refuses subjects that need two statements', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    const principal = new GithubActionsPrincipal(provider, { subjects: [GithubSubject.branch(repo, 'main'), GithubSubject.branch(namedWithIds, 'main')] });
    expect(() => principal.policyFragment).toThrow(/each set of claim conditions need statements of their own/);
    const single = new GithubActionsPrincipal(provider, { subjects: [GithubSubject.fromClaimConditions({ repository: immutableRepo, environment: 'prod' })] });
    expect(stack.resolve(single.policyFragment.conditions)).toEqual({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: '2002', [`${HOST}:environment`]: 'prod' } });
  });

  test('a sub pattern drops only the exact subjects whose claims it also requires', () => {
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');
    const principal = new GithubActionsPrincipal(provider, {
      subjects: [GithubSubject.branchPattern(namedWithIds, 'release/*'), GithubSubject.branch(namedWithIds, 'release/1'), GithubSubject.branch(repo, 'release/2')],
    });
    expect(principal.subjects.map((s) => s.value)).toEqual(['repo:acme/infra:ref:refs/heads/release/2', 'repo:acme/infra:ref:refs/heads/release/*']);
  });
});

describe('switching a repository to immutable subjects', () => {
  test('both forms are trusted, the name-based one pinned by repository_id, with a warning naming the repository', () => {
    // GIVEN
    const stack = newStack();
    const provider = new GithubOidcProvider(stack, 'Github');

    // WHEN
    new GithubActionsRole(stack, 'Role', { provider, subjects: [GithubSubject.branch(immutableRepo.acceptingNameBasedSubjects(), 'main')] });

    // THEN
    const statements = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument.Statement;
    expect(statements.map((s: any) => s.Condition)).toEqual([
      { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: 'repo:acme@1001/infra@2002:ref:refs/heads/main' } },
      { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:repository_id`]: '2002', [`${HOST}:sub`]: 'repo:acme/infra:ref:refs/heads/main' } },
    ]);
    Annotations.fromStack(stack).hasWarning('/Stack/Role', Match.stringLikeRegexp('accepts both the immutable .* subjects of acme/infra'));
  });

  test('refuses acceptingNameBasedSubjects on a repository without ids', () => {
    expect(() => rendered(repo.acceptingNameBasedSubjects())).toThrow(/GithubRepository: invalid acceptingNameBasedSubjects: received "acme\/infra"; expected a repository pinned by its ids/);
  });

  test('a role without both forms does not warn about them', () => {
    const stack = newStack();
    new GithubActionsRole(stack, 'Role', { provider: new GithubOidcProvider(stack, 'Github'), subjects: [GithubSubject.branch(immutableRepo, 'main')] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('accepts both'));
  });
});

describe('GithubIdentityPerimeter', () => {
  const make = (props: Partial<GithubIdentityPerimeterProps>) => () =>
    new GithubIdentityPerimeter(newStack(), 'Perimeter', { targetIds: ['r-ab12'], enterpriseIds: ['4242'], ...props });

  test('writes one RCP denying AssumeRoleWithWebIdentity on foreign GitHub tokens, attached to the targets', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    new GithubIdentityPerimeter(stack, 'Perimeter', {
      targetIds: ['r-ab12', 'ou-ab12-abcdefgh'],
      enterpriseIds: ['4242'],
      allowedOwners: ['acme'],
      issuers: [GithubIssuer.github(), GithubIssuer.enterprise('acme')],
    });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::Organizations::Policy', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', {
      Type: 'RESOURCE_CONTROL_POLICY',
      TargetIds: ['r-ab12', 'ou-ab12-abcdefgh'],
      Content: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyForeignGithubTokens',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Resource: '*',
            Condition: {
              Null: { [`${HOST}:sub`]: 'false' },
              StringNotEquals: { [`${HOST}:enterprise_id`]: ['4242'] },
              StringNotLike: { [`${HOST}:repository`]: ['acme/*'] },
            },
          },
          Match.objectLike({ Sid: 'DenyForeignGithubTokens2', Condition: Match.objectLike({ Null: { [`${HOST}/acme:sub`]: 'false' } }) }),
        ],
      },
    });
  });

  test.each([
    ['no enterprise and no owner', { enterpriseIds: [] }, /GithubIdentityPerimeter \(Stack\/Perimeter\): invalid enterpriseIds, allowedOwners: received \[\]; expected at least one enterprise id or owner/],
    ['a non-numeric enterprise id', { enterpriseIds: ['acme'] }, /invalid enterpriseIds: received "acme"/],
    ['a wildcard owner', { allowedOwners: ['acme*'] }, /invalid allowedOwners: received "acme\*"/],
    ['a deploy-time owner', { allowedOwners: [Lazy.string({ produce: () => '*' })] }, /invalid allowedOwners: .*expected owner names known at synthesis/],
    ['no target', { targetIds: [] }, /invalid targetIds: received \[\]/],
    ['a malformed target', { targetIds: ['o-a1b2c3d4e5'] }, /invalid targetIds: received "o-a1b2c3d4e5"/],
    ['an exemption that is not a role ARN', { exemptRoleArns: ['*'] }, /invalid exemptRoleArns: received "\*"/],
    ['an exemption with a wildcard name', { exemptRoleArns: ['arn:aws:iam::*:role/deploy*'] }, /invalid exemptRoleArns: received "arn:aws:iam::\*:role\/deploy\*"/],
    ['a deploy-time exemption', { exemptRoleArns: [Lazy.string({ produce: () => '*' })] }, /invalid exemptRoleArns: .*expected role ARNs known at synthesis/],
  ])('refuses %s', (_name, props, message) => {
    expect(make(props)).toThrow(message);
  });

  test('accepts owners only, deploy-time enterprise ids, accounts as targets and exempt role paths', () => {
    expect(make({ enterpriseIds: undefined, allowedOwners: ['acme', 'acme-labs'] })).not.toThrow();
    expect(make({ enterpriseIds: [Lazy.string({ produce: () => '4242' })], targetIds: ['111111111111'] })).not.toThrow();
    expect(make({ exemptRoleArns: ['arn:aws:iam::111111111111:role/partner/*', 'arn:aws:iam::*:role/ingest'] })).not.toThrow();
  });
});
