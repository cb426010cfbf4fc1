import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AirGappedBackupVault, AirGappedVaultOptions } from './air-gapped-vault';
import { BackupVaultCommonProps } from './backup-vault';
import { IBackupCopyDestination } from './copy-destination';
import { allowCopiesIn, copySources } from './copy-sources';
import { isAwsManagedKey } from './validation';
import { LandingZoneVaultBase, vaultArn, vaultNameOf } from './vault-base';
import { VaultLock } from './vault-lock';
import { futurePath, LandingZoneInputError, requireProps } from '../private/errors';
import { validateOrganizationId } from '../private/org-ids';

const CONSTRUCT = 'CentralBackupVault';

/** Properties of a `CentralBackupVault`. */
export interface CentralBackupVaultProps extends BackupVaultCommonProps {
  /**
   * The organization whose accounts may copy into the vault: `o-` and 10 to
   * 32 lower-case letters or digits, no wildcards.
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
   */
  readonly organizationId: string;

  /**
   * The accounts that may copy into the vault (their AWS Backup principals,
   * `aws:PrincipalAccount`), on top of the organization condition. With
   * `copySourceOrganizationPaths` too, either admits.
   *
   * @default - no account list; see `copySourceOrganizationPaths`
   */
  readonly copySourceAccounts?: string[];

  /**
   * The organization paths (`o-…/r-…/ou-…/`, with or without a trailing `*`)
   * whose accounts may copy into the vault (`aws:PrincipalOrgPaths`), on top
   * of the organization condition.
   *
   * @default - no path list. With neither this nor `copySourceAccounts`,
   * every account of the organization may copy in, and synthesis warns: a
   * sandbox account could fill a locked vault with copies nobody can delete
   * before their retention ends.
   */
  readonly copySourceOrganizationPaths?: string[];

  /**
   * The vault's lock. Required: a central vault is what survives the loss
   * of a workload account, so its retention must not be shortened.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
   */
  readonly lock: VaultLock;

  /**
   * Also create a logically air-gapped vault that accepts copies from the
   * organization.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
   */
  readonly airGappedVault?: AirGappedVaultOptions;
}

/**
 * The isolated vault of the backup account that workload vaults copy into.
 *
 * - Locked (`VaultLock`), encrypted with its own customer managed key.
 * - Its access policy allows only `backup:CopyIntoBackupVault`, to
 *   principals of the organization (`StringEquals aws:PrincipalOrgID`) and,
 *   when given, only of the listed accounts or organization paths, and
 *   denies deleting, disassociating or shortening recovery points, changing
 *   the lock or the access policy and deleting the vault to everyone not
 *   exempt.
 * - Its key policy lets the same principals use the key for copies in, only
 *   through AWS Backup (`kms:ViaService`), and denies destroying the key to
 *   everyone not exempt.
 * - Optionally, a logically air-gapped vault beside it.
 *
 * Cross-account backup must be enabled once in the management account
 * (AWS Backup settings, or `aws backup update-global-settings --global-settings
 * isCrossAccountBackupEnabled=true`).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
 * @resource AWS::Backup::BackupVault
 */
export class CentralBackupVault extends LandingZoneVaultBase implements IBackupCopyDestination {
  /**
   * The vault's ARN computed from its stack's account and region and its
   * name, usable from the workload stacks of the same app.
   */
  public readonly destinationVaultArn: string;
  /** The backup account: the account of the vault's stack. */
  public readonly destinationAccount: string;
  /** The lock's minimum retention: copies in must expire no earlier. */
  public readonly minRetention?: Duration;
  /** The lock's maximum retention, if any. */
  public readonly maxRetention?: Duration;
  /** The organization allowed to copy in. */
  public readonly organizationId: string;
  /** The accounts allowed to copy in, if narrowed to accounts. */
  public readonly copySourceAccounts?: string[];
  /** The organization paths allowed to copy in, if narrowed to paths. */
  public readonly copySourceOrganizationPaths?: string[];
  /** The vault's lock. */
  public readonly lock: VaultLock;
  /** The logically air-gapped vault, if requested. */
  public readonly airGappedVault?: AirGappedBackupVault;

  constructor(scope: Construct, id: string, props: CentralBackupVaultProps) {
    requireProps(CONSTRUCT, futurePath(scope, id), props, { organizationId: 'string' });
    validateOrganizationId(CONSTRUCT, futurePath(scope, id), props.organizationId);
    if (props.lock === undefined) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: futurePath(scope, id),
        input: 'lock',
        received: undefined,
        expected: 'VaultLock.compliance(...) or VaultLock.governance(...)',
        reason: 'Without a lock, an administrator of the backup account could shorten the retention of every copy.',
      });
    }
    if (props.encryptionKey && isAwsManagedKey(props.encryptionKey)) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: futurePath(scope, id),
        input: 'encryptionKey',
        received: 'an AWS managed key (alias/aws/...)',
        expected: 'a customer managed key',
        reason: 'Copies of resources that AWS Backup does not fully manage need a customer managed key in the destination vault.',
      });
    }
    super(scope, id, props, CONSTRUCT, 'central backup vault');
    this.organizationId = props.organizationId;
    this.lock = props.lock;
    this.minRetention = props.lock.minRetention;
    this.maxRetention = props.lock.maxRetention;
    this.destinationVaultArn = vaultArn(this, vaultNameOf(this, props.backupVaultName));
    this.destinationAccount = Stack.of(this).account;

    const sources = copySources(CONSTRUCT, this, props);
    this.copySourceAccounts = props.copySourceAccounts;
    this.copySourceOrganizationPaths = props.copySourceOrganizationPaths;
    allowCopiesIn(this, CONSTRUCT, this.accessPolicy, this.encryptionKey, props.organizationId, sources);

    if (props.airGappedVault) {
      this.airGappedVault = new AirGappedBackupVault(this, 'AirGapped', {
        ...props.airGappedVault,
        organizationId: props.organizationId,
        copySourceAccounts: props.copySourceAccounts,
        copySourceOrganizationPaths: props.copySourceOrganizationPaths,
        exemptPrincipalArns: props.exemptPrincipalArns,
        removalPolicy: props.removalPolicy,
      });
    }
  }
}
