import { App, CfnParameter, Duration, Lazy, RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_route53 as route53 } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  DelegatedSubdomain,
  DelegatedSubdomainProps,
  DnssecSigning,
  ParentZone,
  SubdomainDelegationRole,
  SubdomainDelegationRoleProps,
  SubdomainOwner,
} from '../src/delegated-subdomain';
import { PermissionBoundary } from '../src/permission-boundary';

const ORG = 'o-a1b2c3d4e5';
const NETWORK_ACCOUNT = '111111111111';
const CHILD_ACCOUNT = '555555555555';
const PARENT_ID = 'Z0PARENT0000000000001';
const PARENT_NAME = 'example.com';
const CHILD_NAME = 'prod.example.com';
const ROLE_ARN = `arn:aws:iam::${NETWORK_ACCOUNT}:role/landing-zone/prod-dns-delegation`;
/** The delegation principal of prod.example.com: its role's and its function's name. */
const PRINCIPAL = 'landing-zone-dns-delegation-prod-example-com-7405b025';
const NAMES_KEY = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
const TYPES_KEY = 'route53:ChangeResourceRecordSetsRecordTypes';
const ACTIONS_KEY = 'route53:ChangeResourceRecordSetsActions';

const LABEL_63 = 'a'.repeat(63);
const LABEL_64 = 'a'.repeat(64);
/** A child name of exactly `length` characters under example.com, in labels of at most 63 characters. */
function nameOfLength(length: number): string {
  const labels: string[] = [];
  let remaining = length - '.example.com'.length;
  while (remaining > 63) {
    labels.push('b'.repeat(63));
    remaining -= 64;
  }
  labels.push('b'.repeat(remaining));
  return `${labels.join('.')}.example.com`;
}

function networkStack(app = new App()): Stack {
  return new Stack(app, 'Network', { env: { account: NETWORK_ACCOUNT, region: 'eu-west-1' } });
}

function childStack(app = new App(), region = 'us-east-1', id = 'Prod'): Stack {
  return new Stack(app, id, { env: { account: CHILD_ACCOUNT, region } });
}

function importedParent(stack: Stack, zoneName = PARENT_NAME): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'ParentZone', { hostedZoneId: PARENT_ID, zoneName });
}

/** A role of the child account under the protected path, which the tests of names trust (a delegation principal would have to match the names). */
const CHILD_DEPLOYER = `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/dns-deployer`;

function delegationRole(stack: Stack, props: Partial<SubdomainDelegationRoleProps> = {}): SubdomainDelegationRole {
  return new SubdomainDelegationRole(stack, 'ProdDelegation', {
    parentZone: props.parentZone ?? importedParent(stack),
    delegatedZoneNames: [CHILD_NAME],
    owner: props.delegatedZoneNames ? SubdomainOwner.role(CHILD_DEPLOYER) : SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, CHILD_NAME),
    organizationId: ORG,
    ...props,
  });
}

/** The inline policy document and the trust policy of the only role of a stack. */
function synthesizedRole(stack: Stack): { policy: any; trust: any; properties: any } {
  const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
  expect(roles).toHaveLength(1);
  const properties = roles[0].Properties;
  expect(properties.Policies).toHaveLength(1);
  return { policy: properties.Policies[0].PolicyDocument, trust: properties.AssumeRolePolicyDocument, properties };
}

function importedRole(stack: Stack): iam.IRole {
  return (stack.node.tryFindChild('DelegationRole') as iam.IRole | undefined) ?? iam.Role.fromRoleArn(stack, 'DelegationRole', ROLE_ARN, { mutable: false });
}

function subdomain(stack: Stack, props: Partial<DelegatedSubdomainProps> = {}, id = 'ProdZone'): DelegatedSubdomain {
  return new DelegatedSubdomain(stack, id, {
    zoneName: CHILD_NAME,
    parentZone: ParentZone.fromZoneId(PARENT_ID, PARENT_NAME),
    delegationRole: props.delegationRole ?? importedRole(stack),
    ...props,
  });
}

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

