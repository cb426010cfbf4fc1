"""Refusals seen from Python: the error names the construct's path, the value
received and what was expected, also for a value made by a static factory
(refused by the construct that uses it) and for an app-wide rule."""
import aws_cdk as cdk
import pytest

import cdk_landing_zone as lz


def _production(app, stack_id="Production", region="eu-west-1"):
    return cdk.Stack(app, stack_id, env=cdk.Environment(account="555555555555", region=region))


def test_a_bad_branch_is_refused_by_the_role_that_uses_it():
    app = cdk.App()
    stack = _production(app)
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    boundary = lz.PermissionBoundary(stack, "PermissionBoundary")
    repo = lz.GithubRepository.named("acme", "shop")
    # The factory keeps the refusal: it has no construct path to name.
    subject = lz.GithubSubject.branch(repo, "release/*")
    with pytest.raises(
        RuntimeError,
        match=r"TieredDeployRole \(Production/ServicesDeployRole\): invalid subjects\[0\] \(GithubSubject branch\): "
        r"received \"release/\*\"; expected a git ref name",
    ):
        lz.TieredDeployRole(
            stack,
            "ServicesDeployRole",
            tier=lz.DeployTier.SERVICES,
            provider=provider,
            subjects=[subject],
            boundary=boundary,
        )


def test_a_missing_boundary_is_refused_before_it_reaches_the_library():
    app = cdk.App()
    stack = _production(app)
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    subject = lz.GithubSubject.branch(lz.GithubRepository.named("acme", "shop"), "main")
    # jsii's Python binding checks required arguments itself; JavaScript callers get
    # the library's LandingZoneInputError instead (test/refusals.test.ts).
    with pytest.raises(TypeError, match=r"boundary"):
        lz.TieredDeployRole(stack, "ServicesDeployRole", tier=lz.DeployTier.SERVICES, provider=provider, subjects=[subject])


def test_a_second_boundary_in_the_same_account_names_both_paths():
    app = cdk.App()
    lz.PermissionBoundary(_production(app), "PermissionBoundary")
    dns = _production(app, "ProductionDns", "us-east-1")
    with pytest.raises(
        RuntimeError,
        match=r"PermissionBoundary \(ProductionDns/PermissionBoundary\): invalid managedPolicyName: "
        r"received \"LandingZonePermissionBoundary\"; expected a name no other managed policy of account 555555555555 has; "
        r"Production/PermissionBoundary \(PermissionBoundary\) already creates",
    ):
        lz.PermissionBoundary(dns, "PermissionBoundary")
