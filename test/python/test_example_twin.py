"""The Python twin of the example landing zone (examples/python/landing_zone.py),
synthesized from the jsii-built wheel, must produce the same templates as the
TypeScript estate (examples/landing-zone.ts). Only Metadata may differ (at the
template and resource level): it holds the cdk-nag suppressions that the
TypeScript example adds."""
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


def _templates(directory: Path) -> dict:
    out = {}
    for path in sorted(directory.glob("*.template.json")):
        template = json.loads(path.read_text())
        template.pop("Metadata", None)  # stack-level cdk-nag suppressions of the TypeScript example
        for resource in template.get("Resources", {}).values():
            resource.pop("Metadata", None)
        template.get("Resources", {}).pop("CDKMetadata", None)
        out[path.name] = template
    return out


@pytest.fixture(scope="module")
def typescript_templates(tmp_path_factory) -> dict:
    outdir = tmp_path_factory.mktemp("ts")
    env = dict(os.environ, LZ_OUTDIR=str(outdir), TS_NODE_TRANSPILE_ONLY="1")
    subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "ts-node"), "--project", "tsconfig.dev.json", "examples/main.ts"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    return _templates(outdir)


@pytest.fixture(scope="module")
def python_templates(tmp_path_factory) -> dict:
    outdir = tmp_path_factory.mktemp("py")
    app = cdk.App(outdir=str(outdir))
    landing_zone.build_landing_zone(app)
    app.synth()
    return _templates(outdir)


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
