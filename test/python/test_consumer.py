"""Python consumer test: the jsii-built wheel, installed into a fresh virtual
environment (see the test:python task), used the way a Python CDK app uses it."""
import json
import os

import aws_cdk as cdk
import pytest
from aws_cdk import assertions

import cdk_landing_zone as lz


def _stack():
    app = cdk.App()
    stack = cdk.Stack(app, "Workload", env=cdk.Environment(account="555555555555", region="eu-west-1"))
    return app, stack


def test_provider_and_trusted_role_synthesize(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Workload", env=cdk.Environment(account="555555555555", region="eu-west-1"))
    repo = lz.GithubRepository.with_ids(owner="acme", owner_id="1000001", name="shop", repository_id="2000002")
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    lz.GithubActionsRole(
        stack,
        "DeployRole",
        provider=provider,
        subjects=[lz.GithubSubject.environment(repo, "production"), lz.GithubSubject.branch_pattern(repo, "release/*")],
    )
    assembly = app.synth()

    template = json.loads((tmp_path / "Workload.template.json").read_text())
    types = sorted(r["Type"] for r in template["Resources"].values())
    assert types == ["AWS::IAM::OIDCProvider", "AWS::IAM::Role"]
    role = next(r for r in template["Resources"].values() if r["Type"] == "AWS::IAM::Role")
    statements = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert [s["Sid"] for s in statements] == ["GithubActionsExactSubjects", "GithubActionsSubjectPatterns"]
    assert statements[0]["Condition"]["StringEquals"] == {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:acme@1000001/shop@2000002:environment:production",
    }
    assert statements[1]["Condition"]["StringLike"] == {
        "token.actions.githubusercontent.com:sub": "repo:acme@1000001/shop@2000002:ref:refs/heads/release/*",
    }
    assert all(s["Action"] == "sts:AssumeRoleWithWebIdentity" for s in statements)
    assert assembly.get_stack_by_name("Workload") is not None


def test_subject_rendering_is_the_same_in_python():
    repo = lz.GithubRepository.named("acme", "infra")
    subject = lz.GithubSubject.environment(repo, "Production:V1")
    assert subject.value == "repo:acme/infra:environment:Production%3AV1"
    assert subject.is_pattern is False
    assert subject.kind == lz.GithubSubjectKind.ENVIRONMENT
    assert lz.GithubSubject.tag_pattern(repo, "v*").is_pattern is True


def test_unsafe_input_is_refused_with_the_construct_name():
    _, stack = _stack()
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    wildcard = lz.GithubRepository.named("acme*", "infra")
    with pytest.raises(RuntimeError, match=r"GithubRepository: invalid owner: received \"acme\*\""):
        wildcard.subject_segment
    with pytest.raises(RuntimeError, match=r"GithubActionsRole \(Workload/Wildcard\): invalid subjects\[0\] \(GithubRepository owner\): received \"acme\*\""):
        lz.GithubActionsRole(stack, "Wildcard", provider=provider, subjects=[lz.GithubSubject.branch(wildcard, "main")])
    with pytest.raises(RuntimeError, match=r"GithubActionsRole \(Workload/Role\): invalid subjects: received \[\]"):
        lz.GithubActionsRole(stack, "Role", provider=provider, subjects=[])


def test_trust_audit_runs_at_synthesis_from_python():
    _, stack = _stack()
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    role = lz.GithubActionsRole(stack, "Role", provider=provider, subjects=[lz.GithubSubject.branch(lz.GithubRepository.named("acme", "infra"), "main")])
    from aws_cdk import aws_iam as iam

    role.assume_role_policy.add_statements(
        iam.PolicyStatement(
            actions=["sts:AssumeRoleWithWebIdentity"],
            principals=[iam.FederatedPrincipal(provider.oidc_provider_arn, {}, "sts:AssumeRoleWithWebIdentity")],
            conditions={"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}},
        )
    )
    with pytest.raises(RuntimeError, match=r"LZ-GH1"):
        assertions.Template.from_stack(stack)


def test_tier_role_carries_the_boundary(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Production", env=cdk.Environment(account="555555555555", region="eu-west-1"))
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    boundary = lz.PermissionBoundary(stack, "PermissionBoundary")
    boundary.apply_to(stack)
    shop = lz.GithubRepository.named("acme", "shop")
    lz.TieredDeployRole(
        stack,
        "ServicesDeployRole",
        tier=lz.DeployTier.SERVICES,
        provider=provider,
        subjects=[lz.GithubSubject.environment(shop, "production")],
        boundary=boundary,
    )
    app.synth()
    template = json.loads((tmp_path / "Production.template.json").read_text())
    resources = template["Resources"]
    policy_id = next(k for k, r in resources.items() if r["Type"] == "AWS::IAM::ManagedPolicy")
    assert resources[policy_id]["Properties"]["ManagedPolicyName"] == "LandingZonePermissionBoundary"
    role = next(r for r in resources.values() if r["Type"] == "AWS::IAM::Role")
    assert role["Properties"]["PermissionsBoundary"] == {"Ref": policy_id}
    assert role["Properties"]["Path"] == "/landing-zone/"


def test_tier_rules_hold_in_python():
    _, stack = _stack()
    provider = lz.GithubOidcProvider(stack, "GithubOidc")
    boundary = lz.PermissionBoundary(stack, "PermissionBoundary")
    with pytest.raises(RuntimeError, match=r"TieredDeployRole \(Workload/Base\): invalid subjects \(tier BASE\)"):
        lz.TieredDeployRole(
            stack,
            "Base",
            tier=lz.DeployTier.BASE,
            provider=provider,
            subjects=[lz.GithubSubject.pull_request(lz.GithubRepository.named("acme", "platform"))],
            boundary=boundary,
        )
