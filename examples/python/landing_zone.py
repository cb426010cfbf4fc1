"""The example landing zone, written in Python: the twin of examples/landing-zone.ts.

Synthesized by test/python/test_example_twin.py from the jsii-built wheel,
which asserts its templates equal the TypeScript ones, in both variants:
``build_landing_zone(app)`` (the workload accounts by account stacks) and
``build_landing_zone(app, workloads="fleets")`` (their baseline delivered by
BaselineFleets from the management account). Keep the construct ids, the
order and the values identical to the TypeScript estate.
"""
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import aws_cdk as cdk
from aws_cdk import aws_backup as backup
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_route53 as route53
from constructs import Construct

import cdk_landing_zone as lz

ACCOUNTS = {
    "management": "111111111111",
    "security": "222222222222",
    "network": "333333333333",
    "backup": "444444444444",
    "production": "555555555555",
    "sandbox": "666666666666",
}
REGION = "eu-west-1"
ORGANIZATION = {"id": "o-a1b2c3d4e5", "root_id": "r-ab12", "production_ou": "ou-ab12-prod0001", "sandbox_ou": "ou-ab12-sbox0001"}

PLATFORM = lz.GithubRepository.with_ids(owner="acme", owner_id="1000001", name="platform", repository_id="2000001")
SHOP = lz.GithubRepository.with_ids(owner="acme", owner_id="1000001", name="shop", repository_id="2000002")

Tier = Tuple[lz.DeployTier, Sequence[lz.GithubSubject]]


QUALIFIERS = {
    lz.DeployTier.BOOTSTRAP: "lzboot",
    lz.DeployTier.BASE: "lzbase",
    lz.DeployTier.INFRASTRUCTURE: "lzinfra",
    lz.DeployTier.SERVICES: "lzsvc",
}


def tier_name(tier: lz.DeployTier) -> str:
    return f"{tier.value[0]}{tier.value[1:].lower()}"


