import { App, Duration, Stack, Stage, aws_backup as backup, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Project } from 'projen';
import * as lz from '../src';
import {
  AccountEnvironment,
  BackupCopyDestination,
  BackupVault,
  DeployTier,
  DelegatedSubdomain,
  GithubActionsPrincipal,
  GithubActionsRole,
  GithubIdentityPerimeter,
  GithubIssuer,
  GithubOidcProvider,
  GithubRepository,
  GithubSubject,
  HubPrincipal,
  HubRole,
  LandingZoneChecks,
  ParentZone,
  PermissionBoundary,
  SpokeFleet,
  SubdomainDelegationRole,
  SubdomainOwner,
  TierBootstrap,
  TieredDeployRole,
} from '../src';
import { LandingZoneInputError } from '../src/private/errors';

// Every refusal names the construct path (where a construct is involved), the
// value received and what was expected: a value made by a static factory is
// refused by the construct that uses it, under that construct's path; an
// import under the import's path (scope + id); an inner construct under its
// owner's path.

const ACCOUNT = '555555555555';
const ORG = 'o-a1b2c3d4e5';
const repo = GithubRepository.named('acme', 'shop');
const pinned = GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'shop', repositoryId: '2000002' });

function prodStack(app = new App()): Stack {
  return new Stack(app, 'Prod', { env: { account: ACCOUNT, region: 'eu-west-1' } });
}

/** A tier role at Prod/ServicesDeployRole trusting `subject`. */
function tierRole(subject: GithubSubject): void {
  const stack = prodStack();
  new TieredDeployRole(stack, 'ServicesDeployRole', {
    tier: DeployTier.SERVICES,
    provider: new GithubOidcProvider(stack, 'GithubOidc'),
    boundary: new PermissionBoundary(stack, 'PermissionBoundary'),
    subjects: [subject],
  });
}

/** A GitHub role at Prod/DeployRole trusting `subject`. */
function githubRole(subject: GithubSubject, audiences?: string[]): void {
  const stack = prodStack();
  new GithubActionsRole(stack, 'DeployRole', { provider: new GithubOidcProvider(stack, 'GithubOidc'), subjects: [subject], audiences });
}

function hub(stack: Stack): HubRole {
  return new HubRole(stack, 'Hub', {
    organizationId: ORG,
    environment: AccountEnvironment.PRODUCTION,
    trustedPrincipals: [HubPrincipal.automation(`arn:aws:iam::${ACCOUNT}:role/automation`)],
  });
}

function fleet(props: Partial<lz.SpokeFleetProps>): void {
  const stack = prodStack();
  new SpokeFleet(stack, 'Fleet', { hub: hub(stack), environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: ['ou-ab12-abcdefgh'], ...props });
}

function delegationRole(owner: SubdomainOwner): void {
  const stack = new Stack(new App(), 'Network', { env: { account: '333333333333', region: 'us-east-1' } });
  new SubdomainDelegationRole(stack, 'ProdDelegation', {
    parentZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Parent', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    delegatedZoneNames: ['prod.example.com'],
    owner,
    organizationId: ORG,
  });
}

function subdomain(parentZone: ParentZone): void {
  const stack = prodStack();
  new DelegatedSubdomain(stack, 'Zone', {
    zoneName: 'prod.example.com',
    parentZone,
    delegationRole: iam.Role.fromRoleArn(stack, 'Delegation', 'arn:aws:iam::333333333333:role/landing-zone/prod-dns'),
  });
}

