"""Python consumer test for LandingZoneChecks: the landing zone's security rules
applied to the synthesized templates of an app written with aws-cdk-lib alone."""
import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as backup
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms

import cdk_landing_zone as lz

GITHUB = "https://token.actions.githubusercontent.com"
REASON = "The vault only holds throw-away copies of the sandbox account."


def _stack(app, name):
    return cdk.Stack(app, name, env=cdk.Environment(account="111111111111", region="eu-west-1"))


def test_lambda_backed_provider_and_wildcard_repository_are_both_found(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    stack = _stack(app, "Ci")
    provider = iam.OpenIdConnectProvider(stack, "GithubProvider", url=GITHUB, client_ids=["sts.amazonaws.com"])
    iam.Role(
        stack,
        "GithubActionsRole",
        assumed_by=iam.WebIdentityPrincipal(
            provider.open_id_connect_provider_arn,
            {
                "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"},
                "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            },
        ),
    )

    findings = lz.LandingZoneChecks().check_assembly(app.synth())

    assert [(f.rule_id, f.construct_path) for f in findings] == [
        ("LZ-GH1", "Ci/GithubActionsRole/Resource"),
        ("LZ-OIDC1", "Ci/GithubProvider/Resource/Default"),
    ]
    assert '"repo:acme/*" does not pin one repository' in findings[0].problem
    assert "OidcProviderNative" in findings[1].fix


def test_native_provider_and_pinned_trust_pass(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    stack = _stack(app, "Ci")
    provider = iam.OidcProviderNative(stack, "GithubProvider", url=GITHUB, client_ids=["sts.amazonaws.com"])
    iam.Role(
        stack,
        "GithubActionsRole",
        assumed_by=iam.WebIdentityPrincipal(
            provider.oidc_provider_arn,
            {
                "StringEquals": {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": "repo:acme/platform:environment:production",
                },
            },
        ),
    )

    assert lz.LandingZoneChecks().check_assembly(app.synth()) == []


def test_app_runs_the_pack_as_a_policy_validation_plugin(tmp_path):
    app = cdk.App(outdir=str(tmp_path), context={"@aws-cdk/core:validationReportJson": True})
    cdk.Validations.of(app).add_plugins(lz.LandingZoneChecks())
    backup.BackupVault(_stack(app, "Backup"), "Vault")

    app.synth()

    report = json.loads((tmp_path / "policy-validation-report.json").read_text())
    [plugin] = report["pluginReports"]
    assert plugin["summary"]["pluginName"] == "cdk-landing-zone-checks"
    assert [v["ruleName"] for v in plugin["violations"]] == ["LZ-BK1", "LZ-BK2", "LZ-BK3"]
    assert plugin["violations"][0]["description"].startswith("Backup/Vault/Resource is a backup vault without a vault lock")


def test_suppression_needs_a_reason():
    app = cdk.App()
    stack = _stack(app, "Backup")
    vault = backup.BackupVault(stack, "Vault", encryption_key=kms.Key(stack, "Key"), block_recovery_point_deletion=True)

    with pytest.raises(RuntimeError, match=r"LandingZoneChecks \(Backup/Vault\): invalid reason"):
        lz.LandingZoneChecks.suppress(vault, "LZ-BK1", "")
    lz.LandingZoneChecks.suppress(vault, "LZ-BK1", REASON)

    checks = lz.LandingZoneChecks()
    assembly = app.synth()
    assert checks.check_assembly(assembly) == []
    assert [(s.finding.rule_id, s.reason) for s in checks.suppressed_findings(assembly)] == [("LZ-BK1", REASON)]


def test_options_use_snake_case_and_rules_are_listed():
    app = cdk.App()
    stack = _stack(app, "Vendor")
    iam.Role(stack, "Datadog", assumed_by=iam.AccountPrincipal("999999999999"))

    findings = lz.LandingZoneChecks(organization_accounts=["111111111111", "222222222222"]).check_assembly(app.synth())

    assert [f.rule_id for f in findings] == ["LZ-XA3"]
    assert [r.rule_id for r in lz.LandingZoneChecks.rules()][:4] == ["LZ-GH1", "LZ-GH2", "LZ-GH3", "LZ-GH4"]
