"""The README's Python examples, combined in one app (examples/python/readme_app.py),
synthesized from the built wheel with LandingZoneChecks attached."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))

import cdk_landing_zone as lz  # noqa: E402
import readme_app  # noqa: E402

ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666"]


def _meaningful(line):
    t = line.strip()
    return bool(t) and not (
        t.startswith(("import ", "from ", "#"))
        or t in ("app = App()", "app = cdk.App()")
        or re.fullmatch(r"[\]\)\}:,]+", t)
    )


def test_every_readme_python_line_is_in_the_combined_app():
    readme = (ROOT / "README.md").read_text()
    combined = {line.strip() for line in (ROOT / "examples" / "python" / "readme_app.py").read_text().splitlines()}
    examples = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(examples) >= 6
    missing = [
        f"example {i + 1}: {line.strip()}"
        for i, example in enumerate(examples)
        for line in example.splitlines()
        if _meaningful(line) and line.strip() not in combined
    ]
    assert missing == []


def test_combined_app_has_no_finding_and_no_warning(tmp_path, capfd):
    assembly = readme_app.build_readme_app(str(tmp_path)).synth()

    printed = "".join(capfd.readouterr())
    assert re.search(r"cdk-landing-zone-checks[^\n]*success", printed)
    checks = lz.LandingZoneChecks(organization_accounts=ACCOUNTS)
    assert list(checks.check_assembly(assembly)) == []
    assert sorted(s.finding.rule_id for s in checks.suppressed_findings(assembly)) == ["LZ-BK1", "LZ-BK2", "LZ-BK3"]
    warnings = [
        f"{m.id}: {m.entry.data}"
        for stack in assembly.stacks_recursively
        for m in stack.messages
        if getattr(m.level, "value", m.level) in ("warning", "error")
    ]
    assert warnings == []
    assert sorted(s.stack_name for s in assembly.stacks_recursively) == [
        "Backup", "Management", "Network", "Production", "ProductionDns", "Sandbox", "Security",
        "ServicesBootstrap", "ShopAccount", "ShopService",
    ]
    # IAM names are account-wide: two stacks of one account must not create the same managed policy.
    policies = [
        f"{stack.environment.account} {r['Properties'].get('Path', '/')}{r['Properties']['ManagedPolicyName']}"
        for stack in assembly.stacks_recursively
        for r in stack.template.get("Resources", {}).values()
        if r["Type"] == "AWS::IAM::ManagedPolicy" and isinstance(r.get("Properties", {}).get("ManagedPolicyName"), str)
    ]
    assert sorted(set(p for p in policies if policies.count(p) > 1)) == []
    # The app wrote its templates where it was told, not into a temporary folder.
    assert len(list(tmp_path.glob("*.template.json"))) == 10