describe('SubdomainDelegationRole', () => {
  test('may change only NS records of the named child in the parent zone, by UPSERT or DELETE, with every key required', () => {
    const stack = networkStack();
    delegationRole(stack);
    const { policy } = synthesizedRole(stack);
    expect(policy.Statement).toEqual([
      {
        Sid: 'WriteDelegationRecordsOfTheChildZones',
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: partitionArn(`:route53:::hostedzone/${PARENT_ID}`),
        Condition: {
          'ForAllValues:StringEquals': { [NAMES_KEY]: [CHILD_NAME], [TYPES_KEY]: ['NS'], [ACTIONS_KEY]: ['UPSERT', 'DELETE'] },
          'Null': { [NAMES_KEY]: 'false', [TYPES_KEY]: 'false', [ACTIONS_KEY]: 'false' },
        },
      },
    ]);
  });

  test('adds DS to the record types only with allowDnssec', () => {
    const stack = networkStack();
    delegationRole(stack, { allowDnssec: true });
    const { policy } = synthesizedRole(stack);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Condition['ForAllValues:StringEquals'][TYPES_KEY]).toEqual(['NS', 'DS']);
  });

  test('grants ListHostedZonesByName only with allowLookupByName', () => {
    const without = networkStack();
    delegationRole(without);
    expect(JSON.stringify(synthesizedRole(without).policy)).not.toContain('ListHostedZonesByName');

    const withLookup = networkStack();
    delegationRole(withLookup, { allowLookupByName: true });
    expect(synthesizedRole(withLookup).policy.Statement[1]).toEqual({
      Sid: 'FindTheParentZoneByName',
      Effect: 'Allow',
      Action: 'route53:ListHostedZonesByName',
      Resource: '*',
    });
  });

  test('several children: one role scoped to the explicit list, duplicates removed', () => {
    const stack = networkStack();
    delegationRole(stack, { delegatedZoneNames: ['prod.example.com', 'sandbox.example.com', 'prod.example.com'] });
    const condition = synthesizedRole(stack).policy.Statement[0].Condition['ForAllValues:StringEquals'];
    expect(condition[NAMES_KEY]).toEqual(['prod.example.com', 'sandbox.example.com']);
  });

  test('trusts the child zone\'s delegation principal only, by aws:PrincipalArn in the stack\'s partition, inside the organization', () => {
    const stack = networkStack();
    delegationRole(stack);
    expect(synthesizedRole(stack).trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        // The account's root, so that the parent can be deployed before the child's role exists.
        Principal: { AWS: partitionArn(`:iam::${CHILD_ACCOUNT}:root`) },
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': ORG },
          ArnEquals: { 'aws:PrincipalArn': partitionArn(`:iam::${CHILD_ACCOUNT}:role/landing-zone/${PRINCIPAL}`) },
        },
      },
    ]);
  });

  test('trusts one exact role of the child account through aws:PrincipalArn', () => {
    const stack = networkStack();
    const deployer = `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/dns-deployer`;
    delegationRole(stack, { owner: SubdomainOwner.role(deployer) });
    expect(synthesizedRole(stack).trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: partitionArn(`:iam::${CHILD_ACCOUNT}:root`) },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG }, ArnEquals: { 'aws:PrincipalArn': deployer } },
      },
    ]);
  });

  test('lives under /landing-zone/ and gets a name a stack of the child account can refer to', () => {
    const app = new App();
    const network = networkStack(app);
    const role = delegationRole(network);
    const child = childStack(app);
    subdomain(child, { delegationRole: role.role });
    const { properties } = synthesizedRole(network);
    expect(properties.Path).toBe('/landing-zone/');
    expect(typeof properties.RoleName).toBe('string');
    Template.fromStack(child).hasResourceProperties('Custom::DnsDelegationNsRecord', {
      DelegationRoleArn: partitionArn(`:iam::${NETWORK_ACCOUNT}:role/landing-zone/${properties.RoleName}`),
    });
  });

  test('takes a role name, a path, a session duration and a permissions boundary', () => {
    const stack = networkStack();
    const boundary = iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', `arn:aws:iam::${NETWORK_ACCOUNT}:policy/boundary`);
    delegationRole(stack, { roleName: 'prod-dns-delegation', path: '/dns/', maxSessionDuration: Duration.hours(2), permissionsBoundary: boundary });
    const { properties } = synthesizedRole(stack);
    expect(properties).toMatchObject({
      RoleName: 'prod-dns-delegation',
      Path: '/dns/',
      MaxSessionDuration: 7200,
      PermissionsBoundary: `arn:aws:iam::${NETWORK_ACCOUNT}:policy/boundary`,
    });
  });

  describe('refuses child names that are not strict, normalized subdomains; accepts their twins', () => {
    test.each([
      ['a look-alike domain', 'badexample.com', /strict subdomain of the parent zone "example.com".*a different domain/, 'bad.example.com'],
      ['the parent itself', 'example.com', /strict subdomain of the parent zone "example.com".*apex/, 'www.example.com'],
      ['upper case', 'Prod.example.com', /received "Prod.example.com".*lower case/, 'prod.example.com'],
      ['a trailing dot', 'prod.example.com.', /received "prod.example.com.".*trailing dot/, 'prod.example.com'],
      ['a wildcard label', '*.example.com', /received "\*.example.com".*wildcard/, 'any.example.com'],
      ['a wildcard inside a label', 'prod*.example.com', /wildcard/, 'prod1.example.com'],
      ['a label over 63 characters', `${LABEL_64}.example.com`, /has 64 characters; DNS allows 63/, `${LABEL_63}.example.com`],
      ['a name over 253 characters', nameOfLength(254), /has 254 characters; DNS allows 253/, nameOfLength(253)],
      ['an empty label', 'prod..example.com', /no empty label/, 'prod.eu.example.com'],
      ['a leading dot', '.prod.example.com', /no empty label/, 'prod.example.com'],
      ['a label starting with a hyphen', '-prod.example.com', /neither starts nor ends with a hyphen/, 'p-rod.example.com'],
      ['a label ending with a hyphen', 'prod-.example.com', /neither starts nor ends with a hyphen/, 'prod-1.example.com'],
      ['a character Route 53 would escape', 'pr@d.example.com', /escapes other characters/, 'pr-d.example.com'],
    ])('%s', (_case, refused, message, accepted) => {
      expect(() => delegationRole(networkStack(), { delegatedZoneNames: [refused] })).toThrow(
        /^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid delegatedZoneNames\[0\]: received "/,
      );
      expect(() => delegationRole(networkStack(), { delegatedZoneNames: [refused] })).toThrow(message);
      expect(() => delegationRole(networkStack(), { delegatedZoneNames: [accepted] })).not.toThrow();
    });

    test('the length helpers build the lengths they claim', () => {
      expect(nameOfLength(253)).toHaveLength(253);
      expect(nameOfLength(254)).toHaveLength(254);
      expect(nameOfLength(253).split('.').every((l) => l.length <= 63)).toBe(true);
    });

    test('an empty list is refused; a list token and a token element pass through', () => {
      expect(() => delegationRole(networkStack(), { delegatedZoneNames: [] })).toThrow(
        /^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid delegatedZoneNames: received \[\]; expected at least one child zone name/,
      );
      const stack = networkStack();
      const names = new CfnParameter(stack, 'Names', { type: 'CommaDelimitedList' }).valueAsList;
      delegationRole(stack, { delegatedZoneNames: names });
      expect(synthesizedRole(stack).policy.Statement[0].Condition['ForAllValues:StringEquals'][NAMES_KEY]).toEqual({ Ref: 'Names' });
      const other = networkStack();
      const one = new CfnParameter(other, 'Name').valueAsString;
      delegationRole(other, { delegatedZoneNames: [one] });
      expect(synthesizedRole(other).policy.Statement[0].Condition['ForAllValues:StringEquals'][NAMES_KEY]).toEqual([{ Ref: 'Name' }]);
    });

    test('a parent whose name is a token skips the subdomain check only', () => {
      const stack = networkStack();
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: PARENT_ID, zoneName: new CfnParameter(stack, 'Parent').valueAsString });
      expect(() => delegationRole(stack, { parentZone: zone, delegatedZoneNames: ['badexample.com'] })).not.toThrow();
      const other = networkStack();
      const zone2 = route53.HostedZone.fromHostedZoneAttributes(other, 'Zone', { hostedZoneId: PARENT_ID, zoneName: new CfnParameter(other, 'Parent').valueAsString });
      expect(() => delegationRole(other, { parentZone: zone2, delegatedZoneNames: ['Upper.example.com'] })).toThrow(/lower case/);
    });

    test('a parent zone imported by id alone is refused: its name is needed', () => {
      const stack = networkStack();
      const byId = route53.HostedZone.fromHostedZoneId(stack, 'ById', PARENT_ID);
      expect(() => delegationRole(stack, { parentZone: byId })).toThrow(
        /^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid parentZone: received "a hosted zone imported without its name \(Network\/ById\)"/,
      );
      const other = networkStack();
      expect(() => delegationRole(other, { parentZone: importedParent(other) })).not.toThrow();
    });

    test('a parent zone name with a trailing dot is read without it; an upper-case parent name is refused', () => {
      const stack = networkStack();
      expect(() => delegationRole(stack, { parentZone: importedParent(stack, 'example.com.') })).not.toThrow();
      const other = networkStack();
      expect(() => delegationRole(other, { parentZone: importedParent(other, 'Example.com') })).toThrow(
        /^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid parentZone.zoneName: received "Example.com"/,
      );
    });
  });

  describe('refuses untrustworthy trust inputs; accepts their twins', () => {
    test.each([
      ['o-123', /invalid organizationId: received "o-123"/],
      ['o-*', /invalid organizationId/],
      ['O-A1B2C3D4E5', /invalid organizationId/],
    ])('organization id %s', (organizationId, message) => {
      expect(() => delegationRole(networkStack(), { organizationId })).toThrow(new RegExp(`^SubdomainDelegationRole \\(Network/ProdDelegation\\): ${message.source}`));
      expect(() => delegationRole(networkStack(), { organizationId: ORG })).not.toThrow();
    });

    test('an organization id token passes through', () => {
      const stack = networkStack();
      delegationRole(stack, { organizationId: new CfnParameter(stack, 'Org').valueAsString });
      expect(synthesizedRole(stack).trust.Statement[0].Condition.StringEquals['aws:PrincipalOrgID']).toEqual({ Ref: 'Org' });
    });

    test.each([['*'], ['55555555555*'], ['55555555555'], ['5555-5555-5555']])('child account %s is refused', (account) => {
      expect(() => SubdomainOwner.delegationPrincipal(account, CHILD_NAME).accountId).toThrow(
        new RegExp(`^SubdomainOwner: invalid accountId: received "${account.replace('*', '\\*')}"; expected a 12-digit AWS account id`),
      );
      expect(SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, CHILD_NAME).accountId).toBe(CHILD_ACCOUNT);
    });

    test.each([
      ['a trailing dot', 'prod.example.com.', /trailing dot/],
      ['a wildcard', '*.example.com', /wildcard/],
    ])('a delegation principal of a zone name with %s is refused', (_case, zoneName, reason) => {
      expect(() => SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, zoneName).zoneName).toThrow(/^SubdomainOwner: invalid zoneName: received /);
      expect(() => SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, zoneName).zoneName).toThrow(reason);
      // Used by a delegation role, the refusal names the role's path.
      expect(() => delegationRole(networkStack(), { owner: SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, zoneName) })).toThrow(
        /^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid owner \(SubdomainOwner zoneName\)/,
      );
    });

    test('a delegation principal of a zone name token is refused: the role name derives from it', () => {
      const stack = networkStack();
      expect(() => SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, new CfnParameter(stack, 'Zone').valueAsString).zoneName).toThrow(
        /^SubdomainOwner: invalid zoneName: received "\$\{Token\[.*\]\}"; expected a zone name known at synthesis/,
      );
    });

    test.each([
      ['a wildcard account', 'arn:aws:iam::*:role/landing-zone/dns-deployer'],
      ['a wildcard name', `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/*`],
      ['a name prefix', `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/dns-*`],
      ['a group ARN', `arn:aws:iam::${CHILD_ACCOUNT}:group/landing-zone/dns`],
    ])('child role with %s is refused', (_case, arn) => {
      expect(() => SubdomainOwner.role(arn).roleArn).toThrow(/^SubdomainOwner: invalid roleArn: .*expected the exact ARN of an IAM role or user/);
      expect(SubdomainOwner.role(`arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/dns-deployer`).accountId).toBe(CHILD_ACCOUNT);
    });

    test.each([
      ['at the root path', `arn:aws:iam::${CHILD_ACCOUNT}:role/dns-deployer`],
      ['under another path', `arn:aws:iam::${CHILD_ACCOUNT}:role/dns/dns-deployer`],
      ['under a look-alike path', `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone-dns/dns-deployer`],
      ['named after the path', `arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone`],
      ['a user under the path', `arn:aws:iam::${CHILD_ACCOUNT}:user/landing-zone/dns-deployer`],
    ])('a role %s, outside the protected path, is refused; its twin under /landing-zone/ is accepted', (_case, arn) => {
      expect(() => SubdomainOwner.role(arn).roleArn).toThrow(
        new RegExp(`^SubdomainOwner: invalid roleArn: received "${arn}"; expected the ARN of a role under the protected path /landing-zone/: .*could be taken over by a workload`),
      );
      expect(() => SubdomainOwner.role(`arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/dns-deployer`).roleArn).not.toThrow();
      expect(() => SubdomainOwner.role(`arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/dns/dns-deployer`).roleArn).not.toThrow();
    });

    test('refuses the delegation principal of a zone the role does not delegate; accepts its own', () => {
      expect(() => delegationRole(networkStack(), { owner: SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, 'sandbox.example.com') })).toThrow(
        /^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid owner: received "the delegation principal of sandbox.example.com"; expected the delegation principal of one of the delegatedZoneNames \["prod.example.com"\]/,
      );
      expect(() => delegationRole(networkStack(), { owner: SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, CHILD_NAME) })).not.toThrow();
    });

    test('a child account token, and a role ARN token, pass through', () => {
      const stack = networkStack();
      delegationRole(stack, { owner: SubdomainOwner.delegationPrincipal(new CfnParameter(stack, 'Child').valueAsString, CHILD_NAME) });
      const trust = synthesizedRole(stack).trust.Statement[0];
      expect(trust.Principal.AWS).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'Child' }, ':root']] });
      expect(trust.Condition.ArnEquals['aws:PrincipalArn']).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'Child' }, `:role/landing-zone/${PRINCIPAL}`]],
      });

      const other = networkStack();
      const arn = new CfnParameter(other, 'ChildRole').valueAsString;
      delegationRole(other, { owner: SubdomainOwner.role(arn) });
      const statement = synthesizedRole(other).trust.Statement[0];
      expect(statement.Condition.ArnEquals['aws:PrincipalArn']).toEqual({ Ref: 'ChildRole' });
      expect(JSON.stringify(statement.Principal.AWS)).toContain('{"Fn::Select":[4,{"Fn::Split":[":",{"Ref":"ChildRole"}]}]}');
    });

    test('role name, path and session duration are checked', () => {
      expect(() => delegationRole(networkStack(), { roleName: 'bad name' })).toThrow(/^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid roleName/);
      expect(() => delegationRole(networkStack(), { path: 'dns' })).toThrow(/^SubdomainDelegationRole \(Network\/ProdDelegation\): invalid path/);
      expect(() => delegationRole(networkStack(), { maxSessionDuration: Duration.minutes(30) })).toThrow(/invalid maxSessionDuration/);
      expect(() => delegationRole(networkStack(), { roleName: 'dns-delegation', path: '/dns/', maxSessionDuration: Duration.hours(1) })).not.toThrow();
    });
  });
});

