import { App, Duration, LegacyStackSynthesizer, Stack, StackProps, aws_backup as backup, aws_events as events, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  AccountEnvironment,
  BackupAuditFramework,
  BackupCopyDestination,
  BackupVault,
  BaselineFleet,
  CentralBackupVault,
  DelegatedSubdomain,
  DeployTier,
  DnssecSigning,
  FleetStage,
  GithubOidcProvider,
  GithubRepository,
  GithubSubject,
  HubPrincipal,
  HubRole,
  IBackupCopyDestination,
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

/** The example estate's accounts: fixed example ids, one region. */
export const ACCOUNTS = {
  management: '111111111111',
  security: '222222222222',
  network: '333333333333',
  backup: '444444444444',
  production: '555555555555',
  sandbox: '666666666666',
};
export const REGION = 'eu-west-1';

/** The organization and its OUs (fixed example ids). */
export const ORGANIZATION = {
  id: 'o-a1b2c3d4e5',
  rootId: 'r-ab12',
  productionOu: 'ou-ab12-prod0001',
  sandboxOu: 'ou-ab12-sbox0001',
};

/** The GitHub repositories that deploy the estate. */
export const REPOSITORIES = {
  platform: GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'platform', repositoryId: '2000001' }),
  shop: GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'shop', repositoryId: '2000002' }),
};

interface AccountStackProps extends StackProps {
  /** Adds the account's own constructs (hub, fleets, ...) beside the deploy roles. */
  readonly extend?: (stack: Stack) => void;
  /** The tiers deployed into this account, each from its own protected GitHub environment or ref. */
  readonly tiers: Array<{ tier: DeployTier; subjects: GithubSubject[] }>;
  /** Whether each tier gets its own bounded bootstrap (see LandingZoneOptions). */
  readonly tierBootstraps: boolean;
}

/** The CDK bootstrap qualifier of each tier: one per tier, the same in every account. */
export const QUALIFIERS: Record<DeployTier, string> = {
  [DeployTier.BOOTSTRAP]: 'lzboot',
  [DeployTier.BASE]: 'lzbase',
  [DeployTier.INFRASTRUCTURE]: 'lzinfra',
  [DeployTier.SERVICES]: 'lzsvc',
};

/** A tier's name as construct ids spell it: `Services`. */
const tierName = (tier: DeployTier) => `${tier.charAt(0)}${tier.slice(1).toLowerCase()}`;

/**
 * What each tier's CloudFormation execution role may create. Bootstrap and
 * Base build the landing zone itself and hold AdministratorAccess (capped by
 * the boundary); Infrastructure and Services hold PowerUserAccess (no IAM,
 * no Organizations) plus the management of roles that carry the boundary.
 */
function executionPolicies(tier: DeployTier): iam.IManagedPolicy[] {
  const admin = tier === DeployTier.BOOTSTRAP || tier === DeployTier.BASE;
  return [iam.ManagedPolicy.fromAwsManagedPolicyName(admin ? 'AdministratorAccess' : 'PowerUserAccess')];
}

function executionStatements(tier: DeployTier, stack: Stack, boundary: PermissionBoundary): iam.PolicyStatement[] {
  if (tier === DeployTier.BOOTSTRAP || tier === DeployTier.BASE) {
    return [];
  }
  // The workloads' own roles, each created and changed only with the landing zone's boundary.
  return TierBootstrap.boundedRoleStatements(stack, boundary);
}

/**
 * One account of the estate: its GitHub OIDC provider, the landing-zone
 * permissions boundary (applied to every role of the stack) and one deploy
 * role per tier deployed into it, each bound to the tier's own bounded CDK
 * bootstrap, which lives in a stack of its own (`<Account><Tier>Bootstrap`).
 */
