import { App, Stack, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DelegatedSubdomain, ParentZone, SubdomainDelegationRole, SubdomainDelegationRoleProps, SubdomainOwner } from '../src/delegated-subdomain';
import { PermissionBoundary } from '../src/permission-boundary';
import { literal } from './support/literal';
import { ADMINISTRATOR_ACCESS, ASSUME_ANY_ROLE, Decision, PolicyDocument, simulate } from './support/simulation';

// Proofs by evaluation: the synthesized delegation role (its permissions and
// its trust), resolved to literal strings, is evaluated by an IAM policy
// simulator (@cloud-copilot/iam-simulate, through test/support/simulation.ts),
// which knows the three route53:ChangeResourceRecordSets* condition keys as
// multi-valued keys. A case passes only if the simulator's decision is the one
// stated, and no case can pass because the simulator ignored a context key it
// was given.

const ORG = 'o-a1b2c3d4e5';
const NETWORK_ACCOUNT = '111111111111';
const CHILD_ACCOUNT = '555555555555';
const OTHER_ACCOUNT = '666666666666';
const REGION = 'us-east-1';
const PARENT_ID = 'Z0PARENT0000000000001';
const PARENT_ZONE = `arn:aws:route53:::hostedzone/${PARENT_ID}`;
const OTHER_ZONE = 'arn:aws:route53:::hostedzone/Z0OTHER00000000000002';
const ROLE_NAME = 'prod-dns-delegation';
const ROLE_ARN = `arn:aws:iam::${NETWORK_ACCOUNT}:role/landing-zone/${ROLE_NAME}`;
const SESSION = `arn:aws:sts::${NETWORK_ACCOUNT}:assumed-role/${ROLE_NAME}/cross-account-zone-delegation-1700000000000`;
/** The delegation principal of prod.example.com: the role of DelegatedSubdomain's function in the child account. */
const PRINCIPAL_NAME = 'landing-zone-dns-delegation-prod-example-com-7405b025';
const CHILD_PRINCIPAL = `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/${PRINCIPAL_NAME}`;
const CHILD_DEPLOYER = `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/dns-deployer`;
/** Other principals of the child account: an administrator, and a Services-tier Lambda function's role. */
const CHILD_ADMIN = `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/tier-admin`;
const CHILD_LAMBDA = `arn:aws:iam::${CHILD_ACCOUNT}:role/services-api-HandlerServiceRole-1A2B3C4D5E6F`;

const NAMES = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
const TYPES = 'route53:ChangeResourceRecordSetsRecordTypes';
const ACTIONS = 'route53:ChangeResourceRecordSetsActions';

interface DelegationRole {
  readonly permissions: unknown;
  readonly trust: unknown;
}

/** The delegation role as IAM would store it in the network account. */
function deployedRole(props: Partial<SubdomainDelegationRoleProps> = {}): DelegationRole {
  const stack = new Stack(new App(), 'Network', { env: { account: NETWORK_ACCOUNT, region: REGION } });
  new SubdomainDelegationRole(stack, 'ProdDelegation', {
    parentZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Parent', { hostedZoneId: PARENT_ID, zoneName: 'example.com' }),
    delegatedZoneNames: ['prod.example.com'],
    owner: SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, 'prod.example.com'),
    organizationId: ORG,
    roleName: ROLE_NAME,
    ...props,
  });
  const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
  expect(roles).toHaveLength(1);
  return {
    permissions: literal(roles[0].Properties.Policies[0].PolicyDocument, NETWORK_ACCOUNT, REGION),
    trust: literal(roles[0].Properties.AssumeRolePolicyDocument, NETWORK_ACCOUNT, REGION),
  };
}

/** A delegation role imported into a child stack, by its ARN. */
function deployedRoleConstruct(stack: Stack) {
  return iam.Role.fromRoleArn(stack, 'Delegation', ROLE_ARN, { mutable: false });
}

