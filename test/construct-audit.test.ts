// Constructs audit their final output (docs/security-model.md#checks): each
// escape hatch (a statement added after construction, a property override, an
// import whose ARN is a token) that breaks an invariant fails synthesis with
// the construct's path and the rule; a legitimate addition still synthesizes.
import { App, CfnParameter, Duration, Stack, Tags, aws_backup as backup, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AccountEnvironment,
  BackupVault,
  CentralBackupVault,
  DeployTier,
  GithubActionsRole,
  GithubOidcProvider,
  GithubSubject,
  HubPrincipal,
  HubRole,
  LandingZoneChecks,
  PermissionBoundary,
  SpokeRole,
  SubdomainDelegationRole,
  SubdomainOwner,
  TieredDeployRole,
  VaultLock,
} from '../src';
import { AUTOMATION, HUB_ACCOUNT, ORG, REGION, SPOKE_ACCOUNT } from './support/hub-spoke-estate';
import { ACCOUNT, platform, setup, shop } from './support/tiered-deploy-role-estate';

const HOST = 'token.actions.githubusercontent.com';
const OTHER_ACCOUNT = '999999999999';
const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Synthesizes the stack's app; the error, if any. */
function synthError(stack: Stack): string | undefined {
  try {
    Template.fromStack(stack);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Expects synthesis to fail with `[path] Construct: RULE: ...` and the pattern. */
function expectRefused(stack: Stack, path: string, construct: string, ruleId: string, pattern: RegExp): void {
  const message = synthError(stack);
  expect(message).toBeDefined();
  const escaped = path.replace(/[/]/g, '\\/');
  expect(message).toMatch(new RegExp(`\\[${escaped}\\] ${construct}: ${ruleId}: `));
  expect(message).toMatch(pattern);
}

/** A GitHub statement with the given sub conditions, through a provider's ARN. */
function githubStatement(providerArn: string, conditions: Record<string, Record<string, unknown>>): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['sts:AssumeRoleWithWebIdentity'],
    principals: [new iam.FederatedPrincipal(providerArn, {}, 'sts:AssumeRoleWithWebIdentity')],
    conditions: { ...conditions, StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', ...(conditions.StringEquals ?? {}) } },
  });
}

describe('GithubOidcProvider audits its synthesized URL (LZ-OIDC2)', () => {
  test.each([
    ['http://', `http://${HOST}`],
    ['a trailing slash', `https://${HOST}/`],
    ['a foreign host', 'https://token.actions.example.com'],
    ['a look-alike host', `https://${HOST}.evil.example`],
  ])('a Url override to %s fails synthesis', (_name, url) => {
    const { stack, provider } = setup();
    (provider.node.defaultChild as iam.CfnOIDCProvider).addPropertyOverride('Url', url);
    expectRefused(stack, 'Stack/Github', 'GithubOidcProvider', 'LZ-OIDC2', new RegExp(`has the URL ${JSON.stringify(url).replace(/[./]/g, '\\$&')}, not its issuer's "https://token\\.actions\\.githubusercontent\\.com"`));
  });

  test('a tag still synthesizes', () => {
    const { stack, provider } = setup();
    Tags.of(provider).add('team', 'platform');
    expect(synthError(stack)).toBeUndefined();
  });
});