class AccountStack extends Stack {
  /** The account's permissions boundary, applied to every role of this stack. */
  public readonly boundary: PermissionBoundary;
  /** The stacks of the account's tier bootstraps, one per tier. */
  public readonly bootstrapStacks: Stack[] = [];

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    // Deployed by the account's administrator, with its own credentials: no CDK bootstrap on the way.
    super(scope, id, { synthesizer: new LegacyStackSynthesizer(), ...props });
    const provider = new GithubOidcProvider(this, 'GithubOidc');
    // The landing zone's stacks carry the account's name (Production, ProductionDns, ProductionServicesBootstrap, ...).
    const boundary = accountBoundary(this, props.tiers, props.tierBootstraps, id);
    boundary.applyTo(this);
    this.boundary = boundary;
    for (const { tier, subjects } of props.tiers) {
      const bootstrap = props.tierBootstraps ? this.tierBootstrap(scope, id, tier, boundary) : undefined;
      tierRole(this, tier, provider, subjects, boundary, bootstrap);
    }
    props.extend?.(this);
  }

  /** The tier's bounded bootstrap, in a stack of its own. */
  private tierBootstrap(scope: Construct, id: string, tier: DeployTier, boundary: PermissionBoundary): TierBootstrap {
    const bootstrapStack = new Stack(scope, `${id}${tierName(tier)}Bootstrap`, {
      env: { account: this.account, region: this.region },
      synthesizer: new LegacyStackSynthesizer(),
    });
    this.bootstrapStacks.push(bootstrapStack);
    return tierBootstrap(bootstrapStack, 'Bootstrap', tier, boundary);
  }
}

/**
 * An account's permissions boundary. Exempt: the tier roles and their
 * bootstraps' deploy roles, named before they exist (they carry it).
 * Protected: the landing zone's stacks and those named after the account
 * (or the class of accounts a fleet serves).
 */
