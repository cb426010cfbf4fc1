import { Duration, LegacyStackSynthesizer, Stack, aws_backup as backup, aws_events as events, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LandingZoneCi, LandingZoneConfig } from './config';
import {
  PlannedAccount,
  TIER_QUALIFIERS,
  accountStackName,
  bootstrapStackName,
  dnsStackName,
  planLandingZone,
  tierEnvironment,
  tierStackName,
} from './plan';
import { BackupVault, CentralBackupVault, VaultLock } from '../backup-vault';
import { DelegatedSubdomain, ParentZone, SubdomainDelegationRole, SubdomainOwner } from '../delegated-subdomain';
import { GithubOidcProvider, GithubRepository, GithubSubject } from '../github-oidc';
import { AccountEnvironment, HubPrincipal, HubRole, OrgReadOnlyRole, SpokeFleet } from '../hub-spoke';
import { PermissionBoundary } from '../permission-boundary';
import { LandingZoneInputError } from '../private/errors';
import { TierBootstrap } from '../tier-bootstrap';
import { DeployTier, TieredDeployRole } from '../tiered-deploy-role';

/** What a deploy role factory is asked to create: one tier's role in one account. */
export interface DeployRoleRequest {
  /** The tier. */
  readonly tier: DeployTier;
  /** The account's permissions boundary, which the role must carry. */
  readonly boundary: PermissionBoundary;
  /**
   * The tier's bounded CDK bootstrap in the account, which the role must be bound to.
   *
   * @default - none: the Bootstrap tier deploys with its own credentials
   */
  readonly bootstrap?: TierBootstrap;
  /** The account's short name, e.g. `production`. */
  readonly accountName: string;
}

/**
 * Creates the tier roles of a landing zone's accounts: decides which CI
 * service's tokens each role trusts. `LandingZoneEstate` uses
 * `GithubDeployRoles` unless given another one.
 */
export interface IDeployRoleFactory {
  /** Creates the role of `request.tier` in `scope`, the account's landing-zone stack. */
  createDeployRole(scope: Stack, id: string, request: DeployRoleRequest): TieredDeployRole;
}

/**
 * Tier roles trusted by GitHub Actions: each tier of the landing zone's own
 * repository from its GitHub environment (`landing-zone-<tier>`), and the
 * Services tier of a workload account also from the application
 * repositories' environment named after the account.
 */
export class GithubDeployRoles implements IDeployRoleFactory {
  private readonly config: LandingZoneConfig;

  constructor(config: LandingZoneConfig) {
    this.config = config;
  }

  public createDeployRole(scope: Stack, id: string, request: DeployRoleRequest): TieredDeployRole {
    const provider = (scope.node.tryFindChild('GithubOidc') as GithubOidcProvider | undefined) ?? new GithubOidcProvider(scope, 'GithubOidc');
    const repository = (name: string, repositoryId: string) =>
      GithubRepository.withIds({ owner: this.config.githubOwner, ownerId: this.config.githubOwnerId, name, repositoryId });
    const own = repository(this.config.repository, this.config.repositoryId);
    const subjects = [GithubSubject.environment(own, tierEnvironment(request.tier))];
    const workload = (this.config.workloads ?? []).some((w) => w.accounts.some((a) => a.name === request.accountName));
    if (request.tier === DeployTier.SERVICES && workload) {
      for (const repo of this.config.repositories ?? []) {
        subjects.push(GithubSubject.environment(repository(repo.name, repo.repositoryId), request.accountName));
      }
    }
    return new TieredDeployRole(scope, id, { tier: request.tier, provider, subjects, boundary: request.boundary, bootstrap: request.bootstrap });
  }
}

/** Properties of a landing zone estate: its configuration, and optionally who creates its tier roles. */
export interface LandingZoneEstateProps extends LandingZoneConfig {
  /**
   * Creates the tier roles (which CI service's tokens they trust).
   *
   * @default - `GithubDeployRoles` for `LandingZoneCi.GITHUB`; required for `LandingZoneCi.CIRCLECI`
   */
  readonly deployRoles?: IDeployRoleFactory;
}

/** The role each account keeps outside every pipeline, the only principal that may change its backup vaults. */
const breakGlassArn = (accountId: string) => `arn:aws:iam::${accountId}:role/landing-zone/break-glass`;

/**
 * A whole landing zone from its typed configuration, one stack per account
 * and tier, in an app:
 *
 * - per account `landing-zone-<account>` (Bootstrap tier, deployed with the
 *   account's own credentials): the CI service's OIDC provider, the
 *   permissions boundary on every role, and one `TieredDeployRole` per tier
 *   of the account; the management account adds the organization's read-only
 *   role and the spoke fleets, the security account the hub role, the
 *   network account the DNS delegation roles, the backup account the central
 *   vault, a workload account its own locked vault;
 * - per tier below Bootstrap `landing-zone-<account>-<tier>-bootstrap`: the
 *   tier's bounded CDK bootstrap (`TierBootstrap`);
 * - per tier below Bootstrap `<account>-<tier>`: the tier's own stack,
 *   synthesized for its bootstrap and tagged with its tier, where the app adds
 *   its resources (`tierStack(account, tier)`);
 * - with `domain`, per workload account `landing-zone-<account>-dns` (us-east-1).
 *
 * Management deploys Bootstrap only; security, backup and identity Base;
 * network Infrastructure; workload accounts Base, Infrastructure and Services.
 */