describe('GitHub-trusting roles audit their synthesized trust (LZ-GH1, LZ-GH3, LZ-GH4)', () => {
  test.each([
    ['a pattern subject on a strict tier', DeployTier.INFRASTRUCTURE, { StringLike: { [`${HOST}:sub`]: 'repo:acme/platform:ref:refs/heads/*' } }, /is a tier INFRASTRUCTURE deploy role and trusts "repo:acme\/platform:ref:refs\/heads\/\*" \(statement 1\), which is a pattern/],
    ['a pull request subject on the Services tier', DeployTier.SERVICES, { StringEquals: { [`${HOST}:sub`]: 'repo:acme/shop:pull_request' } }, /trusts "repo:acme\/shop:pull_request" \(statement 1\), which a pull request workflow can obtain/],
    ['a branch subject on the Bootstrap tier', DeployTier.BOOTSTRAP, { StringEquals: { [`${HOST}:sub`]: 'repo:acme/platform:ref:refs/heads/main' } }, /which pins no environment/],
  ])('%s, added with assumeRolePolicy.addStatements, fails synthesis (LZ-GH3)', (_name, tier, conditions, pattern) => {
    const { stack, provider, boundary } = setup();
    const subject = tier === DeployTier.SERVICES ? GithubSubject.branch(shop, 'main') : GithubSubject.environment(platform, 'prod');
    const role = new TieredDeployRole(stack, 'Role', { tier, provider, subjects: [subject], boundary });
    role.assumeRolePolicy!.addStatements(githubStatement(provider.oidcProviderArn, conditions));
    expectRefused(stack, 'Stack/Role', 'TieredDeployRole', 'LZ-GH3', pattern);
  });

  test('a pattern written over the trust with a property override fails synthesis (LZ-GH3)', () => {
    const { stack, provider, boundary } = setup();
    const role = new TieredDeployRole(stack, 'Role', { tier: DeployTier.BASE, provider, subjects: [GithubSubject.environment(platform, 'base')], boundary });
    (role.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition', {
      StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${HOST}:sub`]: 'repo:acme/platform:environment:*' },
    });
    expectRefused(stack, 'Stack/Role', 'TieredDeployRole', 'LZ-GH3', /trusts "repo:acme\/platform:environment:\*" \(statement "GithubActionsExactSubjects"\), which is a pattern/);
  });

  test('a subject of the Base tier added to the Services tier role fails synthesis (LZ-GH4)', () => {
    const { stack, provider, boundary } = setup();
    new TieredDeployRole(stack, 'Base', { tier: DeployTier.BASE, provider, subjects: [GithubSubject.environment(platform, 'base')], boundary });
    const services = new TieredDeployRole(stack, 'Services', { tier: DeployTier.SERVICES, provider, subjects: [GithubSubject.branch(shop, 'main')], boundary });
    services.assumeRolePolicy!.addStatements(githubStatement(provider.oidcProviderArn, { StringEquals: { [`${HOST}:sub`]: 'repo:acme/platform:environment:base' } }));
    expectRefused(stack, 'Stack/Services', 'TieredDeployRole', 'LZ-GH4', /is a tier SERVICES deploy role and trusts "repo:acme\/platform:environment:base" \(statement 1\), which Stack\/Base\/Resource \(tier BASE\) also trusts/);
  });

  test.each([
    ['another stack of the same account fails synthesis', ACCOUNT],
    ['a stack of another account still synthesizes', OTHER_ACCOUNT],
  ])('a subject of the Base tier added to a Services tier role in %s (LZ-GH4)', (_name, account) => {
    const { app, stack, provider, boundary } = setup();
    new TieredDeployRole(stack, 'Base', { tier: DeployTier.BASE, provider, subjects: [GithubSubject.environment(platform, 'base')], boundary });
    const other = new Stack(app, 'Other', { env: { account, region: REGION } });
    const otherProvider = new GithubOidcProvider(other, 'Github');
    // A managed policy name is unique in an account: the same account's second boundary needs its own.
    const otherBoundary = new PermissionBoundary(other, 'Boundary', account === ACCOUNT ? { managedPolicyName: 'OtherBoundary' } : {});
    const services = new TieredDeployRole(other, 'Services', { tier: DeployTier.SERVICES, provider: otherProvider, subjects: [GithubSubject.branch(shop, 'main')], boundary: otherBoundary });
    services.assumeRolePolicy!.addStatements(githubStatement(otherProvider.oidcProviderArn, { StringEquals: { [`${HOST}:sub`]: 'repo:acme/platform:environment:base' } }));
    if (account === ACCOUNT) {
      expectRefused(other, 'Other/Services', 'TieredDeployRole', 'LZ-GH4', /trusts "repo:acme\/platform:environment:base" \(statement 1\), which Stack\/Base\/Resource \(tier BASE\) also trusts/);
    } else {
      expect(synthError(other)).toBeUndefined();
    }
  });

  test.each([
    ['an unencoded ":" in an environment', { StringEquals: { [`${HOST}:sub`]: 'repo:acme/platform:environment:prod:evil' } }, /holds the environment "prod:evil" with an unencoded ":"/],
    ['a reusable workflow pinned to @main', { StringEquals: { [`${HOST}:sub`]: 'repo:acme/platform:environment:prod:job_workflow_ref:acme/ci/.github/workflows/deploy.yml@main' } }, /calls the reusable workflow "acme\/ci\/\.github\/workflows\/deploy\.yml@main", which is not pinned/],
    ['a reusable workflow pinned to @*', { StringLike: { [`${HOST}:sub`]: 'repo:acme/platform:environment:prod:job_workflow_ref:acme/ci/.github/workflows/deploy.yml@*' } }, /deploy\.yml@\*", which is not pinned/],
    ['a job_workflow_ref claim pinned to @main', { StringEquals: { [`${HOST}:repository_id`]: '2002', [`${HOST}:environment`]: 'prod', [`${HOST}:job_workflow_ref`]: 'acme/ci/.github/workflows/deploy.yml@main' } }, /the job_workflow_ref "acme\/ci\/\.github\/workflows\/deploy\.yml@main" is not pinned/],
  ])('%s, added to a GithubActionsRole, fails synthesis (LZ-GH1)', (_name, conditions, pattern) => {
    const { stack, provider } = setup();
    const role = new GithubActionsRole(stack, 'Role', { provider, subjects: [GithubSubject.branch(platform, 'main')] });
    role.assumeRolePolicy!.addStatements(githubStatement(provider.oidcProviderArn, conditions));
    expectRefused(stack, 'Stack/Role', 'GithubActionsRole', 'LZ-GH1', pattern);
  });

  test('a wildcard subject through a provider imported by a deploy-time ARN fails synthesis (LZ-GH1)', () => {
    const { stack } = setup();
    const provider = GithubOidcProvider.fromOidcProviderArn(stack, 'Imported', new CfnParameter(stack, 'ProviderArn').valueAsString);
    const role = new GithubActionsRole(stack, 'Role', { provider, subjects: [GithubSubject.branch(platform, 'main')] });
    role.assumeRolePolicy!.addStatements(githubStatement(provider.oidcProviderArn, { StringLike: { [`${HOST}:sub`]: 'repo:acme/*' } }));
    expectRefused(stack, 'Stack/Role', 'GithubActionsRole', 'LZ-GH1', /owner\/repository part "acme\/\*"/);
  });

  test('an extra exact subject on the Services tier, an extra environment on the Base tier and a pinned reusable workflow still synthesize', () => {
    const { stack, provider, boundary } = setup();
    const services = new TieredDeployRole(stack, 'Services', { tier: DeployTier.SERVICES, provider, subjects: [GithubSubject.branch(shop, 'main')], boundary });
    services.assumeRolePolicy!.addStatements(githubStatement(provider.oidcProviderArn, { StringEquals: { [`${HOST}:sub`]: 'repo:acme/shop:ref:refs/heads/release' } }));
    const base = new TieredDeployRole(stack, 'Base', { tier: DeployTier.BASE, provider, subjects: [GithubSubject.environment(platform, 'base')], boundary });
    base.assumeRolePolicy!.addStatements(
      githubStatement(provider.oidcProviderArn, {
        StringEquals: { [`${HOST}:sub`]: `repo:acme/platform:environment:base-eu:job_workflow_ref:acme/ci/.github/workflows/deploy.yml@${SHA}` },
      }),
    );
    expect(synthError(stack)).toBeUndefined();
  });
});

describe('PermissionBoundary audits its synthesized document (LZ-BND2)', () => {
  test('a StringNotLike condition with a prefix wildcard, written with a property override, fails synthesis', () => {
    const { stack, boundary } = setup();
    (boundary.managedPolicy.node.defaultChild as iam.CfnManagedPolicy).addPropertyOverride('PolicyDocument.Statement.1.Condition', {
      StringNotLike: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/*` },
    });
    expectRefused(stack, 'Stack/Boundary', 'PermissionBoundary', 'LZ-BND2', /iam:CreateRole is denied only unless iam:PermissionsBoundary matches the pattern "arn:aws:iam::111111111111:policy\/\*" \(StringNotLike\)/);
  });

  test('a Deny turned into an Allow with a property override fails synthesis', () => {
    const { stack, boundary } = setup();
    const statements = (stack.resolve(boundary.document) as any).Statement as any[];
    const index = statements.findIndex((s) => s.Sid === 'DenyDeletingBackups');
    (boundary.managedPolicy.node.defaultChild as iam.CfnManagedPolicy).addPropertyOverride(`PolicyDocument.Statement.${index}.Effect`, 'Allow');
    expectRefused(stack, 'Stack/Boundary', 'PermissionBoundary', 'LZ-BND2', /no longer holds the Deny "DenyDeletingBackups" it was written with/);
  });

  test('an extra Deny added with addStatements still synthesizes', () => {
    const { stack, boundary } = setup();
    boundary.addStatements(new iam.PolicyStatement({ sid: 'DenyDeletingBuckets', effect: iam.Effect.DENY, actions: ['s3:DeleteBucket'], resources: ['*'] }));
    expect(synthError(stack)).toBeUndefined();
  });
});

