import { Duration, Fn, Names, RemovalPolicy, Resource, Stack, Token, Tokenization, aws_backup as backup, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { validateExemptPrincipalArns, wholeDays, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from './validation';
import { LandingZoneInputError, requireProps } from '../private/errors';
import { validateAccountId } from '../private/org-ids';

const CONSTRUCT = 'BackupAuditFramework';

/** AWS Backup Audit Manager exempts at most five principals from BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED. */
const MAX_EXEMPT_PRINCIPALS = 5;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const NAME = /^[a-zA-Z][_a-zA-Z0-9]{0,255}$/;
/** Where in the bucket the reports land. */
const REPORT_PREFIX = 'backup-audit';

/** Properties of a `BackupAuditFramework`. */
export interface BackupAuditFrameworkProps {
  /**
   * The framework's name: a letter, then up to 255 letters, digits or underscores.
   *
   * @default - derived from the construct path
   */
  readonly frameworkName?: string;

  /**
   * The shortest retention every recovery point of the account must have
   * (BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK), and the shortest a
   * protected resource's vault lock must enforce
   * (BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK): whole days, 1 to 36,500.
   */
  readonly minimumRetention: Duration;

  /**
   * The principals the vaults exempt from their Deny (at most five): the
   * vaults still count as refusing manual deletion
   * (BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED).
   *
   * @default - no exemption: a vault that exempts anybody is reported
   */
  readonly exemptPrincipalArns?: string[];

  /**
   * The accounts (12 digits) the protected resources' recovery points must
   * be copied to (BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT): the backup account.
   *
   * @default - cross-account copies are not checked
   */
  readonly copyAccounts?: string[];

  /**
   * The regions the protected resources' recovery points must be copied to
   * (BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION).
   *
   * @default - cross-region copies are not checked
   */
  readonly copyRegions?: string[];

  /**
   * The one tag (key: value) that selects the protected resources, as the
   * plan's `selectionTags`: the resource controls evaluate only them.
   *
   * @default - every resource of the account
   */
  readonly resourceTag?: { [key: string]: string };

  /**
   * The bucket the daily compliance report is delivered to. Its policy must
   * let the AWS Backup reports service-linked role put objects.
   *
   * @default - a bucket created here: S3-managed encryption, TLS only, no
   * public access, versioned, bucket owner enforced, retained
   */
  readonly reportBucket?: s3.IBucket;
}

/**
 * An AWS Backup Audit Manager framework that checks, every day, the promises
 * of the landing zone's backups in its account and region, and a report plan
 * delivering its compliance report to S3:
 *
 * - vaults refuse manual deletion of recovery points (BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED),
 * - recovery points are kept at least `minimumRetention` (BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK),
 * - protected resources land in a locked vault (BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK),
 * - and are copied to the `copyAccounts` and `copyRegions` (BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT, _CROSS_REGION).
 *
 * Controls evaluate the resources AWS Config records: resource tracking
 * (AWS Config) must be on in the account and region.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-audit-manager.html
 * @resource AWS::Backup::Framework
 */
export class BackupAuditFramework extends Resource {
  /** The framework. */
  public readonly framework: backup.CfnFramework;
  /** The framework's ARN. */
  public readonly frameworkArn: string;
  /** The report plan. */
  public readonly reportPlan: backup.CfnReportPlan;
  /** The bucket the reports are delivered to. */
  public readonly reportBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: BackupAuditFrameworkProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { minimumRetention: 'object' });
    const retention = wholeDays(CONSTRUCT, this, 'minimumRetention', props.minimumRetention);
    if (!Token.isUnresolved(retention) && (retention < RETENTION_MIN_DAYS || retention > RETENTION_MAX_DAYS)) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'minimumRetention', received: `${retention} days`, expected: `${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS} days` });
    }
    const exempt = validateExemptPrincipalArns(CONSTRUCT, this, props.exemptPrincipalArns);
    if (!Token.isUnresolved(exempt) && exempt.length > MAX_EXEMPT_PRINCIPALS) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'exemptPrincipalArns',
        received: exempt,
        expected: `at most ${MAX_EXEMPT_PRINCIPALS} principals`,
        reason: 'AWS Backup Audit Manager accepts no more exemptions for BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED.',
      });
    }
    const accounts = nonEmptyList(this, 'copyAccounts', props.copyAccounts);
    accounts?.forEach((account, i) => validateAccountId(CONSTRUCT, this, `copyAccounts[${i}]`, account));
    const regions = nonEmptyList(this, 'copyRegions', props.copyRegions);
    regions?.forEach((region, i) => {
      if (!Token.isUnresolved(region) && !REGION.test(region)) {
        throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: `copyRegions[${i}]`, received: region, expected: 'a region name such as eu-central-1' });
      }
    });
    const resourceScope = tagScope(this, props.resourceTag);
    const name = frameworkName(this, props.frameworkName);

    const parameters = (values: Record<string, string | undefined>) => {
      const given = Object.entries(values).flatMap(([parameterName, parameterValue]) =>
        parameterValue === undefined ? [] : [{ parameterName, parameterValue }],
      );
      return given.length > 0 ? given : undefined;
    };
    const controls: backup.CfnFramework.FrameworkControlProperty[] = [
      {
        controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
        controlInputParameters: parameters({ principalArnList: exempt.length > 0 || Token.isUnresolved(exempt) ? joinList(exempt) : undefined }),
      },
      {
        controlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
        controlInputParameters: parameters({ requiredRetentionDays: Tokenization.stringifyNumber(retention) }),
      },
      {
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
        controlInputParameters: parameters({ minRetentionDays: Tokenization.stringifyNumber(retention) }),
        controlScope: resourceScope,
      },
    ];
    if (accounts) {
      controls.push({ controlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', controlInputParameters: parameters({ crossAccountList: joinList(accounts) }), controlScope: resourceScope });
    }
    if (regions) {
      controls.push({ controlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', controlInputParameters: parameters({ crossRegionList: joinList(regions) }), controlScope: resourceScope });
    }
    this.framework = new backup.CfnFramework(this, 'Resource', {
      frameworkName: name,
      frameworkDescription: 'The landing zone\'s backup promises: vaults refuse deletion and are locked, copies leave the account, retention is kept.',
      frameworkControls: controls,
    });
    this.frameworkArn = this.framework.attrFrameworkArn;

    this.reportBucket = props.reportBucket ?? this.createReportBucket();
    this.reportPlan = new backup.CfnReportPlan(this, 'ReportPlan', {
      reportPlanName: name,
      reportPlanDescription: `The daily compliance report of the framework ${name}.`,
      // Both properties are untyped (any) in aws-cdk-lib: written as CloudFormation spells them.
      reportDeliveryChannel: { S3BucketName: this.reportBucket.bucketName, S3KeyPrefix: REPORT_PREFIX, Formats: ['CSV', 'JSON'] },
      reportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [this.frameworkArn] },
    });
    if (props.reportBucket === undefined) {
      // The bucket policy names the service-linked role the framework's creation brings; the plan delivers into the bucket.
      const policy = (this.reportBucket as s3.Bucket).policy!;
      policy.node.addDependency(this.framework);
      this.reportPlan.node.addDependency(policy);
    }
  }

  private createReportBucket(): s3.Bucket {
    const stack = Stack.of(this);
    const bucket = new s3.Bucket(this, 'Reports', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reportsRole = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: 'aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports',
    });
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBackupReportsDelivery',
        principals: [new iam.ArnPrincipal(reportsRole)],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${REPORT_PREFIX}/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    return bucket;
  }
}

