// Every TypeScript example of the README, combined in one app with
// LandingZoneChecks attached. test/readme-app.test.ts synthesizes it, requires
// no finding and no warning, and fails when a README example changes without
// this file (every line of each README example must appear here).
// Run it: npx ts-node --project tsconfig.dev.json examples/readme-app.ts
import { App, Duration, LegacyStackSynthesizer, Stack, Validations, aws_backup as backup, aws_events as events, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import {
  AccountEnvironment,
  BackupAuditFramework,
  BackupVault,
  BaselineFleet,
  BoundedPermissionSet,
  CentralBackupVault,
  CircleCiOidcProvider,
  CircleCiProject,
  DelegatedSubdomain,
  DeployTier,
  DnssecSigning,
  GithubActionsRole,
  GithubIdentityPerimeter,
  GithubOidcProvider,
  GithubRepository,
  GithubSubject,
  HubPrincipal,
  HubRole,
  LandingZoneChecks,
  OrgReadOnlyRole,
  ParentZone,
  PermissionBoundary,
  SpokeFleet,
  SubdomainDelegationRole,
  SubdomainOwner,
  TierBootstrap,
  TieredDeployRole,
  VaultLock,
} from '../src';

/** Builds the README's examples as one app, in `outdir` when given. */
export function buildReadmeApp(outdir?: string): App {
  // "Checking any app": the rule pack watches the whole app.
  const app = new App({ outdir });
  Validations.of(app).addPlugins(
    new LandingZoneChecks({
      // Every account of your organization: a role that any other account trusts needs an external id.
      organizationAccounts: ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'],
    }),
  );

  // "Hub and spokes"
  const security = new Stack(app, 'Security', { env: { account: '222222222222', region: 'eu-west-1' } });
  const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });

  const hub = new HubRole(security, 'Hub', {
    organizationId: 'o-a1b2c3d4e5',
    environment: AccountEnvironment.PRODUCTION,
    trustedPrincipals: [HubPrincipal.automation('arn:aws:iam::222222222222:role/audit-automation')],
  });
  new OrgReadOnlyRole(management, 'OrgReadOnly', { hub });
  new GithubIdentityPerimeter(management, 'GithubPerimeter', {
    targetIds: ['r-ab12'],
    enterpriseIds: ['4242'],
    allowedOwners: ['acme'],
    exemptRoleArns: ['arn:aws:iam::*:role/partner-ingest/*'],
  });
  new SpokeFleet(management, 'ProductionSpokes', {
    hub,
    environment: AccountEnvironment.PRODUCTION,
    organizationalUnitIds: ['ou-ab12-prod0001'],
  });

  // "Baseline fleets"
  const sandboxes = GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'sandboxes', repositoryId: '2000004' });
  const baseline = new BaselineFleet(management, 'SandboxBaseline', {
    name: 'landing-zone-sandbox',
    targets: [{ organizationalUnitIds: ['ou-ab12-sbox0001'] }],
  });
  // Stage 1, the boundary: the fleet applies it to every role of every stage.
  const fleetBoundary = new PermissionBoundary(baseline.addStage('Boundary'), 'PermissionBoundary');
  // Stage 2, GitHub access; stage 3, the Services tier's bounded bootstrap.
  const access = baseline.addStage('Access');
  const fleetBootstrap = new TierBootstrap(baseline.addStage('ServicesBootstrap'), 'Bootstrap', {
    tier: DeployTier.SERVICES,
    qualifier: 'lzsvc',
    boundary: fleetBoundary,
  });
  new TieredDeployRole(access, 'ServicesDeployRole', {
    tier: DeployTier.SERVICES,
    provider: new GithubOidcProvider(access, 'GithubOidc'),
    subjects: [GithubSubject.environment(sandboxes, 'sandbox')],
    boundary: fleetBoundary,
    bootstrap: fleetBootstrap,
  });

  // "Backups an attacker cannot delete"
  const backupAccount = new Stack(app, 'Backup', { env: { account: '444444444444', region: 'eu-west-1' } });
  const central = new CentralBackupVault(backupAccount, 'CentralVault', {
    organizationId: 'o-a1b2c3d4e5',
    lock: VaultLock.compliance({
      minRetention: Duration.days(7),
      maxRetention: Duration.days(3650),
      changeableFor: Duration.days(3),
      acknowledgeIrreversible: true,
    }),
    exemptPrincipalArns: ['arn:aws:iam::444444444444:role/landing-zone/break-glass'],
    copySourceAccounts: ['555555555555'],
  });

  const production = new Stack(app, 'Production', { env: { account: '555555555555', region: 'eu-west-1' } });
  const vault = new BackupVault(production, 'Vault', {
    lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }),
    exemptPrincipalArns: ['arn:aws:iam::555555555555:role/landing-zone/break-glass'],
  });
  vault.addPlan('Daily', {
    rules: [new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
      deleteAfter: Duration.days(35),
    })],
    selectionTags: { backup: 'daily' },
    copyTo: central,
    copyDeleteAfter: Duration.days(400),
  });
  new BackupAuditFramework(production, 'BackupAudit', {
    minimumRetention: Duration.days(7),
    exemptPrincipalArns: ['arn:aws:iam::555555555555:role/landing-zone/break-glass'],
    copyAccounts: ['444444444444'],
    resourceTag: { backup: 'daily' },
  });

  // "GitHub Actions OIDC" and "Permissions boundary and deploy tiers" take
  // any stack: here, the production account's.
  const stack = production;

  const provider = new GithubOidcProvider(stack, 'GithubOidc');
  const shop = GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'shop', repositoryId: '2000002' });

  new GithubActionsRole(stack, 'DeployRole', {
    provider,
    subjects: [
      GithubSubject.environment(shop, 'production'),
      GithubSubject.branchPattern(shop, 'release/*'),
    ],
  });

  const payments = GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1000001', name: 'payments', repositoryId: '2000003' });
  new GithubActionsRole(stack, 'PaymentsDeployRole', {
    provider,
    subjects: [
      GithubSubject.fromClaimConditions({
        repository: payments,
        environment: 'production',
        jobWorkflowRef: 'acme/ci/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567',
      }),
      GithubSubject.branch(payments, 'main'),
    ],
  });

  const boundary = new PermissionBoundary(stack, 'PermissionBoundary');
  boundary.applyTo(stack);

  const platform = GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'platform', repositoryId: '2000001' });
  new TieredDeployRole(stack, 'BaseDeployRole', {
    tier: DeployTier.BASE,
    provider,
    boundary,
    subjects: [GithubSubject.environment(platform, 'production-base')],
    cdkQualifier: 'lzbase',
  });

  // "CircleCI instead of GitHub Actions": the Services tier of the same account.
  const circleCi = new CircleCiOidcProvider(stack, 'CircleCiOidc', { organizationId: '7e1c4a52-0b3d-4f6e-9a8b-1c2d3e4f5a6b' });
  new TieredDeployRole(stack, 'ServicesDeployRole', {
    tier: DeployTier.SERVICES,
    boundary,
    circleCi: {
      provider: circleCi,
      projects: [
        CircleCiProject.of({
          organizationId: '7e1c4a52-0b3d-4f6e-9a8b-1c2d3e4f5a6b',
          projectId: 'a1b2c3d4-0000-4000-8000-00000000000b',
          vcsOrigin: 'github.com/acme/shop',
          branches: ['main'],
        }),
      ],
    },
  });

  // "People: IAM Identity Center permission sets": from the management account, into accounts that hold the boundary.
  const platformAdmins = new BoundedPermissionSet(management, 'PlatformAdmins', {
    instanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
    name: 'PlatformAdmins',
    managedPolicies: ['AdministratorAccess'],
    sessionDuration: Duration.hours(4),
  });
  platformAdmins.assignTo({ groupId: '8f2e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b', accounts: ['555555555555', '666666666666'] });

  // "Bounded bootstrap per tier"
  const shopEnv = { account: '666666666666', region: 'eu-west-1' };
  // The account's own stack: deployed by its administrator, without a CDK bootstrap.
  const shopAccount = new Stack(app, 'ShopAccount', { env: shopEnv, synthesizer: new LegacyStackSynthesizer() });
  const shopBoundary = new PermissionBoundary(shopAccount, 'PermissionBoundary', {
    exemptPrincipalArns: [
      'arn:aws:iam::666666666666:role/landing-zone/landing-zone-services-deploy',
      'arn:aws:iam::666666666666:role/landing-zone/cdk-lzsvc-deploy-role-666666666666-eu-west-1',
    ],
  });
  shopBoundary.applyTo(shopAccount);

  const servicesBootstrapStack = new Stack(app, 'ServicesBootstrap', { env: shopEnv });
  const servicesBootstrap = new TierBootstrap(servicesBootstrapStack, 'Bootstrap', {
    tier: DeployTier.SERVICES,
    qualifier: 'lzsvc',
    boundary: shopBoundary,
    executionPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
  });

  new TieredDeployRole(shopAccount, 'ServicesDeployRole', {
    tier: DeployTier.SERVICES,
    provider: new GithubOidcProvider(shopAccount, 'GithubOidc'),
    boundary: shopBoundary,
    subjects: [GithubSubject.branchPattern(GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'shop', repositoryId: '2000002' }), 'release/*')],
    bootstrap: servicesBootstrap,
  });

  // The tier's own stacks deploy through its bootstrap roles.
  const shopService = new Stack(app, 'ShopService', { env: shopEnv, synthesizer: servicesBootstrap.synthesizer() });
  servicesBootstrap.deploys(shopService);

  // "Delegated subdomains"
  const network = new Stack(app, 'Network', { env: { account: '333333333333', region: 'us-east-1' } });
  const exampleCom = route53.HostedZone.fromHostedZoneAttributes(network, 'ExampleCom', {
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'example.com',
  });
  const prodDelegation = new SubdomainDelegationRole(network, 'ProdDelegation', {
    parentZone: exampleCom,
    delegatedZoneNames: ['prod.example.com'],
    // Only the delegation principal of prod.example.com in 555555555555 may assume the role.
    owner: SubdomainOwner.delegationPrincipal('555555555555', 'prod.example.com'),
    organizationId: 'o-a1b2c3d4e5',
    allowDnssec: true,
  });

  // DNSSEC needs the stack in us-east-1 (KMS key and Route 53 metrics); the zone itself is global.
  const productionDns = new Stack(app, 'ProductionDns', { env: { account: '555555555555', region: 'us-east-1' } });
  // The production account's one boundary is the Production stack's.
  const productionBoundary = boundary;
  productionBoundary.applyTo(productionDns);
  new DelegatedSubdomain(productionDns, 'Zone', {
    zoneName: 'prod.example.com',
    parentZone: ParentZone.fromZoneId('Z0123456789ABCDEFGHIJ', 'example.com'),
    delegationRole: prodDelegation.role,
    dnssec: DnssecSigning.withNewKey(),
  });

  // "Checking any app": a finding you accept is suppressed, rule by rule, with a reason (at least 20 characters).
  // A plain aws-cdk-lib vault has no lock (LZ-BK1), no customer managed key (LZ-BK2) and no deny-delete policy (LZ-BK3).
  const sandbox = new Stack(app, 'Sandbox', { env: { account: '666666666666', region: 'eu-west-1' } });
  const scratch = new backup.BackupVault(sandbox, 'ScratchVault');
  for (const rule of ['LZ-BK1', 'LZ-BK2', 'LZ-BK3']) {
    LandingZoneChecks.suppress(scratch, rule, 'Scratch copies of sandbox data, rebuilt every night: nothing to keep.');
  }

  return app;
}

if (require.main === module) {
  buildReadmeApp('cdk.out/readme-app').synth();
}