describe('SpokeRole and HubRole audit their synthesized trust (LZ-XA4, LZ-XA5)', () => {
  function hubAndSpoke(hubSourceIdentity = false, spokeSourceIdentity = false) {
    const app = new App();
    const hubStack = new Stack(app, 'Hub', { env: { account: HUB_ACCOUNT, region: REGION } });
    const hub = new HubRole(hubStack, 'Hub', {
      organizationId: ORG,
      environment: AccountEnvironment.PRODUCTION,
      trustedPrincipals: [HubPrincipal.automation(AUTOMATION)],
      allowSourceIdentity: hubSourceIdentity,
    });
    const spokeStack = new Stack(app, 'Spoke', { env: { account: SPOKE_ACCOUNT, region: REGION } });
    const spoke = new SpokeRole(spokeStack, 'Spoke', { hub, environment: AccountEnvironment.PRODUCTION, allowSourceIdentity: spokeSourceIdentity });
    return { hubStack, hub, spokeStack, spoke };
  }
  const orgWide = () =>
    new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['sts:AssumeRole'], conditions: { StringEquals: { 'aws:PrincipalOrgID': ORG } } });

  test('an "AWS": "*" statement with aws:PrincipalOrgID added to the spoke\'s trust fails synthesis', () => {
    const { spokeStack, spoke } = hubAndSpoke();
    spoke.role.assumeRolePolicy!.addStatements(orgWide());
    expectRefused(spokeStack, 'Spoke/Spoke', 'SpokeRole', 'LZ-XA4', /Spoke\/Spoke\/Resource\/Resource trusts \* in statement 1 with only an organization condition/);
  });

  test('an "AWS": "*" statement with aws:PrincipalOrgID added to the hub\'s trust fails synthesis', () => {
    const { hubStack, hub } = hubAndSpoke();
    hub.role.assumeRolePolicy!.addStatements(orgWide());
    expectRefused(hubStack, 'Hub/Hub', 'HubRole', 'LZ-XA4', /trusts \* in statement 1 with only an organization condition/);
  });

  test('a hub given allowSourceIdentity while its spoke does not allow sts:SetSourceIdentity fails synthesis', () => {
    const { spokeStack } = hubAndSpoke(true, false);
    expectRefused(spokeStack, 'Spoke/Spoke', 'SpokeRole', 'LZ-XA5', /does not allow sts:SetSourceIdentity in its trust, although the hub Hub\/Hub may call it on this role/);
  });

  test('a hub and spoke both allowing the source identity, and a tag on the spoke, still synthesize', () => {
    const { spokeStack, spoke } = hubAndSpoke(true, true);
    Tags.of(spoke).add('team', 'security');
    expect(synthError(spokeStack)).toBeUndefined();
  });
});

