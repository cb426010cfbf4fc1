import { App, Duration, RemovalPolicy, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CircleCiOidcProvider, CircleCiProject, DeployTier, GithubOidcProvider, GithubRepository, GithubSubject, LandingZoneChecks, TierBootstrap, TieredDeployRole } from '../src';
import { ACCOUNT, HOST, ORG, OTHER_ORG, PLATFORM, PLATFORM_ORIGIN, REGION, SHOP, circleCiSetup } from './support/circleci-estate';

const platformMain = () => CircleCiProject.of({ organizationId: ORG, projectId: PLATFORM, vcsOrigin: PLATFORM_ORIGIN, branches: ['main'] });
const shopAll = () => CircleCiProject.of({ organizationId: ORG, projectId: SHOP });

function synthError(stack: Stack): string | undefined {
  try {
    Template.fromStack(stack);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('CircleCiOidcProvider', () => {
  test('a native provider for the organization\'s issuer, whose only client id is the organization id, retained', () => {
    const { stack, provider } = circleCiSetup();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResource('AWS::IAM::OIDCProvider', {
      Properties: { Url: `https://oidc.circleci.com/org/${ORG}`, ClientIdList: [ORG] },
      DeletionPolicy: 'Retain',
    });
    expect(provider.conditionKeyPrefix).toBe(HOST);
    expect(provider.organizationId).toBe(ORG);
  });

  test.each([
    ['Url', `https://oidc.circleci.com/org/${OTHER_ORG}`],
    ['ClientIdList', ['sts.amazonaws.com']],
  ])('an override of %s fails synthesis, naming the path', (property, value) => {
    const { stack, provider } = circleCiSetup();
    (provider.node.defaultChild as iam.CfnOIDCProvider).addPropertyOverride(property, value);
    expect(synthError(stack)).toMatch(/\[Stack\/CircleCi\] CircleCiOidcProvider: issuer: Stack\/CircleCi\/Resource has the URL .* Expected: the organization's issuer/);
  });

  test('the removal policy can be set', () => {
    const stack = new Stack(new App(), 'S');
    new CircleCiOidcProvider(stack, 'P', { organizationId: ORG, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::IAM::OIDCProvider', { DeletionPolicy: 'Delete' });
  });

  test.each([
    ['an upper-case UUID', ORG.toUpperCase()],
    ['a wildcard', '*'],
    ['an organization name', 'acme'],
    ['an empty string', ''],
    ['a UUID with a path', `${ORG}/x`],
  ])('refuses %s as organizationId, naming the path', (_name, organizationId) => {
    const stack = new Stack(new App(), 'S');
    expect(() => new CircleCiOidcProvider(stack, 'P', { organizationId })).toThrow(
      `CircleCiOidcProvider (S/P): invalid organizationId: received ${JSON.stringify(organizationId)}; expected a CircleCI organization id`,
    );
  });

  test('refuses a missing organizationId', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new CircleCiOidcProvider(stack, 'P', {} as any)).toThrow(/CircleCiOidcProvider \(S\/P\): invalid organizationId: received nothing \(undefined\); expected a string \(the prop is required\)/);
  });

  test('a deploy-time organization id passes (the provider only; a trust needs the id at synthesis)', () => {
    const stack = new Stack(new App(), 'S');
    const organizationId = Token.asString({ Ref: 'OrgId' });
    expect(() => new CircleCiOidcProvider(stack, 'P', { organizationId })).not.toThrow();
  });

  test('fromOrganization imports by the computed ARN', () => {
    const stack = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: REGION } });
    const imported = CircleCiOidcProvider.fromOrganization(stack, 'P', ORG);
    expect(stack.resolve(imported.oidcProviderArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:oidc-provider/oidc.circleci.com/org/${ORG}`]],
    });
    expect(imported.conditionKeyPrefix).toBe(HOST);
  });

  test('fromOrganization refuses a bad id with the path', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => CircleCiOidcProvider.fromOrganization(stack, 'P', 'acme')).toThrow(/CircleCiOidcProvider \(S\/P\): invalid organizationId: received "acme"/);
  });
});

describe('CircleCiProject', () => {
  test('a whole project: one pattern, organization and project literal, the user and the rest wild', () => {
    expect(shopAll().subjectPatterns).toEqual([`org/${ORG}/project/${SHOP}/user/*`]);
    expect(shopAll().pinsBranches).toBe(false);
  });

  test('branches: the user id as "?" per character, the repository and the ref literal to the end', () => {
    const project = CircleCiProject.of({ organizationId: ORG, projectId: PLATFORM, vcsOrigin: PLATFORM_ORIGIN, branches: ['main', 'release/2026'] });
    expect(project.subjectPatterns).toEqual([
      `org/${ORG}/project/${PLATFORM}/user/????????-????-????-????-????????????/vcs-origin/github.com/acme/platform/vcs-ref/refs/heads/main`,
      `org/${ORG}/project/${PLATFORM}/user/????????-????-????-????-????????????/vcs-origin/github.com/acme/platform/vcs-ref/refs/heads/release/2026`,
    ]);
    expect(project.subjectPatterns.every((p) => !p.includes('*'))).toBe(true);
  });

  // Refusals are kept until a construct consumes the project, and then name its path.
  const consume = (project: CircleCiProject) => {
    const { stack, provider, boundary } = circleCiSetup();
    return () => new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [project] }, boundary });
  };

  test.each<[string, any, RegExp]>([
    ['an organization name', { organizationId: 'acme', projectId: SHOP }, /circleCi\.projects\[0\] \(CircleCiProject organizationId\): received "acme"/],
    ['a wildcard project', { organizationId: ORG, projectId: '*' }, /circleCi\.projects\[0\] \(CircleCiProject projectId\): received "\*"/],
    ['no project', { organizationId: ORG }, /circleCi\.projects\[0\] \(CircleCiProject projectId\): received nothing/],
    ['a deploy-time project', { organizationId: ORG, projectId: Token.asString({ Ref: 'P' }) }, /CircleCiProject projectId\): received "\$\{Token/],
    ['contexts', { organizationId: ORG, projectId: SHOP, contexts: [PLATFORM] }, /CircleCiProject contexts\).*context-ids claim is not written/],
    ['branches without vcsOrigin', { organizationId: ORG, projectId: SHOP, branches: ['main'] }, /CircleCiProject vcsOrigin\): received nothing/],
    ['a branch pattern', { organizationId: ORG, projectId: SHOP, vcsOrigin: 'github.com/acme/shop', branches: ['release/*'] }, /CircleCiProject branches\): received "release\/\*"/],
    ['a branch forging a sub part', { organizationId: ORG, projectId: SHOP, vcsOrigin: 'github.com/acme/shop', branches: ['x/vcs-ref/refs/heads/main'] }, /CircleCiProject branches\)/],
    ['a vcsOrigin with a wildcard', { organizationId: ORG, projectId: SHOP, vcsOrigin: 'github.com/acme/*', branches: ['main'] }, /CircleCiProject vcsOrigin\): received "github.com\/acme\/\*"/],
    ['a vcsOrigin with a scheme', { organizationId: ORG, projectId: SHOP, vcsOrigin: 'https://github.com/acme/shop', branches: ['main'] }, /CircleCiProject vcsOrigin\)/],
    ['duplicate branches', { organizationId: ORG, projectId: SHOP, vcsOrigin: 'github.com/acme/shop', branches: ['main', 'main'] }, /CircleCiProject branches\)/],
  ])('refuses %s, naming the consuming construct\'s path', (_name, props, pattern) => {
    const act = consume(CircleCiProject.of(props));
    expect(act).toThrow(/^TieredDeployRole \(Stack\/Role\): invalid /);
    expect(act).toThrow(pattern);
  });

  test.each<[string, any]>([
    ['a whole project', { organizationId: ORG, projectId: SHOP }],
    ['an empty list of contexts', { organizationId: ORG, projectId: SHOP, contexts: [] }],
    ['branches with a slash and a dot', { organizationId: ORG, projectId: SHOP, vcsOrigin: 'bitbucket.org/acme/shop.api', branches: ['release/v1.2', 'main'] }],
  ])('accepts %s', (_name, props) => {
    expect(consume(CircleCiProject.of(props))).not.toThrow();
  });
});

describe('TieredDeployRole with circleCi', () => {
  test('one statement: only AssumeRoleWithWebIdentity, aud = the organization id (StringEquals), sub patterns (StringLike)', () => {
    const { stack, provider, boundary } = circleCiSetup();
    const role = new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [shopAll(), platformMain()] }, boundary });
    const template = Template.fromStack(stack);
    const providerId = stack.resolve((provider.node.defaultChild as iam.CfnOIDCProvider).logicalId);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'landing-zone-services-deploy',
      Path: '/landing-zone/',
      Description: 'Landing zone tier 4 (services) deploy role, assumed by CircleCI',
      PermissionsBoundary: { Ref: stack.resolve((boundary.node.findChild('Resource').node.defaultChild as iam.CfnManagedPolicy).logicalId) },
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CircleCiProjects',
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: { Ref: providerId } },
            Condition: {
              StringEquals: { [`${HOST}:aud`]: ORG },
              StringLike: { [`${HOST}:sub`]: [...platformMain().subjectPatterns, `org/${ORG}/project/${SHOP}/user/*`] },
            },
          },
        ],
      },
    });
    expect(role.circleCiPrincipal?.subjectPatterns).toHaveLength(2);
    expect(role.principal).toBeUndefined();
  });

  test('the same bootstrap-role permissions and tier tag as a GitHub tier role', () => {
    const { stack, provider, boundary } = circleCiSetup();
    new TieredDeployRole(stack, 'Role', { tier: DeployTier.INFRASTRUCTURE, circleCi: { provider, projects: [platformMain()] }, boundary });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', { Tags: [{ Key: 'landing-zone:tier', Value: 'INFRASTRUCTURE' }] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Sid: 'AssumeCdkBootstrapRoles', Action: ['sts:AssumeRole', 'sts:TagSession'] }] },
    });
  });

  test('everything but the trust and the description is what a GitHub tier role of the same props gets', () => {
    const common = { tier: DeployTier.INFRASTRUCTURE, maxSessionDuration: Duration.hours(2), cdkQualifier: 'lzinf' };
    const circle = circleCiSetup();
    new TieredDeployRole(circle.stack, 'Role', { ...common, boundary: circle.boundary, circleCi: { provider: circle.provider, projects: [platformMain()] } });
    const github = circleCiSetup();
    new TieredDeployRole(github.stack, 'Role', {
      ...common,
      boundary: github.boundary,
      provider: new GithubOidcProvider(github.stack, 'Github'),
      subjects: [GithubSubject.branch(GithubRepository.named('acme', 'platform'), 'main')],
    });
    const read = (s: Stack) => {
      const resources = Template.fromStack(s).toJSON().Resources;
      const role = Object.values<any>(resources).find((r) => r.Type === 'AWS::IAM::Role').Properties;
      const { AssumeRolePolicyDocument: _trust, Description: description, ...rest } = role;
      const policies = Object.values<any>(resources).filter((r) => r.Type === 'AWS::IAM::Policy').map((r) => r.Properties.PolicyDocument);
      return { rest, policies, description: description.replace(/assumed by .*$/, '') };
    };
    expect(read(circle.stack)).toEqual(read(github.stack));
  });

  test('binds to its tier\'s TierBootstrap as a GitHub tier role does', () => {
    const { app, stack, provider, boundary } = circleCiSetup();
    const bootstrapStack = new Stack(app, 'ServicesBootstrap', { env: { account: ACCOUNT, region: REGION } });
    const bootstrap = new TierBootstrap(bootstrapStack, 'Bootstrap', { tier: DeployTier.SERVICES, qualifier: 'lzsvc', boundary });
    new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [shopAll()] }, boundary, bootstrap });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Sid: 'AssumeCdkBootstrapRoles', Resource: bootstrap.deploySideRoleArns.map((a) => stack.resolve(a)) }] },
    });
    expect(() => new TieredDeployRole(stack, 'Base', {
      tier: DeployTier.BASE, circleCi: { provider, projects: [platformMain()] }, boundary, bootstrap,
    })).toThrow(/TieredDeployRole \(Stack\/Base\): invalid bootstrap: .*expected the TierBootstrap of tier BASE/);
  });

  test.each([DeployTier.BOOTSTRAP, DeployTier.BASE, DeployTier.INFRASTRUCTURE])('tier %s refuses a whole project and accepts exact branches', (tier) => {
    const { stack, provider, boundary } = circleCiSetup();
    expect(() => new TieredDeployRole(stack, 'Wide', { tier, circleCi: { provider, projects: [shopAll()] }, boundary })).toThrow(
      new RegExp(`^TieredDeployRole \\(Stack/Wide\\): invalid circleCi.projects \\(tier ${tier}\\): .*never trusts every job of a project`),
    );
    expect(() => new TieredDeployRole(stack, 'Exact', { tier, circleCi: { provider, projects: [platformMain()] }, boundary })).not.toThrow();
  });

  test('refuses provider and circleCi together, and neither', () => {
    const { stack, provider, boundary } = circleCiSetup();
    expect(() => new TieredDeployRole(stack, 'Both', { tier: DeployTier.SERVICES, provider: {} as any, subjects: [], circleCi: { provider, projects: [shopAll()] }, boundary })).toThrow(
      'TieredDeployRole (Stack/Both): invalid circleCi: received "circleCi together with provider and subjects"; expected either provider and subjects (GitHub Actions) or circleCi (CircleCI), not both',
    );
    expect(() => new TieredDeployRole(stack, 'Neither', { tier: DeployTier.SERVICES, boundary })).toThrow(
      'TieredDeployRole (Stack/Neither): invalid provider: received nothing (undefined); expected an object (the prop is required) with subjects, for GitHub Actions; or circleCi, for CircleCI',
    );
  });

  test('refuses a project of another organization, and no projects', () => {
    const { stack, provider, boundary } = circleCiSetup();
    const foreign = CircleCiProject.of({ organizationId: OTHER_ORG, projectId: SHOP });
    expect(() => new TieredDeployRole(stack, 'Foreign', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [foreign] }, boundary })).toThrow(
      /^TieredDeployRole \(Stack\/Foreign\): invalid circleCi.projects: .*expected projects of the provider's organization/,
    );
    expect(() => new TieredDeployRole(stack, 'None', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [] }, boundary })).toThrow(
      /^TieredDeployRole \(Stack\/None\): invalid circleCi.projects: received \[\]; expected at least one CircleCiProject/,
    );
    expect(() => new TieredDeployRole(stack, 'Bad', { tier: DeployTier.SERVICES, circleCi: { provider: undefined, projects: [] } as any, boundary })).toThrow(
      /^TieredDeployRole \(Stack\/Bad\): invalid circleCi: .*expected an object with provider/,
    );
  });

  test('refuses a provider whose organization id is known only at deployment', () => {
    const { stack, boundary } = circleCiSetup();
    const provider = new CircleCiOidcProvider(stack, 'Deferred', { organizationId: Token.asString({ Ref: 'OrgId' }) });
    expect(() => new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [shopAll()] }, boundary })).toThrow(
      /^TieredDeployRole \(Stack\/Role\): invalid circleCi.provider: .*an organization id known at synthesis/,
    );
  });

  test('one project branch belongs to one tier in an app: a whole project overlapping a branch of another tier is refused', () => {
    const { stack, provider, boundary } = circleCiSetup();
    new TieredDeployRole(stack, 'Infra', { tier: DeployTier.INFRASTRUCTURE, circleCi: { provider, projects: [platformMain()] }, boundary });
    const platformAll = CircleCiProject.of({ organizationId: ORG, projectId: PLATFORM });
    expect(() => new TieredDeployRole(stack, 'Services', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [platformAll] }, boundary })).toThrow(
      /^TieredDeployRole \(Stack\/Services\): invalid circleCi.projects \(tier SERVICES\): .*Stack\/Infra \(tier INFRASTRUCTURE\) already trusts/,
    );
    // Another branch of the same project, or another project, is another tier's to take.
    const platformDev = CircleCiProject.of({ organizationId: ORG, projectId: PLATFORM, vcsOrigin: PLATFORM_ORIGIN, branches: ['develop'] });
    expect(() => new TieredDeployRole(stack, 'Services2', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [platformDev, shopAll()] }, boundary })).not.toThrow();
  });

  test('an imported provider works the same', () => {
    const { stack, boundary } = circleCiSetup();
    const provider = CircleCiOidcProvider.fromOrganization(stack, 'Imported', ORG);
    new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [shopAll()] }, boundary });
    expect(synthError(stack)).toBeUndefined();
  });

  test.each<[string, (role: TieredDeployRole) => void, RegExp]>([
    ['a statement without sub', (role) => role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [new iam.FederatedPrincipal(role.circleCiPrincipal!.provider.oidcProviderArn, {}, 'sts:AssumeRoleWithWebIdentity')],
      conditions: { StringEquals: { [`${HOST}:aud`]: ORG } },
    })), /no condition on the token's sub: every job of the organization/],
    ['an override to an org-wide sub', (role) => (role.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition.StringLike', { [`${HOST}:sub`]: `org/${ORG}/*` }),
      /does not pin an organization and a project/],
    ['an override to a "*" before the branch', (role) => (role.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition.StringLike', {
      [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*/vcs-ref/refs/heads/main`,
    }), /a "\*" followed by more text/],
    ['an override dropping aud', (role) => (role.node.defaultChild as iam.CfnRole).addPropertyDeletionOverride('AssumeRolePolicyDocument.Statement.0.Condition.StringEquals'),
      /no StringEquals condition on the token's aud/],
  ])('the synthesized trust is audited (LZ-CCI1): %s fails synthesis', (_name, change, pattern) => {
    const { stack, provider, boundary } = circleCiSetup();
    const role = new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [shopAll()] }, boundary });
    change(role);
    const message = synthError(stack);
    expect(message).toMatch(/\[Stack\/Role\] TieredDeployRole: LZ-CCI1: /);
    expect(message).toMatch(pattern);
  });
});

describe('LZ-CCI1 in LandingZoneChecks', () => {
  const check = (stack: Stack) => new LandingZoneChecks().checkAssembly((stack.node.root as App).synth()).filter((f) => f.ruleId === 'LZ-CCI1');
  const roleWith = (conditions: Record<string, unknown>, tier?: string) => {
    const stack = new Stack(new App(), 'Ci', { env: { account: ACCOUNT, region: REGION } });
    const provider = new iam.OidcProviderNative(stack, 'CircleCi', { url: `https://${HOST}`, clientIds: [ORG] });
    const role = new iam.Role(stack, 'DeployRole', { assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, conditions) });
    if (tier) {
      (role.node.defaultChild as iam.CfnRole).tags.setTag('landing-zone:tier', tier);
    }
    return stack;
  };
  const aud = { [`${HOST}:aud`]: ORG };

  test.each<[string, Record<string, unknown>]>([
    ['a project pin', { StringEquals: aud, StringLike: { [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*` } }],
    ['an exact sub', { StringEquals: { ...aud, [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/${ORG}` } }],
    ['a branch pin with "?" for the user', { StringEquals: aud, StringLike: { [`${HOST}:sub`]: platformMain().subjectPatterns[0] } }],
    ['a project pin narrowed by a CircleCI claim', { StringEquals: { ...aud, [`${HOST}:oidc.circleci.com/vcs-ref`]: 'refs/heads/main' }, StringLike: { [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*` } }],
  ])('passes %s', (_name, conditions) => {
    expect(check(roleWith(conditions))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['no conditions', {}, /no StringEquals condition on the token's aud.*|no condition on the token's sub/],
    ['no sub', { StringEquals: aud }, /no condition on the token's sub/],
    ['an org-wide sub', { StringEquals: aud, StringLike: { [`${HOST}:sub`]: `org/${ORG}/*` } }, /does not pin an organization and a project/],
    ['a sub of "*"', { StringEquals: aud, StringLike: { [`${HOST}:sub`]: '*' } }, /does not pin an organization and a project/],
    ['a wildcard project', { StringEquals: aud, StringLike: { [`${HOST}:sub`]: `org/${ORG}/project/*/user/*` } }, /does not pin an organization and a project/],
    ['another organization\'s sub', { StringEquals: aud, StringLike: { [`${HOST}:sub`]: `org/${OTHER_ORG}/project/${SHOP}/user/*` } }, /names the organization/],
    ['a "*" before the ref', { StringEquals: aud, StringLike: { [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*/vcs-ref/refs/heads/main` } }, /"\*" followed by more text/],
    ['a wildcard aud', { StringLike: { [`${HOST}:aud`]: '*', [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*` } }, /matches the aud with StringLike/],
    ['another aud', { StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*` } }, /not the organization id/],
    ['a project-id claim instead of a sub', { StringEquals: { ...aud, [`${HOST}:oidc.circleci.com/project-id`]: SHOP } }, /no condition on the token's sub/],
    ['ForAnyValue on sub', { 'StringEquals': aud, 'ForAnyValue:StringLike': { [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*` } }, /checks .*:sub with ForAnyValue:StringLike/],
  ])('reports %s', (_name, conditions, pattern) => {
    const findings = check(roleWith(conditions));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.problem).join('\n')).toMatch(pattern);
    expect(findings[0].constructPath).toBe('Ci/DeployRole/Resource');
  });

  test('reports a whole project trusted by a role tagged with a tier above Services, not by a Services role', () => {
    const conditions = { StringEquals: aud, StringLike: { [`${HOST}:sub`]: `org/${ORG}/project/${SHOP}/user/*` } };
    expect(check(roleWith(conditions, 'BASE')).map((f) => f.problem)).toEqual([expect.stringMatching(/is a tier BASE deploy role and trusts every branch of a CircleCI project/)]);
    expect(check(roleWith(conditions, 'SERVICES'))).toEqual([]);
  });

  test('reads a provider named by ARN', () => {
    const stack = new Stack(new App(), 'Ci', { env: { account: ACCOUNT, region: REGION } });
    new iam.Role(stack, 'DeployRole', {
      assumedBy: new iam.WebIdentityPrincipal(`arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`, { StringEquals: aud }),
    });
    expect(check(stack).map((f) => f.problem).join('\n')).toMatch(/no condition on the token's sub/);
  });
});
