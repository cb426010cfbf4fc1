import { Annotations, Duration, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AirGappedBackupVault, AirGappedVaultOptions } from './air-gapped-vault';
import { BackupVaultCommonProps } from './backup-vault';
import { IBackupCopyDestination } from './copy-destination';
import { allowCopyFromOrganizationStatement, COPY_KEY_ACTIONS, COPY_KEY_GRANT_ACTIONS, isAwsManagedKey } from './validation';
import { addKeyStatements, LandingZoneVaultBase, vaultArn, vaultNameOf } from './vault-base';
import { VaultLock } from './vault-lock';
import { futurePath, LandingZoneInputError, requireProps } from '../private/errors';
import { validateAccountId, validateOrganizationId, validateOrgPaths } from '../private/org-ids';

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

    const stack = Stack.of(this);
    const sources = copySources(this, props);
    this.copySourceAccounts = props.copySourceAccounts;
    this.copySourceOrganizationPaths = props.copySourceOrganizationPaths;
    const viaBackup = { 'kms:ViaService': `backup.${stack.region}.${stack.urlSuffix}` };
    for (const source of sources) {
      this.accessPolicy.addStatements(allowCopyFromOrganizationStatement(props.organizationId, source.sid, source.conditions));
      addKeyStatements(
        this,
        CONSTRUCT,
        this.encryptionKey,
        [
          new iam.PolicyStatement({
            sid: `AllowCopiesFrom${source.sid}`,
            principals: [new iam.AnyPrincipal()],
            actions: COPY_KEY_ACTIONS,
            resources: ['*'],
            conditions: withStringEquals(source.conditions, { 'aws:PrincipalOrgID': props.organizationId, ...viaBackup }),
          }),
          new iam.PolicyStatement({
            sid: `AllowCopyGrantsFrom${source.sid}`,
            principals: [new iam.AnyPrincipal()],
            actions: COPY_KEY_GRANT_ACTIONS,
            resources: ['*'],
            conditions: {
              ...withStringEquals(source.conditions, { 'aws:PrincipalOrgID': props.organizationId, ...viaBackup }),
              Bool: { 'kms:GrantIsForAWSResource': 'true' },
            },
          }),
        ],
        'copies into this vault',
        `${source.description} (through AWS Backup: kms:ViaService ${viaBackup['kms:ViaService']})`,
      );
    }

    if (props.airGappedVault) {
      this.airGappedVault = new AirGappedBackupVault(this, 'AirGapped', {
        ...props.airGappedVault,
        organizationId: props.organizationId,
        exemptPrincipalArns: props.exemptPrincipalArns,
        removalPolicy: props.removalPolicy,
      });
    }
  }
}

/** One way in for copies: a statement id suffix, the conditions beside the organization's, and words for warnings. */
interface CopySource {
  readonly sid: string;
  readonly conditions: Record<string, Record<string, unknown>>;
  readonly description: string;
}

/** The ways in that the props allow, validated; the whole organization (with a warning) when none is named. */
function copySources(vault: CentralBackupVault, props: CentralBackupVaultProps): CopySource[] {
  const accounts = props.copySourceAccounts;
  const paths = props.copySourceOrganizationPaths;
  if (accounts !== undefined && !Token.isUnresolved(accounts)) {
    if (accounts.length === 0) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: vault,
        input: 'copySourceAccounts',
        received: accounts,
        expected: 'at least one account, or no copySourceAccounts at all',
      });
    }
    accounts.forEach((account, i) => validateAccountId(CONSTRUCT, vault, `copySourceAccounts[${i}]`, account));
  }
  validateOrgPaths(CONSTRUCT, vault, paths, props.organizationId, 'copySourceOrganizationPaths');
  const sources: CopySource[] = [];
  if (accounts !== undefined) {
    sources.push({ sid: 'Accounts', conditions: { StringEquals: { 'aws:PrincipalAccount': accounts } }, description: 'principals of the accounts in copySourceAccounts' });
  }
  if (paths !== undefined) {
    const patterns = Token.isUnresolved(paths) ? paths : paths.map((p) => (p.endsWith('*') ? p : `${p}*`));
    sources.push({
      sid: 'OrganizationPaths',
      conditions: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': patterns } },
      description: 'principals of the organization paths in copySourceOrganizationPaths',
    });
  }
  if (sources.length === 0) {
    Annotations.of(vault).addWarningV2(
      'cdk-landing-zone:central-vault-any-source',
      `${CONSTRUCT}: every account of ${props.organizationId} may copy into this locked vault; a sandbox account could fill it with copies nobody can delete ` +
        'before their retention ends. Name the sources with copySourceAccounts or copySourceOrganizationPaths.',
    );
    sources.push({ sid: 'Organization', conditions: {}, description: `principals of ${props.organizationId} (StringEquals aws:PrincipalOrgID)` });
  }
  return sources;
}

type Conditions = Record<string, Record<string, unknown>>;

/** The conditions with `extra` merged into their StringEquals operator. */
function withStringEquals(conditions: Conditions, extra: Record<string, unknown>): Conditions {
  return { ...conditions, StringEquals: { ...(conditions.StringEquals ?? {}), ...extra } };
}