describe('SubdomainDelegationRole audits its synthesized permissions (LZ-DNS1, LZ-DNS2)', () => {
  function delegation() {
    const app = new App();
    const stack = new Stack(app, 'Network', { env: { account: ACCOUNT, region: REGION } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Parent', { hostedZoneId: 'Z0PARENT0000000000001', zoneName: 'example.com' });
    const role = new SubdomainDelegationRole(stack, 'Delegation', {
      parentZone: zone,
      delegatedZoneNames: ['prod.example.com'],
      owner: SubdomainOwner.delegationPrincipal(SPOKE_ACCOUNT, 'prod.example.com'),
      organizationId: ORG,
    });
    return { stack, zone, role };
  }

  test('a grant of A records added to its document fails synthesis', () => {
    const { stack, zone, role } = delegation();
    role.document.addStatements(
      new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zone.hostedZoneArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['prod.example.com'],
            'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
          },
        },
      }),
    );
    expectRefused(stack, 'Network/Delegation', 'SubdomainDelegationRole', 'LZ-DNS2', /allows route53:ChangeResourceRecordSets for the record types \["A"\]/);
  });

  test('a grant without the record-name condition added with addToPrincipalPolicy fails synthesis', () => {
    const { stack, zone, role } = delegation();
    role.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['route53:ChangeResourceRecordSets'], resources: [zone.hostedZoneArn] }));
    expectRefused(stack, 'Network/Delegation', 'SubdomainDelegationRole', 'LZ-DNS1', /may change any record of the zone/);
  });

  test('an extra read-only grant still synthesizes', () => {
    const { stack, zone, role } = delegation();
    role.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['route53:GetHostedZone'], resources: [zone.hostedZoneArn] }));
    expect(synthError(stack)).toBeUndefined();
  });
});

