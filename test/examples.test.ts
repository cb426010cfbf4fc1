import { App, Aspects, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildLandingZone } from '../examples/landing-zone';
import { assemblyReport } from '../examples/report';

describe('the example landing zone', () => {
  let stacks: Stack[];
  let app: App;
  beforeAll(() => {
    app = new App();
    stacks = buildLandingZone(app);
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    app.synth();
  });

  test('cdk-nag AwsSolutions reports no unsuppressed error', () => {
    for (const stack of stacks) {
      const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
      expect(errors.map((e) => `${e.id}: ${e.entry.data}`)).toEqual([]);
    }
  });

  test('the same cdk-nag setup reports a known violation (the check can fail)', () => {
    // GIVEN a canary: a role with an AWS managed policy, which AwsSolutions-IAM4 reports
    const canaryApp = new App();
    const canary = new Stack(canaryApp, 'Canary');
    new iam.Role(canary, 'Role', {
      assumedBy: new iam.AccountRootPrincipal(),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    Aspects.of(canaryApp).add(new AwsSolutionsChecks({ verbose: true }));

    // WHEN
    canaryApp.synth();

    // THEN
    const errors = Annotations.fromStack(canary).findError('*', Match.stringLikeRegexp('AwsSolutions-IAM4'));
    expect(errors).toHaveLength(1);
  });

  test('production spokes trust the production hub by exact ARN, inside the organization', () => {
    const management = stacks.find((s) => s.stackName === 'Management')!;
    const stackSets = Object.values<any>(Template.fromStack(management).findResources('AWS::CloudFormation::StackSet'));
    const production = stackSets.find((s) => s.Properties.StackSetName === 'landing-zone-spoke-production');
    expect(production.Properties.StackInstancesGroup).toEqual([{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-prod0001'] }, Regions: ['eu-west-1'] }]);
    const body = JSON.parse(production.Properties.TemplateBody);
    const trust = Object.values<any>(body.Resources)[0].Properties.AssumeRolePolicyDocument.Statement[0].Condition;
    expect(trust).toEqual({ ArnEquals: { 'aws:PrincipalArn': { Ref: 'HubRoleArn' } }, StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } });
    expect(production.Properties.Parameters).toEqual([
      { ParameterKey: 'HubRoleArn', ParameterValue: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:role/landing-zone/landing-zone-hub']] } },
      { ParameterKey: 'OrganizationId', ParameterValue: 'o-a1b2c3d4e5' },
    ]);
  });

  test('every account stack holds one native GitHub OIDC provider and no Lambda function', () => {
    for (const stack of stacks.filter((s) => !s.stackName.endsWith('Dns') && !s.stackName.endsWith('Bootstrap'))) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
      template.resourceCountIs('AWS::Lambda::Function', 0);
    }
  });

  test('every role of every stack carries the boundary', () => {
    for (const stack of stacks) {
      const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) {
        // The account's own boundary: by reference in its stack, by computed ARN (same account) in its us-east-1 DNS stack.
        const sameStack = { Ref: expect.stringMatching(/^PermissionBoundary/) };
        const sameAccount = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${stack.account}:policy/landing-zone/LandingZonePermissionBoundary`]] };
        expect([sameStack, sameAccount]).toContainEqual(role.Properties.PermissionsBoundary);
      }
    }
  });

  test('every tier of every account deploys through its own bounded bootstrap, in a stack of its own', () => {
    const bootstrapStacks = stacks.filter((s) => s.stackName.endsWith('Bootstrap'));
    expect(bootstrapStacks).toHaveLength(9);
    for (const stack of bootstrapStacks) {
      const template = Template.fromStack(stack);
      // deploy, file-publishing, image-publishing, lookup and CloudFormation execution roles
      template.resourceCountIs('AWS::IAM::Role', 5);
      template.resourceCountIs('AWS::S3::Bucket', 1);
      template.resourceCountIs('AWS::ECR::Repository', 1);
    }
    // The tier role of each account stack assumes only the roles of its own qualifier.
    const production = Template.fromStack(stacks.find((s) => s.stackName === 'Production')!);
    const assumed = JSON.stringify(Object.values<any>(production.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument));
    for (const qualifier of ['lzbase', 'lzinfra', 'lzsvc']) {
      expect(assumed).toContain(`:role/landing-zone/cdk-${qualifier}-deploy-role-555555555555-eu-west-1`);
    }
    expect(assumed).not.toContain('hnb659fds');
  });

  test('the production services role trusts only the production environment', () => {
    const production = stacks.find((s) => s.stackName === 'Production')!;
    Template.fromStack(production).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'landing-zone-services-deploy',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:acme@1000001/shop@2000002:environment:production',
              },
            },
          }),
        ],
      },
    });
  });

  test('the report lists every stack with the resource count of its template', () => {
    const empty = assemblyReport(new App({ outdir: undefined }).synth());
    expect(empty).toMatch(/^Synthesized 0 stack\(s\)/);
    const assembly = app.synth();
    const full = assemblyReport(assembly);
    let total = 0;
    for (const stack of assembly.stacks) {
      const count = Object.keys(stack.template.Resources ?? {}).length;
      total += count;
      expect(full).toContain(`${stack.stackName}  account ${stack.environment.account}  region ${stack.environment.region}  ${count} resource(s)`);
    }
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      'Backup',
      'BackupBaseBootstrap',
      'Management',
      'ManagementBootstrapBootstrap',
      'Network',
      'NetworkInfrastructureBootstrap',
      'Production',
      'ProductionBaseBootstrap',
      'ProductionDns',
      'ProductionInfrastructureBootstrap',
      'ProductionServicesBootstrap',
      'Sandbox',
      'SandboxDns',
      'SandboxInfrastructureBootstrap',
      'SandboxServicesBootstrap',
      'Security',
      'SecurityBaseBootstrap',
    ]);
    expect(full).toContain(`Total: ${total} resource(s) in 17 stack(s)`);
    expect(full).toMatch(/ {2}2 {2}AWS::CloudFormation::StackSet/);
  });
});
