import { App, Duration, Lazy, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AccountEnvironment, FleetAccountFilter, HubPrincipal, HubRole, OrgReadOnlyRole, SpokeFleet, SpokeRole, StackSetCallAs } from '../src';
import { ADMIN_SSO, AUTOMATION, BREAK_GLASS, HUB_ACCOUNT, HUB_ARN, ORG, REGION, SPOKE_ACCOUNT, estate, roleOf } from './support/hub-spoke-estate';

describe('HubRole', () => {
  test('trusts each named principal by exact ARN; MFA with Bool for humans, never BoolIfExists', () => {
    const { hubStack, hub } = estate();
    const trust = roleOf(hubStack, hub).Properties.AssumeRolePolicyDocument;
    const rootOfHub = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${HUB_ACCOUNT}:root`]] };
    expect(trust.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: rootOfHub }, Condition: { ArnEquals: { 'aws:PrincipalArn': ADMIN_SSO } } },
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: rootOfHub }, Condition: { ArnEquals: { 'aws:PrincipalArn': BREAK_GLASS }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: rootOfHub }, Condition: { ArnEquals: { 'aws:PrincipalArn': AUTOMATION } } },
    ]);
    expect(JSON.stringify(trust)).not.toContain('IfExists');
  });

  test('may assume only the spoke and org read-only role names, in accounts of the organization', () => {
    const { hubStack } = estate();
    Template.fromStack(hubStack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AssumeSpokeRolesInOrganization',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/landing-zone/landing-zone-spoke']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/landing-zone/landing-zone-org-read-only']] },
            ],
            Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } },
          },
        ],
      },
    });
  });

  test('adds sts:SetSourceIdentity and sts:TagSession to its permission only when asked', () => {
    const { app } = estate();
    const stack = new Stack(app, 'Other', { env: { account: HUB_ACCOUNT, region: REGION } });
    new HubRole(stack, 'Hub', {
      organizationId: ORG,
      environment: AccountEnvironment.PRODUCTION,
      trustedPrincipals: [HubPrincipal.automation(AUTOMATION)],
      allowSourceIdentity: true,
      allowSessionTags: true,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'] })] },
    });
  });

  test.each([
    ['no principal', { trustedPrincipals: [] }, /HubRole \(Stack\/Hub\): invalid trustedPrincipals: received \[\]/],
    ['a "*" principal', { trustedPrincipals: [HubPrincipal.automation('*')] }, /HubRole \(Stack\/Hub\): invalid trustedPrincipals\[0\]: received "\*"; expected the exact ARN of an IAM role or user/],
    ['a wildcard account', { trustedPrincipals: [HubPrincipal.human('arn:aws:iam::*:role/admin')] }, /invalid trustedPrincipals\[0\]: received "arn:aws:iam::\*:role\/admin"/],
    ['a wildcard role name', { trustedPrincipals: [HubPrincipal.automation(`arn:aws:iam::${HUB_ACCOUNT}:role/admin*`)] }, /invalid trustedPrincipals\[0\]/],
    ['an account root', { trustedPrincipals: [HubPrincipal.automation(`arn:aws:iam::${HUB_ACCOUNT}:root`)] }, /invalid trustedPrincipals\[0\]/],
    ['a wildcard organization', { organizationId: 'o-*' }, /HubRole \(Stack\/Hub\): invalid organizationId: received "o-\*"/],
    ['a malformed organization', { organizationId: 'org-1234567890' }, /invalid organizationId/],
    ['a long role name', { roleName: 'h'.repeat(65) }, /HubRole \(Stack\/Hub\): invalid roleName/],
    ['a malformed spoke path', { spokeRolePath: 'x' }, /HubRole \(Stack\/Hub\): invalid spokeRolePath/],
    ['a 13-hour session', { maxSessionDuration: Duration.hours(13) }, /invalid maxSessionDuration/],
  ])('refuses %s', (_name, props, message) => {
    const stack = new Stack(new App(), 'Stack', { env: { account: HUB_ACCOUNT, region: REGION } });
    expect(() => new HubRole(stack, 'Hub', {
      organizationId: ORG,
      environment: AccountEnvironment.PRODUCTION,
      trustedPrincipals: [HubPrincipal.automation(AUTOMATION)],
      ...props,
    })).toThrow(message);
  });

  test('passes deploy-time principal ARNs and organization ids through', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: HUB_ACCOUNT, region: REGION } });
    new HubRole(stack, 'Hub', {
      organizationId: Lazy.string({ produce: () => ORG }),
      environment: AccountEnvironment.NON_PRODUCTION,
      trustedPrincipals: [HubPrincipal.automation(Lazy.string({ produce: () => AUTOMATION }))],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { ArnEquals: { 'aws:PrincipalArn': AUTOMATION } } })] },
    });
  });
});

describe('SpokeRole', () => {
  test('trusts only the exact hub role ARN, inside the organization, with SecurityAudit by default', () => {
    const { hub, spokeStack } = estate();
    const spoke = new SpokeRole(spokeStack, 'Spoke', { hub, environment: AccountEnvironment.PRODUCTION });
    const role = roleOf(spokeStack, spoke).Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${HUB_ACCOUNT}:root`]] } },
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${HUB_ACCOUNT}:role/landing-zone/landing-zone-hub`]] } },
          StringEquals: { 'aws:PrincipalOrgID': ORG },
        },
      },
    ]);
    expect(role.RoleName).toBe('landing-zone-spoke');
    expect(role.ManagedPolicyArns).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/SecurityAudit']] }]);
    expect(role.Tags).toEqual([{ Key: 'landing-zone:environment', Value: 'PRODUCTION' }]);
  });

  test('adds org paths, external id, source identity and session tags when asked', () => {
    const { hub, spokeStack } = estate();
    const spoke = new SpokeRole(spokeStack, 'Spoke', {
      hub,
      environment: AccountEnvironment.PRODUCTION,
      principalOrgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/*`],
      externalId: 'landing-zone:audit',
      allowSourceIdentity: true,
      allowSessionTags: true,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    const statement = roleOf(spokeStack, spoke).Properties.AssumeRolePolicyDocument.Statement[0];
    expect(statement.Action).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']);
    expect(statement.Condition.StringEquals).toEqual({ 'aws:PrincipalOrgID': ORG, 'sts:ExternalId': 'landing-zone:audit' });
    expect(statement.Condition['ForAnyValue:StringLike']).toEqual({ 'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-11111111/*`] });
  });

  test('a production spoke refuses a non-production hub; a non-production spoke accepts either', () => {
    const { hub, spokeStack } = estate(AccountEnvironment.NON_PRODUCTION);
    expect(() => new SpokeRole(spokeStack, 'Prod', { hub, environment: AccountEnvironment.PRODUCTION })).toThrow(
      /SpokeRole \(Spoke\/Prod\): invalid hub: received "a NON_PRODUCTION hub \(Hub\/Hub\)"; expected a PRODUCTION hub for a PRODUCTION spoke/,
    );
    expect(() => new SpokeRole(spokeStack, 'Sandbox', { hub, environment: AccountEnvironment.NON_PRODUCTION })).not.toThrow();
    const prod = estate(AccountEnvironment.PRODUCTION);
    expect(() => new SpokeRole(prod.spokeStack, 'Sandbox', { hub: prod.hub, environment: AccountEnvironment.NON_PRODUCTION })).not.toThrow();
  });

  test('warns that the hub reaches it by role chaining when sessions are longer than an hour', () => {
    const { hub, spokeStack } = estate();
    new SpokeRole(spokeStack, 'Long', { hub, environment: AccountEnvironment.PRODUCTION, maxSessionDuration: Duration.hours(4), roleName: 'long' });
    new SpokeRole(spokeStack, 'Short', { hub, environment: AccountEnvironment.PRODUCTION, roleName: 'short' });
    Annotations.fromStack(spokeStack).hasWarning('/Spoke/Long', Match.stringLikeRegexp('role chaining, which AWS caps at one hour'));
    Annotations.fromStack(spokeStack).hasNoWarning('/Spoke/Short', Match.anyValue());
  });

  test.each([
    ['an org path of another organization', { principalOrgPaths: ['o-zzzzzzzzzz/r-ab12/'] }, /SpokeRole \(Spoke\/Spoke\): invalid principalOrgPaths: received "o-zzzzzzzzzz\/r-ab12\/"/],
    ['an org path without a root', { principalOrgPaths: [`${ORG}/ou-ab12-11111111/`] }, /invalid principalOrgPaths/],
    ['a wildcard org path', { principalOrgPaths: ['*'] }, /invalid principalOrgPaths: received "\*"/],
    ['an empty org path list', { principalOrgPaths: [] }, /invalid principalOrgPaths: received \[\]/],
    ['a one-character external id', { externalId: 'x' }, /SpokeRole \(Spoke\/Spoke\): invalid externalId: received "x"; expected 2 to 1,224 characters/],
    ['a 1,225-character external id', { externalId: 'x'.repeat(1225) }, /invalid externalId/],
    ['an external id with a space', { externalId: 'a b' }, /invalid externalId/],
    ['a long role name', { roleName: 's'.repeat(65) }, /SpokeRole \(Spoke\/Spoke\): invalid roleName/],
  ])('refuses %s', (_name, props, message) => {
    const { hub, spokeStack } = estate();
    expect(() => new SpokeRole(spokeStack, 'Spoke', { hub, environment: AccountEnvironment.PRODUCTION, ...props })).toThrow(message);
  });

  test.each([
    ['an external id of 2 characters', { externalId: 'ab' }],
    ['an external id of 1,224 characters', { externalId: 'x'.repeat(1224) }],
    ['an org path ending at an OU', { principalOrgPaths: [`${ORG}/r-ab12/ou-ab12-11111111/`] }],
    ['deploy-time external id and org paths', { externalId: Lazy.string({ produce: () => 'x' }), principalOrgPaths: [Lazy.string({ produce: () => 'p' })] }],
  ])('accepts %s', (_name, props) => {
    const { hub, spokeStack } = estate();
    expect(() => new SpokeRole(spokeStack, 'Spoke', { hub, environment: AccountEnvironment.PRODUCTION, ...props })).not.toThrow();
  });

  test('refuses a hub whose stack has no explicit account, from another stack; accepts an imported hub ARN', () => {
    const app = new App();
    const hubStack = new Stack(app, 'Hub');
    const hub = new HubRole(hubStack, 'Hub', { organizationId: ORG, environment: AccountEnvironment.PRODUCTION, trustedPrincipals: [HubPrincipal.automation(AUTOMATION)] });
    const spokeStack = new Stack(app, 'Spoke', { env: { account: SPOKE_ACCOUNT, region: REGION } });
    expect(() => new SpokeRole(spokeStack, 'Spoke', { hub, environment: AccountEnvironment.PRODUCTION })).toThrow(
      /SpokeRole \(Spoke\/Spoke\): invalid hub: received "Hub\/Hub"; expected a hub whose stack has an explicit account/,
    );
    const imported = HubRole.fromHubRoleAttributes(spokeStack, 'ImportedHub', { hubRoleArn: HUB_ARN, environment: AccountEnvironment.PRODUCTION, organizationId: ORG });
    expect(imported.hubAccount).toBe(HUB_ACCOUNT);
    expect(() => new SpokeRole(spokeStack, 'Spoke2', { hub: imported, environment: AccountEnvironment.PRODUCTION })).not.toThrow();
    expect(() => HubRole.fromHubRoleAttributes(spokeStack, 'Bad', { hubRoleArn: 'arn:aws:iam::*:role/hub', environment: AccountEnvironment.PRODUCTION, organizationId: ORG })).toThrow(
      /HubRole \(Spoke\/Bad\): invalid hubRoleArn/,
    );
  });
});