describe('BackupVault and CentralBackupVault audit their synthesized access policy (LZ-BK3, LZ-BK4)', () => {
  function vaults() {
    const app = new App();
    const stack = new Stack(app, 'Backup', { env: { account: ACCOUNT, region: REGION } });
    const vault = new BackupVault(stack, 'Vault', { exemptPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/break-glass`] });
    const central = new CentralBackupVault(stack, 'Central', {
      organizationId: ORG,
      lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(365) }),
      exemptPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/break-glass`],
    });
    return { stack, vault, central };
  }

  test('a NotPrincipal Deny added to the access policy fails synthesis', () => {
    const { stack, vault } = vaults();
    vault.accessPolicy.addStatements(
      new iam.PolicyStatement({ effect: iam.Effect.DENY, notPrincipals: [new iam.ArnPrincipal(`arn:aws:iam::${ACCOUNT}:role/admin`)], actions: ['backup:*'], resources: ['*'] }),
    );
    expectRefused(stack, 'Backup/Vault', 'BackupVault', 'LZ-BK4', /statement 1 uses NotPrincipal/);
  });

  test.each([
    ['backup:*', ['backup:*']],
    ['a restore', ['backup:StartRestoreJob']],
  ])('a grant of %s to another account fails synthesis', (_name, actions) => {
    const { stack, vault } = vaults();
    vault.accessPolicy.addStatements(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions, resources: ['*'] }));
    expectRefused(stack, 'Backup/Vault', 'BackupVault', 'LZ-BK4', new RegExp(`allows account ${OTHER_ACCOUNT} .*"${actions[0].replace('*', '\\*')}" \\(only backup:CopyIntoBackupVault and reads`));
  });

  test('a wildcard organization id written over the central vault\'s policy fails synthesis', () => {
    const { stack, central } = vaults();
    (central.vault.node.defaultChild as backup.CfnBackupVault).addPropertyOverride('AccessPolicy.Statement.1.Condition.StringEquals', { 'aws:PrincipalOrgID': 'o-*' });
    expectRefused(stack, 'Backup/Central', 'CentralBackupVault', 'LZ-BK4', /names the organization with the wildcard "o-\*"/);
  });

  test('an extra read-only grant to another account still synthesizes', () => {
    const { stack, vault } = vaults();
    vault.accessPolicy.addStatements(
      new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions: ['backup:DescribeBackupVault', 'backup:ListRecoveryPointsByBackupVault'], resources: ['*'] }),
    );
    expect(synthError(stack)).toBeUndefined();
  });
});

