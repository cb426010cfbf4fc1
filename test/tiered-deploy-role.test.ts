import { Duration, Lazy, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DeployTier, GithubOidcProvider, GithubRepository, GithubSubject, PermissionBoundary, TieredDeployRole } from '../src';
import { ACCOUNT, REGION, platform, setup, shop } from './support/tiered-deploy-role-estate';

describe('TieredDeployRole defaults', () => {
  test.each([
    [DeployTier.BOOTSTRAP, GithubSubject.environment(platform, 'bootstrap'), 'landing-zone-bootstrap-deploy'],
    [DeployTier.BASE, GithubSubject.environment(platform, 'base'), 'landing-zone-base-deploy'],
    [DeployTier.INFRASTRUCTURE, GithubSubject.branch(platform, 'main'), 'landing-zone-infrastructure-deploy'],
    [DeployTier.SERVICES, GithubSubject.branchPattern(shop, 'release/*'), 'landing-zone-services-deploy'],
  ])('%s: boundary attached, protected path, assumes only the named CDK bootstrap roles', (tier, subject, roleName) => {
    // GIVEN
    const { stack, provider, boundary } = setup();

    // WHEN
    new TieredDeployRole(stack, 'Role', { tier, provider, subjects: [subject], boundary });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: roleName,
      Path: '/landing-zone/',
      PermissionsBoundary: { Ref: stack.resolve((boundary.node.findChild('Resource').node.defaultChild as iam.CfnManagedPolicy).logicalId) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AssumeCdkBootstrapRoles',
            Effect: 'Allow',
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Resource: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((kind) => ({
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/cdk-hnb659fds-${kind}-role-${ACCOUNT}-${REGION}`]],
            })),
          },
        ],
      },
    });
    const admin = Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }]);
    if (tier === DeployTier.BOOTSTRAP) {
      template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: admin });
      Annotations.fromStack(stack).hasInfo('/Stack/Role', Match.stringLikeRegexp('AdministratorAccess capped by the permissions boundary'));
    } else {
      template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    }
  });

  test.each([
    [DeployTier.BOOTSTRAP, 'landing-zone-bootstrap-deploy'],
    [DeployTier.BASE, 'landing-zone-base-deploy'],
    [DeployTier.INFRASTRUCTURE, 'landing-zone-infrastructure-deploy'],
    [DeployTier.SERVICES, 'landing-zone-services-deploy'],
  ])('defaultRoleName(%s) is the name the role gets without roleName', (tier, roleName) => {
    expect(TieredDeployRole.defaultRoleName(tier)).toBe(roleName);
  });

  test('uses the qualifier, extra statements and managed policies given, and passes a token qualifier through', () => {
    const { stack, provider, boundary } = setup();
    new TieredDeployRole(stack, 'Role', {
      tier: DeployTier.INFRASTRUCTURE,
      provider,
      subjects: [GithubSubject.branch(platform, 'main')],
      boundary,
      cdkQualifier: 'lzinfra',
      additionalStatements: [new iam.PolicyStatement({ actions: ['route53:ListHostedZones'], resources: ['*'] })],
      managedPolicies: [iam.ManagedPolicy.fromManagedPolicyName(stack, 'ReadDns', 'read-dns')],
      maxSessionDuration: Duration.hours(2),
    });
    new TieredDeployRole(stack, 'Role2', {
      tier: DeployTier.SERVICES,
      provider,
      subjects: [GithubSubject.branch(shop, 'main')],
      boundary,
      cdkQualifier: Lazy.string({ produce: () => 'fromparam' }),
      roleName: 'shop-deploy',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/cdk-lzinfra-deploy-role-${ACCOUNT}-${REGION}`]] }]) }),
          Match.objectLike({ Action: 'route53:ListHostedZones' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'landing-zone-infrastructure-deploy', MaxSessionDuration: 7200, ManagedPolicyArns: Match.anyValue() });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'shop-deploy' });
  });
});

