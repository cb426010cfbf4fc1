import {
  App,
  Aspects,
  Aws,
  CfnParameter,
  CfnResource,
  IAspect,
  Lazy,
  NestedStack,
  RemovalPolicy,
  Stack,
  Stage,
  aws_iam as iam,
  aws_s3 as s3,
  custom_resources as cr,
} from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { PermissionBoundary, PermissionBoundaryProps } from '../src/permission-boundary';
import { IAM_LIMITS, measurePolicySize } from '../src/private/policy-size';

const ACCOUNT = '111111111111';
const PIPELINE = `arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-base`;

function agnosticStack(): Stack {
  return new Stack(new App(), 'Stack');
}

function concreteStack(app = new App(), id = 'Stack', account = ACCOUNT, region = 'eu-west-1'): Stack {
  return new Stack(app, id, { env: { account, region } });
}

/** The boundary's statements as synthesized, keyed by Sid. */
function statementsBySid(stack: Stack): Record<string, any> {
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
  expect(policies).toHaveLength(1);
  return Object.fromEntries((policies[0].Properties.PolicyDocument.Statement as any[]).map((s) => [s.Sid, s]));
}

/** The PermissionsBoundary of every role in the stack's template, by logical id. */
function roleBoundaries(stack: Stack): Record<string, unknown> {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  return Object.fromEntries(Object.entries(roles).map(([id, r]) => [id, r.Properties?.PermissionsBoundary]));
}

/** An aspect that sets (or, given undefined, removes) the PermissionsBoundary of every CfnRole. */
function overrideBoundary(arn: string | undefined): IAspect {
  return {
    visit: (node: IConstruct) => {
      if (node instanceof iam.CfnRole) {
        if (arn === undefined) {
          node.addPropertyDeletionOverride('PermissionsBoundary');
        } else {
          node.addPropertyOverride('PermissionsBoundary', arn);
        }
      }
    },
  };
}

function policyLogicalId(boundary: PermissionBoundary): string {
  return Stack.of(boundary).getLogicalId(boundary.node.findChild('Resource').node.defaultChild as CfnResource);
}

describe('PermissionBoundary with default props', () => {
  test('creates one managed policy with the fixed name, path and statements', () => {
    // GIVEN
    const stack = agnosticStack();

    // WHEN
    const boundary = new PermissionBoundary(stack, 'Boundary');

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'LandingZonePermissionBoundary',
      Path: '/landing-zone/',
      Description: Match.stringLikeRegexp('Permissions boundary'),
    });
    expect(Object.keys(statementsBySid(stack))).toEqual([
      'AllowWithinBoundary',
      'DenyPrincipalsWithoutThisBoundary',
      'DenyChangingPrincipalsWithoutThisBoundary',
      'DenyEscalatingThroughExistingPrincipals',
      'DenyChangingThisBoundary',
      'DenyChangingBoundaries',
      'DenyProtectedResources',
      'DenyProtectedKeys',
      'DenyGrantsOnProtectedKeys',
      'DenyChangingOrganization',
      'DenyDisablingSecurityServices',
      'DenyDeletingBackups',
    ]);
    expect(boundary.managedPolicyName).toBe('LandingZonePermissionBoundary');
    expect(boundary.managedPolicyPath).toBe('/landing-zone/');
    expect(boundary.node.findChild('Resource')).toBe(boundary.managedPolicy);
  });

  test('allows everything its holder is granted: Allow * on *', () => {
    const stack = agnosticStack();
    new PermissionBoundary(stack, 'Boundary');
    expect(statementsBySid(stack).AllowWithinBoundary).toEqual({ Sid: 'AllowWithinBoundary', Effect: 'Allow', Action: '*', Resource: '*' });
  });

  test('computes its ARN from the partition and account, not from a reference to itself', () => {
    // GIVEN
    const stack = agnosticStack();

    // WHEN
    const boundary = new PermissionBoundary(stack, 'Boundary');

    // THEN
    const arn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/landing-zone/LandingZonePermissionBoundary']],
    };
    expect(stack.resolve(boundary.managedPolicyArn)).toEqual(arn);
    const document = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    expect(document).not.toContain(`"Ref":"${policyLogicalId(boundary)}"`);
    expect(document).not.toContain('arn:aws:');
  });

  test('uses the literal account, and still the partition of the deployment, in a stack with a concrete environment', () => {
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    expect(stack.resolve(boundary.managedPolicyArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundary`]],
    });
  });

  test('requires exactly this boundary, compared with StringNotEquals, to create or change principals', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    const boundary = new PermissionBoundary(stack, 'Boundary');

    // THEN
    const statements = statementsBySid(stack);
    const exactly = { StringNotEquals: { 'iam:PermissionsBoundary': stack.resolve(boundary.managedPolicyArn) } };
    expect(statements.DenyPrincipalsWithoutThisBoundary).toMatchObject({
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:CreateUser'],
      Resource: '*',
      Condition: exactly,
    });
    expect(statements.DenyChangingPrincipalsWithoutThisBoundary).toMatchObject({
      Effect: 'Deny',
      Action: expect.arrayContaining([
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:AttachUserPolicy',
        'iam:DetachUserPolicy',
        'iam:PutUserPolicy',
        'iam:DeleteUserPolicy',
      ]),
      Resource: '*',
      Condition: exactly,
    });
    expect(JSON.stringify(statements)).not.toMatch(/LandingZonePermissionBoundary\*/);
  });

  test('denies changing or deleting itself on its own ARN, new versions of any customer policy, and setting or removing any boundary', () => {
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    const statements = statementsBySid(stack);
    expect(statements.DenyChangingThisBoundary).toEqual({
      Sid: 'DenyChangingThisBoundary',
      Effect: 'Deny',
      Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
      Resource: stack.resolve(boundary.managedPolicyArn),
    });
    expect(statements.DenyEscalatingThroughExistingPrincipals).toMatchObject({
      Action: expect.arrayContaining(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion']),
      Resource: '*',
    });
    expect(statements.DenyChangingBoundaries).toMatchObject({
      Action: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
      Resource: '*',
    });
    expect(statements.DenyChangingBoundaries.Condition).toBeUndefined();
  });

  test('protects the roles under /landing-zone/ with no exemption', () => {
    const stack = concreteStack();
    new PermissionBoundary(stack, 'Boundary');
    const statement = statementsBySid(stack).DenyProtectedResources;
    expect(statement.Resource[0]).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/landing-zone/*`]] });
    // Everything but reads: creating, changing, tagging, passing and assuming the roles.
    expect(statement.NotAction.filter((a: string) => /^(iam|sts):/.test(a))).toEqual(['iam:Get*', 'iam:List*']);
    expect(statement.Condition).toBeUndefined();
  });

  test('denies leaving the organisation, disabling CloudTrail, GuardDuty and Config, and deleting backups', () => {
    const stack = agnosticStack();
    new PermissionBoundary(stack, 'Boundary');
    const statements = statementsBySid(stack);
    expect(statements.DenyChangingOrganization).toMatchObject({ Effect: 'Deny', Action: expect.arrayContaining(['organizations:Leave*']), Resource: '*' });
    expect(statements.DenyDisablingSecurityServices.Action).toEqual(
      expect.arrayContaining(['cloudtrail:Stop*', 'cloudtrail:Delete*', 'guardduty:Delete*', 'config:Stop*']),
    );
    expect(statements.DenyDeletingBackups.Action).toEqual(
      expect.arrayContaining(['backup:Delete*', 'backup:Update*', 'backup:PutBackupVaultAccessPolicy']),
    );
  });

  test('has no region restriction', () => {
    const stack = agnosticStack();
    new PermissionBoundary(stack, 'Boundary');
    expect(statementsBySid(stack).DenyOutsideAllowedRegions).toBeUndefined();
  });
});