def execution_policies(tier: lz.DeployTier) -> List[iam.IManagedPolicy]:
    admin = tier in (lz.DeployTier.BOOTSTRAP, lz.DeployTier.BASE)
    return [iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess" if admin else "PowerUserAccess")]


def execution_statements(tier: lz.DeployTier, stack: cdk.Stack, boundary: lz.PermissionBoundary) -> List[iam.PolicyStatement]:
    if tier in (lz.DeployTier.BOOTSTRAP, lz.DeployTier.BASE):
        return []
    # The workloads' own roles, each created and changed only with the landing zone's boundary.
    return lz.TierBootstrap.bounded_role_statements(stack, boundary)


class AccountStack(cdk.Stack):
    """One account: its GitHub OIDC provider, the permissions boundary on every role, one deploy role per tier,
    each bound to the tier's own TierBootstrap in a stack of its own (<Account><Tier>Bootstrap)."""

    def __init__(self, scope: Construct, id: str, *, account: str, tiers: List[Tier], extend: Optional[Callable[[cdk.Stack], None]] = None):
        # Deployed by the account's administrator, with its own credentials: no CDK bootstrap on the way.
        super().__init__(scope, id, env=cdk.Environment(account=account, region=REGION), synthesizer=cdk.LegacyStackSynthesizer())
        provider = lz.GithubOidcProvider(self, "GithubOidc")
        # The landing zone's stacks carry the account's name (Production, ProductionDns, ProductionServicesBootstrap, ...).
        boundary = account_boundary(self, tiers, id)
        boundary.apply_to(self)
        self.boundary = boundary
        self.bootstrap_stacks: List[cdk.Stack] = []
        for tier, subjects in tiers:
            bootstrap_stack = cdk.Stack(
                scope, f"{id}{tier_name(tier)}Bootstrap", env=cdk.Environment(account=account, region=REGION), synthesizer=cdk.LegacyStackSynthesizer()
            )
            self.bootstrap_stacks.append(bootstrap_stack)
            bootstrap = tier_bootstrap(bootstrap_stack, "Bootstrap", tier, boundary)
            tier_role(self, tier, provider, subjects, boundary, bootstrap)
        if extend:
            extend(self)


def account_boundary(scope: Construct, tiers: Sequence[Tier], stack_name_prefix: str) -> lz.PermissionBoundary:
    """An account's permissions boundary. Exempt: the tier roles and their bootstraps' deploy roles, named before
    they exist (they carry it). Protected: the landing zone's stacks and those named after the account (or the
    class of accounts a fleet serves)."""
    stack = cdk.Stack.of(scope)

    def protected_role(name: str) -> str:
        return stack.format_arn(
            service="iam", region="", resource="role", resource_name=f"{lz.PermissionBoundary.DEFAULT_PROTECTED_ROLE_PATH[1:]}{name}"
        )

    return lz.PermissionBoundary(
        scope,
        "PermissionBoundary",
        exempt_principal_arns=[
            arn
            for tier, _ in tiers
            for arn in (protected_role(lz.TieredDeployRole.default_role_name(tier)), lz.TierBootstrap.deploy_role_arn_for(scope, QUALIFIERS[tier]))
        ],
        protected_stack_name_prefixes=[lz.PermissionBoundary.DEFAULT_PROTECTED_STACK_NAME_PREFIX, stack_name_prefix],
    )


def tier_role(scope: Construct, tier: lz.DeployTier, provider: lz.GithubOidcProvider, subjects: Sequence[lz.GithubSubject],
              boundary: lz.PermissionBoundary, bootstrap: Optional[lz.TierBootstrap]) -> lz.TieredDeployRole:
    """A tier's deploy role, assumed from GitHub Actions, bound to the tier's bootstrap."""
    return lz.TieredDeployRole(
        scope, f"{tier_name(tier)}DeployRole", tier=tier, provider=provider, subjects=list(subjects), boundary=boundary, bootstrap=bootstrap
    )


def tier_bootstrap(scope: Construct, id: str, tier: lz.DeployTier, boundary: lz.PermissionBoundary) -> lz.TierBootstrap:
    """A tier's bounded CDK bootstrap."""
    return lz.TierBootstrap(
        scope,
        id,
        tier=tier,
        qualifier=QUALIFIERS[tier],
        boundary=boundary,
        execution_policies=execution_policies(tier),
        execution_statements=execution_statements(tier, cdk.Stack.of(scope), boundary),
    )


@dataclass(frozen=True)
class CopyDestinations:
    """Where a workload vault's recovery points are copied: the central vault, its air-gapped vault, their account."""
    central: lz.IBackupCopyDestination
    air_gapped: lz.IBackupCopyDestination
    account: str


@dataclass(frozen=True)
class WorkloadClass:
    """A class of workload accounts (all those of one OU): its tiers and its backups. Its fleet's StackSets are
    landing-zone-<name in lower case>-<stage>, its stacks' names start with it."""
    name: str
    organizational_unit_id: str
    tiers: List[Tier]
    keep_days: int
    # The vaults the class's recovery points are copied to, if any.
    copies: Optional[CopyDestinations] = None


def workload_fleet(management: cdk.Stack, workloads: WorkloadClass) -> Tuple[lz.BaselineFleet, List[cdk.Stack]]:
    """The baseline of every account of one OU, delivered by StackSets in this order: the boundary; the GitHub
    provider and the tier roles; each tier's bootstrap; the backup vault and its plan."""
    # Every StackSet carries its stage's whole template: one stack of the management account per bootstrap stage
    # keeps each under CloudFormation's 51,200-byte limit for a template deployed without a staging bucket.
    stacks: List[cdk.Stack] = []

    def stack_for(id: str) -> cdk.Stack:
        stack = cdk.Stack(
            management.node.scope,
            f"{workloads.name}{id}",
            env=cdk.Environment(account=management.account, region=management.region),
            synthesizer=cdk.LegacyStackSynthesizer(),
        )
        stacks.append(stack)
        return stack

    baseline = stack_for("Baseline")
    fleet = lz.BaselineFleet(
        baseline,
        "Fleet",
        name=f"landing-zone-{workloads.name.lower()}",
        targets=[lz.FleetTarget(organizational_unit_ids=[workloads.organizational_unit_id])],
    )
    boundary = account_boundary(fleet.add_stage("Boundary"), workloads.tiers, workloads.name)
    access = fleet.add_stage("Access")
    provider = lz.GithubOidcProvider(access, "GithubOidc")
    bootstraps: Dict[lz.DeployTier, lz.TierBootstrap] = {}
    for tier, _ in workloads.tiers:
        id = f"{tier_name(tier)}Bootstrap"
        stage: lz.FleetStage = fleet.add_stage(id, stack_set_stack=stack_for(f"{id}Fleet"))
        bootstraps[tier] = tier_bootstrap(stage, "Bootstrap", tier, boundary)
    for tier, subjects in workloads.tiers:
        tier_role(access, tier, provider, subjects, boundary, bootstraps[tier])
    workload_vault(fleet.add_stage("Backup", stack_set_stack=stack_for("BackupFleet")), workloads.copies, workloads.keep_days)
    return fleet, stacks


def security_hub(stack: cdk.Stack) -> lz.HubRole:
    return lz.HubRole(
        stack,
        "Hub",
        organization_id=ORGANIZATION["id"],
        environment=lz.AccountEnvironment.PRODUCTION,
        trusted_principals=[
            lz.HubPrincipal.identity_center(
                f"arn:aws:iam::{ACCOUNTS['security']}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SecurityAudit_0123456789abcdef"
            ),
            lz.HubPrincipal.automation(f"arn:aws:iam::{ACCOUNTS['security']}:role/landing-zone/audit-automation"),
        ],
    )


def management_access(
    hub: lz.HubRole, baselines: Optional[Callable[[cdk.Stack], Dict[str, lz.BaselineFleet]]] = None
) -> Callable[[cdk.Stack], None]:
    """The management account: the organization read-only role, and the spoke fleets rolled out to the OUs by StackSets."""
    def extend(stack: cdk.Stack) -> None:
        fleets = baselines(stack) if baselines else None
        lz.OrgReadOnlyRole(stack, "OrgReadOnlyRole", hub=hub)
        lz.SpokeFleet(
            stack,
            "ProductionSpokes",
            hub=hub,
            environment=lz.AccountEnvironment.PRODUCTION,
            organizational_unit_ids=[ORGANIZATION["production_ou"]],
            stack_set_name="landing-zone-spoke-production",
            # Delivered with the baseline: the spoke carries its boundary.
            baseline=fleets["production"] if fleets else None,
        )
        lz.SpokeFleet(
            stack,
            "SandboxSpokes",
            hub=hub,
            environment=lz.AccountEnvironment.NON_PRODUCTION,
            organizational_unit_ids=[ORGANIZATION["sandbox_ou"]],
            stack_set_name="landing-zone-spoke-sandbox",
            baseline=fleets["sandbox"] if fleets else None,
        )

    return extend


def break_glass(account: str) -> str:
    return f"arn:aws:iam::{account}:role/landing-zone/break-glass"


def central_backup(holder: dict) -> Callable[[cdk.Stack], None]:
    def extend(stack: cdk.Stack) -> None:
        holder["vault"] = lz.CentralBackupVault(
            stack,
            "CentralVault",
            organization_id=ORGANIZATION["id"],
            lock=lz.VaultLock.compliance(
                min_retention=cdk.Duration.days(7),
                max_retention=cdk.Duration.days(3650),
                changeable_for=cdk.Duration.days(3),
                acknowledge_irreversible=True,
            ),
            exempt_principal_arns=[break_glass(ACCOUNTS["backup"])],
            # A sandbox must not fill the locked vault with copies nobody could delete for ten years.
            copy_source_organization_paths=[f"{ORGANIZATION['id']}/{ORGANIZATION['root_id']}/{ORGANIZATION['production_ou']}/"],
            air_gapped_vault=lz.AirGappedVaultOptions(min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(3650)),
        )
        # Proof at run time: the vaults of the backup account refuse deletion and keep every copy at least 7 days.
        lz.BackupAuditFramework(stack, "BackupAudit", minimum_retention=cdk.Duration.days(7), exempt_principal_arns=[break_glass(stack.account)])

    return extend


def workload_backup(central: Optional[Callable[[], lz.CentralBackupVault]], keep_days: int) -> Callable[[cdk.Stack], None]:
    """A workload account's vault, locked, with a daily plan whose recovery points are copied to the central vault, when given."""
    def extend(stack: cdk.Stack) -> None:
        copies = (
            CopyDestinations(central=central(), air_gapped=central().air_gapped_vault, account=central().destination_account)
            if central
            else None
        )
        workload_vault(stack, copies, keep_days)

    return extend


def copy_destinations_by_arn(central: lz.CentralBackupVault) -> CopyDestinations:
    """The central vault and its air-gapped vault as copy destinations, by ARN: a fleet's stage belongs to another app."""
    air_gapped = central.air_gapped_vault
    return CopyDestinations(
        central=lz.BackupCopyDestination.from_vault_arn(
            central.destination_vault_arn, min_retention=central.min_retention, max_retention=central.max_retention
        ),
        air_gapped=lz.BackupCopyDestination.from_vault_arn(
            air_gapped.destination_vault_arn, min_retention=air_gapped.min_retention, max_retention=air_gapped.max_retention
        ),
        account=central.destination_account,
    )


def workload_vault(stack: cdk.Stack, copies: Optional[CopyDestinations], keep_days: int) -> None:
    vault = lz.BackupVault(
        stack,
        "BackupVault",
        lock=lz.VaultLock.governance(min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(400)),
        exempt_principal_arns=[break_glass(stack.account)],
    )
    vault.add_plan(
        "Daily",
        rules=[
            backup.BackupPlanRule(
                rule_name="Daily",
                schedule_expression=events.Schedule.cron(hour="3", minute="0"),
                delete_after=cdk.Duration.days(keep_days),
            )
        ],
        selection_tags={"backup": "daily"},
        copy_to=copies.central if copies else None,
        # The production copies land in the central vault and in its logically air-gapped vault.
        also_copy_to=[copies.air_gapped] if copies else None,
        copy_delete_after=cdk.Duration.days(90) if copies else None,
    )
    if copies:
        # Proof at run time: the tagged resources are copied to the backup account, into locked vaults, and kept.
        lz.BackupAuditFramework(
            stack,
            "BackupAudit",
            minimum_retention=cdk.Duration.days(7),
            exempt_principal_arns=[break_glass(stack.account)],
            copy_accounts=[copies.account],
            resource_tag={"backup": "daily"},
        )


PARENT_ZONE = {"id": "Z0123456789ABCDEFGHIJ", "name": "example.com"}


def delegation_roles(holder: dict) -> Callable[[cdk.Stack], None]:
    def extend(stack: cdk.Stack) -> None:
        parent_zone = route53.HostedZone.from_hosted_zone_attributes(
            stack, "ExampleCom", hosted_zone_id=PARENT_ZONE["id"], zone_name=PARENT_ZONE["name"]
        )
        for label, account, dnssec in [("prod", ACCOUNTS["production"], True), ("sandbox", ACCOUNTS["sandbox"], False)]:
            holder[label] = lz.SubdomainDelegationRole(
                stack,
                f"{label[0].upper()}{label[1:]}Delegation",
                parent_zone=parent_zone,
                delegated_zone_names=[f"{label}.{PARENT_ZONE['name']}"],
                owner=lz.SubdomainOwner.delegation_principal(account, f"{label}.{PARENT_ZONE['name']}"),
                organization_id=ORGANIZATION["id"],
                allow_dnssec=dnssec,
            )

    return extend


def workload_zone(app: cdk.App, id: str, account: str, boundary: Union[lz.PermissionBoundary, str], zone_name: str,
                  role: lz.SubdomainDelegationRole, dnssec: bool) -> cdk.Stack:
    """A workload account's DNS zone, delegated from the network account, in us-east-1, with the account's boundary:
    its own stack's, or (a string) the ARN of the one its fleet delivered."""
    # Deployed by the account's administrator, with its own credentials (no bootstrap in us-east-1): it has no file asset.
    stack = cdk.Stack(app, id, env=cdk.Environment(account=account, region="us-east-1"), synthesizer=cdk.LegacyStackSynthesizer())
    if isinstance(boundary, str):
        # The boundary a fleet delivered to the account, by ARN.
        iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.from_managed_policy_arn(stack, "Boundary", boundary))
    else:
        boundary.apply_to(stack)
    lz.DelegatedSubdomain(
        stack,
        "Zone",
        zone_name=zone_name,
        parent_zone=lz.ParentZone.from_zone_id(PARENT_ZONE["id"], PARENT_ZONE["name"]),
        delegation_role=role.role,
        dnssec=lz.DnssecSigning.with_new_key() if dnssec else None,
    )
    return stack


