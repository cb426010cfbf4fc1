"""Python consumer test for the hub, the spokes and the fleet roll-out."""
import json

import aws_cdk as cdk
import pytest

import cdk_landing_zone as lz

ORG = "o-a1b2c3d4e5"


def _hub(app):
    stack = cdk.Stack(app, "Security", env=cdk.Environment(account="222222222222", region="eu-west-1"))
    return lz.HubRole(
        stack,
        "Hub",
        organization_id=ORG,
        environment=lz.AccountEnvironment.PRODUCTION,
        trusted_principals=[lz.HubPrincipal.automation("arn:aws:iam::222222222222:role/audit-automation")],
    )


def test_spoke_trusts_the_exact_hub_inside_the_organization(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    hub = _hub(app)
    spoke_stack = cdk.Stack(app, "Production", env=cdk.Environment(account="555555555555", region="eu-west-1"))
    lz.SpokeRole(spoke_stack, "Spoke", hub=hub, environment=lz.AccountEnvironment.PRODUCTION)
    app.synth()
    template = json.loads((tmp_path / "Production.template.json").read_text())
    role = next(r for r in template["Resources"].values() if r["Type"] == "AWS::IAM::Role")
    condition = role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]
    assert condition["StringEquals"] == {"aws:PrincipalOrgID": ORG}
    assert condition["ArnEquals"]["aws:PrincipalArn"] == {
        "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::222222222222:role/landing-zone/landing-zone-hub"]]
    }


def test_fleet_rolls_the_spoke_out_to_ous(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    hub = _hub(app)
    management = cdk.Stack(app, "Management", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    lz.SpokeFleet(
        management,
        "Spokes",
        hub=hub,
        environment=lz.AccountEnvironment.PRODUCTION,
        organizational_unit_ids=["ou-ab12-prod0001"],
    )
    app.synth()
    template = json.loads((tmp_path / "Management.template.json").read_text())
    stack_set = next(r for r in template["Resources"].values() if r["Type"] == "AWS::CloudFormation::StackSet")
    assert stack_set["Properties"]["PermissionModel"] == "SERVICE_MANAGED"
    assert stack_set["Properties"]["AutoDeployment"] == {"Enabled": True, "RetainStacksOnAccountRemoval": False}
    body = json.loads(stack_set["Properties"]["TemplateBody"])
    assert [r["Type"] for r in body["Resources"].values()] == ["AWS::IAM::Role"]


def test_production_spoke_refuses_a_non_production_hub():
    app = cdk.App()
    stack = cdk.Stack(app, "Security", env=cdk.Environment(account="222222222222", region="eu-west-1"))
    hub = lz.HubRole(
        stack,
        "Hub",
        organization_id=ORG,
        environment=lz.AccountEnvironment.NON_PRODUCTION,
        trusted_principals=[lz.HubPrincipal.automation("arn:aws:iam::222222222222:role/audit-automation")],
    )
    with pytest.raises(RuntimeError, match=r"SpokeRole \(Security/Spoke\): invalid hub"):
        lz.SpokeRole(stack, "Spoke", hub=hub, environment=lz.AccountEnvironment.PRODUCTION)


def test_access_map_reads_the_synthesized_app(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    hub = _hub(app)
    spoke_stack = cdk.Stack(app, "Production", env=cdk.Environment(account="555555555555", region="eu-west-1"))
    lz.SpokeRole(spoke_stack, "Spoke", hub=hub, environment=lz.AccountEnvironment.PRODUCTION)
    access = lz.AccessMap.from_assembly(app.synth())
    assert [(e.spoke_role_name, e.spoke_targets) for e in access.hub_access] == [("landing-zone-spoke", "account 555555555555")]
    assert "```mermaid" in access.to_markdown()
