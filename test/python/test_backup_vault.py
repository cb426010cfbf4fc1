"""Python consumer test for the backup vaults: a central vault in the backup
account and a workload vault copying into it, used the way a Python CDK app
uses them."""
import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as backup
from aws_cdk import aws_events as events

import cdk_landing_zone as lz

ORG = "o-a1b2c3d4e5"
BACKUP_ACCOUNT = "444444444444"
PRODUCTION = "555555555555"
REGION = "eu-west-1"
PROTECTED_ACTIONS = [
    "backup:DeleteBackupVault",
    "backup:DeleteBackupVaultAccessPolicy",
    "backup:DeleteBackupVaultLockConfiguration",
    "backup:DeleteRecoveryPoint",
    "backup:DisassociateRecoveryPoint",
    "backup:DisassociateRecoveryPointFromParent",
    "backup:PutBackupVaultAccessPolicy",
    "backup:PutBackupVaultLockConfiguration",
    "backup:UpdateRecoveryPointLifecycle",
]


def _env(account):
    return cdk.Environment(account=account, region=REGION)


def _central(app):
    stack = cdk.Stack(app, "Backup", env=_env(BACKUP_ACCOUNT))
    return lz.CentralBackupVault(
        stack,
        "CentralVault",
        backup_vault_name="landing-zone-central",
        organization_id=ORG,
        lock=lz.VaultLock.compliance(
            min_retention=cdk.Duration.days(7),
            max_retention=cdk.Duration.days(3650),
            changeable_for=cdk.Duration.days(3),
            acknowledge_irreversible=True,
        ),
        exempt_principal_arns=[f"arn:aws:iam::{BACKUP_ACCOUNT}:role/break-glass"],
        air_gapped_vault=lz.AirGappedVaultOptions(min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(3650)),
    )


def _daily(days):
    return backup.BackupPlanRule(
        rule_name="Daily",
        schedule_expression=events.Schedule.cron(hour="3", minute="0"),
        delete_after=cdk.Duration.days(days),
    )


def _resources(tmp_path, stack_name, resource_type):
    template = json.loads((tmp_path / f"{stack_name}.template.json").read_text())
    return [r for r in template["Resources"].values() if r["Type"] == resource_type]


def test_workload_vault_copies_into_the_central_vault(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    central = _central(app)
    production = cdk.Stack(app, "Production", env=_env(PRODUCTION))
    vault = lz.BackupVault(
        production,
        "Vault",
        lock=lz.VaultLock.governance(min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(400)),
        exempt_principal_arns=[f"arn:aws:iam::{PRODUCTION}:role/break-glass"],
    )
    vault.add_plan("Daily", rules=[_daily(35)], selection_tags={"backup": "daily"}, copy_to=central, copy_delete_after=cdk.Duration.days(90))
    app.synth()

    [workload_vault] = _resources(tmp_path, "Production", "AWS::Backup::BackupVault")
    deny = workload_vault["Properties"]["AccessPolicy"]["Statement"][0]
    assert deny["Effect"] == "Deny"
    assert deny["Principal"] == {"AWS": "*"}
    assert deny["Action"] == PROTECTED_ACTIONS
    assert deny["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": [f"arn:aws:iam::{PRODUCTION}:role/break-glass"]}}
    assert workload_vault["Properties"]["LockConfiguration"] == {"MinRetentionDays": 7, "MaxRetentionDays": 400}

    [plan] = _resources(tmp_path, "Production", "AWS::Backup::BackupPlan")
    [copy] = plan["Properties"]["BackupPlan"]["BackupPlanRule"][0]["CopyActions"]
    assert copy["Lifecycle"] == {"DeleteAfterDays": 90}
    assert copy["DestinationBackupVaultArn"] == {
        "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":backup:{REGION}:{BACKUP_ACCOUNT}:backup-vault:landing-zone-central"]]
    }

    [key] = _resources(tmp_path, "Production", "AWS::KMS::Key")
    sids = [s.get("Sid") for s in key["Properties"]["KeyPolicy"]["Statement"]]
    assert f"AllowCrossAccountCopyTo{BACKUP_ACCOUNT}" in sids
    assert f"AllowCrossAccountCopyGrantsTo{BACKUP_ACCOUNT}" in sids


