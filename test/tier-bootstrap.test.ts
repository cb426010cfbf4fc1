import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aws, Lazy, LegacyStackSynthesizer, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DeployTier, GithubOidcProvider, GithubSubject, PermissionBoundary, TierBootstrap, TieredDeployRole } from '../src';
import { writeTierBootstrapTemplate } from './support/tier-bootstrap-template';
import { ACCOUNT, REGION, platform, shop } from './support/tiered-deploy-role-estate';

const KINDS = ['deploy', 'file-publishing', 'image-publishing', 'lookup', 'cfn-exec'];
const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

function estate(account: string = ACCOUNT) {
  const app = new App();
  const stack = new Stack(app, 'Base', { env: { account, region: REGION } });
  const boundary = new PermissionBoundary(stack, 'Boundary');
  const provider = new GithubOidcProvider(stack, 'Github');
  const bootstrapStack = new Stack(app, 'ServicesBootstrap', { env: { account, region: REGION } });
  return { app, stack, boundary, provider, bootstrapStack };
}

function servicesBootstrap(e = estate(), props: Partial<ConstructorParameters<typeof TierBootstrap>[2]> = {}) {
  const bootstrap = new TierBootstrap(e.bootstrapStack, 'Bootstrap', {
    tier: DeployTier.SERVICES,
    qualifier: 'lzsvc',
    boundary: e.boundary,
    executionPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
    ...props,
  });
  return { ...e, bootstrap };
}

describe('TierBootstrap resources', () => {
  const { bootstrapStack } = servicesBootstrap();
  const template = Template.fromStack(bootstrapStack);

  test('five roles with the CLI names, under /landing-zone/, each with the landing zone boundary', () => {
    template.resourceCountIs('AWS::IAM::Role', 5);
    for (const kind of KINDS) {
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: `cdk-lzsvc-${kind}-role-${ACCOUNT}-${REGION}`,
        Path: '/landing-zone/',
        PermissionsBoundary: arn(`:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundary`),
      });
    }
  });

  test('the deploy-side roles trust only the tier deploy role, by exact ARN behind the account', () => {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('-(deploy|file-publishing|image-publishing|lookup)-role-') } });
    expect(Object.keys(roles)).toHaveLength(4);
    for (const role of Object.values<any>(roles)) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual(
        ['sts:AssumeRole', 'sts:TagSession'].map((action) => ({
          Action: action,
          Effect: 'Allow',
          Principal: { AWS: arn(`:iam::${ACCOUNT}:root`) },
          Condition: { ArnEquals: { 'aws:PrincipalArn': arn(`:iam::${ACCOUNT}:role/landing-zone/landing-zone-services-deploy`) } },
        })),
      );
    }
  });

  test('the execution role trusts only CloudFormation and holds only the tier execution policies', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `cdk-lzsvc-cfn-exec-role-${ACCOUNT}-${REGION}`,
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' } }] },
      ManagedPolicyArns: [arn(':iam::aws:policy/PowerUserAccess')],
    });
  });

  test('the deploy role passes only the execution role and deploys stacks only with it', () => {
    const execution = arn(`:iam::${ACCOUNT}:role/landing-zone/cdk-lzsvc-cfn-exec-role-${ACCOUNT}-${REGION}`);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `cdk-lzsvc-deploy-role-${ACCOUNT}-${REGION}`,
      Policies: [
        {
          PolicyName: 'default',
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Sid: 'CloudFormationWithExecutionRole', Condition: { ArnEquals: { 'cloudformation:RoleArn': execution } } }),
              { Sid: 'PassExecutionRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: execution, Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } },
            ]),
          },
        },
      ],
    });
  });

  test('staging bucket: KMS, no public access, TLS only, versioned, old versions expire, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketName: `cdk-lzsvc-assets-${ACCOUNT}-${REGION}`,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]) },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'OnlyTheTierPublishes',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:DeleteObject*', 's3:PutObject*', 's3:ReplicateObject', 's3:RestoreObject'],
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': arn(`:iam::${ACCOUNT}:role/landing-zone/cdk-lzsvc-file-publishing-role-${ACCOUNT}-${REGION}`) } },
          }),
        ],
      },
    });
  });

  test('image repository: only the tier\'s image-publishing role pushes or deletes images', () => {
    const repository = Object.values<any>(template.toJSON().Resources).find((r) => r.Type === 'AWS::ECR::Repository');
    expect(repository.Properties.RepositoryPolicyText.Statement).toContainEqual({
      Sid: 'OnlyTheTierPublishes',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['ecr:BatchDeleteImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': arn(`:iam::${ACCOUNT}:role/landing-zone/cdk-lzsvc-image-publishing-role-${ACCOUNT}-${REGION}`) } },
    });
  });

  test('the bootstrap stack is deployed after the boundary\'s stack, without importing from it', () => {
    const { stack, bootstrapStack: s } = servicesBootstrap();
    expect(s.dependencies).toEqual([stack]);
    expect(JSON.stringify(Template.fromStack(s).toJSON())).not.toContain('Fn::ImportValue');
  });

  test('image repository: immutable tags, scan on push, retained', () => {
    template.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      Properties: {
        RepositoryName: `cdk-lzsvc-container-assets-${ACCOUNT}-${REGION}`,
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
      },
    });
  });

  test('the version parameter and the outputs the CDK CLI reads', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-bootstrap/lzsvc/version', Value: TierBootstrap.BOOTSTRAP_VERSION });
    expect(Number(TierBootstrap.BOOTSTRAP_VERSION)).toBeGreaterThanOrEqual(22);
    const outputs = template.toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['BucketName', 'BucketDomainName', 'ImageRepositoryName', 'BootstrapVersion']));
    expect(outputs.BootstrapVersion.Value).toBe(TierBootstrap.BOOTSTRAP_VERSION);
  });
});