/** One record change of a ChangeResourceRecordSets batch, as Route 53 normalizes it. */
interface Change {
  readonly action: string;
  readonly name: string;
  readonly type: string;
}

/**
 * The decision on a ChangeResourceRecordSets call by the delegation role's
 * session. The three condition keys carry the set of values of the batch, as
 * Route 53 fills them in; `omit` leaves a key out of the request.
 */
async function changeRecords(role: DelegationRole, changes: Change[], options: { zone?: string; omit?: string[] } = {}): Promise<Decision> {
  const context: Record<string, string | string[]> = {
    'aws:PrincipalArn': ROLE_ARN,
    'aws:PrincipalAccount': NETWORK_ACCOUNT,
    'aws:RequestedRegion': REGION,
    [NAMES]: [...new Set(changes.map((c) => c.name))],
    [TYPES]: [...new Set(changes.map((c) => c.type))],
    [ACTIONS]: [...new Set(changes.map((c) => c.action))],
  };
  for (const key of options.omit ?? []) {
    delete context[key];
  }
  return (await simulate({
    principal: SESSION,
    action: 'route53:ChangeResourceRecordSets',
    resource: options.zone ?? PARENT_ZONE,
    resourceAccount: NETWORK_ACCOUNT,
    context,
    identityPolicies: { SubdomainDelegation: role.permissions },
  })).decision;
}

async function listZonesByName(role: DelegationRole): Promise<Decision> {
  return (await simulate({
    principal: SESSION,
    action: 'route53:ListHostedZonesByName',
    resource: '*',
    resourceAccount: NETWORK_ACCOUNT,
    context: { 'aws:PrincipalArn': ROLE_ARN, 'aws:RequestedRegion': REGION },
    identityPolicies: { SubdomainDelegation: role.permissions },
  })).decision;
}

/**
 * The decision on AssumeRole of the delegation role by a caller allowed by its
 * own account to assume any role (or, with `identity`, by other policies).
 */
async function assume(
  role: DelegationRole,
  caller: string,
  callerOrg: string,
  identity: unknown = ASSUME_ANY_ROLE,
  boundary?: PolicyDocument,
): Promise<Decision> {
  return (await simulate({
    principal: caller,
    action: 'sts:AssumeRole',
    resource: ROLE_ARN,
    context: { 'aws:PrincipalOrgID': callerOrg, 'aws:PrincipalAccount': caller.split(':')[4] },
    identityPolicies: { Granted: identity },
    permissionBoundary: boundary,
    trustPolicy: role.trust,
  })).decision;
}

/** The child account's permissions boundary (default options), as IAM would store it: what bounds a Services-tier role there. */
function childBoundary(): PolicyDocument {
  const stack = new Stack(new App(), 'Production', { env: { account: CHILD_ACCOUNT, region: REGION } });
  const boundary = new PermissionBoundary(stack, 'PermissionBoundary');
  return literal(stack.resolve(boundary.document.toJSON()), CHILD_ACCOUNT, REGION);
}

const ns = (name: string, action = 'UPSERT'): Change => ({ action, name, type: 'NS' });

