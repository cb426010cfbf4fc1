import { Duration, Names, Resource, TimeZone, Token, aws_backup as backup, aws_events as events, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isLiteral } from './validation';
import { LandingZoneInputError, requireProps, validateMatch } from '../private/errors';

const CONSTRUCT = 'BackupRestoreTesting';
/** Restore testing plan and selection names: letters, digits and underscores, 1 to 50. */
const RESTORE_TESTING_NAME = /^[a-zA-Z0-9_]{1,50}$/;
/** CreateRestoreTestingSelection: up to 30 specific protected resource ARNs. */
export const MAX_PROTECTED_RESOURCE_ARNS = 30;
const VALIDATION_WINDOW_MAX_HOURS = 168;
const START_WINDOW_MAX_HOURS = 168;
const SELECTION_WINDOW_MAX_DAYS = 365;

/** The resource types a restore testing selection can restore. */
export enum RestoreTestingResourceType {
  /** Amazon Aurora. */
  AURORA = 'Aurora',
  /** Amazon DocumentDB. */
  DOCUMENT_DB = 'DocumentDB',
  /** Amazon DynamoDB. */
  DYNAMO_DB = 'DynamoDB',
  /** Amazon EBS. */
  EBS = 'EBS',
  /** Amazon EC2. */
  EC2 = 'EC2',
  /** Amazon EFS. */
  EFS = 'EFS',
  /** Amazon FSx. */
  FSX = 'FSx',
  /** Amazon Neptune. */
  NEPTUNE = 'Neptune',
  /** Amazon RDS. */
  RDS = 'RDS',
  /** Amazon S3. */
  S3 = 'S3',
}

/** Which recovery point of the selection window a restore test uses. */
export enum RestoreTestingAlgorithm {
  /** The latest recovery point within the selection window. */
  LATEST_WITHIN_WINDOW = 'LATEST_WITHIN_WINDOW',
  /** A random recovery point within the selection window. */
  RANDOM_WITHIN_WINDOW = 'RANDOM_WITHIN_WINDOW',
}

/** The kinds of recovery point a restore test may use. */
export enum RestoreTestingRecoveryPointType {
  /** Snapshot (periodic) recovery points. */
  SNAPSHOT = 'SNAPSHOT',
  /** Continuous (point-in-time) recovery points. */
  CONTINUOUS = 'CONTINUOUS',
}

/** Options of a restore testing selection. */
export interface RestoreTestingSelectionOptions {
  /**
   * The selection's name: letters, digits and underscores, 1 to 50.
   *
   * @default - derived from the construct path and the resource type
   */
  readonly selectionName?: string;

  /**
   * How long the restored resource is kept for validation before AWS Backup
   * deletes it: 0 to 168 hours, whole hours.
   *
   * @default - AWS Backup's default
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html
   */
  readonly validationWindow?: Duration;

  /**
   * Restore metadata to override, such as a subnet or security group.
   *
   * @default - the metadata AWS Backup infers
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
   */
  readonly restoreMetadataOverrides?: { [key: string]: string };
}

/**
 * The protected resources a restore test restores: named by ARN (at most
 * 30), selected by tag, or every resource of a type.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html
 */
export class RestoreTestingSelection {
  /** Specific protected resources, 1 to 30 ARNs without wildcards. */
  public static fromArns(
    resourceType: RestoreTestingResourceType,
    protectedResourceArns: string[],
    options: RestoreTestingSelectionOptions = {},
  ): RestoreTestingSelection {
    return new RestoreTestingSelection(resourceType, protectedResourceArns, undefined, options);
  }

  /** Protected resources of a type carrying every one of these tags. */
  public static fromTags(
    resourceType: RestoreTestingResourceType,
    tags: { [key: string]: string },
    options: RestoreTestingSelectionOptions = {},
  ): RestoreTestingSelection {
    return new RestoreTestingSelection(resourceType, ['*'], tags, options);
  }

  /** Every protected resource of a type. */
  public static allOfType(resourceType: RestoreTestingResourceType, options: RestoreTestingSelectionOptions = {}): RestoreTestingSelection {
    return new RestoreTestingSelection(resourceType, ['*'], undefined, options);
  }

  /** The resource type restored. */
  public readonly resourceType: RestoreTestingResourceType;
  /** The ARNs selected, or `['*']` for a selection by tag or type. */
  public readonly protectedResourceArns: string[];
  /** The tags selected, if any. */
  public readonly tags?: { [key: string]: string };
  /** The selection's options. */
  public readonly options: RestoreTestingSelectionOptions;

