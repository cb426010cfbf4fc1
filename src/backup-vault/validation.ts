// Shared checks and policy statements of the backup-vault family. Not
// exported from the package: the constructs are the public surface.
import { Annotations, Duration, Stack, Token, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { VaultLock, VaultLockMode } from './vault-lock';
import { LandingZoneInputError, validateMatch } from '../private/errors';
import { validatePrincipalArn } from '../private/org-ids';

/** AWS Backup's vault name pattern (CreateBackupVault, CreateLogicallyAirGappedBackupVault). */
export const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
/** Vault Lock limits: MinRetentionDays >= 1, MaxRetentionDays <= 36,500, ChangeableForDays >= 3. */
export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 36_500;
export const CHANGEABLE_FOR_MIN_DAYS = 3;
/** A logically air-gapped vault keeps recovery points at least 7 days. */
export const AIR_GAPPED_MIN_DAYS = 7;

/**
 * What the vault access policy denies to every principal but the exempt ones:
 * deleting recovery points, disassociating them (which ends their
 * protection), shortening their lifecycle, changing or removing the lock, and
 * replacing, deleting or escaping the policy itself by deleting the vault.
 */
export const PROTECTED_VAULT_ACTIONS = [
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultLockConfiguration',
  'backup:DeleteRecoveryPoint',
  'backup:DisassociateRecoveryPoint',
  'backup:DisassociateRecoveryPointFromParent',
  'backup:PutBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration',
  'backup:UpdateRecoveryPointLifecycle',
];

/**
 * The KMS operations a cross-account copy performs with the key of the source
 * vault (AWS re:Post, "Given key ID not accessible" for AWS Backup
 * cross-account copy), minus the grant operations, which get their own
 * statement limited to grants for AWS resources.
 */
export const COPY_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/** Grant operations, allowed only for grants that AWS services create for their resources. */
export const COPY_KEY_GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

const BACKUP_VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:(\d{12}):backup-vault:([a-zA-Z0-9\-_]{2,50})$/;

/** Refuses a literal vault name outside `^[a-zA-Z0-9\-_]{2,50}$`. Tokens pass. */
export function validateVaultName(construct: string, scope: IConstruct | string, input: string, name: string | undefined): void {
  if (name !== undefined) {
    validateMatch(VAULT_NAME, name, {
      construct,
      scope,
      input,
      expected: '2 to 50 characters among letters, digits, hyphens and underscores (^[a-zA-Z0-9\\-_]{2,50}$)',
      reason: 'AWS Backup refuses any other vault name at deployment.',
    });
  }
}

/**
 * A duration as a whole number of days, or the token for a deploy-time
 * amount given in days. Refuses fractions of a day and token amounts in
 * other units (which cannot be converted before deployment).
 */
export function wholeDays(construct: string, scope: IConstruct | string, input: string, duration: Duration): number {
  if (duration.isUnresolved()) {
    try {
      return duration.toDays();
    } catch {
      throw new LandingZoneInputError({
        construct,
        scope,
        input,
        received: 'a deploy-time amount in a unit other than days',
        expected: 'Duration.days(...) when the amount is a deploy-time value',
      });
    }
  }
  const days = duration.toDays({ integral: false });
  if (!Number.isInteger(days)) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: duration.toHumanString(),
      expected: 'a whole number of days',
      reason: 'AWS Backup counts retention in whole days.',
    });
  }
  return days;
}

