"""Python consumer test for the delegated subdomains: the network account's
delegation role and a workload account's child zone, with DNSSEC."""
import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_route53 as route53

import cdk_landing_zone as lz

ORG = "o-a1b2c3d4e5"
NETWORK = "111111111111"
PRODUCTION = "555555555555"
PARENT_ID = "Z0PARENT0000000000001"
NAMES_KEY = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
TYPES_KEY = "route53:ChangeResourceRecordSetsRecordTypes"
ACTIONS_KEY = "route53:ChangeResourceRecordSetsActions"


def _network(app, **role_options):
    stack = cdk.Stack(app, "Network", env=cdk.Environment(account=NETWORK, region="eu-west-1"))
    parent = route53.HostedZone.from_hosted_zone_attributes(stack, "ParentZone", hosted_zone_id=PARENT_ID, zone_name="example.com")
    options = {
        "parent_zone": parent,
        "delegated_zone_names": ["prod.example.com"],
        "owner": lz.SubdomainOwner.delegation_principal(PRODUCTION, "prod.example.com"),
        "organization_id": ORG,
        **role_options,
    }
    role = lz.SubdomainDelegationRole(stack, "ProdDelegation", **options)
    return stack, role


def _production(app, region="us-east-1"):
    return cdk.Stack(app, "Prod", env=cdk.Environment(account=PRODUCTION, region=region))