def test_central_vault_accepts_copies_from_the_organization_only(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    central = _central(app)
    assert central.lock.mode == lz.VaultLockMode.COMPLIANCE
    assert central.destination_account == BACKUP_ACCOUNT
    assert central.air_gapped_vault is not None
    app.synth()

    [vault] = _resources(tmp_path, "Backup", "AWS::Backup::BackupVault")
    allows = [s for s in vault["Properties"]["AccessPolicy"]["Statement"] if s["Effect"] == "Allow"]
    assert allows == [
        {
            "Sid": "AllowCopyIntoVaultFromOrganization",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "backup:CopyIntoBackupVault",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG}},
        }
    ]
    assert vault["Properties"]["LockConfiguration"] == {"MinRetentionDays": 7, "MaxRetentionDays": 3650, "ChangeableForDays": 3}
    [air_gapped] = _resources(tmp_path, "Backup", "AWS::Backup::LogicallyAirGappedBackupVault")
    assert air_gapped["Properties"]["MinRetentionDays"] == 7


def test_restore_testing_from_python(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Production", env=_env(PRODUCTION))
    vault = lz.BackupVault(stack, "Vault", exempt_principal_arns=[f"arn:aws:iam::{PRODUCTION}:role/break-glass"])
    vault.add_restore_testing(
        "RestoreTesting",
        schedule=events.Schedule.cron(week_day="MON", hour="5", minute="0"),
        selections=[
            lz.RestoreTestingSelection.from_tags(lz.RestoreTestingResourceType.EBS, {"backup": "daily"}),
            lz.RestoreTestingSelection.from_arns(
                lz.RestoreTestingResourceType.DYNAMO_DB,
                [f"arn:aws:dynamodb:{REGION}:{PRODUCTION}:table/orders"],
                validation_window=cdk.Duration.hours(4),
            ),
        ],
    )
    app.synth()
    selections = _resources(tmp_path, "Production", "AWS::Backup::RestoreTestingSelection")
    assert sorted(s["Properties"]["ProtectedResourceType"] for s in selections) == ["DynamoDB", "EBS"]


def test_refusals_name_the_construct():
    app = cdk.App()
    stack = cdk.Stack(app, "Backup", env=_env(BACKUP_ACCOUNT))
    with pytest.raises(RuntimeError, match=r"CentralBackupVault \(Backup/Central\): invalid organizationId: received \"o-\*\""):
        lz.CentralBackupVault(stack, "Central", organization_id="o-*", lock=lz.VaultLock.governance(min_retention=cdk.Duration.days(7)))
    with pytest.raises(RuntimeError, match=r"BackupVault \(Backup/Vault\): invalid lock.acknowledgeIrreversible"):
        lz.BackupVault(
            stack,
            "Vault",
            lock=lz.VaultLock.compliance(min_retention=cdk.Duration.days(7), changeable_for=cdk.Duration.days(3)),
        )
    with pytest.raises(RuntimeError, match=r"BackupVault \(Backup/Named\): invalid backupVaultName"):
        lz.BackupVault(stack, "Named", backup_vault_name="no spaces allowed")
    with pytest.raises(RuntimeError, match=r"BackupCopyDestination: invalid vaultArn"):
        lz.BackupCopyDestination.from_vault_arn("central").destination_vault_arn


def test_locked_vault_refuses_a_plan_outside_its_range():
    app = cdk.App()
    stack = cdk.Stack(app, "Production", env=_env(PRODUCTION))
    vault = lz.BackupVault(
        stack,
        "Vault",
        lock=lz.VaultLock.governance(min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(35)),
        exempt_principal_arns=[f"arn:aws:iam::{PRODUCTION}:role/break-glass"],
    )
    with pytest.raises(RuntimeError, match=r"rules\[0\]\.deleteAfter: received \"90 days\""):
        vault.add_plan("TooLong", rules=[_daily(90)], selection_tags={"backup": "daily"})
    plan = vault.add_plan("Fits", rules=[_daily(35)], selection_tags={"backup": "daily"})
    assert plan is not None