describe('ParentZone', () => {
  test.each([
    ['/hostedzone/Z0PARENT0000000000001'],
    ['z0parent0000000000001'],
    ['Z0PARENT*'],
    [''],
  ])('refuses the zone id %j; accepts a plain id and a token', (id) => {
    expect(() => ParentZone.fromZoneId(id, PARENT_NAME).hostedZoneId).toThrow(/^ParentZone: invalid hostedZoneId: .*expected a Route 53 hosted zone id/);
    expect(ParentZone.fromZoneId(PARENT_ID, PARENT_NAME).hostedZoneId).toBe(PARENT_ID);
    const token = Lazy.string({ produce: () => PARENT_ID });
    expect(ParentZone.fromZoneId(token, PARENT_NAME).hostedZoneId).toBe(token);
  });

  test.each([
    ['example.com.', /trailing dot/],
    ['Example.com', /lower case/],
    ['*.com', /wildcard/],
  ])('refuses the parent name %j; accepts its normalized twin and a token', (name, message) => {
    expect(() => ParentZone.fromZoneName(name).zoneName).toThrow(/^ParentZone: invalid zoneName/);
    expect(() => ParentZone.fromZoneName(name).zoneName).toThrow(message);
    expect(() => ParentZone.fromZoneId(PARENT_ID, name).zoneName).toThrow(message);
    expect(ParentZone.fromZoneName('example.com').hostedZoneId).toBeUndefined();
    expect(() => ParentZone.fromZoneName(Lazy.string({ produce: () => 'x' }))).not.toThrow();
  });
});