function accountBoundary(scope: Construct, tiers: Array<{ tier: DeployTier }>, tierBootstraps: boolean, stackNamePrefix: string): PermissionBoundary {
  const stack = Stack.of(scope);
  const protectedRole = (name: string) =>
    stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${PermissionBoundary.DEFAULT_PROTECTED_ROLE_PATH.slice(1)}${name}` });
  const boundary = new PermissionBoundary(scope, 'PermissionBoundary', {
    exemptPrincipalArns: tiers.flatMap(({ tier }) => [
      protectedRole(TieredDeployRole.defaultRoleName(tier)),
      ...(tierBootstraps ? [TierBootstrap.deployRoleArnFor(scope, QUALIFIERS[tier])] : []),
    ]),
    protectedStackNamePrefixes: [PermissionBoundary.DEFAULT_PROTECTED_STACK_NAME_PREFIX, stackNamePrefix],
  });
  NagSuppressions.addResourceSuppressions(boundary, [
    {
      id: 'AwsSolutions-IAM5',
      reason: 'A permissions boundary caps permissions and grants none: its Allow * is the ceiling, the Deny statements are the fence.',
    },
  ], true);
  return boundary;
}

/** A tier's deploy role, assumed from GitHub Actions, bound to the tier's bootstrap. */
function tierRole(
  scope: Construct,
  tier: DeployTier,
  provider: GithubOidcProvider,
  subjects: GithubSubject[],
  boundary: PermissionBoundary,
  bootstrap?: TierBootstrap,
) {
  const role = new TieredDeployRole(scope, `${tierName(tier)}DeployRole`, { tier, provider, subjects, boundary, bootstrap });
  if (tier === DeployTier.BOOTSTRAP) {
    NagSuppressions.addResourceSuppressions(role, [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'The Bootstrap tier bootstraps CDK with its own credentials and needs AdministratorAccess; the permissions boundary caps it and only a protected GitHub environment can assume it.',
      },
    ]);
  }
}

/** A tier's bounded CDK bootstrap. */
function tierBootstrap(scope: Construct, id: string, tier: DeployTier, boundary: PermissionBoundary): TierBootstrap {
  const bootstrap = new TierBootstrap(scope, id, {
    tier,
    qualifier: QUALIFIERS[tier],
    boundary,
    executionPolicies: executionPolicies(tier),
    executionStatements: executionStatements(tier, Stack.of(scope), boundary),
  });
  bootstrapSuppressions(bootstrap);
  return bootstrap;
}

/** A class of workload accounts (all those of one OU): its tiers and its backups. */
interface WorkloadClass {
  /** The class's name: its fleet's StackSets are landing-zone-<name in lower case>-<stage>, its stacks' names start with it. */
  readonly name: string;
  readonly organizationalUnitId: string;
  readonly tiers: Array<{ tier: DeployTier; subjects: GithubSubject[] }>;
  readonly keepDays: number;
  /** The vaults the class's recovery points are copied to, if any. */
  readonly copies?: CopyDestinations;
}

/**
 * The baseline of every account of one OU, delivered by StackSets in this
 * order: the boundary; the GitHub provider and the tier roles; each tier's
 * bootstrap; the backup vault and its plan.
 */
function workloadFleet(management: Stack, workloads: WorkloadClass): { fleet: BaselineFleet; stacks: Stack[] } {
  // Every StackSet carries its stage's whole template: one stack of the management account per bootstrap stage
  // keeps each under CloudFormation's 51,200-byte limit for a template deployed without a staging bucket.
  const stacks: Stack[] = [];
  const stackFor = (id: string) => {
    const stack = new Stack(management.node.scope!, `${workloads.name}${id}`, { env: { account: management.account, region: management.region }, synthesizer: new LegacyStackSynthesizer() });
    stacks.push(stack);
    return stack;
  };
  const baseline = stackFor('Baseline');
  const fleet = new BaselineFleet(baseline, 'Fleet', {
    name: `landing-zone-${workloads.name.toLowerCase()}`,
    targets: [{ organizationalUnitIds: [workloads.organizationalUnitId] }],
  });
  const boundary = accountBoundary(fleet.addStage('Boundary'), workloads.tiers, true, workloads.name);
  const access = fleet.addStage('Access');
  const provider = new GithubOidcProvider(access, 'GithubOidc');
  const bootstraps = new Map<DeployTier, TierBootstrap>();
  for (const { tier } of workloads.tiers) {
    const id = `${tierName(tier)}Bootstrap`;
    const stage: FleetStage = fleet.addStage(id, { stackSetStack: stackFor(`${id}Fleet`) });
    bootstraps.set(tier, tierBootstrap(stage, 'Bootstrap', tier, boundary));
  }
  for (const { tier, subjects } of workloads.tiers) {
    tierRole(access, tier, provider, subjects, boundary, bootstraps.get(tier));
  }
  workloadVault(fleet.addStage('Backup', { stackSetStack: stackFor('BackupFleet') }), workloads.copies, workloads.keepDays);
  return { fleet, stacks };
}

/** The cdk-nag findings of a tier's bootstrap, each with the reason it stands. */
function bootstrapSuppressions(bootstrap: TierBootstrap) {
  NagSuppressions.addResourceSuppressions(bootstrap.bucket, [
    {
      id: 'AwsSolutions-S1',
      reason: 'The staging bucket holds only the CDK assets of the tier; like the stock CDK bootstrap bucket it has no access log bucket (CloudTrail data events are the place to audit it).',
    },
  ]);
  NagSuppressions.addResourceSuppressions(bootstrap.lookupRole, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'The CDK lookup role reads the account with ReadOnlyAccess, as in the stock CDK bootstrap, and is denied kms:Decrypt; only the tier\'s deploy role can assume it.',
    },
  ]);
  NagSuppressions.addResourceSuppressions(bootstrap.executionRole, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'The execution policies are the tier\'s declared reach (AdministratorAccess for Bootstrap and Base, PowerUserAccess below); the permissions boundary caps them and only the tier\'s deploy role can pass the role.',
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: 'The workloads\' roles have names unknown in advance: role/* is narrowed by the iam:PermissionsBoundary condition, and the boundary denies the protected roles and roles without it.',
    },
  ], true);
  const executionPolicy = bootstrap.node.tryFindChild('ExecutionPolicy');
  if (executionPolicy) {
    NagSuppressions.addResourceSuppressions(executionPolicy, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'The workloads\' roles have names unknown in advance: role/* is narrowed by the iam:PermissionsBoundary condition, and the boundary denies the protected roles and roles without it.',
      },
    ], true);
  }
  for (const role of [bootstrap.deployRole, bootstrap.filePublishingRole, bootstrap.imagePublishingRole]) {
    NagSuppressions.addResourceSuppressions(role, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'The CDK CLI\'s deploy-side permissions: read-only CloudFormation and ECR login calls accept only Resource "*", stack changes on "*" require the tier\'s own execution role, and the staging bucket\'s objects are addressed by wildcard.',
      },
    ], true);
  }
}

/** The security account's hub: people of the security team and the audit automation reach every spoke from here. */
function securityHub(stack: Stack): HubRole {
  const hub = new HubRole(stack, 'Hub', {
    organizationId: ORGANIZATION.id,
    environment: AccountEnvironment.PRODUCTION,
    trustedPrincipals: [
      HubPrincipal.identityCenter(`arn:aws:iam::${ACCOUNTS.security}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SecurityAudit_0123456789abcdef`),
      HubPrincipal.automation(`arn:aws:iam::${ACCOUNTS.security}:role/landing-zone/audit-automation`),
    ],
  });
  NagSuppressions.addResourceSuppressions(hub, [
    {
      id: 'AwsSolutions-IAM5',
      reason: 'The hub may assume one role name in any account; aws:ResourceOrgID limits it to accounts of the organization.',
    },
  ], true);
  return hub;
}

/** The management account: the organization read-only role, and the spoke fleets rolled out to the OUs by StackSets. */
function managementAccess(hub: HubRole, baselines?: (stack: Stack) => Record<'production' | 'sandbox', BaselineFleet>) {
  return (stack: Stack) => {
    const fleets = baselines?.(stack);
    const org = new OrgReadOnlyRole(stack, 'OrgReadOnlyRole', { hub });
    NagSuppressions.addResourceSuppressions(org, [
      { id: 'AwsSolutions-IAM5', reason: 'Organizations List* actions such as ListAccounts and ListRoots only accept Resource "*"; the role holds read actions only.' },
    ], true);
    new SpokeFleet(stack, 'ProductionSpokes', {
      hub,
      environment: AccountEnvironment.PRODUCTION,
      organizationalUnitIds: [ORGANIZATION.productionOu],
      stackSetName: 'landing-zone-spoke-production',
      // Delivered with the baseline: the spoke carries its boundary.
      baseline: fleets?.production,
    });
    new SpokeFleet(stack, 'SandboxSpokes', {
      hub,
      environment: AccountEnvironment.NON_PRODUCTION,
      organizationalUnitIds: [ORGANIZATION.sandboxOu],
      stackSetName: 'landing-zone-spoke-sandbox',
      baseline: fleets?.sandbox,
    });
  };
}

/** The break-glass role each account keeps outside every pipeline: the only principal that may change a vault. */
const breakGlass = (account: string) => `arn:aws:iam::${account}:role/landing-zone/break-glass`;

/** The backup account's central vault: compliance-locked, copies accepted from the production OU only. */
function centralBackup(holder: { vault?: CentralBackupVault }) {
  return (stack: Stack) => {
    holder.vault = new CentralBackupVault(stack, 'CentralVault', {
      organizationId: ORGANIZATION.id,
      lock: VaultLock.compliance({
        minRetention: Duration.days(7),
        maxRetention: Duration.days(3650),
        changeableFor: Duration.days(3),
        acknowledgeIrreversible: true,
      }),
      exemptPrincipalArns: [breakGlass(ACCOUNTS.backup)],
      // A sandbox must not fill the locked vault with copies nobody could delete for ten years.
      copySourceOrganizationPaths: [`${ORGANIZATION.id}/${ORGANIZATION.rootId}/${ORGANIZATION.productionOu}/`],
      airGappedVault: { minRetention: Duration.days(7), maxRetention: Duration.days(3650) },
    });
    // Proof at run time: the vaults of the backup account refuse deletion and keep every copy at least 7 days.
    reportBucketSuppressions(new BackupAuditFramework(stack, 'BackupAudit', { minimumRetention: Duration.days(7), exemptPrincipalArns: [breakGlass(stack.account)] }));
  };
}

/** The audit report bucket logs nothing itself: its objects are written by AWS Backup alone and are versioned. */
function reportBucketSuppressions(audit: BackupAuditFramework) {
  NagSuppressions.addResourceSuppressions(audit.reportBucket, [
    { id: 'AwsSolutions-S1', reason: 'The bucket holds the daily AWS Backup audit reports only, written by AWS Backup and versioned; CloudTrail records its access.' },
  ]);
}

/** A workload account's vault, locked, with a daily plan whose recovery points are copied to the central vault, when given. */
function workloadBackup(central: (() => CentralBackupVault) | undefined, keepDays: number) {
  return (stack: Stack) =>
    workloadVault(
      stack,
      central ? { central: central(), airGapped: central().airGappedVault!, account: central().destinationAccount } : undefined,
      keepDays,
    );
}

interface CopyDestinations {
  readonly central: IBackupCopyDestination;
  readonly airGapped: IBackupCopyDestination;
  readonly account: string;
}

/** The central vault and its air-gapped vault as copy destinations, by ARN: a fleet's stage belongs to another app. */
function copyDestinationsByArn(central: CentralBackupVault): CopyDestinations {
  const airGapped = central.airGappedVault!;
  return {
    central: BackupCopyDestination.fromVaultArn(central.destinationVaultArn, {
      minRetention: central.minRetention,
      maxRetention: central.maxRetention,
    }),
    airGapped: BackupCopyDestination.fromVaultArn(airGapped.destinationVaultArn, {
      minRetention: airGapped.minRetention,
      maxRetention: airGapped.maxRetention,
    }),
    account: central.destinationAccount,
  };
}

function workloadVault(stack: Stack, copies: CopyDestinations | undefined, keepDays: number) {
  const vault = new BackupVault(stack, 'BackupVault', {
    lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }),
    exemptPrincipalArns: [breakGlass(stack.account)],
  });
  const plan = vault.addPlan('Daily', {
    rules: [
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
        deleteAfter: Duration.days(keepDays),
      }),
    ],
    selectionTags: { backup: 'daily' },
    copyTo: copies?.central,
    // The production copies land in the central vault and in its logically air-gapped vault.
    alsoCopyTo: copies ? [copies.airGapped] : undefined,
    copyDeleteAfter: copies ? Duration.days(90) : undefined,
  });
  if (copies) {
    // Proof at run time: the tagged resources are copied to the backup account, into locked vaults, and kept.
    reportBucketSuppressions(
      new BackupAuditFramework(stack, 'BackupAudit', {
        minimumRetention: Duration.days(7),
        exemptPrincipalArns: [breakGlass(stack.account)],
        copyAccounts: [copies.account],
        resourceTag: { backup: 'daily' },
      }),
    );
  }
  NagSuppressions.addResourceSuppressions(plan, [
    {
      id: 'AwsSolutions-IAM4',
      reason: 'AWSBackupServiceRolePolicyForBackup is the policy AWS Backup documents for its service role; it has no customer-managed equivalent that stays current with new resource types.',
    },
  ], true);
}

/** The parent zone, created when example.com was registered (a one-time step); its id is known. */
export const PARENT_ZONE = { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' };

/**
 * The network account's delegation roles: one per child zone, each scoped to
 * its own subdomain's NS (and DS) record and trusting only that zone's
 * delegation principal in the child account (the role, under /landing-zone/,
 * of the zone's own delegation function), not the account.
 */
function delegationRoles(holder: Record<string, SubdomainDelegationRole>) {
  return (stack: Stack) => {
    const parentZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'ExampleCom', { hostedZoneId: PARENT_ZONE.id, zoneName: PARENT_ZONE.name });
    for (const [label, account, dnssec] of [['prod', ACCOUNTS.production, true], ['sandbox', ACCOUNTS.sandbox, false]] as const) {
      holder[label] = new SubdomainDelegationRole(stack, `${label.charAt(0).toUpperCase()}${label.slice(1)}Delegation`, {
        parentZone,
        delegatedZoneNames: [`${label}.${PARENT_ZONE.name}`],
        owner: SubdomainOwner.delegationPrincipal(account, `${label}.${PARENT_ZONE.name}`),
        organizationId: ORGANIZATION.id,
        allowDnssec: dnssec,
      });
    }
  };
}

/**
 * A workload account's DNS zone, delegated from the network account. It lives
 * in us-east-1 (DNSSEC keys and Route 53 metrics are there; the zone is global)
 * and carries the account's boundary.
 */
interface WorkloadZone {
  /** The account, and how its stacks get the account's boundary. */
  readonly account: { readonly account: string; readonly boundary: PermissionBoundary | string };
  readonly zoneName: string;
  readonly delegation: SubdomainDelegationRole;
  readonly dnssec: boolean;
}

function workloadZone(app: App, id: string, zone: WorkloadZone): Stack {
  // Deployed by the account's administrator, with its own credentials (no bootstrap in us-east-1): it has no file asset.
  const stack = new Stack(app, id, { env: { account: zone.account.account, region: 'us-east-1' }, synthesizer: new LegacyStackSynthesizer() });
  const boundary = zone.account.boundary;
  if (typeof boundary === 'string') {
    // The boundary a fleet delivered to the account, by ARN.
    iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', boundary));
  } else {
    boundary.applyTo(stack);
  }
  const subdomain = new DelegatedSubdomain(stack, 'Zone', {
    zoneName: zone.zoneName,
    parentZone: ParentZone.fromZoneId(PARENT_ZONE.id, PARENT_ZONE.name),
    delegationRole: zone.delegation.role,
    dnssec: zone.dnssec ? DnssecSigning.withNewKey() : undefined,
  });
  NagSuppressions.addResourceSuppressions(subdomain.delegationPrincipal, [
    {
      id: 'AwsSolutions-IAM5',
      reason: 'The delegation function writes its logs into its own log group, /aws/lambda/<its name>, whose log streams Lambda names at run time.',
      appliesTo: [`Resource::arn:<AWS::Partition>:logs:us-east-1:${zone.account.account}:log-group:/aws/lambda/${subdomain.delegationPrincipalName}:*`],
    },
  ], true);
  return stack;
}

/** Options of the example estate. */
export interface LandingZoneOptions {
  /**
   * Whether each tier of each account gets its own bounded CDK bootstrap
   * (a TierBootstrap stack) with its deploy role bound to it. The benchmarks
   * turn it off to compare with their aws-cdk-lib-only twin, which has no
   * bootstrap stacks.
   * @default true
   */
  readonly tierBootstraps?: boolean;
  /**
   * How the workload accounts (the production and sandbox OUs) receive their
   * baseline: by StackSet fleets from the management account, which reach
   * every account of the OUs, tomorrow's included ('fleets'); or by one
   * stack per account, as for the accounts with unique roles ('accounts').
   * The two give the same answers to the proofs (test/landing-zone.evaluation.test.ts).
   * @default 'accounts'
   */
  readonly workloads?: 'fleets' | 'accounts';
}

/** The tiers each workload account class deploys, and from which GitHub environments or refs. */
function workloadClasses(copies: CopyDestinations | undefined): WorkloadClass[] {
  const { platform, shop } = REPOSITORIES;
  return [
    {
      name: 'Production',
      organizationalUnitId: ORGANIZATION.productionOu,
      tiers: [
        { tier: DeployTier.BASE, subjects: [GithubSubject.environment(platform, 'production-base')] },
        { tier: DeployTier.INFRASTRUCTURE, subjects: [GithubSubject.environment(platform, 'production-infrastructure')] },
        { tier: DeployTier.SERVICES, subjects: [GithubSubject.environment(shop, 'production')] },
      ],
      keepDays: 35,
      copies,
    },
    {
      name: 'Sandbox',
      organizationalUnitId: ORGANIZATION.sandboxOu,
      tiers: [
        { tier: DeployTier.INFRASTRUCTURE, subjects: [GithubSubject.branch(platform, 'main')] },
        { tier: DeployTier.SERVICES, subjects: [GithubSubject.environment(shop, 'sandbox'), GithubSubject.branchPattern(shop, 'feature/*')] },
      ],
      // The sandbox keeps its backups in its own vault: the central vault accepts production copies only.
      keepDays: 14,
    },
  ];
}

/** Builds the example landing zone into an app. */
export function buildLandingZone(app: App, options: LandingZoneOptions = {}): Stack[] {
  const tierBootstraps = options.tierBootstraps ?? true;
  const env = (account: string) => ({ account, region: REGION });
  const { platform } = REPOSITORIES;
  let hub: HubRole | undefined;
  const security = new AccountStack(app, 'Security', {
    env: env(ACCOUNTS.security),
    tierBootstraps,
    tiers: [{ tier: DeployTier.BASE, subjects: [GithubSubject.environment(platform, 'security-base')] }],
    extend: (stack) => {
      hub = securityHub(stack);
    },
  });
  const backups: { vault?: CentralBackupVault } = {};
  const backupAccount = new AccountStack(app, 'Backup', {
    env: env(ACCOUNTS.backup),
    tierBootstraps,
    tiers: [{ tier: DeployTier.BASE, subjects: [GithubSubject.environment(platform, 'backup-base')] }],
    extend: centralBackup(backups),
  });
  const central = () => backups.vault!;
  const delegations: Record<string, SubdomainDelegationRole> = {};
  const network = new AccountStack(app, 'Network', {
    env: env(ACCOUNTS.network),
    tierBootstraps,
    tiers: [{ tier: DeployTier.INFRASTRUCTURE, subjects: [GithubSubject.environment(platform, 'network-infrastructure')] }],
    extend: delegationRoles(delegations),
  });
  const fleets = options.workloads === 'fleets';
  // By account: the same classes, one stack each.
  const [productionClass, sandboxClass] = workloadClasses(undefined);
  const production = fleets
    ? undefined
    : new AccountStack(app, 'Production', { env: env(ACCOUNTS.production), tierBootstraps, tiers: productionClass.tiers, extend: workloadBackup(central, productionClass.keepDays) });
  const sandbox = fleets
    ? undefined
    : new AccountStack(app, 'Sandbox', { env: env(ACCOUNTS.sandbox), tierBootstraps, tiers: sandboxClass.tiers, extend: workloadBackup(undefined, sandboxClass.keepDays) });
  // By fleet: built in the management account, after the central vault they copy to.
  const fleetStacks: Stack[] = [];
  const workloadBaselines = (stack: Stack) => {
    const [productionFleet, sandboxFleet] = workloadClasses(copyDestinationsByArn(central())).map((c) => workloadFleet(stack, c));
    fleetStacks.push(...productionFleet.stacks, ...sandboxFleet.stacks);
    return { production: productionFleet.fleet, sandbox: sandboxFleet.fleet };
  };
  const management = new AccountStack(app, 'Management', {
    env: env(ACCOUNTS.management),
    tierBootstraps,
    tiers: [{ tier: DeployTier.BOOTSTRAP, subjects: [GithubSubject.environment(platform, 'management-bootstrap')] }],
    extend: managementAccess(hub!, fleets ? workloadBaselines : undefined),
  });
  // The workload accounts' boundary: their own stack's, or the one their fleet delivered (same name and path).
  const boundaryOf = (stack: AccountStack | undefined, account: string) =>
    stack?.boundary ?? `arn:aws:iam::${account}:policy${PermissionBoundary.DEFAULT_PATH}${PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME}`;
  const stacks = [
    management,
    security,
    backupAccount,
    network,
    ...(production ? [production] : []),
    ...(sandbox ? [sandbox] : []),
    workloadZone(app, 'ProductionDns', { account: { account: ACCOUNTS.production, boundary: boundaryOf(production, ACCOUNTS.production) }, zoneName: `prod.${PARENT_ZONE.name}`, delegation: delegations.prod, dnssec: true }),
    workloadZone(app, 'SandboxDns', { account: { account: ACCOUNTS.sandbox, boundary: boundaryOf(sandbox, ACCOUNTS.sandbox) }, zoneName: `sandbox.${PARENT_ZONE.name}`, delegation: delegations.sandbox, dnssec: false }),
    ...[management, security, backupAccount, network, production, sandbox].flatMap((account) => account?.bootstrapStacks ?? []),
    ...fleetStacks,
  ];
  // The landing zone's own stacks belong to no workload tier: tagged with the Bootstrap tier, no other tier's deploy role may change them.
  for (const stack of stacks) {
    stack.tags.setTag(TierBootstrap.TIER_TAG, DeployTier.BOOTSTRAP);
  }
  return stacks;
}
