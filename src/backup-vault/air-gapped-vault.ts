import { Duration, RemovalPolicy, Resource, Stack, aws_backup as backup, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IBackupCopyDestination } from './copy-destination';
import {
  AIR_GAPPED_MIN_DAYS,
  allowCopyFromOrganizationStatement,
  checkRetentionRange,
  protectRecoveryPointsStatement,
  validateExemptPrincipalArns,
  validateVaultName,
  warnWithoutExemptions,
  wholeDays,
} from './validation';
import { vaultArn, vaultNameOf } from './vault-base';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { requireProps } from '../private/errors';
import { validateOrganizationId } from '../private/org-ids';

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
}

/** Properties of an `AirGappedBackupVault`. */
export interface AirGappedBackupVaultProps extends AirGappedVaultOptions {
  /** The organization whose accounts may copy into the vault (`o-` and 10 to 32 letters or digits). */
  readonly organizationId: string;

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
 * encrypted with an AWS owned key, and shareable for recovery through AWS
 * RAM. It accepts copies from the organization only, and denies deleting
 * recovery points or the vault like the other vaults of this library.
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

  constructor(scope: Construct, id: string, props: AirGappedBackupVaultProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { organizationId: 'string', minRetention: 'object', maxRetention: 'object' });
    validateOrganizationId(CONSTRUCT, this, props.organizationId);
    validateVaultName(CONSTRUCT, this, 'backupVaultName', props.backupVaultName);
    const min = wholeDays(CONSTRUCT, this, 'minRetention', props.minRetention);
    const max = wholeDays(CONSTRUCT, this, 'maxRetention', props.maxRetention);
    checkRetentionRange(CONSTRUCT, this, 'retention', min, max, AIR_GAPPED_MIN_DAYS, 'A logically air-gapped vault');
    const exempt = validateExemptPrincipalArns(CONSTRUCT, this, props.exemptPrincipalArns);

    this.backupVaultName = vaultNameOf(this, props.backupVaultName);
    this.accessPolicy = new iam.PolicyDocument({
      statements: [protectRecoveryPointsStatement(exempt), allowCopyFromOrganizationStatement(props.organizationId)],
    });
    this.resource = new backup.CfnLogicallyAirGappedBackupVault(this, 'Resource', {
      backupVaultName: this.backupVaultName,
      minRetentionDays: min,
      maxRetentionDays: max,
      accessPolicy: this.accessPolicy,
    });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    warnWithoutExemptions(this, CONSTRUCT, exempt);
    this.node.addValidation({ validate: () => auditConstruct({ construct: CONSTRUCT, scope: this, ruleIds: ['LZ-BK4'] }) });

    this.backupVaultArn = this.resource.attrBackupVaultArn;
    this.destinationVaultArn = vaultArn(this, this.backupVaultName);
    this.destinationAccount = Stack.of(this).account;
    this.minRetention = props.minRetention;
    this.maxRetention = props.maxRetention;
  }
}