describe('TierBootstrap synthesizer', () => {
  test('the tier stacks assume the path-qualified roles and check the qualifier version', () => {
    const { app, bootstrap } = servicesBootstrap();
    const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: REGION }, synthesizer: bootstrap.synthesizer() });
    new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const artifact = app.synth().getStackArtifact(stack.artifactId);
    const role = (kind: string) => `arn:\${AWS::Partition}:iam::${ACCOUNT}:role/landing-zone/cdk-lzsvc-${kind}-role-${ACCOUNT}-${REGION}`;
    expect(artifact.assumeRoleArn).toBe(role('deploy'));
    expect(artifact.cloudFormationExecutionRoleArn).toBe(role('cfn-exec'));
    expect(artifact.lookupRole?.arn).toBe(role('lookup'));
    expect(artifact.bootstrapStackVersionSsmParameter).toBe('/cdk-bootstrap/lzsvc/version');
  });

  test('synthesizerFor refuses a qualifier the CLI would refuse, naming the stack that uses it', () => {
    const synthesizer = TierBootstrap.synthesizerFor('not a qualifier');
    expect(() => new Stack(new App(), 'Service', { synthesizer })).toThrow(
      /^Stack \(Service\): invalid synthesizer \(TierBootstrap.synthesizerFor qualifier\): received "not a qualifier"; expected a CDK bootstrap qualifier/,
    );
  });
});

describe('TierBootstrap.deploys', () => {
  test('tags a stack of the tier with the tier, which the CLI passes to CloudFormation', () => {
    const { app, bootstrap } = servicesBootstrap();
    const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: REGION }, synthesizer: bootstrap.synthesizer() });
    bootstrap.deploys(stack);
    expect(app.synth().getStackArtifact(stack.artifactId).tags).toEqual({ 'landing-zone:tier': 'SERVICES' });
  });

  test('accepts a stack whose account and region are tokens', () => {
    const { app, bootstrap } = servicesBootstrap();
    const stack = new Stack(app, 'Agnostic', { synthesizer: bootstrap.synthesizer() });
    expect(() => bootstrap.deploys(stack)).not.toThrow();
  });

  test.each([
    ['the stock synthesizer', undefined, /the stack's bootstrap qualifier: received "hnb659fds"; expected this bootstrap's synthesizer\(\) \(qualifier "lzsvc"\)/],
    ['another tier\'s synthesizer', TierBootstrap.synthesizerFor('lzinfra'), /the stack's bootstrap qualifier: received "lzinfra"/],
    ['a synthesizer without bootstrap', new LegacyStackSynthesizer(), /the stack's synthesizer: received "LegacyStackSynthesizer"/],
  ])('refuses a stack with %s, naming the bootstrap and the stack', (_what, synthesizer, message) => {
    const { app, bootstrap } = servicesBootstrap();
    const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: REGION }, synthesizer });
    expect(() => bootstrap.deploys(stack)).toThrow(/^TierBootstrap \(ServicesBootstrap\/Bootstrap\): invalid deploys\(Service\)/);
    expect(() => bootstrap.deploys(stack)).toThrow(message);
  });

  test('refuses a stack of another account or region', () => {
    const { app, bootstrap } = servicesBootstrap();
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '999999999999', region: REGION }, synthesizer: bootstrap.synthesizer() });
    const otherRegion = new Stack(app, 'OtherRegion', { env: { account: ACCOUNT, region: 'us-east-1' }, synthesizer: bootstrap.synthesizer() });
    expect(() => bootstrap.deploys(elsewhere)).toThrow(/invalid deploys\(Elsewhere\): the stack's account: received "999999999999"; expected this bootstrap's account, 111111111111/);
    expect(() => bootstrap.deploys(otherRegion)).toThrow(/the stack's region: received "us-east-1"; expected this bootstrap's region, eu-west-1/);
  });
});

