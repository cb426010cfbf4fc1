import { Duration, RemovalPolicy, Resource, Stack, Tags, Token, aws_backup as backup, aws_iam as iam, aws_kms as kms, aws_ram as ram } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IBackupCopyDestination } from './copy-destination';
import { allowCopiesIn, copySources } from './copy-sources';
import {
  AIR_GAPPED_MIN_DAYS,
  checkRetentionRange,
  isAwsManagedKey,
  protectRecoveryPointsStatement,
  validateExemptPrincipalArns,
  validateVaultName,
  warnWithoutExemptions,
  wholeDays,
} from './validation';
import { protectKey, vaultArn, vaultNameOf } from './vault-base';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { LandingZoneInputError, requireProps, validateMatch } from '../private/errors';
import { PROTECTED_TAG } from '../private/landing-zone';
import { validateAccountId, validateOrganizationId } from '../private/org-ids';

const CONSTRUCT = 'AirGappedBackupVault';

/** Options of a logically air-gapped vault. */
export interface AirGappedVaultOptions {
  /**
   * The vault's name: 2 to 50 letters, digits, hyphens or underscores.
   *
   * @default - derived from the construct path
   */
  readonly backupVaultName?: string;

  /**
   * The shortest retention of recovery points copied in: 7 to 36,500 days.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
   */
  readonly minRetention: Duration;

  /** The longest retention of recovery points copied in: more than `minRetention`, at most 36,500 days. */
  readonly maxRetention: Duration;

  /**
   * A customer managed KMS key that encrypts the vault. An AWS managed key
   * (`alias/aws/...`) is refused. An imported key's policy cannot be changed
   * here: synthesis warns with the statements copies in need.
   *
   * @default - an AWS owned key (what AWS recommends for this vault), unless `createEncryptionKey`
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Create a customer managed key for the vault: with rotation, retained
   * like the vault, tagged for the permissions boundary, and a key policy
   * that denies destroying it to everyone not exempt (`DenyDestroyingTheKey`),
   * as the keys of the other vaults.
   *
   * @default false - an AWS owned key
   */
  readonly createEncryptionKey?: boolean;

  /**
   * The multi-party approval team that must approve recovery access to the
   * vault (`arn:<partition>:mpa:<region>:<account>:approval-team/<id>`), so
   * that its recovery points can be restored even when the vault's account
   * is lost. Multi-party approval must be enabled in the organization first.
   *
   * @default - no approval team
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/multipartyapproval.html
   */
  readonly mpaApprovalTeamArn?: string;

  /**
   * An account of the organization (12 digits, not the vault's own) the
   * vault is shared with through AWS RAM, to restore from it there. Only
   * principals of the organization can accept the share.
   *
   * @default - not shared
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
   */
  readonly recoveryAccount?: string;
}

/** Properties of an `AirGappedBackupVault`. */
export interface AirGappedBackupVaultProps extends AirGappedVaultOptions {
  /** The organization whose accounts may copy into the vault (`o-` and 10 to 32 letters or digits). */
  readonly organizationId: string;

  /**
   * The accounts that may copy into the vault (`aws:PrincipalAccount`), on
   * top of the organization condition, as `CentralBackupVault`'s.
   *
   * @default - no account list; see `copySourceOrganizationPaths`
   */
  readonly copySourceAccounts?: string[];

  /**
   * The organization paths whose accounts may copy into the vault
   * (`aws:PrincipalOrgPaths`), as `CentralBackupVault`'s.
   *
   * @default - no path list. With neither this nor `copySourceAccounts`,
   * every account of the organization may copy in, and synthesis warns.
   */
  readonly copySourceOrganizationPaths?: string[];

  /**
   * Roles or users of the vault's account exempt from the Deny statement.
   *
   * @default - nobody is exempt
   */
  readonly exemptPrincipalArns?: string[];