/** True when a number is a literal, not a token. */
export function isLiteral(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

/** The `LockConfiguration` of `AWS::Backup::BackupVault`. */
export interface RenderedLock {
  readonly minRetentionDays: number;
  readonly maxRetentionDays?: number;
  readonly changeableForDays?: number;
}

/** Checks a vault lock against the Vault Lock limits and renders it. Tokens pass. */
export function renderLock(construct: string, scope: IConstruct | string, lock: VaultLock): RenderedLock {
  const min = wholeDays(construct, scope, 'lock.minRetention', lock.minRetention);
  const max = lock.maxRetention === undefined ? undefined : wholeDays(construct, scope, 'lock.maxRetention', lock.maxRetention);
  checkRetentionRange(construct, scope, 'lock', min, max, RETENTION_MIN_DAYS, 'Vault Lock');
  if (lock.mode === VaultLockMode.GOVERNANCE) {
    return { minRetentionDays: min, maxRetentionDays: max };
  }
  const changeableFor = wholeDays(construct, scope, 'lock.changeableFor', lock.changeableFor!);
  if (isLiteral(changeableFor) && changeableFor < CHANGEABLE_FOR_MIN_DAYS) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: 'lock.changeableFor',
      received: `${changeableFor} days`,
      expected: `at least ${CHANGEABLE_FOR_MIN_DAYS} days`,
      reason: 'AWS Backup enforces a 72-hour grace period before a compliance lock becomes immutable.',
    });
  }
  if (!lock.irreversibilityAcknowledged) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: 'lock.acknowledgeIrreversible',
      received: false,
      expected: 'true, to confirm a compliance-mode lock',
      reason:
        `Once changeableFor (${isLiteral(changeableFor) ? `${changeableFor} days` : 'its value'}) has passed, nobody can shorten the retention ` +
        'or delete the vault while it holds recovery points; use VaultLock.governance(...) while you try things out.',
    });
  }
  return { minRetentionDays: min, maxRetentionDays: max, changeableForDays: changeableFor };
}

/**
 * Checks a minimum and an optional maximum retention in days: min within
 * `floor`..36,500, max at most 36,500 and more than min. Tokens pass.
 */
export function checkRetentionRange(
  construct: string,
  scope: IConstruct | string,
  input: string,
  min: number,
  max: number | undefined,
  floor: number,
  what: string,
): void {
  if (isLiteral(min) && (min < floor || min > RETENTION_MAX_DAYS)) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: `${input}.minRetention`,
      received: `${min} days`,
      expected: `${floor} to ${RETENTION_MAX_DAYS} days`,
      reason: `${what} accepts no other minimum retention.`,
    });
  }
  if (isLiteral(max) && (max < RETENTION_MIN_DAYS || max > RETENTION_MAX_DAYS)) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: `${input}.maxRetention`,
      received: `${max} days`,
      expected: `${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS} days`,
      reason: `${what} accepts no other maximum retention.`,
    });
  }
  if (isLiteral(max) && isLiteral(min) && max <= min) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: `${input}.maxRetention`,
      received: `${max} days`,
      expected: `more than the minimum retention (${min} days)`,
    });
  }
}

/** The retention range a vault accepts: both undefined for a vault without lock. */
export interface RetentionRange {
  readonly min?: Duration;
  readonly max?: Duration;
}

/**
 * Refuses a retention (`deleteAfter`) that never expires, or falls outside
 * the range, when the vault it lands in enforces one. Tokens pass.
 */
export function checkRetentionFits(
  construct: string,
  scope: IConstruct | string,
  input: string,
  retention: Duration | undefined,
  range: RetentionRange,
  vault: string,
): void {
  if (range.min === undefined && range.max === undefined) {
    return;
  }
  const min = range.min === undefined ? undefined : wholeDays(construct, scope, `${vault} minimum retention`, range.min);
  const max = range.max === undefined ? undefined : wholeDays(construct, scope, `${vault} maximum retention`, range.max);
  const accepted = `a retention of ${isLiteral(min) ? min : '(min)'}${max === undefined ? ' days or more' : ` to ${isLiteral(max) ? max : '(max)'} days`}`;
  if (retention === undefined) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: 'no expiry (recovery points kept forever)',
      expected: `${accepted}, the range of ${vault}`,
      reason: 'A locked vault fails backup and copy jobs whose recovery points never expire.',
    });
  }
  const days = wholeDays(construct, scope, input, retention);
  if (!isLiteral(days)) {
    return;
  }
  if ((isLiteral(min) && days < min) || (isLiteral(max) && days > max)) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: `${days} days`,
      expected: `${accepted}, the range of ${vault}`,
      reason: 'A locked vault fails backup and copy jobs whose retention falls outside its lock.',
    });
  }
}

