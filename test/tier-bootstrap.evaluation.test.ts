import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeployTier, GithubOidcProvider, GithubSubject, PermissionBoundary, TierBootstrap, TieredDeployRole } from '../src';
import { literal } from './support/literal';
import { ADMINISTRATOR_ACCESS, ASSUME_ANY_ROLE, decide } from './support/simulation';
import { ACCOUNT, REGION, platform, shop } from './support/tiered-deploy-role-estate';

const OTHER_ACCOUNT = '222222222222';
const role = (path: string, name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role${path}${name}`;
const tierRole = (tier: string, account = ACCOUNT) => role('/landing-zone/', `landing-zone-${tier}-deploy`, account);
const bootstrapRole = (qualifier: string, kind: string) => role('/landing-zone/', `cdk-${qualifier}-${kind}-role-${ACCOUNT}-${REGION}`);

describe('tier bootstrap isolation, decided from the synthesized policies', () => {
  // One account: the Services and Infrastructure tiers, each with its own bootstrap;
  // the boundary exempts the tier roles and the bootstrap deploy roles, which must assume and pass protected roles.
  const app = new App();
  const stack = new Stack(app, 'Base', { env: { account: ACCOUNT, region: REGION } });
  const boundary = new PermissionBoundary(stack, 'Boundary', {
    exemptPrincipalArns: [tierRole('services'), tierRole('infrastructure'), bootstrapRole('lzsvc', 'deploy'), bootstrapRole('lzinfra', 'deploy')],
  });
  const provider = new GithubOidcProvider(stack, 'Github');
  const bootstrapStack = new Stack(app, 'ServicesBootstrap', { env: { account: ACCOUNT, region: REGION } });
  const baseStack = new Stack(app, 'BaseBootstrap', { env: { account: ACCOUNT, region: REGION } });
  const infrastructureStack = new Stack(app, 'InfrastructureBootstrap', { env: { account: ACCOUNT, region: REGION } });
  const admin = iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess');
  const services = new TierBootstrap(bootstrapStack, 'Services', { tier: DeployTier.SERVICES, qualifier: 'lzsvc', boundary, executionPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')] });
  const base = new TierBootstrap(baseStack, 'Base', { tier: DeployTier.BASE, qualifier: 'lzbase', boundary, executionPolicies: [admin] });
  const infrastructure = new TierBootstrap(infrastructureStack, 'Infrastructure', { tier: DeployTier.INFRASTRUCTURE, qualifier: 'lzinfra', boundary });
  const roles = {
    services: new TieredDeployRole(stack, 'ServicesRole', { tier: DeployTier.SERVICES, provider, boundary, bootstrap: services, subjects: [GithubSubject.branchPattern(shop, 'release/*')] }),
    infrastructure: new TieredDeployRole(stack, 'InfraRole', { tier: DeployTier.INFRASTRUCTURE, provider, boundary, bootstrap: infrastructure, subjects: [GithubSubject.branch(platform, 'main')] }),
  };
  const baseTemplate = Template.fromStack(stack).toJSON();
  // The three bootstrap stacks' resources together: their logical ids differ.
  const bootstrapTemplate = {
    Resources: Object.assign({}, ...[bootstrapStack, baseStack, infrastructureStack].map((s) => Template.fromStack(s).toJSON().Resources)),
  };

  // The deploy-time values of the bootstrap template's references, as IAM would store them.
  const references: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const [id, resource] of Object.entries<any>(bootstrapTemplate.Resources)) {
    if (resource.Type === 'AWS::S3::Bucket') {
      attributes[id] = `arn:aws:s3:::${resource.Properties.BucketName}`;
    } else if (resource.Type === 'AWS::ECR::Repository') {
      attributes[id] = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${resource.Properties.RepositoryName}`;
    } else if (resource.Type === 'AWS::SSM::Parameter') {
      references[id] = resource.Properties.Name;
    }
  }
  const resolveAttributes = (v: any): any => {
    if (Array.isArray(v)) {
      return v.map(resolveAttributes);
    }
    if (v !== null && typeof v === 'object') {
      if (Object.keys(v).length === 1 && v['Fn::GetAtt']) {
        return attributes[v['Fn::GetAtt'][0]] ?? v;
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveAttributes(x)]));
    }
    return v;
  };
  const bootstrapResource = (name: string) =>
    resolveAttributes(Object.values<any>(bootstrapTemplate.Resources).find((r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === name));
  const trustOf = (qualifier: string, kind: string) => literal(bootstrapResource(`cdk-${qualifier}-${kind}-role-${ACCOUNT}-${REGION}`).Properties.AssumeRolePolicyDocument, ACCOUNT, REGION);
  const inlineOf = (qualifier: string, kind: string) =>
    Object.fromEntries(
      bootstrapResource(`cdk-${qualifier}-${kind}-role-${ACCOUNT}-${REGION}`).Properties.Policies.map((p: any) => [p.PolicyName, literal(p.PolicyDocument, ACCOUNT, REGION, references)]),
    );
  const boundaryDocument = literal(Object.values<any>(baseTemplate.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument, ACCOUNT, REGION);
  const tierPolicies = (r: iam.Role) => {
    const logicalId = stack.resolve((r.node.defaultChild as iam.CfnRole).logicalId);
    const policies = Object.values<any>(baseTemplate.Resources).filter((p) => p.Type === 'AWS::IAM::Policy' && JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: logicalId }]));
    return Object.fromEntries(policies.map((p, i) => [`inline${i}`, literal(p.Properties.PolicyDocument, ACCOUNT, REGION)]));
  };

  test('the bootstraps are distinct: the base bootstrap exists, with its own qualifier', () => {
    expect(base.qualifier).toBe('lzbase');
  });

  test.each(['deploy', 'file-publishing', 'image-publishing', 'lookup'])('the Services tier role assumes its own %s role', async (kind) => {
    expect(
      await decide({
        principal: tierRole('services'),
        action: 'sts:AssumeRole',
        resource: bootstrapRole('lzsvc', kind),
        identityPolicies: tierPolicies(roles.services),
        permissionBoundary: boundaryDocument,
        trustPolicy: trustOf('lzsvc', kind),
      }),
    ).toBe('Allowed');
  });

  test('the Services tier role cannot assume the Infrastructure deploy role: its own policy names only its bootstrap', async () => {
    expect(
      await decide({
        principal: tierRole('services'),
        action: 'sts:AssumeRole',
        resource: bootstrapRole('lzinfra', 'deploy'),
        identityPolicies: tierPolicies(roles.services),
        permissionBoundary: boundaryDocument,
        trustPolicy: trustOf('lzinfra', 'deploy'),
      }),
    ).toBe('ImplicitlyDenied');
  });

  test.each([
    ['the Infrastructure tier role, even allowed every AssumeRole and exempt from the boundary', tierRole('infrastructure'), ASSUME_ANY_ROLE, true],
    ['an administrator of the account, without the boundary', role('/', 'admin'), ADMINISTRATOR_ACCESS, false],
    ['a role of the same name in another account', tierRole('services', OTHER_ACCOUNT), ADMINISTRATOR_ACCESS, false],
  ])('the Services deploy role trusts only the Services tier role: %s is refused by the trust policy', async (_who, principal, policy, bounded) => {
    expect(
      await decide({
        principal,
        action: 'sts:AssumeRole',
        resource: bootstrapRole('lzsvc', 'deploy'),
        identityPolicies: { policy },
        permissionBoundary: bounded ? boundaryDocument : undefined,
        trustPolicy: trustOf('lzsvc', 'deploy'),
      }),
    ).toBe('ImplicitlyDenied');
  });

  test('a bounded administrator of the account is denied by the boundary as well: the bootstrap roles are protected', async () => {
    expect(
      await decide({
        principal: role('/', 'admin'),
        action: 'sts:AssumeRole',
        resource: bootstrapRole('lzsvc', 'deploy'),
        identityPolicies: { admin: ADMINISTRATOR_ACCESS },
        permissionBoundary: boundaryDocument,
        trustPolicy: trustOf('lzsvc', 'deploy'),
      }),
    ).toBe('ExplicitlyDenied by DenyProtectedResources');
  });

  const pass = (target: string) =>
    decide({
      principal: bootstrapRole('lzsvc', 'deploy'),
      action: 'iam:PassRole',
      resource: target,
      context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
      identityPolicies: inlineOf('lzsvc', 'deploy'),
      permissionBoundary: boundaryDocument,
    });

  test('the deploy role passes its execution role', async () => {
    expect(await pass(bootstrapRole('lzsvc', 'cfn-exec'))).toBe('Allowed');
  });

  test.each([
    ['the Base execution role', bootstrapRole('lzbase', 'cfn-exec')],
    ['a role of the account', role('/', 'app')],
  ])('the deploy role cannot pass %s', async (_what, target) => {
    expect(await pass(target)).toMatch(/Denied/);
  });

  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundary`;
  // The boundary the Base execution role carries, read from its template.
  const executionBoundary = literal(bootstrapResource(`cdk-lzbase-cfn-exec-role-${ACCOUNT}-${REGION}`).Properties.PermissionsBoundary, ACCOUNT, REGION);
  const createRole = (path: string, requestedBoundary?: string) =>
    decide({
      principal: bootstrapRole('lzbase', 'cfn-exec'),
      action: 'iam:CreateRole',
      resource: role(path, 'created'),
      context: requestedBoundary ? { 'iam:PermissionsBoundary': requestedBoundary } : {},
      identityPolicies: { admin: ADMINISTRATOR_ACCESS },
      permissionBoundary: executionBoundary === boundaryArn ? boundaryDocument : undefined,
    });

  test('the Base execution role, even with AdministratorAccess, cannot create a role without the boundary', async () => {
    expect(await createRole('/app/')).toBe('ExplicitlyDenied by DenyPrincipalsWithoutThisBoundary');
  });

  test('the Base execution role creates a role that carries the boundary, outside the protected path', async () => {
    expect(await createRole('/app/', boundaryArn)).toBe('Allowed');
  });

  test('the Base execution role cannot create a role under the protected path', async () => {
    expect(await createRole('/landing-zone/', boundaryArn)).toBe('ExplicitlyDenied by DenyProtectedResources');
  });

  // The deploy role's stack statements: a tier changes only stacks tagged with its own tier.
  const TIER_TAG = 'landing-zone:tier';
  const stackArn = (name: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
  const deployAs = (action: string, stackName: string, tags: { resource?: string; request?: string }) =>
    decide({
      principal: bootstrapRole('lzsvc', 'deploy'),
      action,
      resource: stackArn(stackName),
      context: {
        // The actions that take an execution role: the deploy role passes its own.
        ...(/ChangeSet$/.test(action) && action !== 'cloudformation:CreateChangeSet' ? {} : { 'cloudformation:RoleArn': bootstrapRole('lzsvc', 'cfn-exec') }),
        ...(tags.resource ? { [`aws:ResourceTag/${TIER_TAG}`]: tags.resource } : {}),
        ...(tags.request ? { [`aws:RequestTag/${TIER_TAG}`]: tags.request, 'aws:TagKeys': [TIER_TAG] } : {}),
      },
      identityPolicies: inlineOf('lzsvc', 'deploy'),
      permissionBoundary: boundaryDocument,
    });

  test('the Services deploy role creates, changes and deletes stacks of its own tier', async () => {
    expect({
      newChangeSet: await deployAs('cloudformation:CreateChangeSet', 'shop', { request: 'SERVICES' }),
      newStack: await deployAs('cloudformation:CreateStack', 'shop', { request: 'SERVICES' }),
      execute: await deployAs('cloudformation:ExecuteChangeSet', 'shop', { resource: 'SERVICES' }),
      executeNew: await deployAs('cloudformation:ExecuteChangeSet', 'shop', {}),
      changeSet: await deployAs('cloudformation:CreateChangeSet', 'shop', { resource: 'SERVICES', request: 'SERVICES' }),
      delete: await deployAs('cloudformation:DeleteStack', 'shop', { resource: 'SERVICES' }),
    }).toEqual({ newChangeSet: 'Allowed', newStack: 'Allowed', execute: 'Allowed', executeNew: 'Allowed', changeSet: 'Allowed', delete: 'Allowed' });
  });

  test.each(['INFRASTRUCTURE', 'BASE'])('the Services deploy role cannot change or delete a stack of the %s tier, even with its own execution role', async (tier) => {
    expect({
      delete: await deployAs('cloudformation:DeleteStack', 'network', { resource: tier }),
      update: await deployAs('cloudformation:UpdateStack', 'network', { resource: tier, request: 'SERVICES' }),
      changeSet: await deployAs('cloudformation:CreateChangeSet', 'network', { resource: tier, request: 'SERVICES' }),
      execute: await deployAs('cloudformation:ExecuteChangeSet', 'network', { resource: tier }),
      rollback: await deployAs('cloudformation:RollbackStack', 'network', { resource: tier }),
    }).toEqual({
      delete: 'ExplicitlyDenied by DenyStacksOfOtherTiers',
      update: 'ExplicitlyDenied by DenyStacksOfOtherTiers',
      changeSet: 'ExplicitlyDenied by DenyChangeSetsOfOtherTiers',
      execute: 'ExplicitlyDenied by DenyChangeSetsOfOtherTiers',
      rollback: 'ExplicitlyDenied by DenyStacksOfOtherTiers',
    });
  });

  test('the Services deploy role cannot delete or update a stack no tier deployed (untagged), nor create one without its tier\'s tag', async () => {
    expect({
      delete: await deployAs('cloudformation:DeleteStack', 'legacy', {}),
      update: await deployAs('cloudformation:UpdateStack', 'legacy', { request: 'SERVICES' }),
      untagged: await deployAs('cloudformation:CreateChangeSet', 'shop', {}),
      otherTag: await deployAs('cloudformation:CreateChangeSet', 'shop', { request: 'BASE' }),
    }).toEqual({
      delete: 'ExplicitlyDenied by DenyStacksOfOtherTiers',
      update: 'ExplicitlyDenied by DenyStacksOfOtherTiers',
      untagged: 'ExplicitlyDenied by DenyUntaggedChanges',
      otherTag: 'ExplicitlyDenied by DenyUntaggedChanges',
    });
  });

  // The staging bucket, image repository and version parameter of the Services tier, against the
  // Infrastructure tier's execution role (PowerUserAccess, which allows S3, ECR and SSM).
  const resourcePolicyOf = (type: string, property: string, name: string) =>
    literal(
      resolveAttributes(
        Object.values<any>(bootstrapTemplate.Resources).find(
          (r) => r.Type === type && JSON.stringify(resolveAttributes(r.Properties)).includes(name),
        ).Properties[property],
      ),
      ACCOUNT,
      REGION,
    );
  const bucket = `cdk-lzsvc-assets-${ACCOUNT}-${REGION}`;
  const repository = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/cdk-lzsvc-container-assets-${ACCOUNT}-${REGION}`;
  const POWER_USER = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }] };
  const asRole = (principal: string, identityPolicies: Record<string, unknown>) => (action: string, resource: string, resourcePolicy?: unknown) =>
    decide({ principal, action, resource, resourceAccount: ACCOUNT, resourcePolicy, context: { 'aws:SecureTransport': 'true', 'aws:ResourceAccount': ACCOUNT }, identityPolicies, permissionBoundary: boundaryDocument });
  const otherTier = asRole(bootstrapRole('lzinfra', 'cfn-exec'), { power: POWER_USER });
  const bucketPolicy = resourcePolicyOf('AWS::S3::BucketPolicy', 'PolicyDocument', bucket);
  const repositoryPolicy = literal(
    Object.values<any>(bootstrapTemplate.Resources).find((r) => r.Type === 'AWS::ECR::Repository' && r.Properties.RepositoryName.startsWith('cdk-lzsvc-')).Properties.RepositoryPolicyText,
    ACCOUNT,
    REGION,
  );

  test('another tier\'s bounded principal cannot plant an asset in the Services bucket or repository, reconfigure them or delete the version parameter', async () => {
    expect({
      putAsset: await otherTier('s3:PutObject', `arn:aws:s3:::${bucket}/0123abcd.zip`, bucketPolicy),
      deleteAsset: await otherTier('s3:DeleteObject', `arn:aws:s3:::${bucket}/0123abcd.zip`, bucketPolicy),
      bucketPolicy: await otherTier('s3:PutBucketPolicy', `arn:aws:s3:::${bucket}`, bucketPolicy),
      deleteBucketPolicy: await otherTier('s3:DeleteBucketPolicy', `arn:aws:s3:::${bucket}`, bucketPolicy),
      pushImage: await otherTier('ecr:PutImage', repository, repositoryPolicy),
      uploadLayer: await otherTier('ecr:InitiateLayerUpload', repository, repositoryPolicy),
      repositoryPolicy: await otherTier('ecr:SetRepositoryPolicy', repository, repositoryPolicy),
      deleteRepository: await otherTier('ecr:DeleteRepository', repository, repositoryPolicy),
      deleteVersion: await otherTier('ssm:DeleteParameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/cdk-bootstrap/lzsvc/version`),
      putVersion: await otherTier('ssm:PutParameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/cdk-bootstrap/lzsvc/version`),
    }).toEqual({
      putAsset: 'ExplicitlyDenied by OnlyTheTierPublishes',
      deleteAsset: 'ExplicitlyDenied by OnlyTheTierPublishes',
      bucketPolicy: 'ExplicitlyDenied by DenyProtectedResources',
      deleteBucketPolicy: 'ExplicitlyDenied by DenyProtectedResources',
      pushImage: expect.stringMatching(/^ExplicitlyDenied by (OnlyTheTierPublishes|DenyProtectedResources)$/),
      uploadLayer: 'ExplicitlyDenied by OnlyTheTierPublishes',
      repositoryPolicy: 'ExplicitlyDenied by DenyProtectedResources',
      deleteRepository: 'ExplicitlyDenied by DenyProtectedResources',
      deleteVersion: 'ExplicitlyDenied by DenyProtectedResources',
      putVersion: 'ExplicitlyDenied by DenyProtectedResources',
    });
  });

  test('the Services tier publishes and reads through its own roles', async () => {
    const files = asRole(bootstrapRole('lzsvc', 'file-publishing'), inlineOf('lzsvc', 'file-publishing'));
    const images = asRole(bootstrapRole('lzsvc', 'image-publishing'), inlineOf('lzsvc', 'image-publishing'));
    const deployer = asRole(bootstrapRole('lzsvc', 'deploy'), inlineOf('lzsvc', 'deploy'));
    expect({
      putAsset: await files('s3:PutObject', `arn:aws:s3:::${bucket}/0123abcd.zip`, bucketPolicy),
      location: await files('s3:GetBucketLocation', `arn:aws:s3:::${bucket}`, bucketPolicy),
      list: await files('s3:ListBucket', `arn:aws:s3:::${bucket}`, bucketPolicy),
      pushImage: await images('ecr:PutImage', repository, repositoryPolicy),
      uploadLayer: await images('ecr:UploadLayerPart', repository, repositoryPolicy),
      describeImages: await images('ecr:DescribeImages', repository, repositoryPolicy),
      readTemplate: await deployer('s3:GetObject', `arn:aws:s3:::${bucket}/0123abcd.json`, bucketPolicy),
      readVersion: await deployer('ssm:GetParameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/cdk-bootstrap/lzsvc/version`),
      readVersionAsExecution: await otherTier('ssm:GetParameters', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/cdk-bootstrap/lzsvc/version`),
    }).toEqual({
      putAsset: 'Allowed',
      location: 'Allowed',
      list: 'Allowed',
      pushImage: 'Allowed',
      uploadLayer: 'Allowed',
      describeImages: 'Allowed',
      readTemplate: 'Allowed',
      readVersion: 'Allowed',
      readVersionAsExecution: 'Allowed',
    });
  });
});