describe('PermissionBoundary props', () => {
  test('a name and path make the ARN that the statements use', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    const boundary = new PermissionBoundary(stack, 'Boundary', { managedPolicyName: 'Guard', path: '/' });

    // THEN
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:policy/Guard`]] };
    expect(stack.resolve(boundary.managedPolicyArn)).toEqual(arn);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'Guard', Path: '/' });
    expect(statementsBySid(stack).DenyPrincipalsWithoutThisBoundary.Condition).toEqual({ StringNotEquals: { 'iam:PermissionsBoundary': arn } });
  });

  test('a description is passed to the policy', () => {
    const stack = agnosticStack();
    new PermissionBoundary(stack, 'Boundary', { description: 'Our boundary' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: 'Our boundary' });
  });

  test('each protected path is a resource of the protected-resources statement', () => {
    const stack = concreteStack();
    new PermissionBoundary(stack, 'Boundary', { protectedRolePaths: ['/landing-zone/', '/security/audit/'] });
    expect(statementsBySid(stack).DenyProtectedResources.Resource.slice(0, 2)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/landing-zone/*`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/security/audit/*`]] },
    ]);
  });

  test('exempt principals are excluded with ArnNotEquals on aws:PrincipalArn from the deploy machinery statements only', () => {
    const stack = concreteStack();
    const other = `arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-services`;
    new PermissionBoundary(stack, 'Boundary', { exemptPrincipalArns: [PIPELINE, other] });
    const statements = statementsBySid(stack);
    const exempt = { ArnNotEquals: { 'aws:PrincipalArn': [PIPELINE, other] } };
    expect(statements.DenyProtectedResources.Condition).toEqual(exempt);
    const exempted = Object.values(statements).filter((st) => JSON.stringify(st).includes(PIPELINE));
    expect(exempted.map((st) => st.Sid)).toEqual(['DenyProtectedResources']);
  });

  test('protects the roles, the stacks and StackSets named landing-zone-* in every region, the GitHub provider, the functions named landing-zone-* and the CDK bootstrap resources, leaving reads and publishing', () => {
    const stack = concreteStack();
    new PermissionBoundary(stack, 'Boundary');
    const statement = statementsBySid(stack).DenyProtectedResources;
    expect(statement.NotAction).toEqual([
      'cloudformation:Describe*',
      'cloudformation:Detect*',
      'cloudformation:Get*',
      'cloudformation:List*',
      'ecr:*Layer*',
      'ecr:BatchGet*',
      'ecr:Describe*',
      'ecr:PutImage',
      'iam:Get*',
      'iam:List*',
      's3:*Object*',
      's3:Get*',
      's3:List*',
      'ssm:Get*',
    ]);
    expect(statement.Action).toBeUndefined();
    expect(stack.resolve(statement.Resource)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/landing-zone/*`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudformation:*:${ACCOUNT}:stack/landing-zone-*/*`]] },
      // The stacks a StackSet named landing-zone-* deploys into each account.
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudformation:*:${ACCOUNT}:stack/StackSet-landing-zone-*/*`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudformation:*:${ACCOUNT}:stackset/landing-zone-*:*`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com*`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:lambda:*:${ACCOUNT}:function:landing-zone-*`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::cdk-*-assets-*']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:*:${ACCOUNT}:repository/cdk-*`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:*:${ACCOUNT}:parameter/cdk-bootstrap/*`]] },
    ]);
    expect(statement.Condition).toBeUndefined();
  });

  test('exposes the default stack name prefix and the protected tag key', () => {
    expect(PermissionBoundary.DEFAULT_PROTECTED_STACK_NAME_PREFIX).toBe('landing-zone-');
    expect(PermissionBoundary.PROTECTED_TAG).toBe('landing-zone:protected');
  });

  test('protectedStackNamePrefixes replaces the default stack prefix (the functions keep theirs)', () => {
    const stack = concreteStack();
    new PermissionBoundary(stack, 'Boundary', { protectedStackNamePrefixes: ['Security', 'baseline-'] });
    const resources = JSON.stringify(stack.resolve(statementsBySid(stack).DenyProtectedResources.Resource));
    expect(resources).toContain('stack/Security*/*');
    expect(resources).toContain('stackset/baseline-*:*');
    expect(resources).not.toContain('stack/landing-zone-');
    expect(resources).toContain(':function:landing-zone-*');
  });

  test('an empty list of exempt principals exempts nobody', () => {
    const stack = concreteStack();
    new PermissionBoundary(stack, 'Boundary', { exemptPrincipalArns: [] });
    expect(statementsBySid(stack).DenyProtectedResources.Condition).toBeUndefined();
  });

  test('allowed regions add a Deny with NotAction for global services', () => {
    // GIVEN
    const stack = agnosticStack();

    // WHEN
    new PermissionBoundary(stack, 'Boundary', { allowedRegions: ['eu-west-1', 'eu-central-1'] });

    // THEN
    const statement = statementsBySid(stack).DenyOutsideAllowedRegions;
    expect(statement).toMatchObject({
      Effect: 'Deny',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    });
    expect(statement.Action).toBeUndefined();
    expect(statement.NotAction).toEqual(expect.arrayContaining(['iam:*', 'organizations:*', 'sts:*', 'route53:*', 'cloudfront:*', 'support:*']));
    expect(statement.NotAction).not.toContain('ec2:*');
    expect(statement.NotAction).not.toContain('*');
  });
});