def test_delegation_role_and_signed_child_zone_synthesize(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    _, role = _network(app, allow_dnssec=True)
    production = _production(app)
    zone = lz.DelegatedSubdomain(
        production,
        "Zone",
        zone_name="prod.example.com",
        parent_zone=lz.ParentZone.from_zone_id(PARENT_ID, "example.com"),
        delegation_role=role.role,
        dnssec=lz.DnssecSigning.with_new_key(ds_record_ttl=cdk.Duration.hours(1)),
    )
    assert zone.zone_name == "prod.example.com"
    assert lz.DelegatedSubdomain.DNSSEC_REGION == "us-east-1"
    app.synth()

    network = json.loads((tmp_path / "Network.template.json").read_text())
    delegation = next(r for r in network["Resources"].values() if r["Type"] == "AWS::IAM::Role")
    statements = delegation["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert [s["Action"] for s in statements] == ["route53:ChangeResourceRecordSets"]
    assert statements[0]["Condition"]["ForAllValues:StringEquals"] == {
        NAMES_KEY: ["prod.example.com"],
        TYPES_KEY: ["NS", "DS"],
        ACTIONS_KEY: ["UPSERT", "DELETE"],
    }
    assert statements[0]["Condition"]["Null"] == {NAMES_KEY: "false", TYPES_KEY: "false", ACTIONS_KEY: "false"}
    trust = delegation["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust[0]["Condition"]["StringEquals"] == {"aws:PrincipalOrgID": ORG}
    principal = lz.DelegatedSubdomain.delegation_principal_name_for("prod.example.com")
    assert principal == zone.delegation_principal_name
    assert json.dumps(trust[0]["Condition"]["ArnEquals"]["aws:PrincipalArn"]).endswith(
        f':iam::{PRODUCTION}:role/landing-zone/{principal}"]]}}'
    )

    child = json.loads((tmp_path / "Prod.template.json").read_text())
    resources = child["Resources"].values()
    types = sorted(r["Type"] for r in resources)
    for expected in [
        "AWS::Route53::HostedZone",
        "Custom::DnsDelegationNsRecord",
        "AWS::KMS::Key",
        "AWS::Route53::KeySigningKey",
        "AWS::Route53::DNSSEC",
        "Custom::DnsDelegationDsRecord",
    ]:
        assert expected in types
    assert types.count("AWS::CloudWatch::Alarm") == 2
    hosted_zone = next(r for r in resources if r["Type"] == "AWS::Route53::HostedZone")
    assert hosted_zone["DeletionPolicy"] == "Retain"
    record = next(r for r in resources if r["Type"] == "Custom::DnsDelegationNsRecord")
    assert record["DeletionPolicy"] == "Delete"
    assert record["Properties"]["ParentZone"] == PARENT_ID
    assert delegation["Properties"]["RoleName"] in json.dumps(record["Properties"]["DelegationRoleArn"])
    function = next(r for r in resources if r["Type"] == "AWS::Lambda::Function")
    assert function["Properties"]["FunctionName"] == principal
    assert "ZipFile" in function["Properties"]["Code"]
    child_role = next(r for r in resources if r["Type"] == "AWS::IAM::Role")
    assert (child_role["Properties"]["Path"], child_role["Properties"]["RoleName"]) == ("/landing-zone/", principal)


def test_child_names_that_are_not_strict_subdomains_are_refused():
    app = cdk.App()
    production = _production(app)
    role = iam.Role.from_role_arn(production, "Role", f"arn:aws:iam::{NETWORK}:role/landing-zone/prod-dns-delegation")
    parent = lz.ParentZone.from_zone_id(PARENT_ID, "example.com")
    with pytest.raises(RuntimeError, match=r"DelegatedSubdomain \(Prod/Look\): invalid zoneName: received \"badexample.com\""):
        lz.DelegatedSubdomain(production, "Look", zone_name="badexample.com", parent_zone=parent, delegation_role=role)
    with pytest.raises(RuntimeError, match=r"DelegatedSubdomain \(Prod/Upper\): invalid zoneName: received \"Prod.example.com\""):
        lz.DelegatedSubdomain(production, "Upper", zone_name="Prod.example.com", parent_zone=parent, delegation_role=role)
    lz.DelegatedSubdomain(production, "Good", zone_name="prod.example.com", parent_zone=parent, delegation_role=role)


def test_wildcard_trust_and_bad_zone_ids_are_refused():
    with pytest.raises(RuntimeError, match=r"SubdomainOwner: invalid accountId: received \"\*\""):
        lz.SubdomainOwner.delegation_principal("*", "prod.example.com").account_id
    with pytest.raises(RuntimeError, match=r"SubdomainOwner: invalid roleArn: received \"arn:aws:iam::555555555555:role/dns-deployer\"; expected the ARN of a role under the protected path /landing-zone/"):
        lz.SubdomainOwner.role(f"arn:aws:iam::{PRODUCTION}:role/dns-deployer").role_arn
    with pytest.raises(RuntimeError, match=r"ParentZone: invalid hostedZoneId: received \"/hostedzone/Z0PARENT\""):
        lz.ParentZone.from_zone_id("/hostedzone/Z0PARENT", "example.com").hosted_zone_id
    with pytest.raises(RuntimeError, match=r"SubdomainDelegationRole \(Network/ProdDelegation\): invalid organizationId"):
        _network(cdk.App(), organization_id="o-123")


def test_dnssec_outside_us_east_1_is_refused():
    app = cdk.App()
    _, role = _network(app, allow_dnssec=True)
    production = _production(app, region="eu-west-1")
    with pytest.raises(RuntimeError, match=r"invalid dnssec \(stack region\): received \"eu-west-1\"; expected a stack in us-east-1"):
        lz.DelegatedSubdomain(
            production,
            "Zone",
            zone_name="prod.example.com",
            parent_zone=lz.ParentZone.from_zone_id(PARENT_ID, "example.com"),
            delegation_role=role.role,
            dnssec=lz.DnssecSigning.with_new_key(),
        )


def test_a_parent_found_by_name_needs_a_role_that_may_look_it_up():
    app = cdk.App()
    _, role = _network(app)
    production = _production(app)
    with pytest.raises(RuntimeError, match=r"received \"a role without allowLookupByName\""):
        lz.DelegatedSubdomain(
            production,
            "Zone",
            zone_name="prod.example.com",
            parent_zone=lz.ParentZone.from_zone_name("example.com"),
            delegation_role=role.role,
        )