  private constructor(
    resourceType: RestoreTestingResourceType,
    arns: string[],
    tags: { [key: string]: string } | undefined,
    options: RestoreTestingSelectionOptions,
  ) {
    this.resourceType = resourceType;
    this.protectedResourceArns = arns;
    this.tags = tags;
    this.options = options;
  }
}

/** Options of a restore testing plan for one vault. */
export interface BackupRestoreTestingOptions {
  /**
   * When the restore tests run: a cron schedule.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
   */
  readonly schedule: events.Schedule;

  /**
   * The time zone of the schedule.
   *
   * @default - UTC
   */
  readonly scheduleTimezone?: TimeZone;

  /** What to restore: at least one selection. */
  readonly selections: RestoreTestingSelection[];

  /**
   * The plan's name: letters, digits and underscores, 1 to 50.
   *
   * @default - derived from the construct path
   */
  readonly restoreTestingPlanName?: string;

  /**
   * Which recovery point of the selection window to restore.
   *
   * @default RestoreTestingAlgorithm.LATEST_WITHIN_WINDOW
   */
  readonly algorithm?: RestoreTestingAlgorithm;

  /**
   * The kinds of recovery point to restore.
   *
   * @default [RestoreTestingRecoveryPointType.SNAPSHOT]
   */
  readonly recoveryPointTypes?: RestoreTestingRecoveryPointType[];

  /**
   * How far back recovery points are chosen from: 1 to 365 days.
   *
   * @default - 30 days (AWS Backup's default)
   */
  readonly selectionWindow?: Duration;

  /**
   * How long after the scheduled time a test may start: 1 to 168 hours.
   *
   * @default - AWS Backup's default
   */
  readonly startWindow?: Duration;

  /**
   * The role AWS Backup restores with.
   *
   * @default - a role for backup.amazonaws.com with AWSBackupServiceRolePolicyForRestores
   */
  readonly role?: iam.IRole;
}

/** Properties of a `BackupRestoreTesting`. */
export interface BackupRestoreTestingProps extends BackupRestoreTestingOptions {
  /** The vault whose recovery points are restored. */
  readonly vault: backup.IBackupVault;
}

/**
 * An AWS Backup restore testing plan for the recovery points of one vault,
 * and its selections: a restore that is never tried is not a backup.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 * @resource AWS::Backup::RestoreTestingPlan
 */
export class BackupRestoreTesting extends Resource {
  /** The plan's name. */
  public readonly restoreTestingPlanName: string;
  /** The plan's ARN. */
  public readonly restoreTestingPlanArn: string;
  /** The role AWS Backup restores with. */
  public readonly role: iam.IRole;
  /** The plan. */
  public readonly plan: backup.CfnRestoreTestingPlan;

  constructor(scope: Construct, id: string, props: BackupRestoreTestingProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { vault: 'object', schedule: 'object', selections: 'list' });
    const planName = props.restoreTestingPlanName ?? restoreTestingName(this, '');
    validateName(this, 'restoreTestingPlanName', planName);
    const schedule = props.schedule.expressionString;
    if (!Token.isUnresolved(schedule) && !schedule.startsWith('cron(')) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'schedule',
        received: schedule,
        expected: 'a cron schedule (events.Schedule.cron(...) or Schedule.expression("cron(...)"))',
      });
    }
    const selectionWindowDays = wholeUnits(this, 'selectionWindow', props.selectionWindow, 'days', 1, SELECTION_WINDOW_MAX_DAYS);
    const startWindowHours = wholeUnits(this, 'startWindow', props.startWindow, 'hours', 1, START_WINDOW_MAX_HOURS);
    const types = props.recoveryPointTypes ?? [RestoreTestingRecoveryPointType.SNAPSHOT];
    if (types.length === 0) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'recoveryPointTypes',
        received: types,
        expected: 'SNAPSHOT, CONTINUOUS or both',
      });
    }
    if (!props.selections || props.selections.length === 0) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'selections',
        received: props.selections,
        expected: 'at least one RestoreTestingSelection',
        reason: 'A restore testing plan without a selection restores nothing.',
      });
    }
    props.selections.forEach((selection, i) => validateSelection(this, `selections[${i}]`, selection));

    this.role =
      props.role ??
      new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
        description: 'AWS Backup restore testing',
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
      });

    this.plan = new backup.CfnRestoreTestingPlan(this, 'Resource', {
      restoreTestingPlanName: planName,
      scheduleExpression: schedule,
      scheduleExpressionTimezone: props.scheduleTimezone?.timezoneName,
      startWindowHours,
      recoveryPointSelection: {
        algorithm: props.algorithm ?? RestoreTestingAlgorithm.LATEST_WITHIN_WINDOW,
        includeVaults: [props.vault.backupVaultArn],
        recoveryPointTypes: types,
        selectionWindowDays,
      },
    });
    this.restoreTestingPlanName = this.plan.ref;
    this.restoreTestingPlanArn = this.plan.attrRestoreTestingPlanArn;

    props.selections.forEach((selection, i) => {
      const name = selection.options.selectionName ?? restoreTestingName(this, `${i}${selection.resourceType}`);
      const tags = Object.entries(selection.tags ?? {});
      new backup.CfnRestoreTestingSelection(this, `Selection${i}`, {
        restoreTestingPlanName: this.plan.ref,
        restoreTestingSelectionName: name,
        protectedResourceType: selection.resourceType,
        protectedResourceArns: selection.protectedResourceArns,
        protectedResourceConditions: tags.length > 0 ? { stringEquals: tags.map(([key, value]) => ({ key, value })) } : undefined,
        iamRoleArn: this.role.roleArn,
        validationWindowHours: wholeUnits(this, `selections[${i}].validationWindow`, selection.options.validationWindow, 'hours', 0, VALIDATION_WINDOW_MAX_HOURS),
        restoreMetadataOverrides: selection.options.restoreMetadataOverrides,
      });
    });
  }
}