export class LandingZoneEstate {
  /** Every stack of the estate. */
  public readonly stacks: Stack[] = [];
  private readonly tierStacks = new Map<string, Stack>();
  private readonly accountStacks = new Map<string, Stack>();

  constructor(scope: Construct, props: LandingZoneEstateProps) {
    const accounts = planLandingZone('LandingZoneEstate', scope.node.path || '/', props);
    const ci = props.ci ?? LandingZoneCi.GITHUB;
    if (ci === LandingZoneCi.CIRCLECI && props.deployRoles === undefined) {
      throw new LandingZoneInputError({
        construct: 'LandingZoneEstate',
        scope: scope.node.path || '/',
        input: 'deployRoles',
        received: undefined,
        expected: 'a factory of CircleCI-trusted tier roles with ci LandingZoneCi.CIRCLECI (LandingZoneProject generates one)',
      });
    }
    const roles = props.deployRoles ?? new GithubDeployRoles(props);
    const home = props.regions[0];
    // The DNS zones live in us-east-1.
    const dnsRegion = DelegatedSubdomain.DNSSEC_REGION;
    const allowedRegions = props.domain && !props.regions.includes(dnsRegion) ? [...props.regions, dnsRegion] : props.regions;
    const byKind = (kind: PlannedAccount['kind']) => accounts.filter((a) => a.kind === kind);
    const workloads = byKind('workload');
    const production = workloads.filter((a) => a.workload?.production === true);

    // The security account's hub comes first: the management account's fleets name it.
    let hub: HubRole | undefined;
    let central: CentralBackupVault | undefined;
    const delegations = new Map<string, SubdomainDelegationRole>();
    const boundaries = new Map<string, PermissionBoundary>();
    for (const account of [...byKind('security'), ...byKind('backup'), ...byKind('network'), ...byKind('identity'), ...workloads, ...byKind('management')]) {
      const stack = new Stack(scope, accountStackName(account.name), {
        env: { account: account.accountId, region: home },
        // Deployed with the account's own credentials (its administrator, then the Bootstrap tier): no CDK bootstrap on the way.
        synthesizer: new LegacyStackSynthesizer(),
        description: `Landing zone: the ${account.name} account's boundary, OIDC provider and tier roles`,
      });
      this.add(stack);
      this.accountStacks.set(account.name, stack);
      const boundary = new PermissionBoundary(stack, 'PermissionBoundary', {
        exemptPrincipalArns: account.tiers.flatMap((tier) => [
          stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `landing-zone/${TieredDeployRole.defaultRoleName(tier)}` }),
          ...(tier === DeployTier.BOOTSTRAP ? [] : [TierBootstrap.deployRoleArnFor(stack, TIER_QUALIFIERS[tier])]),
        ]),
        allowedRegions,
      });
      boundary.applyTo(stack);
      boundaries.set(account.name, boundary);
      for (const tier of account.tiers) {
        const bootstrap = tier === DeployTier.BOOTSTRAP ? undefined : this.tierBootstrap(scope, account, tier, boundary, home);
        roles.createDeployRole(stack, `${label(tier)}DeployRole`, { tier, boundary, bootstrap, accountName: account.name });
        if (bootstrap) {
          const tierStack = new Stack(scope, tierStackName(account.name, tier), {
            env: { account: account.accountId, region: home },
            synthesizer: TierBootstrap.synthesizerFor(TIER_QUALIFIERS[tier]),
            description: `Landing zone: the ${account.name} account's ${tier.toLowerCase()} tier`,
          });
          bootstrap.deploys(tierStack);
          this.add(tierStack, false);
          this.tierStacks.set(`${account.name}/${tier}`, tierStack);
        }
      }
      switch (account.kind) {
        case 'security':
          if (props.hubPrincipalArns) {
            hub = new HubRole(stack, 'Hub', {
              organizationId: props.organizationId,
              environment: AccountEnvironment.PRODUCTION,
              trustedPrincipals: props.hubPrincipalArns.map((arn) =>
                arn.includes(':role/aws-reserved/sso.amazonaws.com/') ? HubPrincipal.identityCenter(arn) : HubPrincipal.automation(arn),
              ),
            });
          }
          break;
        case 'backup':
          if (production.length > 0) {
            central = new CentralBackupVault(stack, 'CentralVault', {
              organizationId: props.organizationId,
              lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(3650) }),
              exemptPrincipalArns: [breakGlassArn(account.accountId)],
              copySourceAccounts: production.map((a) => a.accountId),
            });
          }
          break;
        case 'network':
          if (props.domain && props.domainZoneId) {
            const parentZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'ParentZone', { hostedZoneId: props.domainZoneId, zoneName: props.domain });
            for (const workload of workloads) {
              delegations.set(workload.name, new SubdomainDelegationRole(stack, `${pascal(workload.name)}Delegation`, {
                parentZone,
                delegatedZoneNames: [workload.zoneName!],
                owner: SubdomainOwner.delegationPrincipal(workload.accountId, workload.zoneName!),
                organizationId: props.organizationId,
              }));
            }
          }
          break;
        case 'workload': {
          const vault = new BackupVault(stack, 'BackupVault', {
            lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }),
            exemptPrincipalArns: [breakGlassArn(account.accountId)],
          });
          const copied = account.workload?.production === true && central !== undefined;
          vault.addPlan('Daily', {
            rules: [new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(35) })],
            selectionTags: { backup: 'daily' },
            copyTo: copied ? central : undefined,
            copyDeleteAfter: copied ? Duration.days(90) : undefined,
          });
          const delegation = delegations.get(account.name);
          if (delegation && props.domain && props.domainZoneId) {
            const dns = new Stack(scope, dnsStackName(account.name), {
              env: { account: account.accountId, region: DelegatedSubdomain.DNSSEC_REGION },
              synthesizer: new LegacyStackSynthesizer(),
              description: `Landing zone: ${account.zoneName}, delegated from the network account`,
            });
            this.add(dns);
            boundary.applyTo(dns);
            new DelegatedSubdomain(dns, 'Zone', {
              zoneName: account.zoneName!,
              parentZone: ParentZone.fromZoneId(props.domainZoneId, props.domain),
              delegationRole: delegation.role,
            });
          }
          break;
        }
        case 'management':
          if (hub) {
            new OrgReadOnlyRole(stack, 'OrgReadOnlyRole', { hub });
            for (const workload of props.workloads ?? []) {
              new SpokeFleet(stack, `${pascal(workload.name)}Spokes`, {
                hub,
                environment: workload.production ? AccountEnvironment.PRODUCTION : AccountEnvironment.NON_PRODUCTION,
                organizationalUnitIds: [workload.organizationalUnitId],
                stackSetName: `landing-zone-spoke-${workload.name}`,
              });
            }
          }
          break;
        default:
          break;
      }
    }
  }

  /** The account's landing-zone stack (`landing-zone-<account>`). */
  public accountStack(account: string): Stack {
    const stack = this.accountStacks.get(account);
    if (!stack) {
      throw new LandingZoneInputError({
        construct: 'LandingZoneEstate',
        input: 'accountStack(account)',
        received: account,
        expected: `an account of the landing zone: ${[...this.accountStacks.keys()].join(', ')}`,
      });
    }
    return stack;
  }

  /** The stack a tier deploys in an account (`<account>-<tier>`): add the tier's resources to it. */
  public tierStack(account: string, tier: DeployTier): Stack {
    const stack = this.tierStacks.get(`${account}/${tier}`);
    if (!stack) {
      throw new LandingZoneInputError({
        construct: 'LandingZoneEstate',
        input: 'tierStack(account, tier)',
        received: `${account}, ${tier}`,
        expected: `an account and one of its tiers below Bootstrap: ${[...this.tierStacks.keys()].join(', ')}`,
      });
    }
    return stack;
  }

  private add(stack: Stack, landingZone = true): void {
    this.stacks.push(stack);
    if (landingZone) {
      // The landing zone's own stacks belong to no workload tier: no other tier's deploy role may change them.
      stack.tags.setTag(TierBootstrap.TIER_TAG, DeployTier.BOOTSTRAP);
    }
  }

  private tierBootstrap(scope: Construct, account: PlannedAccount, tier: DeployTier, boundary: PermissionBoundary, region: string): TierBootstrap {
    const stack = new Stack(scope, bootstrapStackName(account.name, tier), {
      env: { account: account.accountId, region },
      synthesizer: new LegacyStackSynthesizer(),
      description: `Landing zone: the ${account.name} account's bounded CDK bootstrap of the ${tier.toLowerCase()} tier`,
    });
    this.add(stack);
    return new TierBootstrap(stack, 'Bootstrap', {
      tier,
      qualifier: TIER_QUALIFIERS[tier],
      boundary,
      executionPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(tier === DeployTier.BASE ? 'AdministratorAccess' : 'PowerUserAccess')],
      // Infrastructure and Services hold PowerUserAccess (no IAM) plus the management of roles that carry the boundary.
      executionStatements: tier === DeployTier.BASE ? [] : TierBootstrap.boundedRoleStatements(stack, boundary),
    });
  }
}

const label = (tier: DeployTier) => `${tier.charAt(0)}${tier.slice(1).toLowerCase()}`;
const pascal = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