describe('DelegatedSubdomain', () => {
  test('creates the child public zone, retained by default, with stable logical ids', () => {
    const stack = childStack();
    subdomain(stack);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Route53::HostedZone', {
      Properties: { Name: `${CHILD_NAME}.` },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // Logical ids are public contract: a change would replace the zone or the
    // record. The delegation's own resources carry the hash of the zone name,
    // so that a renamed zone gets a new function (see the record tests).
    expect(Object.keys(template.toJSON().Resources).sort()).toEqual([
      'ProdZone0AC27D59',
      'ProdZoneDelegation7405b025FunctionC5428ECB',
      'ProdZoneDelegation7405b025NsRecord0542593B',
      'ProdZoneDelegation7405b025Role1ADC7B53',
    ].sort());
  });

  test('writes the NS record through its own function, whose configuration names the zone, the parent by id, the TTL and the delegation role; always deletes it', () => {
    const stack = childStack();
    const zone = subdomain(stack, { ttl: Duration.hours(1) });
    const zoneLogicalId = stack.resolve((zone.hostedZone.node.defaultChild as route53.CfnHostedZone).logicalId);
    const functionId = stack.resolve((zone.delegationFunction.node.defaultChild as lambda.CfnFunction).logicalId);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: PRINCIPAL,
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      // Inline: no asset, so that the stack can be delivered by StackSets.
      Code: { ZipFile: Match.stringLikeRegexp('exports.handler=') },
      Environment: {
        Variables: { ZONE_ID: { Ref: zoneLogicalId }, ZONE_NAME: CHILD_NAME, PARENT_ZONE_ID: PARENT_ID, PARENT_ZONE_NAME: PARENT_NAME, ROLE_ARN, NS_TTL: '3600' },
      },
    });
    template.hasResource('Custom::DnsDelegationNsRecord', {
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [functionId, 'Arn'] },
        RecordType: 'NS',
        // A reference to the zone: CloudFormation deletes the record before the zone.
        ZoneId: { Ref: zoneLogicalId },
        ZoneName: CHILD_NAME,
        ParentZone: PARENT_ID,
        Ttl: '3600',
        DelegationRoleArn: ROLE_ARN,
      },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
    // No record value in the event: the function reads the name servers from the zone.
    expect(JSON.stringify(template.findResources('Custom::DnsDelegationNsRecord'))).not.toContain('NameServers');
    expect(zone.delegationRecord).toBeDefined();
    expect(template.toJSON().Resources[functionId].Properties.Code.ZipFile.length).toBeLessThanOrEqual(4096);
  });

  test('the default NS TTL is two days', () => {
    const stack = childStack();
    subdomain(stack);
    Template.fromStack(stack).hasResourceProperties('Custom::DnsDelegationNsRecord', { Ttl: '172800' });
  });

  test('the NS record is deleted even when the zone is destroyed or retained; the zone follows removalPolicy', () => {
    const stack = childStack();
    subdomain(stack, { removalPolicy: RemovalPolicy.DESTROY, comment: 'production workloads' });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Route53::HostedZone', { Properties: { HostedZoneConfig: { Comment: 'production workloads' } }, DeletionPolicy: 'Delete' });
    template.hasResource('Custom::DnsDelegationNsRecord', { DeletionPolicy: 'Delete' });
  });

  test('a parent given by name is found by the function', () => {
    const stack = childStack();
    subdomain(stack, { parentZone: ParentZone.fromZoneName(PARENT_NAME) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::DnsDelegationNsRecord', { ParentZone: PARENT_NAME });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PARENT_ZONE_NAME: PARENT_NAME, PARENT_ZONE_ID: Match.absent() }) },
    });
  });

  test('the delegation principal lives under /landing-zone/ with its fixed name, and only this function may assume it', () => {
    const stack = childStack();
    const zone = subdomain(stack);
    const { properties, trust } = synthesizedRole(stack);
    expect(properties.RoleName).toBe(PRINCIPAL);
    expect(properties.Path).toBe('/landing-zone/');
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'lambda.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': CHILD_ACCOUNT },
          ArnEquals: { 'aws:SourceArn': partitionArn(`:lambda:us-east-1:${CHILD_ACCOUNT}:function:${PRINCIPAL}`) },
        },
      },
    ]);
    expect(stack.resolve(zone.delegationPrincipalArn)).toEqual(partitionArn(`:iam::${CHILD_ACCOUNT}:role/landing-zone/${PRINCIPAL}`));
    expect(zone.delegationPrincipalName).toBe(PRINCIPAL);
    expect(DelegatedSubdomain.delegationPrincipalNameFor(CHILD_NAME)).toBe(PRINCIPAL);
    expect(stack.resolve(zone.delegationFunctionArn)).toEqual({ 'Fn::GetAtt': [stack.resolve((zone.delegationFunction.node.defaultChild as lambda.CfnFunction).logicalId), 'Arn'] });
  });

  test('the delegation principal may only assume the delegation role, read this zone and write its own logs', () => {
    const stack = childStack();
    const zone = subdomain(stack);
    const zoneId = stack.resolve((zone.hostedZone.node.defaultChild as route53.CfnHostedZone).logicalId);
    const { policy, properties } = synthesizedRole(stack);
    expect(properties.ManagedPolicyArns).toBeUndefined();
    expect(Template.fromStack(stack).findResources('AWS::IAM::Policy')).toEqual({});
    const logGroup = `:logs:us-east-1:${CHILD_ACCOUNT}:log-group:/aws/lambda/${PRINCIPAL}`;
    expect(policy.Statement).toEqual([
      { Sid: 'AssumeTheParentDelegationRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN },
      { Sid: 'ReadTheChildZone', Effect: 'Allow', Action: 'route53:GetHostedZone', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/', { Ref: zoneId }]] } },
      {
        Sid: 'WriteTheFunctionLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [partitionArn(logGroup), partitionArn(`${logGroup}:*`)],
      },
    ]);
  });

  test('the delegation principal\'s name is deterministic, at most 64 characters, and distinct for names that read alike', () => {
    const longest = nameOfLength(253);
    const name = DelegatedSubdomain.delegationPrincipalNameFor(longest);
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^landing-zone-dns-delegation-b{27}-[0-9a-f]{8}$/);
    expect(DelegatedSubdomain.delegationPrincipalNameFor(longest)).toBe(name);
    // Same readable part once cut, or once dots become hyphens: different hashes.
    const alike = `${'b'.repeat(63)}.c.example.com`;
    expect(DelegatedSubdomain.delegationPrincipalNameFor(alike)).not.toBe(DelegatedSubdomain.delegationPrincipalNameFor(`${'b'.repeat(63)}.d.example.com`));
    expect(DelegatedSubdomain.delegationPrincipalNameFor('a-b.example.com')).not.toBe(DelegatedSubdomain.delegationPrincipalNameFor('a.b.example.com'));
    // A Lambda function name: letters, digits, hyphens and underscores.
    expect(DelegatedSubdomain.delegationPrincipalNameFor('a_b.example.com')).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const stack = childStack();
    subdomain(stack, { zoneName: longest });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { RoleName: name });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { FunctionName: name });
  });

  test('the parent\'s SubdomainOwner.delegationPrincipal names exactly the role the child creates', () => {
    const app = new App();
    const network = networkStack(app);
    delegationRole(network);
    const child = childStack(app);
    const zone = subdomain(child);
    const trusted = synthesizedRole(network).trust.Statement[0].Condition.ArnEquals['aws:PrincipalArn'];
    expect(trusted).toEqual(child.resolve(zone.delegationPrincipalArn));
  });

  describe('refuses child names that are not strict, normalized subdomains; accepts their twins', () => {
    test.each([
      ['a look-alike domain', 'badexample.com', 'bad.example.com'],
      ['the parent itself', 'example.com', 'www.example.com'],
      ['upper case', 'PROD.example.com', 'prod.example.com'],
      ['a trailing dot', 'prod.example.com.', 'prod.example.com'],
      ['a wildcard', '*.example.com', 'star.example.com'],
      ['a lone wildcard', '*', 'a.example.com'],
      ['a label over 63 characters', `${LABEL_64}.example.com`, `${LABEL_63}.example.com`],
      ['a name over 253 characters', nameOfLength(254), nameOfLength(253)],
      ['a subdomain of another parent', 'prod.example.org', 'prod.example.com'],
      ['an empty name', '', 'prod.example.com'],
    ])('%s', (_case, refused, accepted) => {
      expect(() => subdomain(childStack(), { zoneName: refused })).toThrow(/^DelegatedSubdomain \(Prod\/ProdZone\): invalid zoneName: received "/);
      expect(() => subdomain(childStack(), { zoneName: accepted })).not.toThrow();
    });

    test('a deeper subdomain is a strict subdomain', () => {
      expect(() => subdomain(childStack(), { zoneName: 'api.prod.example.com' })).not.toThrow();
    });

    test('a zone name token is refused (it names the delegation principal); a parent name token passes through', () => {
      const stack = childStack();
      const name = new CfnParameter(stack, 'ZoneName').valueAsString;
      expect(() => subdomain(stack, { zoneName: name })).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid zoneName: received "\$\{Token\[.*\]\}"; expected a zone name known at synthesis, such as "prod.example.com"\. The name of the delegation principal/,
      );
      const other = childStack();
      const parent = ParentZone.fromZoneId(PARENT_ID, new CfnParameter(other, 'ParentName').valueAsString);
      expect(() => subdomain(other, { parentZone: parent, zoneName: 'badexample.com' })).not.toThrow();
    });
  });

  describe('checks a delegation role of the same app against what the zone needs', () => {
    function estate(roleProps: Partial<SubdomainDelegationRoleProps>) {
      const app = new App();
      const network = networkStack(app);
      const names = roleProps.delegatedZoneNames ?? [CHILD_NAME];
      const role = delegationRole(network, { owner: SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, names[0]), ...roleProps });
      return { child: childStack(app), role: role.role };
    }

    test('refuses a role for another child name; accepts the right one', () => {
      const { child, role } = estate({ delegatedZoneNames: ['sandbox.example.com'] });
      expect(() => subdomain(child, { delegationRole: role })).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid delegationRole: received "a role for \[\\"sandbox.example.com\\"\]"; expected a role whose delegatedZoneNames include "prod.example.com"/,
      );
      expect(() => subdomain(child, { delegationRole: role, zoneName: 'sandbox.example.com' }, 'Sandbox')).not.toThrow();
    });

    test('refuses a role whose owner is the delegation principal of another zone, or of another account; accepts this zone\'s', () => {
      const names = ['prod.example.com', 'sandbox.example.com'];
      const otherZone = estate({ delegatedZoneNames: names, owner: SubdomainOwner.delegationPrincipal(CHILD_ACCOUNT, 'sandbox.example.com') });
      expect(() => subdomain(otherZone.child, { delegationRole: otherZone.role })).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid delegationRole: received "a role whose owner is the delegation principal of sandbox.example.com"; expected a role whose owner is this zone's delegation principal, SubdomainOwner.delegationPrincipal\("555555555555", "prod.example.com"\)\. The parent would refuse/,
      );
      const otherAccount = estate({ owner: SubdomainOwner.delegationPrincipal('666666666666', CHILD_NAME) });
      expect(() => subdomain(otherAccount.child, { delegationRole: otherAccount.role })).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid delegationRole: received "a role whose owner is a delegation principal of account 666666666666"; expected a role whose owner is this zone's delegation principal/,
      );
      const own = estate({});
      expect(() => subdomain(own.child, { delegationRole: own.role })).not.toThrow();
    });

    test('refuses a role whose owner is another exact role; accepts the delegation principal named by its ARN', () => {
      const deployer = estate({ owner: SubdomainOwner.role(CHILD_DEPLOYER) });
      expect(() => subdomain(deployer.child, { delegationRole: deployer.role })).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid delegationRole: received "a role whose owner is arn:aws:iam::555555555555:role\/landing-zone\/dns-deployer"; expected a role whose owner is this zone's delegation principal/,
      );
      const byArn = estate({ owner: SubdomainOwner.role(`arn:aws:iam::${CHILD_ACCOUNT}:role/landing-zone/${PRINCIPAL}`) });
      expect(() => subdomain(byArn.child, { delegationRole: byArn.role })).not.toThrow();
      const otherAccount = estate({ owner: SubdomainOwner.role(`arn:aws:iam::666666666666:role/landing-zone/${PRINCIPAL}`) });
      expect(() => subdomain(otherAccount.child, { delegationRole: otherAccount.role })).toThrow(/received "a role whose owner is arn:aws:iam::666666666666:role/);
    });

    test('refuses DNSSEC through a role without allowDnssec; accepts it with', () => {
      const dnssec = DnssecSigning.withNewKey();
      const without = estate({});
      expect(() => subdomain(without.child, { delegationRole: without.role, dnssec })).toThrow(/invalid delegationRole: received "a role without allowDnssec"/);
      const ok = estate({ allowDnssec: true });
      expect(() => subdomain(ok.child, { delegationRole: ok.role, dnssec })).not.toThrow();
    });

    test('refuses a parent by name through a role without allowLookupByName; accepts it with', () => {
      const byName = ParentZone.fromZoneName(PARENT_NAME);
      const without = estate({});
      expect(() => subdomain(without.child, { delegationRole: without.role, parentZone: byName })).toThrow(/received "a role without allowLookupByName"/);
      const withLookup = estate({ allowLookupByName: true });
      expect(() => subdomain(withLookup.child, { delegationRole: withLookup.role, parentZone: byName })).not.toThrow();
    });

    test('refuses a role of another parent zone (name or id)', () => {
      const other = estate({});
      expect(() => subdomain(other.child, { delegationRole: other.role, zoneName: 'prod.example.org', parentZone: ParentZone.fromZoneId(PARENT_ID, 'example.org') })).toThrow(
        /received "a role for the parent zone example.com"/,
      );
      const otherId = estate({});
      expect(() => subdomain(otherId.child, { delegationRole: otherId.role, parentZone: ParentZone.fromZoneId('Z0OTHER', PARENT_NAME) })).toThrow(
        /received "a role for the parent zone id Z0PARENT0000000000001"/,
      );
    });
  });

  test('PermissionBoundary.applyTo(stack) bounds the delegation principal, with and without DNSSEC', () => {
    const stack = childStack();
    const boundary = new PermissionBoundary(stack, 'Boundary');
    subdomain(stack, { delegationRole: importedRole(stack), dnssec: DnssecSigning.withNewKey() });
    subdomain(stack, { delegationRole: importedRole(stack), zoneName: 'sandbox.example.com' }, 'SandboxZone');
    boundary.applyTo(stack);
    const template = Template.fromStack(stack);
    const roles = template.findResources('AWS::IAM::Role');
    // One delegation principal per zone, and no other role.
    expect(Object.keys(roles).sort()).toEqual(['ProdZoneDelegation7405b025Role1ADC7B53', expect.stringMatching(/^SandboxZoneDelegationd471f943Role/)]);
    const boundaryId = stack.resolve((boundary.managedPolicy.node.defaultChild as iam.CfnManagedPolicy).logicalId);
    for (const role of Object.values<any>(roles)) {
      expect(role.Properties.PermissionsBoundary).toEqual({ Ref: boundaryId });
    }
  });

  test('without applyTo the delegation principal carries no boundary (the previous test is not vacuous)', () => {
    const stack = childStack();
    new PermissionBoundary(stack, 'Boundary');
    subdomain(stack);
    const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties.PermissionsBoundary).toBeUndefined();
  });
});

