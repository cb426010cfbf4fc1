import { Duration, RemovalPolicy, Stack, Token, aws_backup as backup, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IBackupCopyDestination } from './copy-destination';
import { checkRetentionFits, COPY_KEY_ACTIONS, COPY_KEY_GRANT_ACTIONS, isAwsManagedKey } from './validation';
import { addKeyStatements, describeAccount, LandingZoneVaultBase } from './vault-base';
import { VaultLock } from './vault-lock';
import { LandingZoneInputError, requireAccepted } from '../private/errors';

const CONSTRUCT = 'BackupVault';

/** Properties every vault of this library takes. */
export interface BackupVaultCommonProps {
  /**
   * The vault's name: 2 to 50 letters, digits, hyphens or underscores.
   *
   * @default - derived from the construct path
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html
   */
  readonly backupVaultName?: string;

  /**
   * The customer managed KMS key that encrypts the vault. An imported key's
   * policy cannot be changed here: for cross-account copies, add the
   * statements the synthesis warning names yourself. An AWS managed key
   * (`alias/aws/backup`) cannot be shared with another account and is
   * refused for cross-account copies.
   *
   * @default - a new key with automatic rotation, removed with the vault's removal policy
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * ARNs of the IAM roles or users (of the vault's account, exact, no
   * wildcards) exempt from the Deny on deleting recovery points, changing
   * their lifecycle, changing or deleting the access policy and deleting the
   * vault. Compared with `ArnNotEquals` against `aws:PrincipalArn`.
   *
   * With no exemption, nobody (CloudFormation and the root user included)
   * can ever change the access policy or delete the vault.
   *
   * @default - nobody is exempt
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html
   */
  readonly exemptPrincipalArns?: string[];

  /**
   * What happens to the vault and its created key when removed from the stack.
   * A vault that holds recovery points cannot be deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Properties of a workload `BackupVault`. */
export interface BackupVaultProps extends BackupVaultCommonProps {
  /**
   * A Vault Lock: `VaultLock.governance(...)` or `VaultLock.compliance(...)`.
   * Plans of a locked vault must set a retention within the lock's range.
   *
   * @default - no lock
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
   */
  readonly lock?: VaultLock;
}

/** Options of a backup plan storing into a `BackupVault`. */
export interface BackupVaultPlanOptions {
  /**
   * The plan's rules: schedule, retention (`deleteAfter`), cold storage.
   * In a locked vault, every rule must expire within the lock's range. The
   * rules store into this vault; a rule naming another vault is refused.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
   */
  readonly rules: backup.BackupPlanRule[];

  /**
   * The resources to back up: those carrying any of these tags (key: value).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
   */
  readonly selectionTags: { [key: string]: string };

  /**
   * A vault, usually in the backup account, to copy every recovery point
   * into, by ARN. For a vault of another account, the vault's key policy is
   * extended to let that account use the key as cross-account copy requires.
   *
   * @default - no copy
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
   */
  readonly copyTo?: IBackupCopyDestination;

  /**
   * More vaults to copy every recovery point into, beside `copyTo`: for
   * example the central vault's `airGappedVault`. Each rule gets one copy
   * action per destination; each destination's retention range is checked,
   * and the key is shared with each destination account.
   *
   * @default - no other copy
   */
  readonly alsoCopyTo?: IBackupCopyDestination[];

  /**
   * How long copies are kept in the destinations.
   *
   * @default - each rule's `deleteAfter`
   */
  readonly copyDeleteAfter?: Duration;

  /**
   * When copies move to cold storage in the destination.
   *
   * @default - each rule's `moveToColdStorageAfter`
   */
  readonly copyMoveToColdStorageAfter?: Duration;

  /**
   * The plan's name.
   *
   * @default - derived from the construct path
   */
  readonly backupPlanName?: string;
}

/**
 * A backup vault of a workload account that an administrator of that
 * account cannot empty.
 *
 * - Encrypted with a customer managed KMS key (created, with rotation, unless given).
 * - Retained when removed from the stack, unless told otherwise.
 * - Its access policy denies `backup:DeleteRecoveryPoint`,
 *   `backup:UpdateRecoveryPointLifecycle`, `backup:PutBackupVaultAccessPolicy`,
 *   `backup:DeleteBackupVaultAccessPolicy` and `backup:DeleteBackupVault` to
 *   every principal (`"AWS": "*"`), except those exempt by exact ARN
 *   (`ArnNotEquals aws:PrincipalArn`).
 * - Optionally locked (`VaultLock`).
 *
 * `addPlan(...)` adds a backup plan that selects resources by tag and copies
 * every recovery point into a central vault of the backup account, with the
 * key policy cross-account copy needs.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html
 * @resource AWS::Backup::BackupVault
 */
export class BackupVault extends LandingZoneVaultBase {
  /** The vault's lock, if any. */
  public readonly lock?: VaultLock;

  private readonly keySharedWith = new Set<string>();

  constructor(scope: Construct, id: string, props: BackupVaultProps = {}) {
    super(scope, id, props, CONSTRUCT, 'backup vault');
    this.lock = props.lock;
  }