describe('TierBootstrap validation', () => {
  test('refuses a qualifier the CLI would refuse; accepts a valid one and a token', () => {
    expect(() => servicesBootstrap(estate(), { qualifier: 'much-too-long' })).toThrow(/TierBootstrap \(ServicesBootstrap\/Bootstrap\): invalid qualifier: received "much-too-long"/);
    expect(() => servicesBootstrap(estate(), { qualifier: 'Upper_q' })).toThrow(/invalid qualifier: received "Upper_q"; expected a CDK bootstrap qualifier that fits S3 bucket/);
    expect(() => servicesBootstrap(estate(), { qualifier: 'ok-q-1' })).not.toThrow();
    const { bootstrapStack } = servicesBootstrap(estate(), { qualifier: Lazy.string({ produce: () => 'lazyq' }) });
    Template.fromStack(bootstrapStack).hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-bootstrap/lazyq/version' });
  });

  test('refuses AdministratorAccess for the Services and Infrastructure tiers; accepts it for Base', () => {
    const admin = [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')];
    expect(() => servicesBootstrap(estate(), { executionPolicies: admin })).toThrow(/invalid executionPolicies\[0\]: received .*AdministratorAccess.*narrower than AdministratorAccess/);
    expect(() => servicesBootstrap(estate(), { tier: DeployTier.INFRASTRUCTURE, executionPolicies: admin })).toThrow(/narrower than AdministratorAccess/);
    expect(() => servicesBootstrap(estate(), { tier: DeployTier.BASE, executionPolicies: admin })).not.toThrow();
  });

  test('refuses an invalid trusted role name or path; accepts valid ones and tokens', () => {
    expect(() => servicesBootstrap(estate(), { trustedRoleName: 'has space' })).toThrow(/invalid roleName: received "has space"/);
    expect(() => servicesBootstrap(estate(), { trustedRolePath: 'no-slash' })).toThrow(/invalid trustedRolePath: received "no-slash"/);
    const { bootstrapStack } = servicesBootstrap(estate(), { trustedRoleName: Lazy.string({ produce: () => 'svc' }), trustedRolePath: '/teams/' });
    Template.fromStack(bootstrapStack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { ArnEquals: { 'aws:PrincipalArn': arn(`:iam::${ACCOUNT}:role/teams/svc`) } } })]) },
    });
  });

  test('refuses a second bootstrap of the same qualifier in the account, naming the first', () => {
    const e = servicesBootstrap();
    expect(() => new TierBootstrap(e.stack, 'Other', { tier: DeployTier.BASE, qualifier: 'lzsvc', boundary: e.boundary })).toThrow(
      /TierBootstrap \(Base\/Other\): invalid qualifier: received "lzsvc"; expected a qualifier no other tier of account 111111111111 uses; ServicesBootstrap\/Bootstrap \(TierBootstrap, tier SERVICES\)/,
    );
    expect(() => new TierBootstrap(new Stack(e.app, 'BaseBootstrap', { env: { account: ACCOUNT, region: REGION } }), 'Own', { tier: DeployTier.BASE, qualifier: 'lzbase', boundary: e.boundary })).not.toThrow();
  });

  test('refuses a second bootstrap in the same stack, naming the first', () => {
    const e = servicesBootstrap();
    expect(() => new TierBootstrap(e.bootstrapStack, 'Second', { tier: DeployTier.BASE, qualifier: 'lzbase', boundary: e.boundary })).toThrow(
      /TierBootstrap \(ServicesBootstrap\/Second\): invalid scope: received "a stack that already holds the TierBootstrap ServicesBootstrap\/Bootstrap"/,
    );
  });

  test('the same qualifier in another account, or in an account unknown until deployment, is accepted', () => {
    const e = servicesBootstrap();
    const other = new Stack(e.app, 'Other', { env: { account: '222222222222', region: REGION } });
    expect(() => new TierBootstrap(other, 'B', { tier: DeployTier.BASE, qualifier: 'lzsvc', boundary: e.boundary })).not.toThrow();
    const agnostic = new Stack(e.app, 'Agnostic');
    expect(Aws.ACCOUNT_ID).toBeTruthy();
    expect(() => new TierBootstrap(agnostic, 'B', { tier: DeployTier.BASE, qualifier: 'lzsvc', boundary: e.boundary })).not.toThrow();
  });
});