describe('OrgReadOnlyRole', () => {
  test('trusts the hub like a spoke, and may only read the organization', () => {
    const { hub, spokeStack } = estate();
    const org = new OrgReadOnlyRole(spokeStack, 'Org', { hub });
    const role = roleOf(spokeStack, org).Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals).toEqual({ 'aws:PrincipalOrgID': ORG });
    expect(role.ManagedPolicyArns).toBeUndefined();
    const actions: string[] = role.Policies[0].PolicyDocument.Statement[0].Action;
    expect(actions.every((a) => /^organizations:(Describe|List)/.test(a))).toBe(true);
    expect(actions).toEqual(expect.arrayContaining(['organizations:ListAccounts', 'organizations:ListOrganizationalUnitsForParent', 'organizations:ListTagsForResource']));
  });
});

describe('SpokeFleet', () => {
  const ou = (i: number) => `ou-ab12-${i.toString(16).padStart(8, '0')}`;

  function fleet(targets: number, extra: object = {}) {
    const { app, hubStack, hub } = estate();
    const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: REGION } });
    const f = new SpokeFleet(stack, 'SpokeFleet', {
      hub,
      environment: AccountEnvironment.PRODUCTION,
      organizationalUnitIds: Array.from({ length: targets }, (_, i) => ou(i)),
      ...extra,
    });
    return { app, stack, hubStack, fleet: f };
  }

  test('a service-managed StackSet with auto-deployment, named IAM capability, one region', () => {
    const { stack } = fleet(2);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'landing-zone-spoke-role',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      CallAs: 'SELF',
      OperationPreferences: { MaxConcurrentPercentage: 25, FailureTolerancePercentage: 10, RegionConcurrencyType: 'PARALLEL' },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [ou(0), ou(1)] }, Regions: [REGION] }],
      Parameters: [
        { ParameterKey: 'HubRoleArn', ParameterValue: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${HUB_ACCOUNT}:role/landing-zone/landing-zone-hub`]] } },
        { ParameterKey: 'OrganizationId', ParameterValue: ORG },
      ],
    });
  });

  test('its template is the SpokeRole construct itself: same trust and permissions as a SpokeRole given the same hub', () => {
    const { fleet: f } = fleet(1);
    const body = f.spokeTemplate;
    expect(Object.keys(body.Parameters)).toEqual(['HubRoleArn', 'OrganizationId']);
    expect(body.Rules).toBeUndefined();
    const resources = Object.values<any>(body.Resources);
    expect(resources.map((r) => r.Type)).toEqual(['AWS::IAM::Role']);
    // The same construct, in a standalone stack with the hub as parameters.
    const direct = new Stack(new App(), 'Direct');
    const hubArn = Lazy.string({ produce: () => ({ Ref: 'HubRoleArn' }) as any });
    const org = Lazy.string({ produce: () => ({ Ref: 'OrganizationId' }) as any });
    const spoke = new SpokeRole(direct, 'Spoke', { hub: HubRole.fromHubRoleAttributes(direct, 'Hub', { hubRoleArn: hubArn, organizationId: org, environment: AccountEnvironment.PRODUCTION }), environment: AccountEnvironment.PRODUCTION });
    expect(resources[0].Properties).toEqual(roleOf(direct, spoke).Properties);
  });

  test('the StackSet template carries the external id as a hidden parameter when given', () => {
    const { stack, fleet: f } = fleet(1, { externalId: 'audit-2026', callAs: StackSetCallAs.DELEGATED_ADMIN });
    expect(f.spokeTemplate.Parameters.ExternalId).toEqual(expect.objectContaining({ NoEcho: true }));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      CallAs: 'DELEGATED_ADMIN',
      Parameters: Match.arrayWith([{ ParameterKey: 'ExternalId', ParameterValue: 'audit-2026' }]),
    });
  });

  test.each([
    ['no OU', { organizationalUnitIds: [] }, /SpokeFleet \(Management\/SpokeFleet\): invalid organizationalUnitIds: received \[\]/],
    ['an account id as a target', { organizationalUnitIds: ['555555555555'] }, /invalid organizationalUnitIds: received "555555555555"/],
    ['a wildcard OU', { organizationalUnitIds: ['ou-*'] }, /invalid organizationalUnitIds/],
    ['a malformed region', { region: 'eu-west' }, /SpokeFleet \(Management\/SpokeFleet\): invalid region: received "eu-west"/],
    ['a 0% concurrency', { maxConcurrentPercentage: 0 }, /invalid maxConcurrentPercentage: received 0; expected a whole percentage from 1 to 100/],
    ['a 101% failure tolerance', { failureTolerancePercentage: 101 }, /invalid failureTolerancePercentage/],
    ['a StackSet name starting with a digit', { stackSetName: '1spokes' }, /invalid stackSetName: received "1spokes"/],
    ['a malformed managed policy name', { awsManagedPolicyNames: ['Security Audit'] }, /invalid awsManagedPolicyNames: received "Security Audit"/],
    ['a bad external id', { externalId: 'x' }, /SpokeFleet \(Management\/SpokeFleet\): invalid externalId: received "x"/],
  ])('refuses %s', (_name, extra, message) => {
    expect(() => fleet(1, extra)).toThrow(message);
  });

  test('refuses production accounts under a non-production hub', () => {
    const { app, hub } = estate(AccountEnvironment.NON_PRODUCTION);
    const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: REGION } });
    expect(() => new SpokeFleet(stack, 'Fleet', { hub, environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: [ou(0)] })).toThrow(
      /SpokeFleet \(Management\/Fleet\): invalid hub: received "a NON_PRODUCTION hub"; expected a PRODUCTION hub for PRODUCTION accounts/,
    );
    expect(() => new SpokeFleet(stack, 'Sandbox', { hub, environment: AccountEnvironment.NON_PRODUCTION, organizationalUnitIds: [ou(0)] })).not.toThrow();
  });

  test.each([
    ['only', FleetAccountFilter.only(['555555555555', '666666666666']), 'INTERSECTION'],
    ['all but', FleetAccountFilter.allBut(['666666666666']), 'DIFFERENCE'],
  ])('an account filter deploys to %s the listed accounts of the OUs', (_name, accountFilter, type) => {
    const { stack } = fleet(1, { accountFilter });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: [ou(0)], AccountFilterType: type, Accounts: accountFilter.accounts }, Regions: [REGION] },
      ],
    });
  });

  test.each([
    ['no account', FleetAccountFilter.only([]), /SpokeFleet \(Management\/SpokeFleet\): invalid accountFilter.accounts: received \[\]; expected at least one/],
    ['a wildcard account', FleetAccountFilter.allBut(['55555555555*']), /invalid accountFilter.accounts\[0\]: received "55555555555\*"; expected a 12-digit AWS account id/],
    ['an OU instead of an account', FleetAccountFilter.only([ou(1)]), /invalid accountFilter.accounts\[0\]: received "ou-ab12-00000001"/],
    ['the same account twice', FleetAccountFilter.only(['555555555555', '555555555555']), /invalid accountFilter.accounts: received "555555555555"; expected each account once/],
  ])('refuses an account filter with %s, naming the fleet', (_name, accountFilter, message) => {
    expect(() => fleet(1, { accountFilter })).toThrow(message);
  });

  test('refuses at synthesis an override that adds accounts outside the OUs (UNION); an override to DIFFERENCE synthesizes', () => {
    const union = fleet(1, { accountFilter: FleetAccountFilter.only(['555555555555']) });
    union.fleet.stackSet.addPropertyOverride('StackInstancesGroup.0.DeploymentTargets.AccountFilterType', 'UNION');
    expect(() => union.app.synth()).toThrow(/invalid AccountFilterType \(StackInstancesGroup\): received "UNION"; expected INTERSECTION or DIFFERENCE/);
    const difference = fleet(1, { accountFilter: FleetAccountFilter.only(['555555555555']) });
    difference.fleet.stackSet.addPropertyOverride('StackInstancesGroup.0.DeploymentTargets.AccountFilterType', 'DIFFERENCE');
    expect(() => difference.app.synth()).not.toThrow();
  });

  test('passes a deploy-time account list through', () => {
    expect(() => fleet(1, { accountFilter: FleetAccountFilter.allBut(Lazy.list({ produce: () => ['555555555555'] })) })).not.toThrow();
  });

  test('accepts the root as a target and deploy-time OU ids', () => {
    expect(() => fleet(0, { organizationalUnitIds: ['r-ab12'] })).not.toThrow();
    expect(() => fleet(0, { organizationalUnitIds: [Lazy.string({ produce: () => ou(1) })] })).not.toThrow();
  });

  test('template size and synthesis time do not grow with the fleet: 1 OU against 1,000 OUs', () => {
    const once = (targets: number) => {
      const start = process.hrtime.bigint();
      const { stack } = fleet(targets);
      const bytes = JSON.stringify(Template.fromStack(stack).toJSON()).length;
      return { bytes, ms: Number(process.hrtime.bigint() - start) / 1e6 };
    };
    // Interleaved, and the fastest run of each: a loaded machine slows runs down, never speeds them up.
    const runs = Array.from({ length: 7 }, () => [once(1), once(1000)]);
    const fastest = (i: number) => ({ bytes: runs[0][i].bytes, medianMs: Math.min(...runs.map((r) => r[i].ms)) });
    const one = fastest(0);
    const thousand = fastest(1);
    const perTarget = (thousand.bytes - one.bytes) / 999;
    // Only the list of OU ids grows: each id and its quotes and comma, nothing per account.
    expect(perTarget).toBeLessThanOrEqual(ou(0).length + 3);
    // The account count never enters the template: the 1-OU template is the same whatever the OU holds.
    expect(thousand.medianMs / one.medianMs).toBeLessThan(3);
  });
});