function nonEmptyList(scope: Construct, input: string, list: string[] | undefined): string[] | undefined {
  if (list !== undefined && !Token.isUnresolved(list) && list.length === 0) {
    throw new LandingZoneInputError({ construct: CONSTRUCT, scope, input, received: list, expected: `at least one entry, or no ${input} at all` });
  }
  return list;
}

/** A comma-separated list, as the controls' input parameters take it. */
function joinList(list: string[]): string {
  return Token.isUnresolved(list) ? Fn.join(',', list) : list.join(',');
}

/** The control scope of one tag, as CloudFormation spells it: `controlScope` is untyped (any) in aws-cdk-lib. */
function tagScope(scope: Construct, tag: { [key: string]: string } | undefined): Record<string, unknown> | undefined {
  if (tag === undefined) {
    return undefined;
  }
  const entries = Object.entries(tag);
  if (entries.length !== 1 || entries[0][0].trim() === '') {
    throw new LandingZoneInputError({
      construct: CONSTRUCT,
      scope,
      input: 'resourceTag',
      received: tag,
      expected: 'exactly one tag (key: value) with a non-empty key',
      reason: 'An AWS Backup Audit Manager control scope takes a single tag.',
    });
  }
  return { Tags: [{ Key: entries[0][0], Value: entries[0][1] }] };
}

function frameworkName(scope: Construct, name: string | undefined): string {
  if (name !== undefined) {
    if (!Token.isUnresolved(name) && !NAME.test(name)) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope,
        input: 'frameworkName',
        received: name,
        expected: 'a letter, then up to 255 letters, digits or underscores',
      });
    }
    return name;
  }
  const id = Names.uniqueId(scope);
  return (/^[a-zA-Z]/.test(id) ? id : `F${id}`).slice(0, 256);
}