def workload_classes(copies: Optional[CopyDestinations]) -> List[WorkloadClass]:
    """The tiers each workload account class deploys, and from which GitHub environments or refs."""
    return [
        WorkloadClass(
            name="Production",
            organizational_unit_id=ORGANIZATION["production_ou"],
            tiers=[
                (lz.DeployTier.BASE, [lz.GithubSubject.environment(PLATFORM, "production-base")]),
                (lz.DeployTier.INFRASTRUCTURE, [lz.GithubSubject.environment(PLATFORM, "production-infrastructure")]),
                (lz.DeployTier.SERVICES, [lz.GithubSubject.environment(SHOP, "production")]),
            ],
            keep_days=35,
            copies=copies,
        ),
        WorkloadClass(
            name="Sandbox",
            organizational_unit_id=ORGANIZATION["sandbox_ou"],
            tiers=[
                (lz.DeployTier.INFRASTRUCTURE, [lz.GithubSubject.branch(PLATFORM, "main")]),
                (lz.DeployTier.SERVICES, [lz.GithubSubject.environment(SHOP, "sandbox"), lz.GithubSubject.branch_pattern(SHOP, "feature/*")]),
            ],
            # The sandbox keeps its backups in its own vault: the central vault accepts production copies only.
            keep_days=14,
        ),
    ]


