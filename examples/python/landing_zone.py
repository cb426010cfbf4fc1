"""The example landing zone, written in Python: the twin of examples/landing-zone.ts.

Synthesized by test/python/test_example_twin.py from the jsii-built wheel,
which asserts its templates equal the TypeScript ones. Keep the construct ids,
the order and the values identical to the TypeScript estate.
"""
from typing import Callable, List, Optional, Sequence, Tuple

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
    roles = stack.format_arn(service="iam", region="", resource="role", resource_name="*")
    return [
        iam.PolicyStatement(
            sid="RolesWithTheBoundary",
            actions=["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy"],
            resources=[roles],
            conditions={"StringEquals": {"iam:PermissionsBoundary": boundary.managed_policy_arn}},
        ),
        iam.PolicyStatement(
            sid="ManageRoles",
            actions=[
                "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:TagRole",
                "iam:UntagRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole", "iam:PassRole",
            ],
            resources=[roles],
        ),
    ]


class AccountStack(cdk.Stack):
    """One account: its GitHub OIDC provider, the permissions boundary on every role, one deploy role per tier,
    each bound to the tier's own TierBootstrap in a stack of its own (<Account><Tier>Bootstrap)."""

    def __init__(self, scope: Construct, id: str, *, account: str, tiers: List[Tier], extend: Optional[Callable[[cdk.Stack], None]] = None):
        # Deployed by the account's administrator, with its own credentials: no CDK bootstrap on the way.
        super().__init__(scope, id, env=cdk.Environment(account=account, region=REGION), synthesizer=cdk.LegacyStackSynthesizer())
        provider = lz.GithubOidcProvider(self, "GithubOidc")

        def protected_role(name: str) -> str:
            return self.format_arn(
                service="iam", region="", resource="role", resource_name=f"{lz.PermissionBoundary.DEFAULT_PROTECTED_ROLE_PATH[1:]}{name}"
            )

        def deploy_role_arn(tier: lz.DeployTier) -> str:
            # The bootstrap's deploy role, named before the bootstraps exist (they carry the boundary).
            return lz.TierBootstrap.deploy_role_arn_for(self, QUALIFIERS[tier])

        boundary = lz.PermissionBoundary(
            self,
            "PermissionBoundary",
            exempt_principal_arns=[
                arn for tier, _ in tiers for arn in (protected_role(lz.TieredDeployRole.default_role_name(tier)), deploy_role_arn(tier))
            ],
            protected_stack_name_prefixes=[lz.PermissionBoundary.DEFAULT_PROTECTED_STACK_NAME_PREFIX, id],
        )
        boundary.apply_to(self)
        self.boundary = boundary
        self.bootstrap_stacks: List[cdk.Stack] = []
        for tier, subjects in tiers:
            bootstrap_stack = cdk.Stack(
                scope, f"{id}{tier_name(tier)}Bootstrap", env=cdk.Environment(account=account, region=REGION), synthesizer=cdk.LegacyStackSynthesizer()
            )
            self.bootstrap_stacks.append(bootstrap_stack)
            bootstrap = lz.TierBootstrap(
                bootstrap_stack,
                "Bootstrap",
                tier=tier,
                qualifier=QUALIFIERS[tier],
                boundary=boundary,
                execution_policies=execution_policies(tier),
                execution_statements=execution_statements(tier, bootstrap_stack, boundary),
            )
            lz.TieredDeployRole(
                self,
                f"{tier_name(tier)}DeployRole",
                tier=tier,
                provider=provider,
                subjects=list(subjects),
                boundary=boundary,
                bootstrap=bootstrap,
            )
        if extend:
            extend(self)


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