describe('DelegatedSubdomain with DNSSEC', () => {
  function signed(stack = childStack(), dnssec = DnssecSigning.withNewKey()) {
    const zone = subdomain(stack, { dnssec });
    const template = Template.fromStack(stack);
    const zoneId = stack.resolve((zone.hostedZone.node.defaultChild as route53.CfnHostedZone).logicalId);
    return { stack, zone, template, zoneId };
  }

  test('creates an ECC_NIST_P256 SIGN_VERIFY key, retained, usable by Route 53 DNSSEC for this zone only', () => {
    const { template, zoneId } = signed();
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        KeyPolicy: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowRoute53DnssecToSign',
              Effect: 'Allow',
              Principal: { Service: 'dnssec-route53.amazonaws.com' },
              Action: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'],
              Resource: '*',
              Condition: {
                StringEquals: { 'aws:SourceAccount': CHILD_ACCOUNT },
                ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/', { Ref: zoneId }]] } },
              },
            },
            {
              Sid: 'AllowRoute53DnssecToCreateGrants',
              Effect: 'Allow',
              Principal: { Service: 'dnssec-route53.amazonaws.com' },
              Action: 'kms:CreateGrant',
              Resource: '*',
              Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
            },
          ]),
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('logical ids are stable, and turning DNSSEC on keeps those of the zone, the function and the NS record', () => {
    const { template } = signed();
    expect(Object.keys(template.toJSON().Resources).filter((id) => id.startsWith('ProdZone')).sort()).toEqual([
      'ProdZone0AC27D59',
      'ProdZoneDelegation7405b025DsRecord469BC220',
      'ProdZoneDelegation7405b025FunctionC5428ECB',
      'ProdZoneDelegation7405b025NsRecord0542593B',
      'ProdZoneDelegation7405b025Role1ADC7B53',
      'ProdZoneDnssecCF700993',
      'ProdZoneDnssecInternalFailureAlarmF8801BD5',
      'ProdZoneDnssecKeyC02D4820',
      'ProdZoneDnssecKeySigningKeysNeedingActionAlarm484819D9',
      'ProdZoneKeySigningKey3CC47B28',
    ]);
  });

  test('the created key follows keyRemovalPolicy', () => {
    const { template } = signed(childStack(), DnssecSigning.withNewKey({ keyRemovalPolicy: RemovalPolicy.DESTROY }));
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  test('enables signing with an active key-signing key, after the key-signing key exists', () => {
    const { template, zoneId, zone, stack } = signed();
    const kskId = stack.resolve(zone.keySigningKey!.logicalId);
    const keyId = stack.resolve((zone.dnssecKey!.node.defaultChild as kms.CfnKey).logicalId);
    template.hasResourceProperties('AWS::Route53::KeySigningKey', {
      HostedZoneId: { Ref: zoneId },
      KeyManagementServiceArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
      Name: 'landing_zone_ksk',
      Status: 'ACTIVE',
    });
    template.hasResource('AWS::Route53::DNSSEC', { Properties: { HostedZoneId: { Ref: zoneId } }, DependsOn: [kskId] });
  });

  test('the same function writes the DS record, after NS and signing, reading the value of its key-signing key itself', () => {
    const { template, zoneId, zone, stack } = signed();
    const resources = template.toJSON().Resources;
    const recordId = Object.keys(resources).find((k) => resources[k].Type === 'Custom::DnsDelegationDsRecord')!;
    const nsId = Object.keys(resources).find((k) => resources[k].Type === 'Custom::DnsDelegationNsRecord')!;
    const dnssecId = Object.keys(resources).find((k) => resources[k].Type === 'AWS::Route53::DNSSEC')!;
    const functionId = stack.resolve((zone.delegationFunction.node.defaultChild as lambda.CfnFunction).logicalId);
    const kskId = stack.resolve(zone.keySigningKey!.logicalId);
    expect(resources[recordId].Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [functionId, 'Arn'] },
      RecordType: 'DS',
      ZoneId: { Ref: zoneId },
      ZoneName: CHILD_NAME,
      ParentZone: PARENT_ID,
      Ttl: '3600',
      DelegationRoleArn: ROLE_ARN,
      // A new key-signing key is a new DS value: an update.
      KeySigningKey: { Ref: kskId },
    });
    expect(resources[recordId].DependsOn.sort()).toEqual([dnssecId, nsId].sort());
    expect(resources[recordId].DeletionPolicy).toBe('Delete');
    expect(resources[functionId].Properties.Environment.Variables).toMatchObject({ DS_TTL: '3600', KSK_NAME: 'landing_zone_ksk' });
    expect(zone.dsRecord).toBeDefined();
  });

  test('with DNSSEC the delegation principal may also read the zone\'s DNSSEC keys, and nothing more', () => {
    const { template, zoneId } = signed();
    const roles = Object.values<any>(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    const statements = roles[0].Properties.Policies[0].PolicyDocument.Statement;
    expect(statements.map((st: any) => st.Action)).toEqual(['sts:AssumeRole', ['route53:GetHostedZone', 'route53:GetDNSSEC'], ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']]);
    expect(statements[1].Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/', { Ref: zoneId }]] });
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
  });

  test('alarms on DNSSECInternalFailure and DNSSECKeySigningKeysNeedingAction of this zone', () => {
    const { template, zoneId } = signed();
    for (const metric of ['DNSSECInternalFailure', 'DNSSECKeySigningKeysNeedingAction']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Route53',
        MetricName: metric,
        Dimensions: [{ Name: 'HostedZoneId', Value: { Ref: zoneId } }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
      });
    }
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  test('the DS TTL and key-signing key name can be set; a bad key-signing key name is refused', () => {
    const { template } = signed(childStack(), DnssecSigning.withNewKey({ dsRecordTtl: Duration.minutes(5), keySigningKeyName: 'prod_ksk_2026' }));
    template.hasResourceProperties('AWS::Route53::KeySigningKey', { Name: 'prod_ksk_2026' });
    template.hasResourceProperties('Custom::DnsDelegationDsRecord', { Ttl: '300' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ DS_TTL: '300', KSK_NAME: 'prod_ksk_2026' }) } });
    expect(() => signed(childStack(), DnssecSigning.withNewKey({ keySigningKeyName: 'prod-ksk' }))).toThrow(
      /^DelegatedSubdomain \(Prod\/ProdZone\): invalid dnssec.keySigningKeyName: received "prod-ksk"; expected 3 to 128 letters, digits or underscores/,
    );
  });

  test('without dnssec, no key, signing, DS record or alarm', () => {
    const stack = childStack();
    subdomain(stack);
    const types = Object.values<any>(Template.fromStack(stack).toJSON().Resources).map((r) => r.Type);
    for (const type of ['AWS::KMS::Key', 'AWS::Route53::KeySigningKey', 'AWS::Route53::DNSSEC', 'Custom::DnsDelegationDsRecord', 'AWS::CloudWatch::Alarm']) {
      expect(types).not.toContain(type);
    }
  });

  describe('region', () => {
    test('refuses a stack outside us-east-1; accepts us-east-1', () => {
      expect(() => signed(childStack(new App(), 'eu-west-1'))).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid dnssec \(stack region\): received "eu-west-1"; expected a stack in us-east-1 when dnssec is set/,
      );
      expect(() => signed(childStack(new App(), 'us-east-1'))).not.toThrow();
      expect(() => subdomain(childStack(new App(), 'eu-west-1'))).not.toThrow();
    });

    test('a region token passes with a warning and a template rule that refuses other regions at deployment', () => {
      const stack = new Stack(new App(), 'Prod', { env: { account: CHILD_ACCOUNT } });
      subdomain(stack, { dnssec: DnssecSigning.withNewKey() });
      // A second signed zone in the same stack shares the rule.
      subdomain(stack, { zoneName: 'sandbox.example.com', dnssec: DnssecSigning.withNewKey() }, 'SandboxZone');
      Annotations.fromStack(stack).hasWarning('/Prod/ProdZone', Match.stringLikeRegexp('^DelegatedSubdomain: the stack\'s region is only known at deployment'));
      const rules = Template.fromStack(stack).toJSON().Rules;
      expect(Object.keys(rules).sort()).toEqual(['CheckBootstrapVersion', 'DelegatedSubdomainDnssecRegion']);
      expect(rules.DelegatedSubdomainDnssecRegion).toEqual({
        Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, AssertDescription: expect.stringContaining('must be deployed in us-east-1') }],
      });
      const concrete = childStack();
      subdomain(concrete, { dnssec: DnssecSigning.withNewKey() });
      expect(Template.fromStack(concrete).toJSON().Rules.DelegatedSubdomainDnssecRegion).toBeUndefined();
      expect(Annotations.fromStack(concrete).findWarning('*', Match.stringLikeRegexp('region is only known'))).toHaveLength(0);
    });

    test('refuses a parent found by name: the DS record is written by zone id', () => {
      expect(() => subdomain(childStack(), { parentZone: ParentZone.fromZoneName(PARENT_NAME), dnssec: DnssecSigning.withNewKey() })).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid parentZone: received "ParentZone.fromZoneName\(\\"example.com\\"\)"; expected ParentZone.fromZoneId/,
      );
    });
  });

  describe('a given key', () => {
    test.each([
      ['a symmetric key', {}, /received "a key of spec SYMMETRIC_DEFAULT and usage ENCRYPT_DECRYPT/],
      ['an RSA signing key', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY }, /spec RSA_2048 and usage SIGN_VERIFY/],
      ['a P-384 signing key', { keySpec: kms.KeySpec.ECC_NIST_P384, keyUsage: kms.KeyUsage.SIGN_VERIFY }, /spec ECC_NIST_P384/],
      ['a P-256 key-agreement key', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.KEY_AGREEMENT }, /usage KEY_AGREEMENT/],
    ])('refuses %s; accepts ECC_NIST_P256 / SIGN_VERIFY', (_case, keyProps, message) => {
      const withKey = (props: kms.KeyProps) => {
        const stack = childStack();
        return () => subdomain(stack, { dnssec: DnssecSigning.withKey(new kms.Key(stack, 'Key', props)) });
      };
      expect(withKey(keyProps as kms.KeyProps)).toThrow(/^DelegatedSubdomain \(Prod\/ProdZone\): invalid dnssec.key: /);
      expect(withKey(keyProps as kms.KeyProps)).toThrow(message);
      expect(withKey({ keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY })).not.toThrow();
    });

    test('a given key of this stack gets the key policy for this zone', () => {
      const stack = childStack();
      const key = new kms.Key(stack, 'Key', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
      const zone = subdomain(stack, { dnssec: DnssecSigning.withKey(key) });
      expect(zone.dnssecKey).toBe(key);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowRoute53DnssecToSign', Condition: Match.objectLike({ ArnEquals: Match.anyValue() }) })]) },
      });
    });

    test('a key of another us-east-1 stack is limited to zones of this account, without a cycle between the stacks', () => {
      const app = new App();
      const keys = childStack(app, 'us-east-1', 'Keys');
      const key = new kms.Key(keys, 'Key', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
      const stack = childStack(app);
      subdomain(stack, { dnssec: DnssecSigning.withKey(key) });
      expect(() => app.synth()).not.toThrow();
      Template.fromStack(keys).hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowRoute53DnssecToSign',
              Condition: {
                StringEquals: { 'aws:SourceAccount': CHILD_ACCOUNT },
                ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/*']] } },
              },
            }),
          ]),
        },
      });
    });

    test('refuses a key outside us-east-1', () => {
      const app = new App();
      const keys = childStack(app, 'eu-west-1', 'Keys');
      const key = new kms.Key(keys, 'Key', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
      expect(() => subdomain(childStack(app), { dnssec: DnssecSigning.withKey(key) })).toThrow(
        /^DelegatedSubdomain \(Prod\/ProdZone\): invalid dnssec.key: received "a key in eu-west-1 \(Keys\/Key\)"; expected a KMS key in us-east-1/,
      );
      const stack = childStack();
      const imported = kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:eu-west-1:${CHILD_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
      expect(() => subdomain(stack, { dnssec: DnssecSigning.withKey(imported) })).toThrow(/received "a key in eu-west-1/);
    });

    test('an imported us-east-1 key, or a key ARN token, passes with warnings that it cannot be checked or changed', () => {
      const stack = childStack();
      const imported = kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:us-east-1:${CHILD_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
      subdomain(stack, { dnssec: DnssecSigning.withKey(imported) });
      const annotations = Annotations.fromStack(stack);
      annotations.hasWarning('/Prod/ProdZone', Match.stringLikeRegexp('spec and usage cannot be checked'));
      annotations.hasWarning('/Prod/ProdZone', Match.stringLikeRegexp('its key policy cannot be changed here'));
      Template.fromStack(stack).hasResourceProperties('AWS::Route53::KeySigningKey', { KeyManagementServiceArn: imported.keyArn });

      const other = childStack();
      const token = kms.Key.fromKeyArn(other, 'Token', new CfnParameter(other, 'KeyArn').valueAsString);
      expect(() => subdomain(other, { dnssec: DnssecSigning.withKey(token) })).not.toThrow();
      Annotations.fromStack(other).hasWarning('/Prod/ProdZone', Match.stringLikeRegexp('spec and usage cannot be checked'));
    });

    test('key spec and usage tokens pass through', () => {
      const stack = childStack();
      const key = new kms.Key(stack, 'Key');
      const cfn = key.node.defaultChild as kms.CfnKey;
      cfn.keySpec = new CfnParameter(stack, 'Spec').valueAsString;
      cfn.keyUsage = new CfnParameter(stack, 'Usage').valueAsString;
      expect(() => subdomain(stack, { dnssec: DnssecSigning.withKey(key) })).not.toThrow();
    });
  });
});