WORKLOADS = ("accounts", "fleets")


def build_landing_zone(app: cdk.App, *, workloads: str = "accounts") -> List[cdk.Stack]:
    """Builds the example landing zone into an app.

    ``workloads``: how the workload accounts (the production and sandbox OUs) receive their baseline: by one
    stack per account ("accounts"), or by StackSet fleets from the management account, which reach every account
    of the OUs, tomorrow's included ("fleets"). The TypeScript option ``{ workloads: 'fleets' | 'accounts' }``.
    """
    if workloads not in WORKLOADS:
        raise ValueError(f"build_landing_zone: workloads must be one of {', '.join(WORKLOADS)}, not {workloads!r}")
    hub_holder: dict = {}

    def security_extend(stack: cdk.Stack) -> None:
        hub_holder["hub"] = security_hub(stack)

    security = AccountStack(
        app, "Security", account=ACCOUNTS["security"],
        tiers=[(lz.DeployTier.BASE, [lz.GithubSubject.environment(PLATFORM, "security-base")])],
        extend=security_extend,
    )
    backups: dict = {}
    backup_account = AccountStack(
        app, "Backup", account=ACCOUNTS["backup"],
        tiers=[(lz.DeployTier.BASE, [lz.GithubSubject.environment(PLATFORM, "backup-base")])],
        extend=central_backup(backups),
    )

    def central() -> lz.CentralBackupVault:
        return backups["vault"]

    delegations: dict = {}
    network = AccountStack(
        app, "Network", account=ACCOUNTS["network"],
        tiers=[(lz.DeployTier.INFRASTRUCTURE, [lz.GithubSubject.environment(PLATFORM, "network-infrastructure")])],
        extend=delegation_roles(delegations),
    )
    fleets = workloads == "fleets"
    # By account: the same classes, one stack each.
    production_class, sandbox_class = workload_classes(None)
    production = None if fleets else AccountStack(
        app, "Production", account=ACCOUNTS["production"], tiers=production_class.tiers,
        extend=workload_backup(central, production_class.keep_days),
    )
    sandbox = None if fleets else AccountStack(
        app, "Sandbox", account=ACCOUNTS["sandbox"], tiers=sandbox_class.tiers,
        extend=workload_backup(None, sandbox_class.keep_days),
    )
    # By fleet: built in the management account, after the central vault they copy to.
    fleet_stacks: List[cdk.Stack] = []

    def workload_baselines(stack: cdk.Stack) -> Dict[str, lz.BaselineFleet]:
        (production_fleet, production_stacks), (sandbox_fleet, sandbox_stacks) = [
            workload_fleet(stack, c) for c in workload_classes(copy_destinations_by_arn(central()))
        ]
        fleet_stacks.extend(production_stacks + sandbox_stacks)
        return {"production": production_fleet, "sandbox": sandbox_fleet}

    management = AccountStack(
        app, "Management", account=ACCOUNTS["management"],
        tiers=[(lz.DeployTier.BOOTSTRAP, [lz.GithubSubject.environment(PLATFORM, "management-bootstrap")])],
        extend=management_access(hub_holder["hub"], workload_baselines if fleets else None),
    )

    def boundary_of(stack: Optional[AccountStack], account: str) -> Union[lz.PermissionBoundary, str]:
        # The workload accounts' boundary: their own stack's, or the one their fleet delivered (same name and path).
        if stack is not None:
            return stack.boundary
        return f"arn:aws:iam::{account}:policy{lz.PermissionBoundary.DEFAULT_PATH}{lz.PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME}"

    accounts = [management, security, backup_account, network, production, sandbox]
    stacks = [
        management,
        security,
        backup_account,
        network,
        *([production] if production else []),
        *([sandbox] if sandbox else []),
        workload_zone(app, "ProductionDns", ACCOUNTS["production"], boundary_of(production, ACCOUNTS["production"]),
                      f"prod.{PARENT_ZONE['name']}", delegations["prod"], True),
        workload_zone(app, "SandboxDns", ACCOUNTS["sandbox"], boundary_of(sandbox, ACCOUNTS["sandbox"]),
                      f"sandbox.{PARENT_ZONE['name']}", delegations["sandbox"], False),
        *[stack for account in accounts if account is not None for stack in account.bootstrap_stacks],
        *fleet_stacks,
    ]
    # The landing zone's own stacks belong to no workload tier: tagged with the Bootstrap tier, no other tier's deploy role may change them.
    for stack in stacks:
        stack.tags.set_tag(lz.TierBootstrap.TIER_TAG, lz.DeployTier.BOOTSTRAP.value)
    return stacks


if __name__ == "__main__":
    import sys

    app = cdk.App()
    build_landing_zone(app, workloads=sys.argv[1] if len(sys.argv) > 1 else "accounts")
    app.synth()
