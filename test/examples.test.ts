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

  test('every stack holds one native GitHub OIDC provider and no Lambda function', () => {
    for (const stack of stacks) {
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
        expect(role.Properties.PermissionsBoundary).toEqual({ Ref: expect.stringMatching(/^PermissionBoundary/) });
      }
    }
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

  test('the report lists every stack with its resource count', () => {
    const report = assemblyReport(new App({ outdir: undefined }).synth());
    expect(report).toMatch(/^Synthesized 0 stack\(s\)/);
    const full = assemblyReport(app.synth());
    expect(full).toMatch(/Management {2}account 111111111111 {2}region eu-west-1 {2}7 resource\(s\)/);
    expect(full).toMatch(/Security {2}account 222222222222 {2}region eu-west-1 {2}6 resource\(s\)/);
    expect(full).toMatch(/ {2}2 {2}AWS::CloudFormation::StackSet/);
    expect(full).toMatch(/Production {2}account 555555555555 {2}region eu-west-1 {2}8 resource\(s\)/);
    expect(full).toMatch(/Sandbox {2}account 666666666666 {2}region eu-west-1 {2}6 resource\(s\)/);
    expect(full).toMatch(/ {2}3 {2}AWS::IAM::Role/);
    expect(full).toMatch(/Total: 27 resource\(s\) in 4 stack\(s\)/);
  });
});