/** A name of letters and digits from the construct path, with a suffix, at most 50 characters. */
function restoreTestingName(scope: Construct, suffix: string): string {
  const id = Names.uniqueId(scope);
  return `${id.slice(Math.max(0, id.length - (50 - suffix.length)))}${suffix}`;
}

function validateName(scope: Construct, input: string, name: string): void {
  validateMatch(RESTORE_TESTING_NAME, name, {
    construct: CONSTRUCT,
    scope,
    input,
    expected: '1 to 50 letters, digits or underscores',
    reason: 'AWS Backup refuses any other restore testing name.',
  });
}

function validateSelection(scope: Construct, input: string, selection: RestoreTestingSelection): void {
  if (selection.options.selectionName !== undefined) {
    validateName(scope, `${input}.selectionName`, selection.options.selectionName);
  }
  const arns = selection.protectedResourceArns;
  if (selection.tags !== undefined) {
    const keys = Object.keys(selection.tags);
    if (keys.length === 0 || keys.some((k) => !Token.isUnresolved(k) && k.trim() === '')) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope,
        input: `${input}.tags`,
        received: selection.tags,
        expected: 'at least one tag with a non-empty key (use RestoreTestingSelection.allOfType for every resource of the type)',
      });
    }
    return;
  }
  if (arns.length === 1 && arns[0] === '*') {
    return;
  }
  if (Token.isUnresolved(arns)) {
    return;
  }
  if (arns.length === 0 || arns.length > MAX_PROTECTED_RESOURCE_ARNS) {
    throw new LandingZoneInputError({
      construct: CONSTRUCT,
      scope,
      input: `${input}.protectedResourceArns`,
      received: `${arns.length} ARNs`,
      expected: `1 to ${MAX_PROTECTED_RESOURCE_ARNS} ARNs`,
      reason: `A restore testing selection names at most ${MAX_PROTECTED_RESOURCE_ARNS} protected resources; select by tag for more.`,
    });
  }
  const seen = new Set<string>();
  arns.forEach((arn, i) => {
    if (Token.isUnresolved(arn)) {
      return;
    }
    if (!arn.startsWith('arn:') || arn.includes('*') || arn.includes('?') || seen.has(arn)) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope,
        input: `${input}.protectedResourceArns[${i}]`,
        received: arn,
        expected: 'the ARN of a protected resource, once, without wildcards (use fromTags or allOfType to select many)',
      });
    }
    seen.add(arn);
  });
}

/** A duration as whole hours or days within a range; undefined when not given; tokens pass. */
function wholeUnits(scope: Construct, input: string, duration: Duration | undefined, unit: 'hours' | 'days', min: number, max: number): number | undefined {
  if (duration === undefined) {
    return undefined;
  }
  let value: number;
  try {
    value = unit === 'hours' ? duration.toHours() : duration.toDays();
  } catch {
    throw new LandingZoneInputError({ construct: CONSTRUCT, scope, input, received: duration.isUnresolved() ? 'a deploy-time value' : duration.toHumanString(), expected: `whole ${unit}` });
  }
  if (isLiteral(value) && (value < min || value > max)) {
    throw new LandingZoneInputError({ construct: CONSTRUCT, scope, input, received: `${value} ${unit}`, expected: `${min} to ${max} ${unit}` });
  }
  return value;
}
