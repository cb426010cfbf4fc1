"""The Python twin of the example landing zone (examples/python/landing_zone.py),
synthesized from the jsii-built wheel, must produce the same templates as the
TypeScript estate (examples/landing-zone.ts), in both of its variants: the
default estate (workload accounts by account stacks) and the estate with fleets
(workload baselines delivered by BaselineFleets). Only Metadata may differ (at
the template and resource level, and at the resource level of each StackSet's
body): it holds the cdk-nag suppressions that the TypeScript example adds."""
import json
import os
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))

import landing_zone  # noqa: E402

STACKSET = "AWS::CloudFormation::StackSet"


def _body(template_body: str) -> dict:
    """A StackSet's body, parsed, without resource Metadata."""
    body = json.loads(template_body)
    for resource in body.get("Resources", {}).values():
        resource.pop("Metadata", None)
    return body


def _templates(directory: Path) -> dict:
    out = {}
    for path in sorted(directory.glob("*.template.json")):
        template = json.loads(path.read_text())
        template.pop("Metadata", None)  # stack-level cdk-nag suppressions of the TypeScript example
        for resource in template.get("Resources", {}).values():
            resource.pop("Metadata", None)
            if resource.get("Type") == STACKSET:
                # Compared as parsed JSON, not as the string CloudFormation receives.
                resource["Properties"]["TemplateBody"] = _body(resource["Properties"]["TemplateBody"])
        template.get("Resources", {}).pop("CDKMetadata", None)
        out[path.name] = template
    return out


def _stack_set_bodies(templates: dict) -> dict:
    """Every StackSet of the estate by name: its parsed body (without resource Metadata)."""
    return {
        resource["Properties"]["StackSetName"]: resource["Properties"]["TemplateBody"]
        for template in templates.values()
        for resource in template.get("Resources", {}).values()
        if resource.get("Type") == STACKSET
    }


@pytest.fixture(scope="module")
def typescript_outdir(tmp_path_factory) -> Path:
    """examples/main.ts: the default estate in LZ_OUTDIR, the estate with fleets in LZ_OUTDIR/fleets."""
    outdir = tmp_path_factory.mktemp("ts")
    env = dict(os.environ, LZ_OUTDIR=str(outdir), TS_NODE_TRANSPILE_ONLY="1")
    subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "ts-node"), "--project", "tsconfig.dev.json", "examples/main.ts"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    return outdir


@pytest.fixture(scope="module")
def typescript_templates(typescript_outdir) -> dict:
    return _templates(typescript_outdir)


@pytest.fixture(scope="module")
def typescript_fleet_templates(typescript_outdir) -> dict:
    return _templates(typescript_outdir / "fleets")


def _synth_python(outdir: Path, **options) -> dict:
    app = cdk.App(outdir=str(outdir))
    landing_zone.build_landing_zone(app, **options)
    app.synth()
    return _templates(outdir)


@pytest.fixture(scope="module")
def python_templates(tmp_path_factory) -> dict:
    return _synth_python(tmp_path_factory.mktemp("py"))


@pytest.fixture(scope="module")
def python_fleet_templates(tmp_path_factory) -> dict:
    return _synth_python(tmp_path_factory.mktemp("py-fleets"), workloads="fleets")


def test_the_same_stacks(typescript_templates, python_templates):
    assert sorted(python_templates) == sorted(typescript_templates)
    assert len(python_templates) == 17


@pytest.mark.parametrize("stack", [
    "Management", "Security", "Backup", "Network", "Production", "Sandbox", "ProductionDns", "SandboxDns",
    "ManagementBootstrapBootstrap", "SecurityBaseBootstrap", "BackupBaseBootstrap", "NetworkInfrastructureBootstrap",
    "ProductionBaseBootstrap", "ProductionInfrastructureBootstrap", "ProductionServicesBootstrap",
    "SandboxInfrastructureBootstrap", "SandboxServicesBootstrap",
])
def test_the_same_template(stack, typescript_templates, python_templates):
    name = f"{stack}.template.json"
    assert python_templates[name] == typescript_templates[name]


# The estate with fleets: no Production or Sandbox account stacks nor their bootstrap stacks;
# the management account holds each class's fleet in its own stacks instead.
FLEET_STACKS = [
    "Management", "Security", "Backup", "Network", "ProductionDns", "SandboxDns",
    "ManagementBootstrapBootstrap", "SecurityBaseBootstrap", "BackupBaseBootstrap", "NetworkInfrastructureBootstrap",
    "ProductionBaseline", "ProductionBaseBootstrapFleet", "ProductionInfrastructureBootstrapFleet",
    "ProductionServicesBootstrapFleet", "ProductionBackupFleet",
    "SandboxBaseline", "SandboxInfrastructureBootstrapFleet", "SandboxServicesBootstrapFleet", "SandboxBackupFleet",
]

# The spokes of both OUs, then each class's stages in their order: boundary, access, one bootstrap per tier, backup.
FLEET_STACK_SETS = [
    "landing-zone-spoke-production", "landing-zone-spoke-sandbox",
    "landing-zone-production-boundary", "landing-zone-production-access", "landing-zone-production-basebootstrap",
    "landing-zone-production-infrastructurebootstrap", "landing-zone-production-servicesbootstrap",
    "landing-zone-production-backup",
    "landing-zone-sandbox-boundary", "landing-zone-sandbox-access", "landing-zone-sandbox-infrastructurebootstrap",
    "landing-zone-sandbox-servicesbootstrap", "landing-zone-sandbox-backup",
]


def test_fleets_the_same_stacks(typescript_fleet_templates, python_fleet_templates):
    assert len(FLEET_STACKS) == 19
    assert sorted(typescript_fleet_templates) == sorted(f"{stack}.template.json" for stack in FLEET_STACKS)
    assert sorted(python_fleet_templates) == sorted(typescript_fleet_templates)


@pytest.mark.parametrize("stack", FLEET_STACKS)
def test_fleets_the_same_template(stack, typescript_fleet_templates, python_fleet_templates):
    name = f"{stack}.template.json"
    assert python_fleet_templates[name] == typescript_fleet_templates[name]


def test_fleets_the_same_stack_sets(typescript_fleet_templates, python_fleet_templates, python_templates):
    assert len(FLEET_STACK_SETS) == 13
    assert sorted(_stack_set_bodies(typescript_fleet_templates)) == sorted(FLEET_STACK_SETS)
    assert sorted(_stack_set_bodies(python_fleet_templates)) == sorted(FLEET_STACK_SETS)
    # The default estate delivers only the spokes by StackSet.
    assert sorted(_stack_set_bodies(python_templates)) == FLEET_STACK_SETS[:2]


@pytest.mark.parametrize("stack_set", FLEET_STACK_SETS)
def test_fleets_the_same_stack_set_body(stack_set, typescript_fleet_templates, python_fleet_templates):
    typescript_body = _stack_set_bodies(typescript_fleet_templates)[stack_set]
    python_body = _stack_set_bodies(python_fleet_templates)[stack_set]
    assert python_body["Resources"], f"{stack_set}: an empty body"
    assert python_body == typescript_body


def test_workloads_refuses_an_unknown_variant():
    with pytest.raises(ValueError, match="workloads must be one of accounts, fleets, not 'fleet'"):
        landing_zone.build_landing_zone(cdk.App(), workloads="fleet")