describe('PermissionBoundary validation', () => {
  const build = (props: PermissionBoundaryProps, stack: Stack = agnosticStack()) => () => new PermissionBoundary(stack, 'Boundary', props);

  describe('managedPolicyName', () => {
    test.each(['', 'has space', 'slash/name', 'a'.repeat(129), 'star*'])('refuses %j', (name) => {
      expect(build({ managedPolicyName: name })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid managedPolicyName: received .*; expected 1 to 128 characters/);
    });

    test.each(['a'.repeat(128), 'Guard+=,.@_-1'])('accepts %j', (name) => {
      expect(build({ managedPolicyName: name })).not.toThrow();
    });

    test('passes a token through', () => {
      const stack = agnosticStack();
      const boundary = new PermissionBoundary(stack, 'Boundary', { managedPolicyName: Lazy.string({ produce: () => 'has space' }) });
      expect(JSON.stringify(stack.resolve(boundary.managedPolicyArn))).toContain(':policy/landing-zone/has space');
    });
  });

  describe('path', () => {
    test.each(['landing-zone/', '/landing-zone', '//', '/with space/', `/${'a'.repeat(511)}/`, '/tab\t/'])('refuses %j', (path) => {
      expect(build({ path })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid path: .*expected an IAM path of at most 512 characters/);
    });

    test.each(['/', '/a/b/', `/${'a'.repeat(510)}/`])('accepts %j', (path) => {
      expect(build({ path })).not.toThrow();
    });

    test.each(['/a//b/', '/del\x7f/'])('refuses %j, like every IAM path of the library (an empty segment, DEL)', (path) => {
      expect(build({ path })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid path: .*expected an IAM path of at most 512 characters/);
      expect(build({ protectedRolePaths: [path] })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid protectedRolePaths\[0\]: .*expected an IAM path/);
    });

    test('passes a token through, and the ARN follows it', () => {
      // GIVEN
      const stack = concreteStack();
      const path = new CfnParameter(stack, 'BoundaryPath').valueAsString;

      // WHEN
      const boundary = new PermissionBoundary(stack, 'Boundary', { path });

      // THEN
      expect(stack.resolve(boundary.managedPolicyArn)).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:policy`, { Ref: 'BoundaryPath' }, 'LandingZonePermissionBoundary']],
      });
    });
  });

  describe('description', () => {
    test('refuses more than 1,000 characters', () => {
      expect(build({ description: 'x'.repeat(1001) })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid description: .*expected at most 1000 characters/);
    });

    test('accepts 1,000 characters', () => {
      expect(build({ description: 'x'.repeat(1000) })).not.toThrow();
    });

    test('passes a token through', () => {
      const stack = agnosticStack();
      new PermissionBoundary(stack, 'Boundary', { description: Lazy.string({ produce: () => 'x'.repeat(1001) }) });
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { Description: 'x'.repeat(1001) });
    });
  });

  describe('protectedRolePaths', () => {
    test('refuses an empty list', () => {
      expect(build({ protectedRolePaths: [] })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid protectedRolePaths: received \[\]; expected a list of at least one IAM path/);
    });

    test('refuses the root path, which would protect every role', () => {
      expect(build({ protectedRolePaths: ['/landing-zone/', '/'] })).toThrow(
        /^PermissionBoundary \(Stack\/Boundary\): invalid protectedRolePaths\[1\]: received "\/"; expected a path below the root.*every holder/,
      );
    });

    test.each(['landing-zone', '/landing-zone', '/a b/'])('refuses the malformed path %j', (path) => {
      expect(build({ protectedRolePaths: [path] })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid protectedRolePaths\[0\]: .*expected an IAM path/);
    });

    test('refuses a list token, because each path becomes its own resource ARN', () => {
      const stack = agnosticStack();
      const paths = new CfnParameter(stack, 'Paths', { type: 'CommaDelimitedList' }).valueAsList;
      expect(build({ protectedRolePaths: paths }, stack)).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid protectedRolePaths: .*must be known at synthesis/);
    });

    test('accepts nested paths', () => {
      expect(build({ protectedRolePaths: ['/landing-zone/', '/landing-zone/tiers/', '/x/'] })).not.toThrow();
    });

    test('passes a path token through', () => {
      // GIVEN
      const stack = concreteStack();
      const path = new CfnParameter(stack, 'ProtectedPath').valueAsString;

      // WHEN
      new PermissionBoundary(stack, 'Boundary', { protectedRolePaths: [path] });

      // THEN
      expect(statementsBySid(stack).DenyProtectedResources.Resource[0]).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role`, { Ref: 'ProtectedPath' }, '*']],
      });
    });
  });

  describe('exemptPrincipalArns', () => {
    test.each([
      ['*', /expected an exact role ARN, without \* or \?/],
      ['arn:aws:iam::*:role/landing-zone/pipeline', /expected an exact role ARN, without \* or \?/],
      [`arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-*`, /expected an exact role ARN, without \* or \?.*rewrite the protected roles/],
      [`arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-?`, /expected an exact role ARN, without \* or \?/],
      [`arn:aws:iam::${ACCOUNT}:role/cdk-*`, /expected an exact role ARN, without \* or \?/],
      ['arn:aws:iam::11111111111:role/landing-zone/pipeline', /expected a 12-digit account id/],
      [`arn:aws:iam::${ACCOUNT}:root`, /expected an IAM role ARN/],
      [`arn:aws:sts::${ACCOUNT}:assumed-role/pipeline/session`, /expected an IAM role ARN.*not the session ARN/],
      [`arn:aws:iam::${ACCOUNT}:user/landing-zone/break-glass`, /expected an IAM role ARN.*users are not exempted/],
      [`arn:aws:iam::${ACCOUNT}:role/cdk-evil`, /expected a role under one of the protected paths \/landing-zone\/.*could be taken by a holder/],
      [`arn:aws:iam::${ACCOUNT}:role/landing-zone-evil/pipeline`, /expected a role under one of the protected paths/],
      [`arn:aws:iam::${ACCOUNT}:role/workload/landing-zone/pipeline`, /expected a role under one of the protected paths/],
    ])('refuses %j', (arn, message) => {
      expect(build({ exemptPrincipalArns: [PIPELINE, arn] })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid exemptPrincipalArns\[1\]/);
      expect(build({ exemptPrincipalArns: [PIPELINE, arn] })).toThrow(message);
    });

    test('refuses a principal of another account than the boundary', () => {
      expect(build({ exemptPrincipalArns: ['arn:aws:iam::222222222222:role/landing-zone/pipeline'] }, concreteStack())).toThrow(
        /^PermissionBoundary \(Stack\/Boundary\): invalid exemptPrincipalArns\[0\]: .*expected a principal of the boundary's account 111111111111/,
      );
    });

    test('refuses a wildcard in the literal part of a partly resolved ARN', () => {
      const stack = concreteStack();
      const arn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'landing-zone/pipeline-*' });
      expect(build({ exemptPrincipalArns: [arn] }, stack)).toThrow(/invalid exemptPrincipalArns\[0\]: .*expected an exact role ARN/);
    });

    test.each([
      [PIPELINE, undefined],
      [`arn:aws:iam::${ACCOUNT}:role/landing-zone/tiers/pipeline`, undefined],
      [`arn:aws-us-gov:iam::${ACCOUNT}:role/security/pipeline`, ['/landing-zone/', '/security/']],
    ])('accepts %j', (arn, protectedRolePaths) => {
      expect(build({ exemptPrincipalArns: [arn], protectedRolePaths }, concreteStack())).not.toThrow();
    });

    test('accepts any account in an environment-agnostic stack', () => {
      expect(build({ exemptPrincipalArns: ['arn:aws:iam::222222222222:role/landing-zone/pipeline'] })).not.toThrow();
    });

    test('does not check the path against a protected path given as a token', () => {
      const stack = concreteStack();
      const path = new CfnParameter(stack, 'ProtectedPath').valueAsString;
      expect(build({ exemptPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/elsewhere/pipeline`], protectedRolePaths: [path] }, stack)).not.toThrow();
    });

    test('passes a role ARN token and a list token through', () => {
      // GIVEN
      const stack = concreteStack();
      const role = new iam.Role(stack, 'Pipeline', { assumedBy: new iam.AccountRootPrincipal() });
      const other = concreteStack(new App());
      const list = new CfnParameter(other, 'Exempt', { type: 'CommaDelimitedList' }).valueAsList;

      // WHEN
      new PermissionBoundary(stack, 'Boundary', { exemptPrincipalArns: [role.roleArn, PIPELINE] });
      new PermissionBoundary(other, 'Boundary', { exemptPrincipalArns: list });

      // THEN
      expect(statementsBySid(stack).DenyProtectedResources.Condition).toEqual({
        ArnNotEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] }, PIPELINE] },
      });
      expect(statementsBySid(other).DenyProtectedResources.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': { Ref: 'Exempt' } } });
    });
  });

  describe('protectedStackNamePrefixes', () => {
    test('refuses an empty list', () => {
      expect(build({ protectedStackNamePrefixes: [] })).toThrow(
        /^PermissionBoundary \(Stack\/Boundary\): invalid protectedStackNamePrefixes: received \[\]; expected a list of at least one stack name prefix/,
      );
    });

    test.each(['', '*', 'landing-zone-*', '1landing', 'landing_zone', 'a'.repeat(129)])('refuses %j', (prefix) => {
      expect(build({ protectedStackNamePrefixes: ['landing-zone-', prefix] })).toThrow(
        /^PermissionBoundary \(Stack\/Boundary\): invalid protectedStackNamePrefixes\[1\]: .*expected a letter, then up to 127 letters, digits and hyphens, without wildcards/,
      );
    });

    test('refuses a list token, because each prefix becomes its own resource ARNs', () => {
      const stack = agnosticStack();
      const prefixes = new CfnParameter(stack, 'Prefixes', { type: 'CommaDelimitedList' }).valueAsList;
      expect(build({ protectedStackNamePrefixes: prefixes }, stack)).toThrow(/invalid protectedStackNamePrefixes: .*must be known at synthesis/);
    });

    test.each(['landing-zone-', 'Security', 'a'.repeat(128)])('accepts %j', (prefix) => {
      expect(build({ protectedStackNamePrefixes: [prefix] })).not.toThrow();
    });

    test('passes a prefix token through', () => {
      const stack = concreteStack();
      const prefix = new CfnParameter(stack, 'Prefix').valueAsString;
      new PermissionBoundary(stack, 'Boundary', { protectedStackNamePrefixes: [prefix] });
      expect(JSON.stringify(statementsBySid(stack).DenyProtectedResources.Resource)).toContain('{"Ref":"Prefix"}');
    });
  });

  describe('allowedRegions', () => {
    test.each([
      [[]],
      [['eu-west-1', '*']],
      [['EU-WEST-1']],
      [['eu-west']],
      [['us-east-1a']],
      [['eu-*-1']],
    ])('refuses %j', (regions) => {
      expect(build({ allowedRegions: regions })).toThrow(/^PermissionBoundary \(Stack\/Boundary\): invalid allowedRegions: .*expected at least one region name/);
    });

    test('accepts commercial, GovCloud, China, sovereign-cloud and new regions', () => {
      expect(build({ allowedRegions: ['eu-west-1', 'us-gov-west-1', 'cn-north-1', 'eusc-de-east-1', 'ap-southeast-7', 'il-central-1'] })).not.toThrow();
    });

    test('passes a region token and a list token through', () => {
      // GIVEN
      const stack = agnosticStack();
      const other = agnosticStack();
      const list = new CfnParameter(other, 'Regions', { type: 'CommaDelimitedList' }).valueAsList;

      // WHEN
      new PermissionBoundary(stack, 'Boundary', { allowedRegions: [Aws.REGION, 'eu-west-1'] });
      new PermissionBoundary(other, 'Boundary', { allowedRegions: list });

      // THEN
      expect(statementsBySid(stack).DenyOutsideAllowedRegions.Condition).toEqual({
        StringNotEquals: { 'aws:RequestedRegion': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
      });
      expect(statementsBySid(other).DenyOutsideAllowedRegions.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': { Ref: 'Regions' } } });
    });
  });
});

describe('PermissionBoundary: one managed policy name per account', () => {
  test('a second boundary of the same name in another stack of the same account is refused, naming both paths and the name', () => {
    // GIVEN two stacks of one account (another region: IAM names are global to the account)
    const app = new App();
    new PermissionBoundary(concreteStack(app, 'Production'), 'PermissionBoundary');
    const dns = concreteStack(app, 'ProductionDns', ACCOUNT, 'us-east-1');

    // WHEN / THEN
    expect(() => new PermissionBoundary(dns, 'PermissionBoundary')).toThrow(
      'PermissionBoundary (ProductionDns/PermissionBoundary): invalid managedPolicyName: received "LandingZonePermissionBoundary"; ' +
        `expected a name no other managed policy of account ${ACCOUNT} has; Production/PermissionBoundary (PermissionBoundary) already creates "LandingZonePermissionBoundary". ` +
        'IAM policy names are unique in an account, whatever their path, so the second deployment would fail.',
    );
  });

  test('names differing in case or path only clash too; other names and other accounts do not', () => {
    const app = new App();
    new PermissionBoundary(concreteStack(app, 'A'), 'Boundary', { managedPolicyName: 'Fence' });
    expect(() => new PermissionBoundary(concreteStack(app, 'B'), 'Boundary', { managedPolicyName: 'FENCE', path: '/other/' })).toThrow(
      /PermissionBoundary \(B\/Boundary\): invalid managedPolicyName: received "FENCE"; .*A\/Boundary \(PermissionBoundary\) already creates "Fence"/,
    );
    expect(() => new PermissionBoundary(concreteStack(app, 'C'), 'Boundary', { managedPolicyName: 'OtherFence' })).not.toThrow();
    expect(() => new PermissionBoundary(concreteStack(app, 'D', '222222222222'), 'Boundary', { managedPolicyName: 'Fence' })).not.toThrow();
    // Another app is another deployment: not compared.
    expect(() => new PermissionBoundary(concreteStack(new App(), 'A'), 'Boundary', { managedPolicyName: 'Fence' })).not.toThrow();
  });

  test('two boundaries of one name in one stack are refused, whatever its account', () => {
    const stack = agnosticStack();
    new PermissionBoundary(stack, 'First');
    expect(() => new PermissionBoundary(stack, 'Second')).toThrow(
      /PermissionBoundary \(Stack\/Second\): invalid managedPolicyName: .*the account of stack Stack has; Stack\/First \(PermissionBoundary\) already creates/,
    );
  });

  test('accounts known only at deployment cannot be compared: a warning names the other boundary, synthesis goes on', () => {
    // GIVEN an environment-agnostic stack and a stack with an account
    const app = new App();
    new PermissionBoundary(concreteStack(app, 'Known'), 'PermissionBoundary');
    const agnostic = new Stack(app, 'Agnostic');

    // WHEN
    new PermissionBoundary(agnostic, 'PermissionBoundary');

    // THEN
    Annotations.fromStack(agnostic).hasWarning(
      '/Agnostic/PermissionBoundary',
      Match.stringLikeRegexp('Known/PermissionBoundary \\(PermissionBoundary\\) also creates a managed policy named "LandingZonePermissionBoundary".*known only at deployment, so the two cannot be compared'),
    );
    expect(() => app.synth()).not.toThrow();
  });

  test('a single boundary in an environment-agnostic stack gets no warning', () => {
    const stack = agnosticStack();
    new PermissionBoundary(stack, 'PermissionBoundary');
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('PermissionBoundary size', () => {
  test('the default boundary, and one with every option, measure under 6,144 characters', () => {
    // GIVEN an environment-agnostic stack: partition and account counted at their longest
    const stack = agnosticStack();

    // WHEN
    const byDefault = new PermissionBoundary(stack, 'Default');
    const everything = new PermissionBoundary(stack, 'Everything', {
      managedPolicyName: 'LandingZonePermissionBoundaryWithEveryOption',
      protectedRolePaths: ['/landing-zone/', '/security/'],
      protectedStackNamePrefixes: ['landing-zone-', 'security-baseline-'],
      exemptPrincipalArns: [
        `arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-bootstrap`,
        `arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-base`,
        `arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-infrastructure`,
        `arn:aws:iam::${ACCOUNT}:role/landing-zone/pipeline-services`,
      ],
      allowedRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
    });

    // THEN
    const defaultSize = measurePolicySize(byDefault, byDefault.document);
    const everythingSize = measurePolicySize(everything, everything.document);
    // Measured 4,547 and 5,511 (docs/security-model.md#permission-boundary).
    expect(defaultSize.characters).toBeLessThan(5000);
    expect(everythingSize.characters).toBeLessThan(IAM_LIMITS.MANAGED_POLICY);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('fails synthesis past 6,144 characters, naming the measured size and the limit', () => {
    // GIVEN
    const stack = agnosticStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');

    // WHEN statements are added until the document is over the limit
    let i = 0;
    while (measurePolicySize(boundary, boundary.document).characters <= IAM_LIMITS.MANAGED_POLICY) {
      boundary.addStatements(
        new iam.PolicyStatement({ sid: `DenyExtra${i}`, effect: iam.Effect.DENY, actions: ['s3:DeleteBucket'], resources: [`arn:aws:s3:::extra-bucket-${i}`] }),
      );
      i++;
    }
    const measured = measurePolicySize(boundary, boundary.document).characters;

    // THEN
    expect(measured).toBeGreaterThan(IAM_LIMITS.MANAGED_POLICY);
    expect(() => Template.fromStack(stack)).toThrow(
      new RegExp(`PermissionBoundary \\(Stack/Boundary\\): invalid policy document size: received "${measured} characters.*"; expected at most 6144 characters`),
    );
  });

  test('synthesizes with statements added under the limit', () => {
    const stack = agnosticStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    boundary.addStatements(new iam.PolicyStatement({ sid: 'DenyExtra', effect: iam.Effect.DENY, actions: ['s3:DeleteBucket'], resources: ['arn:aws:s3:::keep'] }));
    expect(statementsBySid(stack).DenyExtra).toMatchObject({ Effect: 'Deny', Action: 's3:DeleteBucket' });
  });
});

describe('PermissionBoundary.applyTo', () => {
  test('sets the boundary on an iam.Role, a CustomResourceProvider role, an AwsCustomResource role and a Lambda role', () => {
    // GIVEN
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    new s3.Bucket(stack, 'Bucket', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    new cr.AwsCustomResource(stack, 'Call', {
      onCreate: { service: 'SSM', action: 'getParameter', parameters: { Name: '/x' }, physicalResourceId: cr.PhysicalResourceId.of('x') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    });

    // WHEN
    boundary.applyTo(stack);

    // THEN
    const boundaries = roleBoundaries(stack);
    const ref = { Ref: policyLogicalId(boundary) };
    expect(Object.keys(boundaries)).toEqual(
      expect.arrayContaining([
        stack.getLogicalId((stack.node.findChild('Role') as iam.Role).node.defaultChild as iam.CfnRole),
        'CustomS3AutoDeleteObjectsCustomResourceProviderRole3B1BD092',
        expect.stringMatching(/^AWS[0-9a-f]{32}ServiceRole/),
      ]),
    );
    expect(Object.keys(boundaries)).toHaveLength(3);
    for (const value of Object.values(boundaries)) {
      expect(value).toEqual(ref);
    }
  });

  test('sets the boundary on raw CfnResource roles and on users', () => {
    // GIVEN
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    new CfnResource(stack, 'RawRole', {
      type: 'AWS::IAM::Role',
      properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    });
    new iam.User(stack, 'User');

    // WHEN
    boundary.applyTo(stack);

    // THEN
    const ref = { Ref: policyLogicalId(boundary) };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: ref });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::User', { PermissionsBoundary: ref });
  });

  test('replaces a boundary set on the role itself', () => {
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal(), permissionsBoundary: iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess') });
    boundary.applyTo(stack);
    expect(Object.values(roleBoundaries(stack))).toEqual([{ Ref: policyLogicalId(boundary) }]);
  });

  test('supersedes a boundary override written in construct code, since aspects run at synthesis', () => {
    // GIVEN
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    boundary.applyTo(stack);

    // WHEN
    (role.node.defaultChild as iam.CfnRole).addPropertyOverride('PermissionsBoundary', 'arn:aws:iam::aws:policy/AdministratorAccess');

    // THEN
    expect(Object.values(roleBoundaries(stack))).toEqual([{ Ref: policyLogicalId(boundary) }]);
  });

  test('fails synthesis when another boundary is applied closer to a role', () => {
    // GIVEN
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    boundary.applyTo(stack);

    // WHEN
    iam.PermissionsBoundary.of(role).apply(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      /PermissionBoundary \(Stack\/Boundary\): invalid PermissionsBoundary of AWS::IAM::Role Stack\/Role\/Resource: received {"Fn::Join":.*policy\/AdministratorAccess.*}; expected this boundary/,
    );
  });

  test('fails synthesis when a later aspect sets another boundary ARN', () => {
    // GIVEN
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    boundary.applyTo(stack);

    // WHEN
    Aspects.of(stack).add(overrideBoundary(`arn:aws:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundaryX`), { priority: 1000 });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      /PermissionBoundary \(Stack\/Boundary\): invalid PermissionsBoundary of AWS::IAM::Role Stack\/Role\/Resource: received "arn:aws:iam::111111111111:policy\/landing-zone\/LandingZonePermissionBoundaryX"; expected this boundary/,
    );
  });

  test('accepts a role that a later aspect gives this boundary by its computed ARN', () => {
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    boundary.applyTo(stack);
    Aspects.of(stack).add(overrideBoundary(boundary.managedPolicyArn), { priority: 1000 });
    expect(Object.values(roleBoundaries(stack))).toEqual([stack.resolve(boundary.managedPolicyArn)]);
  });

  test('fails synthesis when a later aspect removes the boundary', () => {
    // GIVEN
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    boundary.applyTo(stack);

    // WHEN
    Aspects.of(stack).add(overrideBoundary(undefined), { priority: 1000 });

    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/PermissionBoundary .*PermissionsBoundary of AWS::IAM::Role Stack\/Role\/Resource: received nothing \(undefined\)/);
  });

  test('reports each role once when applied twice to the same scope', () => {
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    boundary.applyTo(stack);
    boundary.applyTo(stack);
    Aspects.of(role).add(overrideBoundary(undefined), { priority: 1000 });
    let message = '';
    try {
      Template.fromStack(stack);
    } catch (e) {
      message = String(e);
    }
    expect(message.match(/PermissionsBoundary of AWS::IAM::Role Stack\/Role\/Resource/g)).toHaveLength(1);
  });

  test('reaches roles in nested stacks through a parameter', () => {
    // GIVEN
    const stack = concreteStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    const nested = new NestedStack(stack, 'Nested');
    new iam.Role(nested, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    boundary.applyTo(stack);

    // THEN
    const nestedBoundaries = Object.values(roleBoundaries(nested));
    expect(nestedBoundaries).toHaveLength(1);
    expect(nestedBoundaries[0]).toEqual({ Ref: expect.stringMatching(/^referencetoStackBoundary.*Ref$/) });
  });

  test('uses a cross-stack reference in another stack of the same environment', () => {
    // GIVEN
    const app = new App();
    const home = concreteStack(app, 'Home');
    const workload = concreteStack(app, 'Workload');
    const boundary = new PermissionBoundary(home, 'Boundary');
    new iam.Role(workload, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    boundary.applyTo(app);

    // THEN
    expect(Object.values(roleBoundaries(workload))).toEqual([{ 'Fn::ImportValue': expect.stringMatching(/^Home:ExportsOutputRefBoundary/) }]);
  });

  test('uses the computed ARN, path included, in another region of the same account', () => {
    // GIVEN
    const app = new App();
    const home = concreteStack(app, 'Home', ACCOUNT, 'eu-west-1');
    const replica = concreteStack(app, 'Replica', ACCOUNT, 'eu-central-1');
    const boundary = new PermissionBoundary(home, 'Boundary');
    new iam.Role(replica, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    boundary.applyTo(app);

    // THEN
    expect(Object.values(roleBoundaries(replica))).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundary`]] },
    ]);
  });

  test('fails synthesis for a role in another account, where the policy does not exist', () => {
    const app = new App();
    const home = concreteStack(app, 'Home', ACCOUNT);
    const other = concreteStack(app, 'Other', '222222222222');
    const boundary = new PermissionBoundary(home, 'Boundary');
    new iam.Role(other, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    boundary.applyTo(app);
    expect(() => app.synth()).toThrow(/PermissionBoundary \(Home\/Boundary\): invalid PermissionsBoundary of AWS::IAM::Role Other\/Role\/Resource: received "a principal in account 222222222222"/);
  });

  test('fails synthesis for roles inside a Stage, which aspects applied to the App do not reach', () => {
    // GIVEN
    const app = new App();
    const home = concreteStack(app, 'Home');
    const boundary = new PermissionBoundary(home, 'Boundary');
    const stage = new Stage(app, 'Prod', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    new iam.Role(new Stack(stage, 'Workload'), 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    boundary.applyTo(app);

    // THEN
    expect(() => app.synth()).toThrow(/PermissionBoundary .*PermissionsBoundary of AWS::IAM::Role Prod\/Workload\/Role\/Resource: received nothing/);
  });

  test('leaves roles outside the scope alone', () => {
    // GIVEN
    const app = new App();
    const governed = concreteStack(app, 'Governed');
    const free = concreteStack(app, 'Free');
    const boundary = new PermissionBoundary(governed, 'Boundary');
    new iam.Role(governed, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.Role(free, 'Role', { assumedBy: new iam.AccountRootPrincipal() });

    // WHEN
    boundary.applyTo(governed);

    // THEN
    expect(Object.values(roleBoundaries(governed))).toEqual([{ Ref: policyLogicalId(boundary) }]);
    expect(Object.values(roleBoundaries(free))).toEqual([undefined]);
  });
});