  /**
   * Adds a backup plan that stores into this vault the resources carrying
   * the selection tags and, with `copyTo`, copies each recovery point into
   * the destination vault.
   */
  public addPlan(id: string, options: BackupVaultPlanOptions): backup.BackupPlan {
    const rules = options.rules ?? [];
    if (rules.length === 0) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'rules', received: options.rules, expected: 'at least one backup.BackupPlanRule' });
    }
    const tags = Object.entries(options.selectionTags ?? {});
    if (tags.length === 0 || tags.some(([key]) => !Token.isUnresolved(key) && key.trim() === '')) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'selectionTags',
        received: options.selectionTags,
        expected: 'at least one tag (key: value) with a non-empty key',
        reason: 'The plan backs up the resources carrying these tags; without one it would back up nothing.',
      });
    }
    const destinations = this.copyDestinations(options);
    const lockRange = { min: this.lock?.minRetention, max: this.lock?.maxRetention };
    rules.forEach((rule, i) => {
      const target = rule.props.backupVault;
      if (target !== undefined && target !== this && target !== this.vault) {
        throw new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input: `rules[${i}].backupVault`,
          received: target.node.path,
          expected: 'no backupVault (the rule stores into this vault)',
          reason: 'A rule storing elsewhere would escape this vault\'s access policy and lock.',
        });
      }
      checkRetentionFits(CONSTRUCT, this, `rules[${i}].deleteAfter`, rule.props.deleteAfter, lockRange, 'this vault\'s lock');
      for (const { destination, input: destinationInput } of destinations) {
        const input = options.copyDeleteAfter ? 'copyDeleteAfter' : `rules[${i}].deleteAfter (applied to the copy)`;
        const range = { min: destination.minRetention, max: destination.maxRetention };
        checkRetentionFits(CONSTRUCT, this, input, options.copyDeleteAfter ?? rule.props.deleteAfter, range, destinationInput === 'copyTo' ? 'the copy destination\'s lock' : `the lock of ${destinationInput}`);
      }
    });
    destinations.forEach(({ destination }) => this.shareKeyForCopies(destination.destinationAccount));

    const plan = new backup.BackupPlan(this, id, { backupPlanName: options.backupPlanName, backupVault: this.vault });
    const copyTargets = destinations.map(({ destination }, i) =>
      backup.BackupVault.fromBackupVaultArn(plan, i === 0 ? 'CopyDestination' : `CopyDestination${i + 1}`, destination.destinationVaultArn),
    );
    for (const rule of rules) {
      const copyActions = [...(rule.props.copyActions ?? [])];
      for (const copyTarget of copyTargets) {
        copyActions.push({
          destinationBackupVault: copyTarget,
          deleteAfter: options.copyDeleteAfter ?? rule.props.deleteAfter,
          moveToColdStorageAfter: options.copyMoveToColdStorageAfter ?? rule.props.moveToColdStorageAfter,
        });
      }
      plan.addRule(
        new backup.BackupPlanRule({ ...rule.props, backupVault: this.vault, copyActions: copyActions.length > 0 ? copyActions : undefined }),
      );
    }
    plan.addSelection('Selection', { resources: tags.map(([key, value]) => backup.BackupResource.fromTag(key, value)) });
    return plan;
  }

  /** The destinations `copyTo` and `alsoCopyTo` name, checked, each with the input that named it. */
  private copyDestinations(options: BackupVaultPlanOptions): Array<{ destination: IBackupCopyDestination; input: string }> {
    const named = [
      ...(options.copyTo ? [{ destination: options.copyTo, input: 'copyTo' }] : []),
      ...(options.alsoCopyTo ?? []).map((destination, i) => ({ destination, input: `alsoCopyTo[${i}]` })),
    ];
    const seen = new Map<IBackupCopyDestination, string>();
    for (const { destination, input } of named) {
      this.checkCopyDestination(destination, input);
      const earlier = seen.get(destination);
      if (earlier !== undefined) {
        throw new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input,
          received: `the destination ${earlier} already names`,
          expected: 'each destination once',
          reason: 'A second copy into the same vault doubles the cost and protects nothing more.',
        });
      }
      seen.set(destination, input);
    }
    return named;
  }

  private checkCopyDestination(destination: IBackupCopyDestination, input: string): void {
    requireAccepted(CONSTRUCT, this, input, destination);
    if (Construct.isConstruct(destination)) {
      const stack = Stack.of(destination);
      if (stack !== Stack.of(this) && (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region))) {
        throw new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input,
          received: `${destination.node.path}, in a stack without an explicit account and region`,
          expected: 'a destination in a stack with env: { account, region }, or BackupCopyDestination.fromVaultArn(...)',
          reason: 'Its ARN would otherwise name this stack\'s account and region, not the destination\'s.',
        });
      }
    }
    const own = Stack.of(this).account;
    const account = destination.destinationAccount;
    const sameAccount = !Token.isUnresolved(own) && !Token.isUnresolved(account) && own === account;
    if (!sameAccount && isAwsManagedKey(this.encryptionKey)) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'encryptionKey',
        received: 'an AWS managed key (alias/aws/...)',
        expected: 'a customer managed key for a vault that copies to another account',
        reason: 'An AWS managed key cannot be shared with the destination account, so the copy jobs would fail.',
      });
    }
  }

  /** Lets the destination account use the vault's key for cross-account copies (once per account). */
  private shareKeyForCopies(account: string): void {
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.account) && !Token.isUnresolved(account) && stack.account === account) {
      return;
    }
    const key = JSON.stringify(stack.resolve(account));
    if (this.keySharedWith.has(key)) {
      return;
    }
    this.keySharedWith.add(key);
    const suffix = Token.isUnresolved(account) ? `${this.keySharedWith.size}` : account;
    const principal = new iam.AccountPrincipal(account);
    addKeyStatements(
      this,
      CONSTRUCT,
      this.encryptionKey,
      [
        new iam.PolicyStatement({
          sid: `AllowCrossAccountCopyTo${suffix}`,
          principals: [principal],
          actions: COPY_KEY_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: `AllowCrossAccountCopyGrantsTo${suffix}`,
          principals: [principal],
          actions: COPY_KEY_GRANT_ACTIONS,
          resources: ['*'],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ],
      'cross-account copies',
      describeAccount(account),
    );
  }
}