describe('TieredDeployRole bound to its TierBootstrap', () => {
  const subject = GithubSubject.branchPattern(shop, 'release/*');

  test('assumes exactly the four path-qualified deploy-side roles of its bootstrap', () => {
    const { stack, provider, boundary, bootstrap } = servicesBootstrap();
    new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, provider, subjects: [subject], boundary, bootstrap });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AssumeCdkBootstrapRoles',
            Effect: 'Allow',
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Resource: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((kind) => arn(`:iam::${ACCOUNT}:role/landing-zone/cdk-lzsvc-${kind}-role-${ACCOUNT}-${REGION}`)),
          },
        ],
      },
    });
    expect(Annotations.fromStack(stack).findInfo('/Base/Role', Match.stringLikeRegexp('stock CDK bootstrap roles'))).toHaveLength(0);
  });

  test('without a bootstrap the role keeps the stock roles and says so in an info', () => {
    const { stack, provider, boundary } = estate();
    new TieredDeployRole(stack, 'Role', { tier: DeployTier.SERVICES, provider, subjects: [subject], boundary });
    Annotations.fromStack(stack).hasInfo('/Base/Role', Match.stringLikeRegexp('stock CDK bootstrap roles of qualifier hnb659fds, which trust the whole account and carry no boundary'));
  });

  test('refuses a bootstrap of another tier, another qualifier, another name, path or account', () => {
    const { stack, provider, boundary, bootstrap } = servicesBootstrap();
    const base = { tier: DeployTier.SERVICES, provider, subjects: [subject], boundary, bootstrap };
    expect(() => new TieredDeployRole(stack, 'A', { ...base, tier: DeployTier.BASE, subjects: [GithubSubject.environment(platform, 'base')] })).toThrow(
      /TieredDeployRole \(Base\/A\): invalid bootstrap: received "ServicesBootstrap\/Bootstrap \(tier SERVICES\)"; expected the TierBootstrap of tier BASE/,
    );
    expect(() => new TieredDeployRole(stack, 'B', { ...base, cdkQualifier: 'other' })).toThrow(/invalid cdkQualifier: received "other"/);
    expect(() => new TieredDeployRole(stack, 'C', { ...base, roleName: 'renamed' })).toThrow(/invalid roleName: received "renamed"; expected the name the bootstrap/);
    expect(() => new TieredDeployRole(stack, 'D', { ...base, path: '/elsewhere/' })).toThrow(/invalid path: received "\/elsewhere\/"/);
    const e2 = estate('222222222222');
    expect(() => new TieredDeployRole(e2.stack, 'E', { ...base, provider: e2.provider, boundary: e2.boundary })).toThrow(/invalid bootstrap: .*expected a TierBootstrap of the role's own account 222222222222/);
  });

  test('refuses a role of another tier on a bootstrap qualifier of the account, naming the other role; accepts its own tier', () => {
    const { stack, provider, boundary, bootstrap } = servicesBootstrap();
    new TieredDeployRole(stack, 'Services', { tier: DeployTier.SERVICES, provider, subjects: [subject], boundary, bootstrap });
    expect(() =>
      new TieredDeployRole(stack, 'Infra', { tier: DeployTier.INFRASTRUCTURE, provider, subjects: [GithubSubject.branch(platform, 'main')], boundary, cdkQualifier: 'lzsvc' }),
    ).toThrow(/TieredDeployRole \(Base\/Infra\): invalid qualifier: received "lzsvc"; expected a qualifier no other tier of account 111111111111 uses; ServicesBootstrap\/Bootstrap \(TierBootstrap, tier SERVICES\)/);
  });

  test('refuses a bound role whose qualifier another tier\'s role already uses, naming that role', () => {
    const e = estate();
    new TieredDeployRole(e.stack, 'Infra', { tier: DeployTier.INFRASTRUCTURE, provider: e.provider, subjects: [GithubSubject.branch(platform, 'main')], boundary: e.boundary, cdkQualifier: 'lzsvc' });
    expect(() => servicesBootstrap(e)).toThrow(/TierBootstrap \(ServicesBootstrap\/Bootstrap\): invalid qualifier: .*Base\/Infra \(TieredDeployRole, tier INFRASTRUCTURE\)/);
  });
});