describe('the delegation role of prod.example.com, decided by IAM evaluation', () => {
  const role = deployedRole();

  test('the evaluated policy is the synthesized one, in literal form', () => {
    expect(JSON.stringify(role.permissions)).toContain(`"Resource":"${PARENT_ZONE}"`);
    expect(JSON.stringify(role.permissions)).not.toContain('Fn::');
  });

  test('upserting and deleting the NS record of prod.example.com is allowed', async () => {
    expect(await changeRecords(role, [ns('prod.example.com')])).toBe('Allowed');
    expect(await changeRecords(role, [ns('prod.example.com', 'DELETE')])).toBe('Allowed');
    // A rename: delete and upsert of the same name in one batch.
    expect(await changeRecords(role, [ns('prod.example.com', 'DELETE'), ns('prod.example.com')])).toBe('Allowed');
  });

  test.each([
    ['an A record of prod.example.com', [{ action: 'UPSERT', name: 'prod.example.com', type: 'A' }]],
    ['a CNAME of prod.example.com', [{ action: 'UPSERT', name: 'prod.example.com', type: 'CNAME' }]],
    ['a DS record of prod.example.com (DNSSEC not allowed)', [{ action: 'UPSERT', name: 'prod.example.com', type: 'DS' }]],
    ['the NS record of another subdomain', [ns('sandbox.example.com')]],
    ['the NS record of the apex', [ns('example.com')]],
    ['the NS record of a deeper name', [ns('api.prod.example.com')]],
    ['the NS record of a look-alike name', [ns('prod.example.com.evil.net')]],
    ['the NS record of prod.example.com together with another subdomain', [ns('prod.example.com'), ns('sandbox.example.com')]],
    ['the NS record of prod.example.com together with an A record', [ns('prod.example.com'), { action: 'UPSERT', name: 'prod.example.com', type: 'A' }]],
    ['the NS record of prod.example.com by CREATE rather than UPSERT', [ns('prod.example.com', 'CREATE')]],
  ])('changing %s is denied', async (_case, changes) => {
    expect(await changeRecords(role, changes)).toBe('ImplicitlyDenied');
  });

  test('the NS record of prod.example.com in another zone is denied', async () => {
    expect(await changeRecords(role, [ns('prod.example.com')], { zone: OTHER_ZONE })).toBe('ImplicitlyDenied');
  });

  test.each([[NAMES], [TYPES], [ACTIONS]])('a request without %s is denied', async (key) => {
    expect(await changeRecords(role, [ns('prod.example.com')], { omit: [key] })).toBe('ImplicitlyDenied');
  });

  test('the parent zone cannot be listed by name unless asked for', async () => {
    expect(await listZonesByName(role)).toBe('ImplicitlyDenied');
    expect(await listZonesByName(deployedRole({ allowLookupByName: true }))).toBe('Allowed');
  });

  test('the child zone\'s delegation principal, inside the organization, may assume the role', async () => {
    expect(await assume(role, CHILD_PRINCIPAL, ORG)).toBe('Allowed');
  });

  test('a session of the delegation principal (the function at work) is decided by the role ARN: allowed', async () => {
    const session = `arn:aws:sts::${CHILD_ACCOUNT}:assumed-role/${PRINCIPAL_NAME}/${PRINCIPAL_NAME}`;
    expect(
      (await simulate({
        principal: session,
        action: 'sts:AssumeRole',
        resource: ROLE_ARN,
        context: { 'aws:PrincipalArn': CHILD_PRINCIPAL, 'aws:PrincipalOrgID': ORG, 'aws:PrincipalAccount': CHILD_ACCOUNT },
        identityPolicies: { AssumeAnything: ASSUME_ANY_ROLE },
        trustPolicy: role.trust,
      })).decision,
    ).toBe('Allowed');
  });

  test('the trusted ARN is the one DelegatedSubdomain gives its function\'s role', () => {
    const stack = new Stack(new App(), 'Production', { env: { account: CHILD_ACCOUNT, region: REGION } });
    const zone = new DelegatedSubdomain(stack, 'Zone', {
      zoneName: 'prod.example.com',
      parentZone: ParentZone.fromZoneId(PARENT_ID, 'example.com'),
      delegationRole: deployedRoleConstruct(stack),
    });
    expect(literal(stack.resolve(zone.delegationPrincipalArn), CHILD_ACCOUNT, REGION)).toBe(CHILD_PRINCIPAL);
    const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
    expect(`arn:aws:iam::${CHILD_ACCOUNT}:role${roles[0].Properties.Path}${roles[0].Properties.RoleName}`).toBe(CHILD_PRINCIPAL);
  });

  test.each([
    ['the delegation principal from another organization', CHILD_PRINCIPAL, 'o-zzzzzzzzzz'],
    ['a role of the same name in another account of the organization', `arn:aws:iam::${OTHER_ACCOUNT}:role/landing-zone/${PRINCIPAL_NAME}`, ORG],
    ['the delegation principal of another zone of the child account', `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/landing-zone-dns-delegation-sandbox-example-com-d471f943`, ORG],
    ['a role of the same name under another path', `arn:aws:iam::${CHILD_ACCOUNT}:role/${PRINCIPAL_NAME}`, ORG],
    ['a user of the same name under the same path', `arn:aws:iam::${CHILD_ACCOUNT}:user/landing-zone/${PRINCIPAL_NAME}`, ORG],
    ['a deploy role of the child account', CHILD_DEPLOYER, ORG],
  ])('%s may not assume the role', async (_case, caller, org) => {
    expect(await assume(role, caller, org)).toBe('ImplicitlyDenied');
  });

  // The gap docs/security-model.md used to list: with the whole child
  // account trusted, these were Allowed. Only the delegation principal is now.
  test.each([
    ['an administrator of the child account (AdministratorAccess)', CHILD_ADMIN, ADMINISTRATOR_ACCESS, undefined],
    ['a Services-tier Lambda function role allowed to assume any role, bounded by the child\'s boundary', CHILD_LAMBDA, ASSUME_ANY_ROLE, childBoundary()],
    ['the same Lambda function role without a boundary', CHILD_LAMBDA, ASSUME_ANY_ROLE, undefined],
  ])('%s may not assume the role', async (_case, caller, identity, boundary) => {
    expect(await assume(role, caller, ORG, identity, boundary)).toBe('ImplicitlyDenied');
  });

  test('the bounded Services-tier role is refused by the trust, not by its boundary (the case is not vacuous)', async () => {
    // A delegation role that trusted that role (were it under the path) would let it in: the boundary does not stop it.
    const lambdaUnderPath = CHILD_LAMBDA.replace(':role/', ':role/landing-zone/');
    const trustsThatRole = deployedRole({ owner: SubdomainOwner.role(lambdaUnderPath) });
    expect(await assume(trustsThatRole, lambdaUnderPath, ORG, ASSUME_ANY_ROLE, childBoundary())).toBe('Allowed');
  });
});