def management_access(hub: lz.HubRole) -> Callable[[cdk.Stack], None]:
    def extend(stack: cdk.Stack) -> None:
        lz.OrgReadOnlyRole(stack, "OrgReadOnlyRole", hub=hub)
        lz.SpokeFleet(
            stack,
            "ProductionSpokes",
            hub=hub,
            environment=lz.AccountEnvironment.PRODUCTION,
            organizational_unit_ids=[ORGANIZATION["production_ou"]],
            stack_set_name="landing-zone-spoke-production",
        )
        lz.SpokeFleet(
            stack,
            "SandboxSpokes",
            hub=hub,
            environment=lz.AccountEnvironment.NON_PRODUCTION,
            organizational_unit_ids=[ORGANIZATION["sandbox_ou"]],
            stack_set_name="landing-zone-spoke-sandbox",
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
    def extend(stack: cdk.Stack) -> None:
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
            copy_to=central() if central else None,
            # The production copies land in the central vault and in its logically air-gapped vault.
            also_copy_to=[central().air_gapped_vault] if central else None,
            copy_delete_after=cdk.Duration.days(90) if central else None,
        )
        if central:
            # Proof at run time: the tagged resources are copied to the backup account, into locked vaults, and kept.
            lz.BackupAuditFramework(
                stack,
                "BackupAudit",
                minimum_retention=cdk.Duration.days(7),
                exempt_principal_arns=[break_glass(stack.account)],
                copy_accounts=[central().destination_account],
                resource_tag={"backup": "daily"},
            )

    return extend


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


def workload_zone(app: cdk.App, id: str, account: str, boundary: lz.PermissionBoundary, zone_name: str,
                  role: lz.SubdomainDelegationRole, dnssec: bool) -> cdk.Stack:
    # Deployed by the account's administrator, with its own credentials (no bootstrap in us-east-1): it has no file asset.
    stack = cdk.Stack(app, id, env=cdk.Environment(account=account, region="us-east-1"), synthesizer=cdk.LegacyStackSynthesizer())
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


def build_landing_zone(app: cdk.App) -> List[cdk.Stack]:
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
    production = AccountStack(
        app, "Production", account=ACCOUNTS["production"],
        tiers=[
            (lz.DeployTier.BASE, [lz.GithubSubject.environment(PLATFORM, "production-base")]),
            (lz.DeployTier.INFRASTRUCTURE, [lz.GithubSubject.environment(PLATFORM, "production-infrastructure")]),
            (lz.DeployTier.SERVICES, [lz.GithubSubject.environment(SHOP, "production")]),
        ],
        extend=workload_backup(central, 35),
    )
    sandbox = AccountStack(
        app, "Sandbox", account=ACCOUNTS["sandbox"],
        tiers=[
            (lz.DeployTier.INFRASTRUCTURE, [lz.GithubSubject.branch(PLATFORM, "main")]),
            (lz.DeployTier.SERVICES, [lz.GithubSubject.environment(SHOP, "sandbox"), lz.GithubSubject.branch_pattern(SHOP, "feature/*")]),
        ],
        # The sandbox keeps its backups in its own vault: the central vault accepts production copies only.
        extend=workload_backup(None, 14),
    )
    management = AccountStack(
        app, "Management", account=ACCOUNTS["management"],
        tiers=[(lz.DeployTier.BOOTSTRAP, [lz.GithubSubject.environment(PLATFORM, "management-bootstrap")])],
        extend=management_access(hub_holder["hub"]),
    )
    stacks = [
        management,
        security,
        backup_account,
        network,
        production,
        sandbox,
        workload_zone(app, "ProductionDns", ACCOUNTS["production"], production.boundary, f"prod.{PARENT_ZONE['name']}", delegations["prod"], True),
        workload_zone(app, "SandboxDns", ACCOUNTS["sandbox"], sandbox.boundary, f"sandbox.{PARENT_ZONE['name']}", delegations["sandbox"], False),
    ] + [stack for account in (management, security, backup_account, network, production, sandbox) for stack in account.bootstrap_stacks]
    # The landing zone's own stacks belong to no workload tier: tagged with the Bootstrap tier, no other tier's deploy role may change them.
    for stack in stacks:
        stack.tags.set_tag(lz.TierBootstrap.TIER_TAG, lz.DeployTier.BOOTSTRAP.value)
    return stacks


if __name__ == "__main__":
    app = cdk.App()
    build_landing_zone(app)
    app.synth()