/**
 * Checks the ARNs of exempt principals: exact IAM role or user ARNs of the
 * vault's own account, no wildcards. Returns them without duplicates; a
 * token list is passed through.
 */
export function validateExemptPrincipalArns(construct: string, scope: IConstruct, arns: string[] | undefined): string[] {
  if (arns === undefined) {
    return [];
  }
  if (Token.isUnresolved(arns)) {
    return arns;
  }
  const account = Stack.of(scope).account;
  arns.forEach((arn, i) => {
    const input = `exemptPrincipalArns[${i}]`;
    const principalAccount = validatePrincipalArn(construct, scope, input, arn);
    if (principalAccount !== undefined && !Token.isUnresolved(account) && principalAccount !== account) {
      throw new LandingZoneInputError({
        construct,
        scope,
        input,
        received: arn,
        expected: `a role or user of the vault's account ${account}`,
        reason: 'AWS Backup rejects every cross-account call on a vault but CopyIntoBackupVault, so this exemption could never apply.',
      });
    }
  });
  return [...new Set(arns)];
}

/** The Deny statement of every vault this library creates. */
export function protectRecoveryPointsStatement(exemptPrincipalArns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyDeletingRecoveryPointsAndVault',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: PROTECTED_VAULT_ACTIONS,
    resources: ['*'],
    conditions: exemptPrincipalArns.length > 0 || Token.isUnresolved(exemptPrincipalArns) ? { ArnNotEquals: { 'aws:PrincipalArn': exemptPrincipalArns } } : undefined,
  });
}

/**
 * An Allow statement of a destination vault: copies in, from principals of
 * the organization only, narrowed by `conditions` (accounts or organization
 * paths) when given. `source` names the statement: `AllowCopyIntoVaultFrom<source>`.
 */
export function allowCopyFromOrganizationStatement(
  organizationId: string,
  source: string = 'Organization',
  conditions: Record<string, Record<string, unknown>> = {},
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: `AllowCopyIntoVaultFrom${source}`,
    effect: iam.Effect.ALLOW,
    principals: [new iam.AnyPrincipal()],
    actions: ['backup:CopyIntoBackupVault'],
    resources: ['*'],
    conditions: { ...conditions, StringEquals: { ...(conditions.StringEquals ?? {}), 'aws:PrincipalOrgID': organizationId } },
  });
}

/** Warns when nobody is exempt from the vault's Deny statement. */
export function warnWithoutExemptions(scope: IConstruct, construct: string, exempt: string[]): void {
  if (exempt.length > 0 || Token.isUnresolved(exempt)) {
    return;
  }
  Annotations.of(scope).addWarningV2(
    'cdk-landing-zone:backup-vault-no-exemption',
    `${construct}: no principal is exempt from the vault access policy's Deny, so nobody, CloudFormation and the root user included, ` +
      'can ever change or delete the access policy, delete the vault or delete a recovery point before it expires, ' +
      'nor change the policy of, disable or delete the key the vault creates (its key policy skips the lockout safety check). ' +
      'A later stack update that changes either policy will fail. Exempt a break-glass role (exemptPrincipalArns) if you need a way out.',
  );
}

/**
 * True when the key can be told to be an AWS managed key (`alias/aws/...`),
 * which cannot be shared with another account.
 */
export function isAwsManagedKey(key: kms.IKey): boolean {
  const aliasName = (key as Partial<kms.IAlias>).aliasName;
  const values = [aliasName, key.keyArn, key.keyId];
  return values.some((v) => typeof v === 'string' && !Token.isUnresolved(v) && /(^|[:/])alias\/aws\//.test(v));
}

/** The account of a literal backup-vault ARN, or undefined when the ARN is not one. */
export function parseBackupVaultArn(arn: string): { account: string; name: string } | undefined {
  const m = BACKUP_VAULT_ARN.exec(arn);
  return m ? { account: m[1], name: m[2] } : undefined;
}