const platformIds = GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1001', name: 'platform', repositoryId: '2002' });

describe('TieredDeployRole refusals', () => {
  const make = (tier: DeployTier, subjects: GithubSubject[], extra: object = {}) => () => {
    const { stack, provider, boundary } = setup();
    new TieredDeployRole(stack, 'Role', { tier, provider, subjects, boundary, ...extra });
  };

  test.each([
    [DeployTier.BOOTSTRAP, GithubSubject.branch(platform, 'main'), /TieredDeployRole \(Stack\/Role\): invalid subjects \(tier BOOTSTRAP\): received "repo:acme\/platform:ref:refs\/heads\/main"; expected an environment subject/],
    [DeployTier.BOOTSTRAP, GithubSubject.tag(platform, 'v1'), /expected an environment subject/],
    [DeployTier.BASE, GithubSubject.branchPattern(platform, 'release/*'), /invalid subjects \(tier BASE\).*expected an exact subject/],
    [DeployTier.INFRASTRUCTURE, GithubSubject.tagPattern(platform, 'v*'), /invalid subjects \(tier INFRASTRUCTURE\).*tier 3 never trusts patterns/],
    [DeployTier.BASE, GithubSubject.pullRequest(platform), /invalid subjects \(tier BASE\): received "repo:acme\/platform:pull_request"; expected a subject no pull request workflow can obtain/],
    [DeployTier.SERVICES, GithubSubject.pullRequest(shop), /invalid subjects \(tier SERVICES\).*no pull request/],
    [DeployTier.SERVICES, GithubSubject.anyContextOfRepository(shop), /invalid subjects \(tier SERVICES\): received "repo:acme\/shop:\*"/],
    // Custom sub templates: every branch of a repository (event name only), one branch of every repository of an owner.
    [DeployTier.BASE, GithubSubject.fromClaims([{ name: 'repo', value: 'acme/platform' }, { name: 'event_name', value: 'push' }]), /tier 2 never trusts every workflow of a repository/],
    [DeployTier.BASE, GithubSubject.fromClaims([{ name: 'repository_owner', value: 'acme' }, { name: 'context', value: 'ref:refs/heads/main' }]), /expected a subject that pins one repository by name or id/],
    [DeployTier.INFRASTRUCTURE, GithubSubject.fromClaims([{ name: 'repository_owner_id', value: '1001' }, { name: 'context', value: 'environment:network' }]), /tier 3 never trusts every repository of an owner/],
    [DeployTier.BASE, GithubSubject.fromClaims([{ name: 'job_workflow_ref', value: 'acme/ci/.github/workflows/deploy.yml@refs/tags/v1' }, { name: 'context', value: 'environment:base' }]), /every caller of a reusable workflow/],
    [DeployTier.BOOTSTRAP, GithubSubject.fromClaims([{ name: 'repository_id', value: '2002' }, { name: 'context', value: 'ref:refs/heads/main' }]), /expected an environment subject/],
    // Claim conditions: a ref claim is carried by pull_request_target runs too; Bootstrap needs an environment.
    [DeployTier.BASE, GithubSubject.fromClaimConditions({ repository: platformIds, ref: 'refs/heads/main' }), /expected a subject no pull request workflow can obtain/],
    [DeployTier.BASE, GithubSubject.fromClaimConditions({ repository: platformIds, jobWorkflowRef: 'acme/ci/.github/workflows/deploy.yml@refs/tags/v1' }), /expected a subject no pull request workflow can obtain/],
    [DeployTier.BOOTSTRAP, GithubSubject.branch(platformIds, 'main').withClaimConditions({ jobWorkflowRef: 'acme/ci/.github/workflows/deploy.yml@refs/tags/v1' }), /expected an environment subject/],
  ])('%s refuses %s', (tier, subject, message) => {
    expect(make(tier, [subject])).toThrow(message);
  });

  test.each([
    [DeployTier.BOOTSTRAP, GithubSubject.environment(platform, 'bootstrap')],
    [DeployTier.BOOTSTRAP, GithubSubject.reusableWorkflow(GithubSubject.environment(platform, 'bootstrap'), 'acme/ci/.github/workflows/bootstrap.yml@refs/tags/v1')],
    [DeployTier.BASE, GithubSubject.tag(platform, 'v1')],
    [DeployTier.INFRASTRUCTURE, GithubSubject.environment(platform, 'network')],
    [DeployTier.SERVICES, GithubSubject.tagPattern(shop, 'v*')],
    [DeployTier.BOOTSTRAP, GithubSubject.fromClaimConditions({ repository: platformIds, environment: 'bootstrap', jobWorkflowRef: 'acme/ci/.github/workflows/bootstrap.yml@refs/tags/v1' })],
    [DeployTier.BOOTSTRAP, GithubSubject.fromClaims([{ name: 'repository_id', value: '2002' }, { name: 'context', value: 'environment:bootstrap' }])],
    [DeployTier.BASE, GithubSubject.fromClaims([{ name: 'repo', value: 'acme/platform' }, { name: 'context', value: 'ref:refs/heads/main' }])],
    [DeployTier.BASE, GithubSubject.fromClaims([{ name: 'repository_id', value: '2002' }, { name: 'ref', value: 'refs/tags/v1' }, { name: 'event_name', value: 'push' }])],
    [DeployTier.BASE, GithubSubject.branch(platformIds, 'main')],
    [DeployTier.INFRASTRUCTURE, GithubSubject.fromClaimConditions({ repository: platformIds, environment: 'network', ref: 'refs/heads/main' })],
  ])('%s accepts %s', (tier, subject) => {
    expect(make(tier, [subject])).not.toThrow();
  });

  test.each([
    ['a bad qualifier', { cdkQualifier: 'way-too-long-qualifier' }, /TieredDeployRole \(Stack\/Role\): invalid cdkQualifier: received "way-too-long-qualifier"/],
    ['too many managed policies', { managedPolicies: Array(11).fill(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')) }, /invalid managedPolicies: received "11 managed policies"; expected at most 10/],
    ['a quota above IAM\'s highest', { maxManagedPolicies: 30 }, /invalid maxManagedPolicies: received 30/],
    ['a role name over 64 characters', { roleName: 'x'.repeat(65) }, /TieredDeployRole \(Stack\/Role\): invalid roleName/],
    ['a malformed path', { path: 'landing-zone' }, /TieredDeployRole \(Stack\/Role\): invalid path: received "landing-zone"/],
    ['a 13-hour session', { maxSessionDuration: Duration.hours(13) }, /TieredDeployRole \(Stack\/Role\): invalid maxSessionDuration/],
  ])('refuses %s', (_name, extra, message) => {
    expect(make(DeployTier.SERVICES, [GithubSubject.branch(shop, 'main')], extra)).toThrow(message);
  });

  test('counts AdministratorAccess against the Bootstrap tier\'s managed-policy quota', () => {
    const ten = Array(10).fill(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'));
    expect(make(DeployTier.BOOTSTRAP, [GithubSubject.environment(platform, 'bootstrap')], { managedPolicies: ten })).toThrow(/received "11 managed policies".*AdministratorAccess included/);
    expect(make(DeployTier.BOOTSTRAP, [GithubSubject.environment(platform, 'bootstrap')], { managedPolicies: ten, maxManagedPolicies: 20 })).not.toThrow();
  });
});

describe('one subject, one tier', () => {
  test('refuses a subject already trusted by another tier of the app, even in another account', () => {
    const { app, stack, provider, boundary } = setup();
    new TieredDeployRole(stack, 'Base', { tier: DeployTier.BASE, provider, subjects: [GithubSubject.branch(platform, 'main')], boundary });
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: REGION } });
    const otherProvider = new GithubOidcProvider(other, 'Github');
    const otherBoundary = new PermissionBoundary(other, 'Boundary');
    expect(() => new TieredDeployRole(other, 'Services', { tier: DeployTier.SERVICES, provider: otherProvider, subjects: [GithubSubject.branch(platform, 'main')], boundary: otherBoundary })).toThrow(
      /TieredDeployRole \(Other\/Services\): invalid subjects \(tier SERVICES\): received "repo:acme\/platform:ref:refs\/heads\/main"; expected a subject no other tier trusts; Stack\/Base \(tier BASE\) already trusts/,
    );
  });

  test('refuses the same repository and environment written as claims in one tier and as a sub in another', () => {
    const { stack, provider, boundary } = setup();
    const immutable = GithubRepository.withIds({ owner: 'acme', ownerId: '1001', name: 'platform', repositoryId: '2002' });
    new TieredDeployRole(stack, 'Base', { tier: DeployTier.BASE, provider, subjects: [GithubSubject.environment(immutable, 'base')], boundary });
    expect(() =>
      new TieredDeployRole(stack, 'Infra', {
        tier: DeployTier.INFRASTRUCTURE,
        provider,
        subjects: [GithubSubject.fromClaimConditions({ repository: platformIds, environment: 'base', ref: 'refs/heads/main' })],
        boundary,
      }),
    ).toThrow(/invalid subjects \(tier INFRASTRUCTURE\): received "claims\(repository_id=2002, environment=base, ref=refs\/heads\/main\)"; expected a subject no other tier trusts/);
    // Another environment of the same repository is another set of workflows.
    expect(() =>
      new TieredDeployRole(stack, 'Infra2', {
        tier: DeployTier.INFRASTRUCTURE,
        provider,
        subjects: [GithubSubject.fromClaimConditions({ repository: platformIds, environment: 'network' })],
        boundary,
      }),
    ).not.toThrow();
  });

  test('refuses a pattern that overlaps another tier\'s exact subject, in either order', () => {
    const first = setup();
    new TieredDeployRole(first.stack, 'Infra', { tier: DeployTier.INFRASTRUCTURE, provider: first.provider, subjects: [GithubSubject.branch(platform, 'release/1')], boundary: first.boundary });
    expect(() => new TieredDeployRole(first.stack, 'Services', { tier: DeployTier.SERVICES, provider: first.provider, subjects: [GithubSubject.branchPattern(platform, 'release/*')], boundary: first.boundary })).toThrow(/already trusts "repo:acme\/platform:ref:refs\/heads\/release\/1"/);

    const second = setup();
    new TieredDeployRole(second.stack, 'Services', { tier: DeployTier.SERVICES, provider: second.provider, subjects: [GithubSubject.branchPattern(platform, 'release/*')], boundary: second.boundary });
    expect(() => new TieredDeployRole(second.stack, 'Infra', { tier: DeployTier.INFRASTRUCTURE, provider: second.provider, subjects: [GithubSubject.branch(platform, 'release/1')], boundary: second.boundary })).toThrow(/already trusts "repo:acme\/platform:ref:refs\/heads\/release\/\*"/);
  });

  test('the same tier may trust the same subject in several accounts; other apps are independent', () => {
    const { app, stack, provider, boundary } = setup();
    new TieredDeployRole(stack, 'Services', { tier: DeployTier.SERVICES, provider, subjects: [GithubSubject.branch(shop, 'main')], boundary });
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: REGION } });
    expect(() => new TieredDeployRole(other, 'Services', { tier: DeployTier.SERVICES, provider: new GithubOidcProvider(other, 'Github'), subjects: [GithubSubject.branch(shop, 'main')], boundary: new PermissionBoundary(other, 'Boundary') })).not.toThrow();
    const fresh = setup();
    expect(() => new TieredDeployRole(fresh.stack, 'Base', { tier: DeployTier.BASE, provider: fresh.provider, subjects: [GithubSubject.branch(shop, 'main')], boundary: fresh.boundary })).not.toThrow();
  });
});
