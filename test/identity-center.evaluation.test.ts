/**
 * A person in a session of a bounded permission set holding
 * AdministratorAccess cannot escape the landing zone's boundary: the session's
 * role (what IAM Identity Center provisions in the account, under
 * /aws-reserved/sso.amazonaws.com/) is evaluated by the IAM simulator with the
 * policies the synthesized permission set names, and the boundary as the
 * PermissionBoundary construct synthesizes it for that account. The cases are
 * the ones the tier roles get (test/support/boundary-escape-cases.ts).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BoundedPermissionSet, PermissionBoundary, PermissionSetBoundary } from '../src';
import { boundaryEscapeCases } from './support/boundary-escape-cases';
import { literal } from './support/literal';
import { ADMINISTRATOR_ACCESS, decide } from './support/simulation';

const ACCOUNT = '333333333333';
const REGION = 'eu-west-1';
const INSTANCE = 'arn:aws:sso:::instance/ssoins-0123456789abcdef';
const SESSION_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmins_0123456789abcdef`;
/** Another role of the account that holds the boundary. */
const BOUNDED_ROLE = `arn:aws:iam::${ACCOUNT}:role/workload/team-deployer`;
/** The AWS managed policies the permission sets of this test attach, as IAM defines them in substance. */
const AWS_MANAGED: Record<string, unknown> = { ['arn:aws:iam::aws:policy/AdministratorAccess']: ADMINISTRATOR_ACCESS };

/** The target account: the landing zone's boundary, and a permission set whose sessions hold AdministratorAccess. */
function estate(boundary?: PermissionSetBoundary) {
  const stack = new Stack(new App(), 'Account', { env: { account: ACCOUNT, region: REGION } });
  new PermissionBoundary(stack, 'Boundary');
  new BoundedPermissionSet(stack, 'Admins', {
    instanceArn: INSTANCE,
    name: 'PlatformAdmins',
    managedPolicies: ['AdministratorAccess'],
    boundary,
  });
  const template = Template.fromStack(stack).toJSON();
  const resources = Object.values<any>(template.Resources);
  const permissionSet = literal(resources.find((r) => r.Type === 'AWS::SSO::PermissionSet').Properties, ACCOUNT, REGION);
  const boundaryPolicy = resources.find((r) => r.Type === 'AWS::IAM::ManagedPolicy').Properties;
  return { permissionSet, boundaryPolicy: { ...boundaryPolicy, PolicyDocument: literal(boundaryPolicy.PolicyDocument, ACCOUNT, REGION) } };
}

/** The session's policies as IAM Identity Center provisions them: the managed policies, and the boundary found by name and path in the account. */
function session(permissionSet: any, boundaryPolicy: any) {
  const identityPolicies = Object.fromEntries((permissionSet.ManagedPolicies as string[]).map((arn) => [arn, AWS_MANAGED[arn]]));
  expect(Object.values(identityPolicies).every((p) => p !== undefined)).toBe(true);
  const reference = permissionSet.PermissionsBoundary?.CustomerManagedPolicyReference;
  const found = reference && reference.Name === boundaryPolicy.ManagedPolicyName && reference.Path === boundaryPolicy.Path;
  return { identityPolicies, permissionBoundary: found ? boundaryPolicy.PolicyDocument : undefined };
}

describe('a bounded permission set with AdministratorAccess', () => {
  const { permissionSet, boundaryPolicy } = estate();
  const { identityPolicies, permissionBoundary } = session(permissionSet, boundaryPolicy);
  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy${boundaryPolicy.Path}${boundaryPolicy.ManagedPolicyName}`;

  test('references the landing zone\'s boundary by the name and path the PermissionBoundary construct deploys', () => {
    expect(permissionSet.PermissionsBoundary).toEqual({ CustomerManagedPolicyReference: { Name: 'LandingZonePermissionBoundary', Path: '/landing-zone/' } });
    expect(permissionBoundary).toBeDefined();
  });

  const cases = boundaryEscapeCases({ account: ACCOUNT, region: REGION, boundaryArn, boundedRole: BOUNDED_ROLE, boundedRoleProtected: false });
  test.each(cases.map((c) => [c.name, c] as const))(
    'the session cannot escape: %s',
    async (_name, c) => {
      const decision = await decide({
        principal: SESSION_ROLE,
        action: c.action,
        resource: c.resource,
        resourceAccount: ACCOUNT,
        context: { 'aws:RequestedRegion': REGION, ...c.context },
        identityPolicies,
        permissionBoundary,
        resourcePolicy: c.resourcePolicy,
      });
      expect(decision).toBe(c.expected);
    },
  );

  test.each(['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'])(
    'the session\'s own role (aws-reserved, provisioned by IAM Identity Center) cannot be changed: %s',
    async (action) => {
      const context = { 'aws:RequestedRegion': REGION, 'iam:PermissionsBoundary': boundaryArn };
      expect(await decide({ principal: SESSION_ROLE, action, resource: SESSION_ROLE, resourceAccount: ACCOUNT, context, identityPolicies, permissionBoundary })).toMatch(/Denied/);
    },
  );

  test.each([
    ['s3:CreateBucket', 'arn:aws:s3:::team-bucket'],
    ['lambda:CreateFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:team`],
    ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/workload/team`],
  ])('ordinary administration stays allowed: %s', async (action, resource) => {
    const context: Record<string, string> = { 'aws:RequestedRegion': REGION };
    if (action === 'iam:CreateRole') {
      context['iam:PermissionsBoundary'] = boundaryArn;
    }
    expect(await decide({ principal: SESSION_ROLE, action, resource, resourceAccount: ACCOUNT, context, identityPolicies, permissionBoundary })).toBe('Allowed');
  });
});

describe('the boundary is what stops the session', () => {
  test('a permission set with another boundary name finds no policy in the account, and nothing stops the same session', async () => {
    const { permissionSet, boundaryPolicy } = estate(PermissionSetBoundary.named('SomeOtherBoundary'));
    const { identityPolicies, permissionBoundary } = session(permissionSet, boundaryPolicy);
    expect(permissionBoundary).toBeUndefined();
    const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy${boundaryPolicy.Path}${boundaryPolicy.ManagedPolicyName}`;
    for (const c of boundaryEscapeCases({ account: ACCOUNT, region: REGION, boundaryArn, boundedRole: BOUNDED_ROLE, boundedRoleProtected: false })) {
      const decision = await decide({
        principal: SESSION_ROLE,
        action: c.action,
        resource: c.resource,
        resourceAccount: ACCOUNT,
        context: { 'aws:RequestedRegion': REGION, ...c.context },
        identityPolicies,
        resourcePolicy: c.resourcePolicy,
      });
      expect([c.name, decision]).toEqual([c.name, 'Allowed']);
    }
  });
});
