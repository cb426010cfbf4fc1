import { Duration, Fn, Token } from 'aws-cdk-lib';
import { parseBackupVaultArn } from './validation';
import { LandingZoneInputError, refuseLater, throwIfRefused } from '../private/errors';

/**
 * A vault that backup plans copy recovery points into, usually in the backup
 * account: a `CentralBackupVault`, an `AirGappedBackupVault`, or
 * `BackupCopyDestination.fromVaultArn(...)` for a vault of another app.
 */
export interface IBackupCopyDestination {
  /** The ARN of the destination vault. */
  readonly destinationVaultArn: string;

  /** The account of the destination vault: the account the source key is shared with. */
  readonly destinationAccount: string;

  /**
   * The shortest retention the destination accepts (its lock), if known.
   * When set, copies must expire, no earlier than this.
   */
  readonly minRetention?: Duration;

  /** The longest retention the destination accepts (its lock), if known. */
  readonly maxRetention?: Duration;
}

/** What is known of a destination vault given by ARN. */
export interface BackupCopyDestinationOptions {
  /**
   * The destination's lock minimum retention, so that plans copying into it
   * are checked at synthesis.
   *
   * @default - not checked
   */
  readonly minRetention?: Duration;

  /**
   * The destination's lock maximum retention.
   *
   * @default - not checked
   */
  readonly maxRetention?: Duration;
}

/**
 * A copy destination given by the ARN of its vault, for a central vault
 * deployed by another app.
 */
export class BackupCopyDestination implements IBackupCopyDestination {
  /**
   * The vault `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`.
   * A literal ARN is checked; a deploy-time value is passed through.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
   */
  public static fromVaultArn(vaultArn: string, options: BackupCopyDestinationOptions = {}): BackupCopyDestination {
    return refuseLater(
      [],
      () => {
        if (Token.isUnresolved(vaultArn)) {
          return new BackupCopyDestination(vaultArn, Fn.select(4, Fn.split(':', vaultArn)), options);
        }
        const parsed = parseBackupVaultArn(vaultArn);
        if (!parsed) {
          throw new LandingZoneInputError({
            construct: 'BackupCopyDestination',
            input: 'vaultArn',
            received: vaultArn,
            expected: 'a backup vault ARN, arn:<partition>:backup:<region>:<12-digit account>:backup-vault:<name>, no wildcards',
          });
        }
        return new BackupCopyDestination(vaultArn, parsed.account, options);
      },
      // The vault that copies to it refuses it, naming its path.
      () => new BackupCopyDestination('', '', options),
    );
  }

  public readonly minRetention?: Duration;
  public readonly maxRetention?: Duration;
  private readonly vaultArn: string;
  private readonly account: string;

  private constructor(vaultArn: string, account: string, options: BackupCopyDestinationOptions) {
    this.vaultArn = vaultArn;
    this.account = account;
    this.minRetention = options?.minRetention;
    this.maxRetention = options?.maxRetention;
  }

  public get destinationVaultArn(): string {
    throwIfRefused(this);
    return this.vaultArn;
  }

  public get destinationAccount(): string {
    throwIfRefused(this);
    return this.account;
  }
}