describe('LandingZoneChecks applies the same rules to resources written with aws-cdk-lib alone', () => {
  const GITHUB_URL = `https://${HOST}`;
  const inOrganization = { StringEquals: { 'aws:PrincipalOrgID': ORG } };

  function newStack(): Stack {
    return new Stack(new App(), 'Plain', { env: { account: ACCOUNT, region: REGION } });
  }

  /** [rule, construct path] of each finding of the stack's app. */
  function findings(stack: Stack): string[][] {
    return new LandingZoneChecks().checkAssembly((stack.node.root as App).synth()).map((f) => [f.ruleId, f.constructPath]);
  }

  /** A plain role trusting GitHub with the given sub, tagged with a tier. */
  function tierRole(stack: Stack, id: string, provider: iam.IOidcProvider, tier: string, sub: Record<string, Record<string, string>>): iam.Role {
    const role = new iam.Role(stack, id, {
      assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, { ...sub, StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', ...(sub.StringEquals ?? {}) } }),
    });
    Tags.of(role).add('landing-zone:tier', tier);
    return role;
  }

  test('LZ-GH3: a tier-tagged role trusting a pattern on a strict tier; the Services tier may', () => {
    const stack = newStack();
    const provider = new iam.OidcProviderNative(stack, 'Github', { url: GITHUB_URL, clientIds: ['sts.amazonaws.com'] });
    tierRole(stack, 'Infra', provider, 'INFRASTRUCTURE', { StringLike: { [`${HOST}:sub`]: 'repo:acme/platform:ref:refs/heads/*' } });
    tierRole(stack, 'Services', provider, 'SERVICES', { StringLike: { [`${HOST}:sub`]: 'repo:acme/shop:ref:refs/heads/*' } });
    expect(findings(stack)).toEqual([['LZ-GH3', 'Plain/Infra/Resource']]);
  });

  test('LZ-GH4: one subject trusted by two tiers; distinct subjects are not', () => {
    const stack = newStack();
    const provider = new iam.OidcProviderNative(stack, 'Github', { url: GITHUB_URL, clientIds: ['sts.amazonaws.com'] });
    tierRole(stack, 'Base', provider, 'BASE', { StringEquals: { [`${HOST}:sub`]: 'repo:acme/platform:environment:base' } });
    tierRole(stack, 'Infra', provider, 'INFRASTRUCTURE', { StringEquals: { [`${HOST}:sub`]: 'repo:acme/platform:environment:base' } });
    tierRole(stack, 'Services', provider, 'SERVICES', { StringEquals: { [`${HOST}:sub`]: 'repo:acme/shop:ref:refs/heads/main' } });
    expect(findings(stack)).toEqual([
      ['LZ-GH4', 'Plain/Base/Resource'],
      ['LZ-GH4', 'Plain/Infra/Resource'],
    ]);
  });

  test('LZ-GH1: an unencoded ":" in an environment of a plain role', () => {
    const stack = newStack();
    const provider = new iam.OidcProviderNative(stack, 'Github', { url: GITHUB_URL, clientIds: ['sts.amazonaws.com'] });
    const conditions = (sub: string) => ({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: sub } });
    new iam.Role(stack, 'Bad', { assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, conditions('repo:acme/platform:environment:prod:evil')) });
    new iam.Role(stack, 'Good', { assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, conditions('repo:acme/platform:environment:prod%3Aeu')) });
    expect(findings(stack)).toEqual([['LZ-GH1', 'Plain/Bad/Resource']]);
  });

  test('LZ-BND2: a boundary whose self-propagation accepts any policy by prefix; the exact ARN passes', () => {
    const stack = newStack();
    const boundary = (id: string, name: string, condition: Record<string, Record<string, string>>) =>
      new iam.ManagedPolicy(stack, id, {
        managedPolicyName: name,
        statements: [
          new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }),
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            actions: ['iam:CreateRole', 'iam:CreateUser', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
            resources: ['*'],
            conditions: condition,
          }),
          new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], resources: ['*'] }),
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
            resources: [`arn:aws:iam::${ACCOUNT}:policy/${name}`],
          }),
        ],
      });
    boundary('Prefix', 'PrefixBoundary', { StringNotLike: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/*` } });
    boundary('Exact', 'ExactBoundary', { StringNotEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/ExactBoundary` } });
    expect(findings(stack)).toEqual([['LZ-BND2', 'Plain/Prefix/Resource']]);
  });

  test('LZ-XA4: a landing-zone role trusting "*" with only aws:PrincipalOrgID; naming the principal passes', () => {
    const stack = newStack();
    new iam.Role(stack, 'OrgWide', { path: '/landing-zone/', assumedBy: new iam.AnyPrincipal().withConditions(inOrganization) });
    new iam.Role(stack, 'Named', {
      path: '/landing-zone/',
      assumedBy: new iam.AnyPrincipal().withConditions({ ...inOrganization, ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${HUB_ACCOUNT}:role/landing-zone/landing-zone-hub` } }),
    });
    expect(findings(stack)).toEqual([['LZ-XA4', 'Plain/OrgWide/Resource']]);
  });

  test('LZ-XA5: a caller allowed to set a source identity on a role whose trust does not allow it; a trust that allows it passes', () => {
    const stack = newStack();
    const target = (id: string, roleName: string, actions: string[]) =>
      new iam.Role(stack, id, {
        roleName,
        path: '/landing-zone/',
        assumedBy: new iam.ArnPrincipal(`arn:aws:iam::${ACCOUNT}:role/landing-zone/caller`).withSessionTags(),
      }).assumeRolePolicy!.addStatements(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(`arn:aws:iam::${ACCOUNT}:role/landing-zone/caller`)], actions }));
    target('Refuses', 'refuses', ['sts:AssumeRole']);
    target('Allows', 'allows', ['sts:SetSourceIdentity']);
    const caller = new iam.Role(stack, 'Caller', { roleName: 'caller', path: '/landing-zone/', assumedBy: new iam.AccountRootPrincipal() });
    caller.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        resources: [`arn:aws:iam::${ACCOUNT}:role/landing-zone/refuses`, `arn:aws:iam::${ACCOUNT}:role/landing-zone/allows`],
      }),
    );
    expect(findings(stack)).toEqual([['LZ-XA5', 'Plain/Refuses/Resource']]);
  });

  test('LZ-DNS2: a delegation grant of A records to another account; grantDelegation passes', () => {
    const stack = newStack();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const trusted = new iam.AccountPrincipal(SPOKE_ACCOUNT).withConditions(inOrganization);
    const bad = new iam.Role(stack, 'Bad', { assumedBy: trusted });
    bad.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zone.hostedZoneArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['prod.example.com'],
            'route53:ChangeResourceRecordSetsRecordTypes': ['NS', 'A'],
          },
        },
      }),
    );
    const good = new iam.Role(stack, 'Good', { assumedBy: trusted });
    zone.grantDelegation(good, { delegatedZoneNames: ['prod.example.com'] });
    expect(findings(stack)).toEqual([['LZ-DNS2', 'Plain/Bad/Resource']]);
  });

  test('LZ-BK4: a vault policy granting backup:* to another account; copies in from the organization pass', () => {
    const stack = newStack();
    const vault = (id: string, statement: iam.PolicyStatement) =>
      new backup.CfnBackupVault(stack, id, {
        backupVaultName: id,
        encryptionKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        lockConfiguration: { minRetentionDays: 7 },
        accessPolicy: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['backup:DeleteRecoveryPoint'], resources: ['*'] }),
            statement,
          ],
        }),
      });
    vault('Open', new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions: ['backup:*'], resources: ['*'] }));
    vault('CopiesIn', new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['backup:CopyIntoBackupVault'], resources: ['*'], conditions: inOrganization }));
    expect(findings(stack)).toEqual([['LZ-BK4', 'Plain/Open']]);
  });

  test('LZ-OIDC2: a GitHub provider URL with a trailing slash; the exact issuer passes', () => {
    const stack = newStack();
    new iam.OidcProviderNative(stack, 'Slash', { url: `${GITHUB_URL}/`, clientIds: ['sts.amazonaws.com'] });
    new iam.OidcProviderNative(stack, 'Exact', { url: `https://${HOST}/acme`, clientIds: ['sts.amazonaws.com'] });
    expect(findings(stack)).toEqual([['LZ-OIDC2', 'Plain/Slash/Resource']]);
  });
});
