// What BackupVault and CentralBackupVault share: key, vault, access policy,
// lock, and the members of an aws-cdk-lib IBackupVault. Not exported from the
// package: jsii erases the base and blends its members into both classes, as
// aws-cdk-lib does with the BackupVaultBase of aws-backup/lib/vault.ts.
import { Annotations, ArnFormat, Names, RemovalPolicy, Resource, Stack, Tags, Token, aws_backup as backup, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { BackupRestoreTesting, BackupRestoreTestingOptions } from './restore-testing';
import {
  COPY_KEY_ACTIONS,
  COPY_KEY_GRANT_ACTIONS,
  protectRecoveryPointsStatement,
  renderLock,
  validateExemptPrincipalArns,
  validateVaultName,
  warnWithoutExemptions,
} from './validation';
import { VaultLock } from './vault-lock';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { PROTECTED_KEY_ACTIONS, PROTECTED_TAG } from '../private/landing-zone';

/** Props every vault of this family takes. */
export interface VaultBaseProps {
  readonly backupVaultName?: string;
  readonly encryptionKey?: kms.IKey;
  readonly lock?: VaultLock;
  readonly exemptPrincipalArns?: string[];
  readonly removalPolicy?: RemovalPolicy;
}

/** A vault name derived from the construct path: letters and digits, at most 50. */
export function defaultVaultName(scope: Construct): string {
  const id = Names.uniqueId(scope);
  return id.slice(Math.max(0, id.length - 50));
}

/** The vault's name: the one given, or one derived from the construct path. */
export function vaultNameOf(scope: Construct, backupVaultName: string | undefined): string {
  return backupVaultName ?? defaultVaultName(scope);
}

/** The ARN of a backup vault named `name` in the stack of `scope`. */
export function vaultArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'backup', resource: 'backup-vault', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/** The account's literal id, or a phrase for a deploy-time value. */
export function describeAccount(account: string): string {
  return Token.isUnresolved(account) ? 'the destination account' : `account ${account}`;
}

/**
 * Adds statements to a vault's key policy; warns, naming what the policy
 * must allow, when the key is imported and its policy cannot be changed here.
 */
export function addKeyStatements(
  vault: IConstruct,
  construct: string,
  key: kms.IKey,
  statements: iam.PolicyStatement[],
  purpose: string,
  principal: string,
): void {
  const added = statements.map((s) => key.addToResourcePolicy(s).statementAdded);
  if (added.every((a) => a)) {
    return;
  }
  Annotations.of(vault).addWarningV2(
    'cdk-landing-zone:backup-vault-imported-key',
    `${construct}: the encryption key is imported, so its key policy cannot be changed here. For ${purpose}, ` +
      `its key policy must allow ${principal} ${COPY_KEY_ACTIONS.join(', ')}, and ${COPY_KEY_GRANT_ACTIONS.join(', ')} ` +
      'with Bool kms:GrantIsForAWSResource true; the copy jobs fail otherwise.',
  );
}

/**
 * Denies destroying, disabling, re-policing, weakening, un-granting or
 * retagging a key the library created for backups to everyone but the
 * exempt principals, in its own key policy: the boundary fences its holders
 * only, this fences the account's unbounded administrators and its root user
 * too. KMS requires that whoever creates a key may change its policy later
 * (the lockout safety check): deploy the vault as an exempt principal. With
 * no exempt principal, nobody may ever change the key policy, and the check
 * is skipped.
 */
export function protectKey(key: kms.Key, exemptPrincipalArns: string[]): void {
  const exempt = exemptPrincipalArns.length > 0 || Token.isUnresolved(exemptPrincipalArns);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyDestroyingTheKey',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: PROTECTED_KEY_ACTIONS,
      resources: ['*'],
      conditions: exempt ? { ArnNotEquals: { 'aws:PrincipalArn': exemptPrincipalArns } } : undefined,
    }),
  );
  if (!exempt) {
    (key.node.defaultChild as kms.CfnKey).bypassPolicyLockoutSafetyCheck = true;
  }
}

/**
 * The base of the library's backup vaults: a customer managed key (created,
 * with rotation, unless given), the aws-cdk-lib vault, its access policy that
 * protects recovery points from everyone not exempt, and its lock. Validates
 * the props first.
 *
 * @jsii ignore
 */
export abstract class LandingZoneVaultBase extends Resource implements backup.IBackupVault {
  /** The vault's name. */
  public readonly backupVaultName: string;
  /** The vault's ARN (a deploy-time value). */
  public readonly backupVaultArn: string;
  /** The key that encrypts the vault. */
  public readonly encryptionKey: kms.IKey;
  /** The principals exempt from the access policy's Deny. */
  public readonly exemptPrincipalArns: string[];
  /** The vault's access policy. */
  public readonly accessPolicy: iam.PolicyDocument;
  /** The aws-cdk-lib vault. */
  public readonly vault: backup.BackupVault;

  /**
   * @param construct the class name error messages and warnings start with
   * @param kind what the created key's description calls the vault, e.g. `backup vault`
   */
  protected constructor(scope: Construct, id: string, props: VaultBaseProps, construct: string, kind: string) {
    super(scope, id);
    validateVaultName(construct, this, 'backupVaultName', props.backupVaultName);
    const lock = props.lock ? renderLock(construct, this, props.lock) : undefined;
    this.exemptPrincipalArns = validateExemptPrincipalArns(construct, this, props.exemptPrincipalArns);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      this.encryptionKey = new kms.Key(this, 'Key', {
        description: `Encrypts the ${kind} ${this.node.path}`,
        enableKeyRotation: true,
        removalPolicy,
      });
      // The permissions boundary fences keys that carry this tag (docs/security-model.md#permission-boundary).
      Tags.of(this.encryptionKey).add(PROTECTED_TAG, 'backup-key');
      protectKey(this.encryptionKey as kms.Key, this.exemptPrincipalArns);
    }
    this.accessPolicy = new iam.PolicyDocument({ statements: [protectRecoveryPointsStatement(this.exemptPrincipalArns)] });
    this.vault = new backup.BackupVault(this, 'Resource', {
      backupVaultName: vaultNameOf(this, props.backupVaultName),
      encryptionKey: this.encryptionKey,
      accessPolicy: this.accessPolicy,
      removalPolicy,
    });
    if (lock) {
      (this.vault.node.defaultChild as backup.CfnBackupVault).lockConfiguration = lock;
    }
    warnWithoutExemptions(this, construct, this.exemptPrincipalArns);
    // The access policy as synthesized, statements added later included (docs/security-model.md#checks).
    this.node.addValidation({ validate: () => auditConstruct({ construct, scope: this, ruleIds: ['LZ-BK3', 'LZ-BK4'] }) });
    this.backupVaultName = this.vault.backupVaultName;
    this.backupVaultArn = this.vault.backupVaultArn;
  }

  /** A reference to the vault, for aws-cdk-lib constructs that take one. */
  public get backupVaultRef(): backup.BackupVaultReference {
    return this.vault.backupVaultRef;
  }

  /** Grants identity-based permissions on the vault (no wildcard actions). */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return this.vault.grant(grantee, ...actions);
  }

  /** Adds a restore testing plan for the recovery points held in this vault. */
  public addRestoreTesting(id: string, options: BackupRestoreTestingOptions): BackupRestoreTesting {
    return new BackupRestoreTesting(this, id, { ...options, vault: this });
  }
}