/** [case, what the caller does, the path, the value as the message renders it, the expected text (start)]. */
const REFUSALS: Array<[string, () => unknown, string, string, string]> = [
  // Static factories: refused by the construct that uses the value.
  ['GithubSubject.branch', () => tierRole(GithubSubject.branch(repo, 'release/*')), 'Prod/ServicesDeployRole', '"release/*"', 'a git ref name'],
  ['GithubSubject.tag', () => githubRole(GithubSubject.tag(repo, 'v*')), 'Prod/DeployRole', '"v*"', 'a git ref name'],
  ['GithubSubject.environment', () => githubRole(GithubSubject.environment(repo, 'prod*')), 'Prod/DeployRole', '"prod*"', 'a GitHub environment name'],
  ['GithubSubject.branchPattern', () => tierRole(GithubSubject.branchPattern(repo, 'main')), 'Prod/ServicesDeployRole', '"main"', 'a pattern with at least one'],
  ['GithubSubject.tagPattern', () => tierRole(GithubSubject.tagPattern(repo, 'v *')), 'Prod/ServicesDeployRole', '"v *"', 'a git ref name pattern'],
  [
    'GithubSubject.reusableWorkflow',
    () => githubRole(GithubSubject.reusableWorkflow(GithubSubject.branch(repo, 'main'), 'acme/ci/.github/workflows/d.yml')),
    'Prod/DeployRole',
    '"acme/ci/.github/workflows/d.yml"',
    'OWNER/REPO/.github/workflows/FILE.yml pinned',
  ],
  ['GithubSubject.fromClaims', () => githubRole(GithubSubject.fromClaims([])), 'Prod/DeployRole', '[]', 'at least one claim'],
  [
    'GithubSubject.fromClaimConditions',
    () => githubRole(GithubSubject.fromClaimConditions({ repository: repo, environment: 'prod' })),
    'Prod/DeployRole',
    '"acme/shop"',
    'a repository with its ids',
  ],
  ['GithubSubject.withClaimConditions', () => githubRole(GithubSubject.branch(repo, 'main').withClaimConditions({})), 'Prod/DeployRole', '{}', 'at least one of environment'],
  ['GithubRepository.named', () => tierRole(GithubSubject.branch(GithubRepository.named('acme*', 'shop'), 'main')), 'Prod/ServicesDeployRole', '"acme*"', 'a GitHub account name'],
  [
    'GithubRepository.withIds',
    () => githubRole(GithubSubject.branch(GithubRepository.withIds({ owner: 'acme', ownerId: '1*', name: 'shop', repositoryId: '2' }), 'main')),
    'Prod/DeployRole',
    '"1*"',
    'the numeric id GitHub assigned',
  ],
  [
    'GithubRepository.namedWithIds',
    () => githubRole(GithubSubject.branch(GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1', name: '*', repositoryId: '2' }), 'main')),
    'Prod/DeployRole',
    '"*"',
    'a GitHub repository name',
  ],
  [
    'GithubRepository.acceptingNameBasedSubjects',
    () => githubRole(GithubSubject.branch(repo.acceptingNameBasedSubjects(), 'main')),
    'Prod/DeployRole',
    '"acme/shop"',
    'a repository pinned by its ids',
  ],
  ['GithubIssuer.enterprise', () => new GithubOidcProvider(prodStack(), 'GithubOidc', { issuer: GithubIssuer.enterprise('Octo/Inc') }), 'Prod/GithubOidc', '"Octo/Inc"', 'an enterprise slug'],
  [
    'GithubIssuer.dataResidency',
    () => GithubOidcProvider.fromAccount(prodStack(), 'Imported', { issuer: GithubIssuer.dataResidency('octo.corp') }),
    'Prod/Imported',
    '"octo.corp"',
    'one lower-case DNS label',
  ],
  [
    'GithubIssuer.enterpriseServer',
    () => new GithubIdentityPerimeter(prodStack(), 'Perimeter', { targetIds: ['r-abcd'], allowedOwners: ['acme'], issuers: [GithubIssuer.enterpriseServer('github.example.com:8443')] }),
    'Prod/Perimeter',
    '"github.example.com:8443"',
    'a lower-case host name',
  ],
  [
    'BackupCopyDestination.fromVaultArn',
    () =>
      new BackupVault(prodStack(), 'Vault').addPlan('Daily', {
        rules: [backup.BackupPlanRule.daily()],
        selectionTags: { backup: 'daily' },
        copyTo: BackupCopyDestination.fromVaultArn('central'),
      }),
    'Prod/Vault',
    '"central"',
    'a backup vault ARN',
  ],
  ['SubdomainOwner.delegationPrincipal', () => delegationRole(SubdomainOwner.delegationPrincipal('55555555555*', 'prod.example.com')), 'Network/ProdDelegation', '"55555555555*"', 'a 12-digit AWS account id'],
  ['SubdomainOwner.role', () => delegationRole(SubdomainOwner.role(`arn:aws:iam::${ACCOUNT}:role/dns-*`)), 'Network/ProdDelegation', `"arn:aws:iam::${ACCOUNT}:role/dns-*"`, 'the exact ARN of an IAM role'],
  ['ParentZone.fromZoneId', () => subdomain(ParentZone.fromZoneId('/hostedzone/Z0PARENT', 'example.com')), 'Prod/Zone', '"/hostedzone/Z0PARENT"', 'a Route 53 hosted zone id'],
  ['ParentZone.fromZoneName', () => subdomain(ParentZone.fromZoneName('Example.com')), 'Prod/Zone', '"Example.com"', 'a domain name in its normalized form'],
  ['TierBootstrap.synthesizerFor', () => new Stack(new App(), 'Service', { synthesizer: TierBootstrap.synthesizerFor('NOT OK') }), 'Service', '"NOT OK"', 'a CDK bootstrap qualifier'],
  // The principal a role builds has no path: its refusals name the role's.
  ['GithubActionsPrincipal (in a role)', () => githubRole(GithubSubject.branch(repo, 'main'), ['other']), 'Prod/DeployRole', '["other"]', 'a non-empty subset of the provider\'s audiences'],
  // Imports: the import's own path, not the stack's.
  [
    'GithubOidcProvider.fromOidcProviderArn',
    () => GithubOidcProvider.fromOidcProviderArn(prodStack(), 'Imported', 'arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com'),
    'Prod/Imported',
    '"arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com"',
    'arn:<partition>:iam::<12-digit account>',
  ],
  ['GithubOidcProvider.fromAccount', () => GithubOidcProvider.fromAccount(prodStack(), 'Imported', { audiences: ['*'] }), 'Prod/Imported', '["*"]', '1 to 100 distinct audiences'],
  [
    'HubRole.fromHubRoleAttributes',
    () => HubRole.fromHubRoleAttributes(prodStack(), 'Hub', { hubRoleArn: 'arn:aws:iam::*:role/hub', organizationId: ORG, environment: AccountEnvironment.PRODUCTION }),
    'Prod/Hub',
    '"arn:aws:iam::*:role/hub"',
    'the exact ARN of an IAM role or user',
  ],
  // SpokeFleet: the spoke it synthesizes on its own is checked under the fleet's path and props.
  ['SpokeFleet spokeRoleName', () => fleet({ spokeRoleName: 'no spaces' }), 'Prod/Fleet', '"no spaces"', '1 to 64 characters'],
  ['SpokeFleet spokeRolePath', () => fleet({ spokeRolePath: 'landing-zone' }), 'Prod/Fleet', '"landing-zone"', 'an IAM path'],
  ['SpokeFleet principalOrgPaths', () => fleet({ principalOrgPaths: ['r-ab12/*'] }), 'Prod/Fleet', '"r-ab12/*"', 'an organization path'],
  ['SpokeFleet maxSessionDuration', () => fleet({ maxSessionDuration: Duration.hours(13) }), 'Prod/Fleet', '"46800 seconds"', 'between 1 hour'],
  // App-wide: one managed policy name per account.
  [
    'PermissionBoundary name in one account',
    () => {
      const app = new App();
      new PermissionBoundary(prodStack(app), 'PermissionBoundary');
      new PermissionBoundary(new Stack(app, 'ProdDns', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'PermissionBoundary');
    },
    'ProdDns/PermissionBoundary',
    '"LandingZonePermissionBoundary"',
    `a name no other managed policy of account ${ACCOUNT} has; Prod/PermissionBoundary`,
  ],
];

describe('refusals name the construct path, the value and what was expected', () => {
  test.each(REFUSALS)('%s', (_case, act, path, received, expected) => {
    let error: unknown;
    try {
      act();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LandingZoneInputError);
    const message = (error as Error).message;
    expect(message).toContain(` (${path}): invalid `);
    expect(message).toContain(`received ${received}; expected ${expected}`);
  });

  test('a bad branch used by a tier role in a stage names the role\'s full path', () => {
    const stack = new Stack(new Stage(new App(), 'App'), 'Prod');
    expect(() =>
      new TieredDeployRole(stack, 'ServicesDeployRole', {
        tier: DeployTier.SERVICES,
        provider: new GithubOidcProvider(stack, 'GithubOidc'),
        boundary: new PermissionBoundary(stack, 'PermissionBoundary'),
        subjects: [GithubSubject.branch(pinned, 'bad branch')],
      }),
    ).toThrow(
      'TieredDeployRole (App/Prod/ServicesDeployRole): invalid subjects[0] (GithubSubject branch): received "bad branch"; expected a git ref name (short form, e.g. "main")',
    );
  });

  test('a refused factory value never reaches a template: reading what it renders throws its refusal', () => {
    const subject = GithubSubject.branch(repo, '*');
    expect(() => subject.value).toThrow('GithubSubject: invalid branch: received "*"; expected a git ref name');
    expect(() => subject.toString()).toThrow(LandingZoneInputError);
    expect(() => subject.claimConditions).toThrow(LandingZoneInputError);
    expect(() => subject.withClaimConditions({ environment: 'prod' }).value).toThrow('GithubSubject: invalid branch');
    expect(() => GithubRepository.named('*', 'x').subjectSegment).toThrow('GithubRepository: invalid owner');
    expect(() => GithubIssuer.enterprise('A B').conditionKeyPrefix).toThrow('GithubIssuer: invalid enterpriseSlug');
    expect(() => BackupCopyDestination.fromVaultArn('x').destinationAccount).toThrow('BackupCopyDestination: invalid vaultArn');
    expect(() => SubdomainOwner.role('x').roleArn).toThrow('SubdomainOwner: invalid roleArn');
    expect(() => ParentZone.fromZoneName('x.').zoneName).toThrow('ParentZone: invalid zoneName');
  });

  // Left without a path, because no construct is involved: a principal used
  // outside a role, and the policy-validation plugin. They still name the
  // class, the value and what was expected.
  test.each<[string, () => unknown, string]>([
    [
      'GithubActionsPrincipal used directly',
      () => new GithubActionsPrincipal(new GithubOidcProvider(prodStack(), 'GithubOidc'), { subjects: [] }),
      'GithubActionsPrincipal: invalid subjects: received []; expected at least one GithubSubject',
    ],
    [
      'GithubActionsPrincipal with a refused subject',
      () => new GithubActionsPrincipal(new GithubOidcProvider(prodStack(), 'GithubOidc'), { subjects: [GithubSubject.tag(repo, '*')] }),
      'GithubActionsPrincipal: invalid subjects[0] (GithubSubject tag): received "*"; expected a git ref name',
    ],
    ['LandingZoneChecks', () => new LandingZoneChecks({ organizationAccounts: ['1'] }), 'LandingZoneChecks: invalid organizationAccounts: received '],
  ])('%s: no construct, no path', (_case, act, message) => {
    expect(act).toThrow(message);
  });
});

// JavaScript callers (and TypeScript callers who cast) may leave out a
// required prop or pass the wrong type: every construct refuses it with its
// path and the prop's name, never a TypeError from deep inside.
type ConstructClass = new (scope: Construct, id: string, props: any) => Construct;

/** Every exported construct, with its required props (valid in kind: requireProps runs before any other check). */
const REQUIRED: Array<[string, ConstructClass, Record<string, unknown>]> = [
  ['GithubOidcProvider', GithubOidcProvider, {}],
  ['CircleCiOidcProvider', lz.CircleCiOidcProvider, { organizationId: '7e1c4a52-0b3d-4f6e-9a8b-1c2d3e4f5a6b' }],
  ['GithubActionsRole', GithubActionsRole, { provider: {}, subjects: [] }],
  ['GithubIdentityPerimeter', GithubIdentityPerimeter, { targetIds: [] }],
  ['PermissionBoundary', PermissionBoundary, {}],
  ['BoundedPermissionSet', lz.BoundedPermissionSet, { instanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef', name: 'Admins' }],
  ['TieredDeployRole', TieredDeployRole, { tier: DeployTier.SERVICES, provider: {}, subjects: [], boundary: {} }],
  ['TierBootstrap', TierBootstrap, { tier: DeployTier.SERVICES, qualifier: 'lzsvc', boundary: {} }],
  ['HubRole', HubRole, { trustedPrincipals: [], organizationId: ORG, environment: AccountEnvironment.PRODUCTION }],
  ['SpokeRole', lz.SpokeRole, { environment: AccountEnvironment.PRODUCTION, hub: {} }],
  ['OrgReadOnlyRole', lz.OrgReadOnlyRole, { hub: {} }],
  ['SpokeFleet', SpokeFleet, { environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: [], hub: {} }],
  ['BaselineFleet', lz.BaselineFleet, { name: 'landing-zone-baseline', targets: [] }],
  ['BackupVault', BackupVault, {}],
  ['CentralBackupVault', lz.CentralBackupVault, { organizationId: ORG, lock: {} }],
  ['AirGappedBackupVault', lz.AirGappedBackupVault, { organizationId: ORG, minRetention: {}, maxRetention: {} }],
  ['BackupRestoreTesting', lz.BackupRestoreTesting, { vault: {}, schedule: {}, selections: [] }],
  ['BackupAuditFramework', lz.BackupAuditFramework, { minimumRetention: {} }],
  ['DelegatedSubdomain', DelegatedSubdomain, { zoneName: 'prod.example.com', parentZone: {}, delegationRole: {} }],
  ['SubdomainDelegationRole', SubdomainDelegationRole, { parentZone: {}, delegatedZoneNames: [], owner: {}, organizationId: ORG }],
];

const MISSING: Array<[string, ConstructClass, string, Record<string, unknown>]> = REQUIRED.flatMap(([name, type, props]) =>
  Object.keys(props).map((prop): [string, ConstructClass, string, Record<string, unknown>] => {
    const { [prop]: _left, ...rest } = props;
    return [name, type, prop, rest];
  }),
);

describe('required props from JavaScript', () => {
  test('the table covers every exported construct', () => {
    // LandingZoneProject is a projen project (a construct with options and no scope): test/project.test.ts refuses its missing props.
    const constructs = Object.entries(lz)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Construct && !(value.prototype instanceof Project))
      .map(([name]) => name)
      // Made by BaselineFleet.addStage only: its constructor is internal.
      .filter((name) => name !== 'FleetStage')
      .sort();
    expect(REQUIRED.map(([name]) => name).sort()).toEqual(constructs);
  });

  test.each(MISSING)('%s without %s', (name, type, prop, props) => {
    expect(() => new type(prodStack(), 'X', props)).toThrow(
      new RegExp(`^${name} \\(Prod/X\\): invalid ${prop}: received nothing \\(undefined\\); expected .*(the prop is required|VaultLock)`),
    );
  });

  test.each(REQUIRED.filter(([, , props]) => Object.keys(props).length > 0))('%s without props at all', (name, type) => {
    expect(() => new type(prodStack(), 'X', undefined)).toThrow(new RegExp(`^${name} \\(Prod/X\\): invalid props: received nothing \\(undefined\\); expected an object with `));
  });

  test.each<[string, () => unknown, string]>([
    ['a string for a list', () => new TieredDeployRole(prodStack(), 'X', { tier: DeployTier.SERVICES, provider: {}, subjects: 'main', boundary: {} } as any), 'subjects: received "main"; expected a list'],
    ['an unknown tier', () => new TieredDeployRole(prodStack(), 'X', { tier: 'ADMIN', provider: {}, subjects: [], boundary: {} } as any), 'tier: received "ADMIN"; expected one of BOOTSTRAP, BASE, INFRASTRUCTURE, SERVICES'],
    ['a number for a string', () => new HubRole(prodStack(), 'X', { trustedPrincipals: [], organizationId: 42, environment: AccountEnvironment.PRODUCTION } as any), 'organizationId: received 42; expected a string'],
    ['null for an object', () => new lz.SpokeRole(prodStack(), 'X', { environment: AccountEnvironment.PRODUCTION, hub: null } as any), 'hub: received null; expected an object'],
  ])('%s is refused with the path and the prop', (_case, act, message) => {
    expect(act).toThrow(/ \(Prod\/X\): invalid /);
    expect(act).toThrow(message);
  });
});