describe('with DNSSEC and several children', () => {
  const role = deployedRole({ allowDnssec: true, delegatedZoneNames: ['prod.example.com', 'sandbox.example.com'] });

  test('NS and DS records of each child are allowed', async () => {
    expect(await changeRecords(role, [{ action: 'UPSERT', name: 'prod.example.com', type: 'DS' }])).toBe('Allowed');
    expect(await changeRecords(role, [ns('sandbox.example.com'), { action: 'DELETE', name: 'sandbox.example.com', type: 'DS' }])).toBe('Allowed');
  });

  test.each([
    ['a DS record of a third name', [{ action: 'UPSERT', name: 'dev.example.com', type: 'DS' }]],
    ['the NS record of the apex', [ns('example.com')]],
    ['a TXT record of a child', [{ action: 'UPSERT', name: 'prod.example.com', type: 'TXT' }]],
  ])('%s is denied', async (_case, changes) => {
    expect(await changeRecords(role, changes)).toBe('ImplicitlyDenied');
  });
});

describe('trusting one exact role of the child account under /landing-zone/', () => {
  const role = deployedRole({ owner: SubdomainOwner.role(CHILD_DEPLOYER) });

  test('that role may assume the delegation role; another role of the same account may not', async () => {
    expect(await assume(role, CHILD_DEPLOYER, ORG)).toBe('Allowed');
    expect(await assume(role, `arn:aws:iam::${CHILD_ACCOUNT}:role/admin`, ORG)).not.toBe('Allowed');
    expect(await assume(role, CHILD_PRINCIPAL, ORG)).not.toBe('Allowed');
    expect(await assume(role, CHILD_DEPLOYER, 'o-zzzzzzzzzz')).not.toBe('Allowed');
  });

  test.each([
    ['an administrator of the child account (AdministratorAccess)', CHILD_ADMIN, ADMINISTRATOR_ACCESS],
    ['a Lambda function role of the child account allowed to assume any role', CHILD_LAMBDA, ASSUME_ANY_ROLE],
    ['a role of the same name under another path', `arn:aws:iam::${CHILD_ACCOUNT}:role/dns-deployer`, ASSUME_ANY_ROLE],
    ['a user of the same name', `arn:aws:iam::${CHILD_ACCOUNT}:user/landing-zone/dns-deployer`, ASSUME_ANY_ROLE],
  ])('%s may not assume the delegation role', async (_case, caller, identity) => {
    expect(await assume(role, caller, ORG, identity)).toBe('ImplicitlyDenied');
  });

  test('a session of the trusted role is decided by the role ARN: allowed', async () => {
    const session = `arn:aws:sts::${CHILD_ACCOUNT}:assumed-role/dns-deployer/deploy-1700000000000`;
    expect(
      (await simulate({
        principal: session,
        action: 'sts:AssumeRole',
        resource: ROLE_ARN,
        context: { 'aws:PrincipalArn': CHILD_DEPLOYER, 'aws:PrincipalOrgID': ORG, 'aws:PrincipalAccount': CHILD_ACCOUNT },
        identityPolicies: { AssumeAnything: ASSUME_ANY_ROLE },
        trustPolicy: role.trust,
      })).decision,
    ).toBe('Allowed');
  });
});