describe('TierBootstrap.cliTemplate', () => {
  test('a self-contained template with the CLI parameters pinned and no bootstrap check of its own', () => {
    const { bootstrapStack } = servicesBootstrap();
    const template = JSON.parse(TierBootstrap.cliTemplate(bootstrapStack));
    expect(template.Rules).toBeUndefined();
    expect(Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::CDK::Metadata')).toHaveLength(0);
    expect(template.Parameters.Qualifier).toMatchObject({ Default: 'lzsvc', AllowedValues: ['lzsvc'] });
    for (const name of ['TrustedAccounts', 'TrustedAccountsForLookup', 'CloudFormationExecutionPolicies', 'InputPermissionsBoundary', 'FileAssetsBucketName']) {
      expect(template.Parameters[name]).toMatchObject({ Type: 'String', Default: '', AllowedValues: [''] });
    }
    expect(template.Parameters.FileAssetsBucketKmsKeyId.AllowedValues).toEqual(['AWS_MANAGED_KEY']);
    expect(template.Parameters.PublicAccessBlockConfiguration.AllowedValues).toEqual(['true']);
    expect(template.Parameters.BootstrapVariant.Default).toBe('cdk-landing-zone: TierBootstrap (SERVICES)');
    expect(template.Outputs.BootstrapVersion.Value).toBe(TierBootstrap.BOOTSTRAP_VERSION);
  });

  test('refuses a stack without exactly one TierBootstrap, and one that imports from another stack', () => {
    const e = servicesBootstrap();
    expect(() => TierBootstrap.cliTemplate(e.stack)).toThrow(/TierBootstrap.cliTemplate \(Base\): invalid stack: received "a stack with 0 TierBootstrap constructs"/);
    new iam.Role(e.bootstrapStack, 'Uses', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), managedPolicies: [e.boundary.managedPolicy] });
    expect(() => TierBootstrap.cliTemplate(e.bootstrapStack)).toThrow(/invalid stack: received "a template with imports from other stacks or parameters"/);
  });

  test('the test helper writes one self-contained template with the boundary, for an environment-agnostic bootstrap', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tier-bootstrap-')), 'bootstrap.json');
    const template = writeTierBootstrapTemplate(file, { tier: DeployTier.SERVICES, qualifier: 'lzsvc', executionPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'] });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(template);
    const types = Object.values<any>(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::IAM::ManagedPolicy')).toHaveLength(1);
    expect(types.filter((t) => t === 'AWS::IAM::Role')).toHaveLength(5);
    const deployRole = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.RoleName).includes('-deploy-role-'));
    expect(deployRole.Properties.RoleName).toEqual({ 'Fn::Join': ['', ['cdk-lzsvc-deploy-role-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]] });
    expect(deployRole.Properties.PermissionsBoundary).toHaveProperty('Ref');
  });
});

describe('TierBootstrap.deployRoleArnFor', () => {
  test('names, before the bootstrap exists, the deploy role the bootstrap then creates', () => {
    const e = estate();
    const named = e.stack.resolve(TierBootstrap.deployRoleArnFor(e.stack, 'lzsvc'));
    const { bootstrap } = servicesBootstrap(e);
    expect(named).toEqual(arn(`:iam::${ACCOUNT}:role/landing-zone/cdk-lzsvc-deploy-role-${ACCOUNT}-${REGION}`));
    expect(e.bootstrapStack.resolve(bootstrap.deployRoleArn)).toEqual(named);
  });

  test('refuses a qualifier the bootstrap would refuse, naming the scope', () => {
    const e = estate();
    expect(() => TierBootstrap.deployRoleArnFor(e.stack, 'LZ_SVC')).toThrow(/TierBootstrap\.deployRoleArnFor \(Base\): invalid qualifier: received "LZ_SVC"/);
  });
});
