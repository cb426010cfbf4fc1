import { App, Duration, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { BoundedPermissionSet, BoundedPermissionSetProps, PermissionBoundary, PermissionSetBoundary, PermissionSetJobFunction } from '../src';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-0123456789abcdef';
const GROUP = '906716a5f2-8f2e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const REASON = 'Read-only auditors of the sandbox organization, no writes at all.';

function stack(): Stack {
  return new Stack(new App(), 'Identity', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function permissionSet(props: Partial<BoundedPermissionSetProps> = {}, s = stack()) {
  const set = new BoundedPermissionSet(s, 'Admins', { instanceArn: INSTANCE, name: 'PlatformAdmins', ...props });
  return { stack: s, set };
}

describe('BoundedPermissionSet', () => {
  test('defaults: the landing zone\'s boundary by name and path, a one-hour session', () => {
    const { stack: s } = permissionSet({ managedPolicies: ['AdministratorAccess'] });
    Template.fromStack(s).hasResourceProperties('AWS::SSO::PermissionSet', {
      InstanceArn: INSTANCE,
      Name: 'PlatformAdmins',
      SessionDuration: 'PT1H',
      ManagedPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }],
      PermissionsBoundary: {
        CustomerManagedPolicyReference: { Name: PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME, Path: PermissionBoundary.DEFAULT_PATH },
      },
    });
  });

  test('a PermissionBoundary construct\'s name and path; named boundaries; managed policy ARNs, inline and customer managed policies', () => {
    const s = stack();
    const boundary = new PermissionBoundary(s, 'Boundary', { managedPolicyName: 'TeamBoundary', path: '/teams/' });
    permissionSet({
      boundary: PermissionSetBoundary.of(boundary),
      sessionDuration: Duration.hours(8),
      description: 'Platform administrators',
      managedPolicies: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', 'job-function/Billing'],
      inlinePolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }),
      customerManagedPolicies: [{ name: 'TeamDeploy', path: '/teams/' }, { name: 'Extra' }],
    }, s);
    Template.fromStack(s).hasResourceProperties('AWS::SSO::PermissionSet', {
      SessionDuration: 'PT8H',
      Description: 'Platform administrators',
      ManagedPolicies: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/job-function/Billing']] }],
      InlinePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      CustomerManagedPolicyReferences: [{ Name: 'TeamDeploy', Path: '/teams/' }, { Name: 'Extra', Path: '/' }],
      PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'TeamBoundary', Path: '/teams/' } },
    });
    const direct = stack();
    permissionSet({ boundary: new PermissionBoundary(direct, 'Boundary', { managedPolicyName: 'DirectBoundary' }) }, direct);
    Template.fromStack(direct).hasResourceProperties('AWS::SSO::PermissionSet', {
      PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'DirectBoundary', Path: '/landing-zone/' } },
    });
    const named = permissionSet({ boundary: PermissionSetBoundary.named('OrgBoundary', '/org/') });
    Template.fromStack(named.stack).hasResourceProperties('AWS::SSO::PermissionSet', {
      PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'OrgBoundary', Path: '/org/' } },
    });
  });

  test.each<[string, Partial<BoundedPermissionSetProps>, string]>([
    ['an instance ARN of another service', { instanceArn: 'arn:aws:iam::111111111111:role/x' }, 'instanceArn: received "arn:aws:iam::111111111111:role/x"'],
    ['a name over 32 characters', { name: 'x'.repeat(33) }, `name: received "${'x'.repeat(33)}"`],
    ['a name with a space', { name: 'Platform Admins' }, 'name: received "Platform Admins"'],
    ['a session of 13 hours', { sessionDuration: Duration.hours(13) }, 'sessionDuration: received "46800 seconds"; expected between 1 hour and 12 hours'],
    ['a session of 30 minutes', { sessionDuration: Duration.minutes(30) }, 'sessionDuration: received "1800 seconds"'],
    ['a customer managed policy ARN as a managed policy', { managedPolicies: ['arn:aws:iam::111111111111:policy/Mine'] }, 'managedPolicies[0]: received "arn:aws:iam::111111111111:policy/Mine"'],
    ['a customer managed policy without name', { customerManagedPolicies: [{} as any] }, 'customerManagedPolicies[0]: received {}'],
    ['a customer managed policy with a bad path', { customerManagedPolicies: [{ name: 'X', path: 'teams' }] }, 'customerManagedPolicies[0].path: received "teams"'],
    ['AdministratorAccess without a boundary', { managedPolicies: ['AdministratorAccess'], boundary: PermissionSetBoundary.none(REASON) }, 'boundary: received "PermissionSetBoundary.none'],
    ['IAMFullAccess by ARN without a boundary', { managedPolicies: ['arn:aws:iam::aws:policy/IAMFullAccess'], boundary: PermissionSetBoundary.none(REASON) }, 'with the AWS managed policy IAMFullAccess'],
    ['the ADMINISTRATOR job function without a boundary', { jobFunction: PermissionSetJobFunction.ADMINISTRATOR, boundary: PermissionSetBoundary.none(REASON) }, 'with the AWS managed policy AdministratorAccess'],
    ['an unknown job function', { jobFunction: 'Root' as any }, 'jobFunction: received "Root"; expected one of ADMINISTRATOR, POWER_USER'],
    ['PowerUserAccess without a boundary', { managedPolicies: ['PowerUserAccess'], boundary: PermissionSetBoundary.none(REASON) }, 'with the AWS managed policy PowerUserAccess'],
    [
      'an inline Allow of "*" without a boundary',
      { inlinePolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] }), boundary: PermissionSetBoundary.none(REASON) },
      'with an inline statement allowing *',
    ],
    [
      'an inline Allow of iam:* without a boundary',
      { inlinePolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['iam:*'], resources: ['*'] })] }), boundary: PermissionSetBoundary.none(REASON) },
      'with an inline statement allowing iam:*',
    ],
    ['a short reason for no boundary', { boundary: PermissionSetBoundary.none('because') }, 'boundary (PermissionSetBoundary reason): received "because"; expected a reason of at least 20 characters'],
    ['a boundary name with a slash', { boundary: PermissionSetBoundary.named('a/b') }, 'boundary (PermissionSetBoundary name): received "a/b"'],
    ['a boundary path without slashes', { boundary: PermissionSetBoundary.named('B', 'org') }, 'boundary (PermissionSetBoundary path): received "org"'],
  ])('refuses %s, naming the path', (_name, props, message) => {
    const act = () => permissionSet(props);
    expect(act).toThrow(/^BoundedPermissionSet \(Identity\/Admins\): invalid /);
    expect(act).toThrow(message);
  });

  test.each<[string, Partial<BoundedPermissionSetProps>]>([
    ['12 hours', { sessionDuration: Duration.hours(12) }],
    ['a deploy-time instance ARN and name', { instanceArn: Token.asString({ Ref: 'Instance' }), name: Token.asString({ Ref: 'Name' }) }],
    ['read-only policies without a boundary, with a reason', { managedPolicies: ['ReadOnlyAccess', 'job-function/ViewOnlyAccess'], boundary: PermissionSetBoundary.none(REASON) }],
    ['AdministratorAccess with the boundary', { managedPolicies: ['AdministratorAccess', 'PowerUserAccess'] }],
    ['the VIEW_ONLY job function without a boundary', { jobFunction: PermissionSetJobFunction.VIEW_ONLY, boundary: PermissionSetBoundary.none(REASON) }],
  ])('accepts %s', (_name, props) => {
    expect(() => permissionSet(props)).not.toThrow();
  });

  test('a job function\'s policy comes first; a refused managed policy is named by its own index', () => {
    const { stack: s } = permissionSet({ jobFunction: PermissionSetJobFunction.SECURITY_AUDIT, managedPolicies: ['job-function/ViewOnlyAccess'] });
    Template.fromStack(s).hasResourceProperties('AWS::SSO::PermissionSet', {
      ManagedPolicies: ['SecurityAudit', 'job-function/ViewOnlyAccess'].map((n) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${n}`]] })),
    });
    expect(() => permissionSet({ jobFunction: PermissionSetJobFunction.READ_ONLY, managedPolicies: ['ok', 'not ok'] })).toThrow('invalid managedPolicies[1]: received "not ok"');
  });

  test('without a boundary: no PermissionsBoundary, and a warning that says why', () => {
    const { stack: s } = permissionSet({ managedPolicies: ['ReadOnlyAccess'], boundary: PermissionSetBoundary.none(REASON) });
    const template = Template.fromStack(s);
    expect(Object.values(template.findResources('AWS::SSO::PermissionSet'))[0].Properties.PermissionsBoundary).toBeUndefined();
    Annotations.fromStack(s).hasWarning('/Identity/Admins', `BoundedPermissionSet: PlatformAdmins carries no permissions boundary (${REASON}). [ack: cdk-landing-zone:permission-set-without-boundary]`);
  });
});

describe('BoundedPermissionSet.assignTo', () => {
  test('one assignment per account: group, AWS account, this permission set', () => {
    const { stack: s, set } = permissionSet({ managedPolicies: ['AdministratorAccess'] });
    set.assignTo({ groupId: GROUP, accounts: ['222222222222', '333333333333'] });
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::SSO::Assignment', 2);
    for (const account of ['222222222222', '333333333333']) {
      template.hasResourceProperties('AWS::SSO::Assignment', {
        InstanceArn: INSTANCE,
        PermissionSetArn: { 'Fn::GetAtt': [s.resolve((set.node.defaultChild as any).logicalId), 'PermissionSetArn'] },
        PrincipalType: 'GROUP',
        PrincipalId: GROUP,
        TargetType: 'AWS_ACCOUNT',
        TargetId: account,
      });
    }
  });

  test.each<[string, any, string]>([
    ['a group name', { groupId: 'platform-admins', accounts: ['222222222222'] }, 'groupId: received "platform-admins"'],
    ['an 11-digit account', { groupId: GROUP, accounts: ['22222222222'] }, 'accounts: received "22222222222"; expected a 12-digit account id'],
    ['no account', { groupId: GROUP, accounts: [] }, 'accounts: received []; expected at least one 12-digit account id'],
    ['no group', { accounts: ['222222222222'] }, 'groupId: received nothing (undefined)'],
  ])('refuses %s, naming the path', (_name, options, message) => {
    const { set } = permissionSet();
    expect(() => set.assignTo(options)).toThrow(`BoundedPermissionSet (Identity/Admins): invalid ${message}`);
  });

  test('refuses the same group and account twice; accepts a plain UUID group and deploy-time values', () => {
    const { set } = permissionSet();
    set.assignTo({ groupId: GROUP, accounts: ['222222222222'] });
    expect(() => set.assignTo({ groupId: GROUP, accounts: ['222222222222'] })).toThrow('invalid accounts: received "222222222222"; expected an account not yet assigned');
    expect(() => set.assignTo({ groupId: '8f2e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b', accounts: ['222222222222'] })).not.toThrow();
    expect(() => set.assignTo({ groupId: Token.asString({ Ref: 'Group' }), accounts: [Token.asString({ Ref: 'Account' })] })).not.toThrow();
  });
});