describe('the delegation principal in the child account, decided by IAM evaluation', () => {
  const stack = new Stack(new App(), 'Production', { env: { account: CHILD_ACCOUNT, region: REGION } });
  new DelegatedSubdomain(stack, 'Zone', {
    zoneName: 'prod.example.com',
    parentZone: ParentZone.fromZoneId(PARENT_ID, 'example.com'),
    delegationRole: deployedRoleConstruct(stack),
  });
  const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
  const trust = literal(roles[0].Properties.AssumeRolePolicyDocument, CHILD_ACCOUNT, REGION);
  const FUNCTION = `arn:aws:lambda:${REGION}:${CHILD_ACCOUNT}:function:${PRINCIPAL_NAME}`;

  /** Lambda assuming the role for a function (the function ARN in aws:SourceArn, its account in aws:SourceAccount). */
  async function lambdaAssumes(sourceArn: string, sourceAccount: string): Promise<Decision> {
    return (await simulate({
      principal: 'lambda.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: CHILD_PRINCIPAL,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
      identityPolicies: {},
      trustPolicy: trust,
    })).decision;
  }

  test('Lambda may assume it for the delegation function only', async () => {
    expect(roles).toHaveLength(1);
    expect(await lambdaAssumes(FUNCTION, CHILD_ACCOUNT)).toBe('Allowed');
  });

  test.each([
    ['another function of the child account (a Services-tier function)', `arn:aws:lambda:${REGION}:${CHILD_ACCOUNT}:function:services-api-Handler`, CHILD_ACCOUNT],
    ['a function of the same name in another region', `arn:aws:lambda:eu-west-1:${CHILD_ACCOUNT}:function:${PRINCIPAL_NAME}`, CHILD_ACCOUNT],
    ['a function of the same name in another account', `arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:${PRINCIPAL_NAME}`, OTHER_ACCOUNT],
  ])('Lambda may not assume it for %s', async (_case, sourceArn, sourceAccount) => {
    expect(await lambdaAssumes(sourceArn, sourceAccount)).toBe('ImplicitlyDenied');
  });

  test('a principal of the child account may not assume it, even with AdministratorAccess', async () => {
    expect(
      (await simulate({
        principal: CHILD_ADMIN,
        action: 'sts:AssumeRole',
        resource: CHILD_PRINCIPAL,
        identityPolicies: { Admin: ADMINISTRATOR_ACCESS },
        trustPolicy: trust,
      })).decision,
    ).toBe('ImplicitlyDenied');
  });
});
