import { Duration } from 'aws-cdk-lib';

/** The mode of an AWS Backup Vault Lock. */
export enum VaultLockMode {
  /**
   * Governance mode: the lock can be changed or removed at any time by a
   * principal allowed `backup:PutBackupVaultLockConfiguration` or
   * `backup:DeleteBackupVaultLockConfiguration`.
   */
  GOVERNANCE = 'GOVERNANCE',
  /**
   * Compliance mode: after the grace period (`changeableFor`) nobody, not
   * even the root user or AWS, can change or remove the lock, and the vault
   * cannot be deleted while it holds recovery points.
   */
  COMPLIANCE = 'COMPLIANCE',
}

/** Options of a vault lock in governance mode. */
export interface GovernanceVaultLockOptions {
  /**
   * The shortest retention a backup or copy job into the vault may set:
   * 1 to 36,500 days, whole days.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
   */
  readonly minRetention: Duration;

  /**
   * The longest retention a backup or copy job into the vault may set:
   * more than `minRetention`, at most 36,500 days, whole days.
   *
   * @default - no maximum
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
   */
  readonly maxRetention?: Duration;
}

/** Options of a vault lock in compliance mode. */
export interface ComplianceVaultLockOptions extends GovernanceVaultLockOptions {
  /**
   * The grace period after which the lock can no longer be changed or
   * removed: at least 3 days, whole days.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/APIReference/API_PutBackupVaultLockConfiguration.html
   */
  readonly changeableFor: Duration;

  /**
   * Set to `true` to confirm that you understand that, once `changeableFor`
   * has passed, the lock is permanent: retention cannot be shortened, and
   * the vault cannot be deleted while it holds recovery points.
   *
   * @default false - the vault refuses the lock
   */
  readonly acknowledgeIrreversible?: boolean;
}

/**
 * An AWS Backup Vault Lock: the retention range every recovery point stored
 * in the vault must respect.
 *
 * Use `VaultLock.governance(...)` for a lock that privileged principals can
 * still lift, `VaultLock.compliance(...)` for one that becomes permanent
 * after a grace period. The values are checked by the vault that uses the
 * lock, so that the error names that vault.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export class VaultLock {
  /**
   * A lock in governance mode: enforced, but removable by a principal with
   * `backup:DeleteBackupVaultLockConfiguration`.
   */
  public static governance(options: GovernanceVaultLockOptions): VaultLock {
    return new VaultLock(VaultLockMode.GOVERNANCE, options.minRetention, options.maxRetention, undefined, false);
  }

  /**
   * A lock in compliance mode: permanent once `changeableFor` has passed.
   * The vault refuses it unless `acknowledgeIrreversible` is `true`.
   */
  public static compliance(options: ComplianceVaultLockOptions): VaultLock {
    const acknowledged = options.acknowledgeIrreversible === true;
    return new VaultLock(VaultLockMode.COMPLIANCE, options.minRetention, options.maxRetention, options.changeableFor, acknowledged);
  }

  /** The lock's mode. */
  public readonly mode: VaultLockMode;
  /** The shortest retention accepted. */
  public readonly minRetention: Duration;
  /** The longest retention accepted, if any. */
  public readonly maxRetention?: Duration;
  /** The grace period of a compliance lock; undefined in governance mode. */
  public readonly changeableFor?: Duration;
  /** Whether the irreversibility of a compliance lock was acknowledged. */
  public readonly irreversibilityAcknowledged: boolean;

  private constructor(
    mode: VaultLockMode,
    minRetention: Duration,
    maxRetention: Duration | undefined,
    changeableFor: Duration | undefined,
    acknowledged: boolean,
  ) {
    this.mode = mode;
    this.minRetention = minRetention;
    this.maxRetention = maxRetention;
    this.changeableFor = changeableFor;
    this.irreversibilityAcknowledged = acknowledged;
  }
}
