// The part BackupVault and CentralBackupVault share: key, vault, access
// policy, lock. Not exported from the package.
import { Annotations, ArnFormat, Names, RemovalPolicy, Stack, Token, aws_backup as backup, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
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

/** Props every vault of this family takes. */
export interface VaultCoreProps {
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

/** Key, vault, access policy and lock of a vault; validates its props first. */
export class VaultCore {
  /** The account's literal id, or a phrase for a deploy-time value. */
  public static describeAccount(account: string): string {
    return Token.isUnresolved(account) ? 'the destination account' : `account ${account}`;
  }

  /** The ARN of a backup vault named `name` in the stack of `scope`. */
  public static vaultArn(scope: Construct, name: string): string {
    return Stack.of(scope).formatArn({ service: 'backup', resource: 'backup-vault', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  public readonly vault: backup.BackupVault;
  public readonly key: kms.IKey;
  public readonly accessPolicy: iam.PolicyDocument;
  public readonly exemptPrincipalArns: string[];
  public readonly backupVaultName: string;
  public readonly removalPolicy: RemovalPolicy;

  constructor(private readonly scope: Construct, private readonly construct: string, props: VaultCoreProps, keyDescription: string) {
    validateVaultName(construct, scope, 'backupVaultName', props.backupVaultName);
    const lock = props.lock ? renderLock(construct, scope, props.lock) : undefined;
    this.exemptPrincipalArns = validateExemptPrincipalArns(construct, scope, props.exemptPrincipalArns);
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.backupVaultName = props.backupVaultName ?? defaultVaultName(scope);

    this.key =
      props.encryptionKey ??
      new kms.Key(scope, 'Key', {
        description: keyDescription,
        enableKeyRotation: true,
        removalPolicy: this.removalPolicy,
      });
    this.accessPolicy = new iam.PolicyDocument({ statements: [protectRecoveryPointsStatement(this.exemptPrincipalArns)] });
    this.vault = new backup.BackupVault(scope, 'Resource', {
      backupVaultName: this.backupVaultName,
      encryptionKey: this.key,
      accessPolicy: this.accessPolicy,
      removalPolicy: this.removalPolicy,
    });
    if (lock) {
      (this.vault.node.defaultChild as backup.CfnBackupVault).lockConfiguration = lock;
    }
    warnWithoutExemptions(scope, construct, this.exemptPrincipalArns);
  }

  /**
   * Adds statements to the key policy; warns, naming what the policy must
   * allow, when the key is imported and its policy cannot be changed here.
   */
  public addKeyStatements(statements: iam.PolicyStatement[], purpose: string, principal: string): void {
    const added = statements.map((s) => this.key.addToResourcePolicy(s).statementAdded);
    if (added.every((a) => a)) {
      return;
    }
    Annotations.of(this.scope).addWarningV2(
      'cdk-landing-zone:backup-vault-imported-key',
      `${this.construct}: the encryption key is imported, so its key policy cannot be changed here. For ${purpose}, ` +
        `its key policy must allow ${principal} ${COPY_KEY_ACTIONS.join(', ')}, and ${COPY_KEY_GRANT_ACTIONS.join(', ')} ` +
        'with Bool kms:GrantIsForAWSResource true; the copy jobs fail otherwise.',
    );
  }
}
