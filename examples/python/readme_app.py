"""Every Python example of the README, combined in one app with
LandingZoneChecks attached. test/python/test_readme_app.py synthesizes it from
the built wheel, requires no finding and no warning, and fails when a README
example changes without this file (every line of each README Python example
must appear here).

Run it: python examples/python/readme_app.py (writes cdk.out/readme-app-python).
"""
import aws_cdk as cdk
from aws_cdk import App, Duration, Environment, LegacyStackSynthesizer, Stack
from aws_cdk import aws_backup as backup, aws_events as events, aws_iam as iam
from aws_cdk import aws_route53 as route53

import cdk_landing_zone as lz


def build_readme_app(outdir=None):
    """Builds the README's examples as one app. Without outdir, app.synth()
    writes to a temporary folder that is gone when the process ends."""
    # "Checking any app": the rule pack watches the whole app.
    app = cdk.App(outdir=outdir)
    cdk.Validations.of(app).add_plugins(
        lz.LandingZoneChecks(organization_accounts=[
            "111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666",
        ]),
    )

    # "Hub and spokes"
    security = Stack(app, "Security", env=Environment(account="222222222222", region="eu-west-1"))
    management = Stack(app, "Management", env=Environment(account="111111111111", region="eu-west-1"))

    hub = lz.HubRole(security, "Hub",
        organization_id="o-a1b2c3d4e5",
        environment=lz.AccountEnvironment.PRODUCTION,
        trusted_principals=[lz.HubPrincipal.automation("arn:aws:iam::222222222222:role/audit-automation")],
    )
    lz.OrgReadOnlyRole(management, "OrgReadOnly", hub=hub)
    lz.GithubIdentityPerimeter(management, "GithubPerimeter",
        target_ids=["r-ab12"],
        enterprise_ids=["4242"],
        allowed_owners=["acme"],
        exempt_role_arns=["arn:aws:iam::*:role/partner-ingest/*"],
    )
    lz.SpokeFleet(management, "ProductionSpokes",
        hub=hub,
        environment=lz.AccountEnvironment.PRODUCTION,
        organizational_unit_ids=["ou-ab12-prod0001"],
    )

    # "Baseline fleets"
    sandboxes = lz.GithubRepository.with_ids(owner="acme", owner_id="1000001", name="sandboxes", repository_id="2000004")
    baseline = lz.BaselineFleet(management, "SandboxBaseline",
        name="landing-zone-sandbox",
        targets=[lz.FleetTarget(organizational_unit_ids=["ou-ab12-sbox0001"])],
    )
    fleet_boundary = lz.PermissionBoundary(baseline.add_stage("Boundary"), "PermissionBoundary")
    access = baseline.add_stage("Access")
    fleet_bootstrap = lz.TierBootstrap(baseline.add_stage("ServicesBootstrap"), "Bootstrap",
        tier=lz.DeployTier.SERVICES,
        qualifier="lzsvc",
        boundary=fleet_boundary,
    )
    lz.TieredDeployRole(access, "ServicesDeployRole",
        tier=lz.DeployTier.SERVICES,
        provider=lz.GithubOidcProvider(access, "GithubOidc"),
        subjects=[lz.GithubSubject.environment(sandboxes, "sandbox")],
        boundary=fleet_boundary,
        bootstrap=fleet_bootstrap,
    )

    # "Backups an attacker cannot delete"
    backup_account = cdk.Stack(app, "Backup", env=cdk.Environment(account="444444444444", region="eu-west-1"))
    central = lz.CentralBackupVault(backup_account, "CentralVault",
        organization_id="o-a1b2c3d4e5",
        lock=lz.VaultLock.compliance(
            min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(3650),
            changeable_for=cdk.Duration.days(3), acknowledge_irreversible=True,
        ),
        exempt_principal_arns=["arn:aws:iam::444444444444:role/landing-zone/break-glass"],
        copy_source_accounts=["555555555555"],
    )

    production = cdk.Stack(app, "Production", env=cdk.Environment(account="555555555555", region="eu-west-1"))
    vault = lz.BackupVault(production, "Vault",
        lock=lz.VaultLock.governance(min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(400)),
        exempt_principal_arns=["arn:aws:iam::555555555555:role/landing-zone/break-glass"],
    )
    vault.add_plan("Daily",
        rules=[backup.BackupPlanRule(rule_name="Daily",
                                     schedule_expression=events.Schedule.cron(hour="3", minute="0"),
                                     delete_after=cdk.Duration.days(35))],
        selection_tags={"backup": "daily"},
        copy_to=central,
        copy_delete_after=cdk.Duration.days(400),
    )
    lz.BackupAuditFramework(production, "BackupAudit",
        minimum_retention=cdk.Duration.days(7),
        exempt_principal_arns=["arn:aws:iam::555555555555:role/landing-zone/break-glass"],
        copy_accounts=["444444444444"],
        resource_tag={"backup": "daily"},
    )

    # "GitHub Actions OIDC" and "Permissions boundary and deploy tiers" take
    # any stack: here, the production account's.
    stack = production
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    shop = lz.GithubRepository.with_ids(owner="acme", owner_id="1000001", name="shop", repository_id="2000002")

    lz.GithubActionsRole(stack, "DeployRole",
        provider=provider,
        subjects=[
            lz.GithubSubject.environment(shop, "production"),
            lz.GithubSubject.branch_pattern(shop, "release/*"),
        ],
    )

    payments = lz.GithubRepository.named_with_ids(owner="acme", owner_id="1000001", name="payments", repository_id="2000003")
    lz.GithubActionsRole(stack, "PaymentsDeployRole",
        provider=provider,
        subjects=[
            lz.GithubSubject.from_claim_conditions(
                repository=payments,
                environment="production",
                job_workflow_ref="acme/ci/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567",
            ),
            lz.GithubSubject.branch(payments, "main"),
        ],
    )

    boundary = lz.PermissionBoundary(stack, "PermissionBoundary")
    boundary.apply_to(stack)

    platform = lz.GithubRepository.with_ids(owner="acme", owner_id="1000001", name="platform", repository_id="2000001")
    lz.TieredDeployRole(stack, "BaseDeployRole",
        tier=lz.DeployTier.BASE,
        provider=provider,
        boundary=boundary,
        subjects=[lz.GithubSubject.environment(platform, "production-base")],
        cdk_qualifier="lzbase",
    )

    # "CircleCI instead of GitHub Actions": the Services tier of the same account.
    circle_ci = lz.CircleCiOidcProvider(stack, "CircleCiOidc", organization_id="7e1c4a52-0b3d-4f6e-9a8b-1c2d3e4f5a6b")
    lz.TieredDeployRole(stack, "ServicesDeployRole",
        tier=lz.DeployTier.SERVICES,
        boundary=boundary,
        circle_ci=lz.CircleCiDeployTrust(
            provider=circle_ci,
            projects=[
                lz.CircleCiProject.of(
                    organization_id="7e1c4a52-0b3d-4f6e-9a8b-1c2d3e4f5a6b",
                    project_id="a1b2c3d4-0000-4000-8000-00000000000b",
                    vcs_origin="github.com/acme/shop",
                    branches=["main"],
                ),
            ],
        ),
    )

    # "People: IAM Identity Center permission sets": from the management account, into accounts that hold the boundary.
    platform_admins = lz.BoundedPermissionSet(management, "PlatformAdmins",
        instance_arn="arn:aws:sso:::instance/ssoins-0123456789abcdef",
        name="PlatformAdmins",
        managed_policies=["AdministratorAccess"],
        session_duration=Duration.hours(4),
    )
    platform_admins.assign_to(group_id="8f2e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b", accounts=["555555555555", "666666666666"])

    # "Bounded bootstrap per tier"
    shop_env = Environment(account="666666666666", region="eu-west-1")
    # The account's own stack: deployed by its administrator, without a CDK bootstrap.
    shop_account = Stack(app, "ShopAccount", env=shop_env, synthesizer=LegacyStackSynthesizer())
    shop_boundary = lz.PermissionBoundary(shop_account, "PermissionBoundary",
        exempt_principal_arns=[
            "arn:aws:iam::666666666666:role/landing-zone/landing-zone-services-deploy",
            "arn:aws:iam::666666666666:role/landing-zone/cdk-lzsvc-deploy-role-666666666666-eu-west-1",
        ],
    )
    shop_boundary.apply_to(shop_account)

    services_bootstrap_stack = Stack(app, "ServicesBootstrap", env=shop_env)
    services_bootstrap = lz.TierBootstrap(services_bootstrap_stack, "Bootstrap",
        tier=lz.DeployTier.SERVICES,
        qualifier="lzsvc",
        boundary=shop_boundary,
        execution_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("PowerUserAccess")],
    )

    lz.TieredDeployRole(shop_account, "ServicesDeployRole",
        tier=lz.DeployTier.SERVICES,
        provider=lz.GithubOidcProvider(shop_account, "GithubOidc"),
        boundary=shop_boundary,
        subjects=[lz.GithubSubject.branch_pattern(lz.GithubRepository.with_ids(owner="acme", owner_id="1000001", name="shop", repository_id="2000002"), "release/*")],
        bootstrap=services_bootstrap,
    )

    # The tier's own stacks deploy through its bootstrap roles.
    shop_service = Stack(app, "ShopService", env=shop_env, synthesizer=services_bootstrap.synthesizer())
    services_bootstrap.deploys(shop_service)

    # "Delegated subdomains"
    network = cdk.Stack(app, "Network", env=cdk.Environment(account="333333333333", region="us-east-1"))
    example_com = route53.HostedZone.from_hosted_zone_attributes(
        network, "ExampleCom", hosted_zone_id="Z0123456789ABCDEFGHIJ", zone_name="example.com"
    )
    prod_delegation = lz.SubdomainDelegationRole(network, "ProdDelegation",
        parent_zone=example_com,
        delegated_zone_names=["prod.example.com"],
        # Only the delegation principal of prod.example.com in 555555555555 may assume the role.
        owner=lz.SubdomainOwner.delegation_principal("555555555555", "prod.example.com"),
        organization_id="o-a1b2c3d4e5",
        allow_dnssec=True,
    )
    production_dns = cdk.Stack(app, "ProductionDns", env=cdk.Environment(account="555555555555", region="us-east-1"))
    # The production account's one boundary is the Production stack's.
    production_boundary = boundary
    production_boundary.apply_to(production_dns)
    lz.DelegatedSubdomain(production_dns, "Zone",
        zone_name="prod.example.com",
        parent_zone=lz.ParentZone.from_zone_id("Z0123456789ABCDEFGHIJ", "example.com"),
        delegation_role=prod_delegation.role,
        dnssec=lz.DnssecSigning.with_new_key(),
    )

    # "Checking any app": a finding you accept is suppressed, rule by rule, with a reason.
    sandbox = cdk.Stack(app, "Sandbox", env=cdk.Environment(account="666666666666", region="eu-west-1"))
    scratch = backup.BackupVault(sandbox, "ScratchVault")
    for rule in ["LZ-BK1", "LZ-BK2", "LZ-BK3"]:
        lz.LandingZoneChecks.suppress(scratch, rule, "Scratch copies of sandbox data, rebuilt every night: nothing to keep.")

    return app


if __name__ == "__main__":
    build_readme_app("cdk.out/readme-app-python").synth()