  /**
   * What happens to the vault when removed from the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A logically air-gapped backup vault: locked by AWS in compliance mode,
 * encrypted with an AWS owned key (or, optionally, a customer managed key),
 * optionally tied to a multi-party approval team and shared through AWS RAM
 * with a recovery account. It accepts copies from the organization only,
 * narrowed to the accounts or organization paths you name, and denies
 * deleting recovery points or the vault like the other vaults of this
 * library. Backup plans copy into it with `copyTo` or `alsoCopyTo`.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
 * @resource AWS::Backup::LogicallyAirGappedBackupVault
 */
export class AirGappedBackupVault extends Resource implements IBackupCopyDestination {
  /** The vault's name. */
  public readonly backupVaultName: string;
  /** The vault's ARN (a deploy-time value). */
  public readonly backupVaultArn: string;
  /** The vault's ARN computed from its stack's account, region and its name. */
  public readonly destinationVaultArn: string;
  /** The vault's account. */
  public readonly destinationAccount: string;
  /** The shortest retention the vault accepts. */
  public readonly minRetention?: Duration;
  /** The longest retention the vault accepts. */
  public readonly maxRetention?: Duration;
  /** The vault's access policy. */
  public readonly accessPolicy: iam.PolicyDocument;
  /** The vault. */
  public readonly resource: backup.CfnLogicallyAirGappedBackupVault;
  /** The customer managed key that encrypts the vault, if any (none: an AWS owned key). */
  public readonly encryptionKey?: kms.IKey;
  /** The AWS RAM share of the vault with the recovery account, if any. */
  public readonly recoveryShare?: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: AirGappedBackupVaultProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { organizationId: 'string', minRetention: 'object', maxRetention: 'object' });
    validateOrganizationId(CONSTRUCT, this, props.organizationId);
    validateVaultName(CONSTRUCT, this, 'backupVaultName', props.backupVaultName);
    const min = wholeDays(CONSTRUCT, this, 'minRetention', props.minRetention);
    const max = wholeDays(CONSTRUCT, this, 'maxRetention', props.maxRetention);
    checkRetentionRange(CONSTRUCT, this, 'retention', min, max, AIR_GAPPED_MIN_DAYS, 'A logically air-gapped vault');
    const exempt = validateExemptPrincipalArns(CONSTRUCT, this, props.exemptPrincipalArns);
    validateApprovalTeam(this, props.mpaApprovalTeamArn);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.encryptionKey = this.keyOf(props, exempt, removalPolicy);
    this.backupVaultName = vaultNameOf(this, props.backupVaultName);
    this.accessPolicy = new iam.PolicyDocument({ statements: [protectRecoveryPointsStatement(exempt)] });
    allowCopiesIn(this, CONSTRUCT, this.accessPolicy, this.encryptionKey, props.organizationId, copySources(CONSTRUCT, this, props));
    this.resource = new backup.CfnLogicallyAirGappedBackupVault(this, 'Resource', {
      backupVaultName: this.backupVaultName,
      minRetentionDays: min,
      maxRetentionDays: max,
      accessPolicy: this.accessPolicy,
      encryptionKeyArn: this.encryptionKey?.keyArn,
      mpaApprovalTeamArn: props.mpaApprovalTeamArn,
    });
    this.resource.applyRemovalPolicy(removalPolicy);
    warnWithoutExemptions(this, CONSTRUCT, exempt);
    this.node.addValidation({ validate: () => auditConstruct({ construct: CONSTRUCT, scope: this, ruleIds: ['LZ-BK4'] }) });

    this.backupVaultArn = this.resource.attrBackupVaultArn;
    this.destinationVaultArn = vaultArn(this, this.backupVaultName);
    this.destinationAccount = Stack.of(this).account;
    this.minRetention = props.minRetention;
    this.maxRetention = props.maxRetention;
    if (props.recoveryAccount !== undefined) {
      this.recoveryShare = this.shareWith(props.recoveryAccount);
    }
  }

  /** The given key, a created one, or none (an AWS owned key). */
  private keyOf(props: AirGappedBackupVaultProps, exempt: string[], removalPolicy: RemovalPolicy): kms.IKey | undefined {
    if (props.encryptionKey !== undefined && props.createEncryptionKey) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'createEncryptionKey',
        received: true,
        expected: 'false or nothing when encryptionKey is given',
        reason: 'The vault is encrypted with one key: the given one or a created one.',
      });
    }
    if (props.encryptionKey !== undefined) {
      if (isAwsManagedKey(props.encryptionKey)) {
        throw new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input: 'encryptionKey',
          received: 'an AWS managed key (alias/aws/...)',
          expected: 'a customer managed key, or no encryptionKey (an AWS owned key)',
          reason: 'A logically air-gapped vault takes an AWS owned key or a customer managed key.',
        });
      }
      return props.encryptionKey;
    }
    if (!props.createEncryptionKey) {
      return undefined;
    }
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the logically air-gapped backup vault ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy,
    });
    // The permissions boundary fences keys that carry this tag (docs/security-model.md#permission-boundary).
    Tags.of(key).add(PROTECTED_TAG, 'backup-key');
    protectKey(key, exempt);
    return key;
  }

  /** Shares the vault through AWS RAM with one account of the organization. */
  private shareWith(account: string): ram.CfnResourceShare {
    validateAccountId(CONSTRUCT, this, 'recoveryAccount', account);
    const own = Stack.of(this).account;
    if (!Token.isUnresolved(account) && !Token.isUnresolved(own) && account === own) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'recoveryAccount',
        received: account,
        expected: `an account other than the vault's own (${own})`,
        reason: 'The share exists to restore from another account when this one is lost.',
      });
    }
    return new ram.CfnResourceShare(this, 'RecoveryShare', {
      name: `${this.backupVaultName}-recovery`,
      resourceArns: [this.backupVaultArn],
      principals: [account],
      allowExternalPrincipals: false,
    });
  }
}

/** `arn:<partition>:mpa:<region>:<account>:approval-team/<id>`; tokens pass. */
const APPROVAL_TEAM_ARN = /^arn:aws[a-z-]*:mpa:[a-z0-9-]*:\d{12}:approval-team\/[a-zA-Z0-9._-]+$/;

function validateApprovalTeam(scope: Construct, arn: string | undefined): void {
  if (arn === undefined || Token.isUnresolved(arn)) {
    return;
  }
  validateMatch(APPROVAL_TEAM_ARN, arn, {
    construct: CONSTRUCT,
    scope,
    input: 'mpaApprovalTeamArn',
    expected: 'a multi-party approval team ARN, arn:<partition>:mpa:<region>:<12-digit account>:approval-team/<id>',
    reason: 'AWS Backup refuses anything else at deployment, after the vault is created.',
  });
}
