import { App, Duration, Stack, aws_backup as backup, aws_events as events } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupVault, CentralBackupVault, VaultLock } from '../src/backup-vault';
import { literal } from './support/literal';
import { ADMINISTRATOR_ACCESS, SimulationCase, decide as decideCase } from './support/simulation';

// Proofs by evaluation: the synthesized vault access policies and key
// policies, resolved to the literals IAM would store, are handed to an IAM
// policy simulator (@cloud-copilot/iam-simulate) together with the caller's
// identity policy (test/support/simulation.ts). A case passes only if the
// simulator's decision, and the statement that decided it, are the ones
// stated; a simulation that ignores a context key given to it fails the case.

const ORG = 'o-a1b2c3d4e5';
const OTHER_ORG = 'o-z9y8x7w6v5';
const BACKUP_ACCOUNT = '444444444444';
const PRODUCTION = '555555555555';
const OUTSIDER = '999999999999';
const REGION = 'eu-west-1';

const PRODUCTION_OU_PATH = `${ORG}/r-ab12/ou-ab12-prod0001/`;
const SANDBOX = '666666666666';
const SANDBOX_OU_PATH = `${ORG}/r-ab12/ou-ab12-sbox0001/`;
const ADMIN = (account: string) => `arn:aws:iam::${account}:role/Admin`;
const BREAK_GLASS = `arn:aws:iam::${PRODUCTION}:role/landing-zone/break-glass`;
const CENTRAL_BREAK_GLASS = `arn:aws:iam::${BACKUP_ACCOUNT}:role/landing-zone/break-glass`;
const BACKUP_SERVICE_ROLE = (account: string) => `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;

const WORKLOAD_VAULT = `arn:aws:backup:${REGION}:${PRODUCTION}:backup-vault:workload`;
const WORKLOAD_RECOVERY_POINT = `arn:aws:backup:${REGION}:${PRODUCTION}:recovery-point:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const CENTRAL_VAULT = `arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:central`;
const CENTRAL_RECOVERY_POINT = `arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:recovery-point:1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`;
const WORKLOAD_KEY = `arn:aws:kms:${REGION}:${PRODUCTION}:key/11111111-2222-3333-4444-555555555555`;
const CENTRAL_KEY = `arn:aws:kms:${REGION}:${BACKUP_ACCOUNT}:key/66666666-7777-8888-9999-000000000000`;

/** The policies of the example: a workload vault copying into a central vault. */
function synthesize(): { workloadVault: any; centralVault: any; workloadKey: any; centralKey: any } {
  const app = new App();
  const backupStack = new Stack(app, 'Backup', { env: { account: BACKUP_ACCOUNT, region: REGION } });
  const central = new CentralBackupVault(backupStack, 'Central', {
    backupVaultName: 'central',
    organizationId: ORG,
    lock: VaultLock.compliance({
      minRetention: Duration.days(30),
      maxRetention: Duration.days(400),
      changeableFor: Duration.days(3),
      acknowledgeIrreversible: true,
    }),
    exemptPrincipalArns: [CENTRAL_BREAK_GLASS],
    copySourceOrganizationPaths: [PRODUCTION_OU_PATH],
  });
  const workloadStack = new Stack(app, 'Production', { env: { account: PRODUCTION, region: REGION } });
  const vault = new BackupVault(workloadStack, 'Vault', { backupVaultName: 'workload', exemptPrincipalArns: [BREAK_GLASS] });
  vault.addPlan('Daily', {
    rules: [new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(35) })],
    selectionTags: { backup: 'daily' },
    copyTo: central,
  });
  const only = (stack: Stack, type: string) => {
    const resources = Object.values(Template.fromStack(stack).findResources(type));
    expect(resources).toHaveLength(1);
    return resources[0].Properties;
  };
  return {
    workloadVault: literal(only(workloadStack, 'AWS::Backup::BackupVault').AccessPolicy, PRODUCTION, REGION),
    centralVault: literal(only(backupStack, 'AWS::Backup::BackupVault').AccessPolicy, BACKUP_ACCOUNT, REGION),
    workloadKey: literal(only(workloadStack, 'AWS::KMS::Key').KeyPolicy, PRODUCTION, REGION),
    centralKey: literal(only(backupStack, 'AWS::KMS::Key').KeyPolicy, BACKUP_ACCOUNT, REGION),
  };
}

/** A case of this file: the caller's identity policy is AdministratorAccess unless given. */
type Case = Omit<SimulationCase, 'identityPolicies'> & { readonly identityPolicy?: unknown };

/**
 * The simulator's decision: `Allowed`, `ImplicitlyDenied`, or
 * `ExplicitlyDenied by <Sid>` naming the statements that denied (here always
 * the resource policy's: the identity policies only allow). The request
 * carries aws:PrincipalAccount, the principal's account. Throws if the
 * simulator refuses the request or ignores a context key.
 */
function decide({ identityPolicy = ADMINISTRATOR_ACCESS, ...request }: Case): Promise<string> {
  return decideCase({
    ...request,
    context: { 'aws:PrincipalAccount': request.principal.split(':')[4], ...request.context },
    identityPolicies: { identity: identityPolicy },
  });
}

const policies = synthesize();
/** The context of a KMS call that AWS Backup makes on a principal's behalf in the vault's region. */
const VIA_BACKUP = { 'kms:ViaService': `backup.${REGION}.amazonaws.com` };
/** The organization context of a principal of an account under `path`. */
const inOu = (path: string) => ({ 'aws:PrincipalOrgID': ORG, 'aws:PrincipalOrgPaths': [path] });
/** A request context, which may carry multivalued keys. */
type Context = Record<string, string | string[]>;

test('a context key the simulator does not use for the action fails the case instead of being dropped silently', async () => {
  await expect(
    decide({
      principal: ADMIN(PRODUCTION),
      action: 'backup:DeleteRecoveryPoint',
      resource: WORKLOAD_RECOVERY_POINT,
      resourceAccount: PRODUCTION,
      resourcePolicy: policies.workloadVault,
      context: { 'kms:GrantIsForAWSResource': 'true' },
    }),
  ).rejects.toThrow(/ignored context keys kms:GrantIsForAWSResource/);
});

describe('the workload vault access policy', () => {
  const onWorkload = (principal: string, action: string, resource = WORKLOAD_RECOVERY_POINT) =>
    decide({ principal, action, resource, resourceAccount: PRODUCTION, resourcePolicy: policies.workloadVault });

  test('is the Deny statement alone, with the exempt principal', () => {
    expect(policies.workloadVault.Statement).toHaveLength(1);
    expect(policies.workloadVault.Statement[0].Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [BREAK_GLASS] } });
  });

  test('an administrator of the workload account deleting a recovery point is denied', async () => {
    expect(await onWorkload(ADMIN(PRODUCTION), 'backup:DeleteRecoveryPoint')).toBe('ExplicitlyDenied by DenyDeletingRecoveryPointsAndVault');
  });

  test('the exempt principal deleting a recovery point is allowed', async () => {
    expect(await onWorkload(BREAK_GLASS, 'backup:DeleteRecoveryPoint')).toBe('Allowed');
  });

  test.each([
    ['a look-alike with a suffix', `${BREAK_GLASS}-2`],
    ['the same name at another path', `arn:aws:iam::${PRODUCTION}:role/break-glass`],
    ['the same role in another account', BREAK_GLASS.replace(PRODUCTION, OUTSIDER)],
  ])('%s is not exempt', async (_name, principal) => {
    expect(await onWorkload(principal, 'backup:DeleteRecoveryPoint')).toBe('ExplicitlyDenied by DenyDeletingRecoveryPointsAndVault');
  });

  test.each([
    ['backup:UpdateRecoveryPointLifecycle', WORKLOAD_RECOVERY_POINT],
    ['backup:DisassociateRecoveryPoint', WORKLOAD_RECOVERY_POINT],
    ['backup:DisassociateRecoveryPointFromParent', WORKLOAD_RECOVERY_POINT],
    ['backup:PutBackupVaultAccessPolicy', WORKLOAD_VAULT],
    ['backup:DeleteBackupVaultAccessPolicy', WORKLOAD_VAULT],
    ['backup:PutBackupVaultLockConfiguration', WORKLOAD_VAULT],
    ['backup:DeleteBackupVaultLockConfiguration', WORKLOAD_VAULT],
    ['backup:DeleteBackupVault', WORKLOAD_VAULT],
  ])('%s by the administrator is denied, by the exempt principal allowed', async (action, resource) => {
    expect(await onWorkload(ADMIN(PRODUCTION), action, resource)).toBe('ExplicitlyDenied by DenyDeletingRecoveryPointsAndVault');
    expect(await onWorkload(BREAK_GLASS, action, resource)).toBe('Allowed');
  });

  test.each([
    ['backup:StartBackupJob', WORKLOAD_VAULT],
    ['backup:StartRestoreJob', WORKLOAD_RECOVERY_POINT],
    ['backup:DescribeRecoveryPoint', WORKLOAD_RECOVERY_POINT],
  ])('%s by the administrator stays allowed: the policy denies destruction only', async (action, resource) => {
    expect(await onWorkload(ADMIN(PRODUCTION), action, resource)).toBe('Allowed');
  });
});

describe('the central vault access policy', () => {
  const COPY_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'backup:CopyIntoBackupVault', Resource: '*' }] };
  const onCentral = (principal: string, action: string, resource: string, context?: Context, identityPolicy: unknown = COPY_ONLY) =>
    decide({ principal, action, resource, resourceAccount: BACKUP_ACCOUNT, resourcePolicy: policies.centralVault, context, identityPolicy });


  test('a copy from a principal of an account of the named OU is allowed', async () => {
    expect(await onCentral(BACKUP_SERVICE_ROLE(PRODUCTION), 'backup:CopyIntoBackupVault', CENTRAL_VAULT, inOu(PRODUCTION_OU_PATH))).toBe('Allowed');
  });

  test('a copy from a principal of another OU of the organization (a sandbox) is denied', async () => {
    expect(await onCentral(BACKUP_SERVICE_ROLE(SANDBOX), 'backup:CopyIntoBackupVault', CENTRAL_VAULT, inOu(SANDBOX_OU_PATH))).toBe('ImplicitlyDenied');
    expect(await onCentral(BACKUP_SERVICE_ROLE(SANDBOX), 'backup:CopyIntoBackupVault', CENTRAL_VAULT, { 'aws:PrincipalOrgID': ORG })).toBe('ImplicitlyDenied');
  });

  test('a copy from a principal of another organization is denied', async () => {
    expect(await onCentral(BACKUP_SERVICE_ROLE(OUTSIDER), 'backup:CopyIntoBackupVault', CENTRAL_VAULT, { 'aws:PrincipalOrgID': OTHER_ORG })).toBe('ImplicitlyDenied');
  });

  test('a copy from a principal of an account outside any organization is denied', async () => {
    expect(await onCentral(BACKUP_SERVICE_ROLE(OUTSIDER), 'backup:CopyIntoBackupVault', CENTRAL_VAULT)).toBe('ImplicitlyDenied');
  });

  test('StartRestoreJob from another account, even an organization administrator, is denied', async () => {
    expect(await onCentral(ADMIN(PRODUCTION), 'backup:StartRestoreJob', CENTRAL_RECOVERY_POINT, { 'aws:PrincipalOrgID': ORG }, ADMINISTRATOR_ACCESS)).toBe('ImplicitlyDenied');
  });

  test.each([
    ['backup:DeleteRecoveryPoint', CENTRAL_RECOVERY_POINT],
    ['backup:UpdateRecoveryPointLifecycle', CENTRAL_RECOVERY_POINT],
    ['backup:PutBackupVaultAccessPolicy', CENTRAL_VAULT],
  ])('%s from an organization administrator of another account is denied by the Deny statement', async (action, resource) => {
    expect(await onCentral(ADMIN(PRODUCTION), action, resource, { 'aws:PrincipalOrgID': ORG }, ADMINISTRATOR_ACCESS)).toBe('ExplicitlyDenied by DenyDeletingRecoveryPointsAndVault');
  });

  test('an administrator of the backup account deleting a copy is denied; its break-glass role is allowed', async () => {
    const admin = await onCentral(ADMIN(BACKUP_ACCOUNT), 'backup:DeleteRecoveryPoint', CENTRAL_RECOVERY_POINT, { 'aws:PrincipalOrgID': ORG }, ADMINISTRATOR_ACCESS);
    expect(admin).toBe('ExplicitlyDenied by DenyDeletingRecoveryPointsAndVault');
    const breakGlass = await onCentral(CENTRAL_BREAK_GLASS, 'backup:DeleteRecoveryPoint', CENTRAL_RECOVERY_POINT, { 'aws:PrincipalOrgID': ORG }, ADMINISTRATOR_ACCESS);
    expect(breakGlass).toBe('Allowed');
  });
});

/** Key administration that destroys: what DenyDestroyingTheKey must refuse. */
const KEY_DESTRUCTION = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:DeleteImportedKeyMaterial', 'kms:UntagResource', 'kms:RevokeGrant'];

describe('the key policies of cross-account copy', () => {
  const KMS_USE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
  const onKey = (key: string, keyAccount: string, keyPolicy: unknown, principal: string, action: string, context?: Context) =>
    decide({ principal, action, resource: key, resourceAccount: keyAccount, resourcePolicy: keyPolicy, context, identityPolicy: KMS_USE });

  test('the workload key lets the backup account decrypt and re-encrypt for copies', async () => {
    for (const action of ['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncryptFrom', 'kms:GenerateDataKeyWithoutPlaintext']) {
      expect([action, await onKey(WORKLOAD_KEY, PRODUCTION, policies.workloadKey, BACKUP_SERVICE_ROLE(BACKUP_ACCOUNT), action)]).toEqual([action, 'Allowed']);
    }
  });

  test('the workload key refuses other accounts, and administering it from the backup account', async () => {
    expect(await onKey(WORKLOAD_KEY, PRODUCTION, policies.workloadKey, BACKUP_SERVICE_ROLE(OUTSIDER), 'kms:Decrypt')).toBe('ImplicitlyDenied');
    expect(await onKey(WORKLOAD_KEY, PRODUCTION, policies.workloadKey, ADMIN(BACKUP_ACCOUNT), 'kms:ScheduleKeyDeletion')).toBe('ExplicitlyDenied by DenyDestroyingTheKey');
    expect(await onKey(WORKLOAD_KEY, PRODUCTION, policies.workloadKey, ADMIN(BACKUP_ACCOUNT), 'kms:PutKeyPolicy')).toBe('ExplicitlyDenied by DenyDestroyingTheKey');
    expect(await onKey(WORKLOAD_KEY, PRODUCTION, policies.workloadKey, ADMIN(BACKUP_ACCOUNT), 'kms:EnableKeyRotation')).toBe('ImplicitlyDenied');
  });

  test('the workload key lets the backup account create grants for AWS resources only', async () => {
    const principal = BACKUP_SERVICE_ROLE(BACKUP_ACCOUNT);
    expect(await onKey(WORKLOAD_KEY, PRODUCTION, policies.workloadKey, principal, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })).toBe('Allowed');
    expect(await onKey(WORKLOAD_KEY, PRODUCTION, policies.workloadKey, principal, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false' })).toBe('ImplicitlyDenied');
  });

  test('the central key lets principals of the named OU use it for copies in, through AWS Backup', async () => {
    const principal = BACKUP_SERVICE_ROLE(PRODUCTION);
    expect(await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, principal, 'kms:Encrypt', { ...inOu(PRODUCTION_OU_PATH), ...VIA_BACKUP })).toBe('Allowed');
    expect(
      await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, principal, 'kms:CreateGrant', { ...inOu(PRODUCTION_OU_PATH), 'kms:GrantIsForAWSResource': 'true', ...VIA_BACKUP }),
    ).toBe('Allowed');
    // A principal of another OU (a sandbox), through AWS Backup all the same, is refused.
    expect(await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, BACKUP_SERVICE_ROLE(SANDBOX), 'kms:Encrypt', { ...inOu(SANDBOX_OU_PATH), ...VIA_BACKUP })).toBe(
      'ImplicitlyDenied',
    );
  });

  test('the central key refuses use outside AWS Backup, even by a principal of the organization', async () => {
    const principal = BACKUP_SERVICE_ROLE(PRODUCTION);
    expect(await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, principal, 'kms:Decrypt', inOu(PRODUCTION_OU_PATH))).toBe('ImplicitlyDenied');
    expect(await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, principal, 'kms:Decrypt', { ...inOu(PRODUCTION_OU_PATH), 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe(
      'ImplicitlyDenied',
    );
  });

  test('the central key refuses principals outside the organization, grants for other than AWS resources, and key administration', async () => {
    const outsider = BACKUP_SERVICE_ROLE(OUTSIDER);
    expect(await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, outsider, 'kms:Encrypt', { 'aws:PrincipalOrgID': OTHER_ORG })).toBe('ImplicitlyDenied');
    const member = BACKUP_SERVICE_ROLE(PRODUCTION);
    expect(await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, member, 'kms:CreateGrant', { 'aws:PrincipalOrgID': ORG, 'kms:GrantIsForAWSResource': 'false' })).toBe(
      'ImplicitlyDenied',
    );
    expect(await onKey(CENTRAL_KEY, BACKUP_ACCOUNT, policies.centralKey, ADMIN(PRODUCTION), 'kms:ScheduleKeyDeletion', { 'aws:PrincipalOrgID': ORG })).toBe(
      'ExplicitlyDenied by DenyDestroyingTheKey',
    );
  });

  // Issue: a bounded admin is fenced by the boundary, but the account's unbounded administrators (and its
  // root user) were granted kms:* by the key policy's account statement; disabling the key and then locking
  // others out of it made every recovery point it encrypts unusable.
  test.each([
    ['workload', WORKLOAD_KEY, PRODUCTION, 'workloadKey', BREAK_GLASS],
    ['central', CENTRAL_KEY, BACKUP_ACCOUNT, 'centralKey', CENTRAL_BREAK_GLASS],
  ] as const)('the %s key: its own administrators and root user cannot destroy it, its break-glass role can', async (_name, key, account, policy, breakGlass) => {
    const keyPolicy = policies[policy];
    for (const action of KEY_DESTRUCTION) {
      expect([action, await onKey(key, account, keyPolicy, ADMIN(account), action)]).toEqual([action, 'ExplicitlyDenied by DenyDestroyingTheKey']);
      expect([action, await onKey(key, account, keyPolicy, `arn:aws:iam::${account}:root`, action)]).toEqual([action, 'ExplicitlyDenied by DenyDestroyingTheKey']);
      expect([action, await onKey(key, account, keyPolicy, breakGlass, action)]).toEqual([action, 'Allowed']);
    }
  });

  test.each([
    ['workload', WORKLOAD_KEY, PRODUCTION, 'workloadKey'],
    ['central', CENTRAL_KEY, BACKUP_ACCOUNT, 'centralKey'],
  ] as const)('the %s key: its administrators keep the administration that destroys nothing', async (_name, key, account, policy) => {
    for (const action of ['kms:DescribeKey', 'kms:EnableKeyRotation', 'kms:GetKeyPolicy', 'kms:UpdateKeyDescription', 'kms:CreateAlias', 'kms:ListResourceTags']) {
      expect([action, await onKey(key, account, policies[policy], ADMIN(account), action)]).toEqual([action, 'Allowed']);
    }
  });
});

describe('the air-gapped vault (customer managed key, copies from the production OU only)', () => {
  const AIR_GAPPED_VAULT = `arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:backup-vault:air-gapped`;
  const AIR_GAPPED_RECOVERY_POINT = `arn:aws:backup:${REGION}:${BACKUP_ACCOUNT}:recovery-point:2b3c4d5e-6f7a-8b9c-0d1e-2f3a4b5c6d7e`;
  const AIR_GAPPED_KEY = `arn:aws:kms:${REGION}:${BACKUP_ACCOUNT}:key/77777777-8888-9999-0000-111111111111`;
  const COPY_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'backup:CopyIntoBackupVault', Resource: '*' }] };
  const KMS_USE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

  const airGapped = (() => {
    const s = new Stack(new App(), 'Backup', { env: { account: BACKUP_ACCOUNT, region: REGION } });
    new CentralBackupVault(s, 'Central', {
      organizationId: ORG,
      lock: VaultLock.governance({ minRetention: Duration.days(7) }),
      exemptPrincipalArns: [CENTRAL_BREAK_GLASS],
      copySourceOrganizationPaths: [PRODUCTION_OU_PATH],
      airGappedVault: { backupVaultName: 'air-gapped', minRetention: Duration.days(7), maxRetention: Duration.days(400), createEncryptionKey: true },
    });
    const template = Template.fromStack(s);
    const vault = Object.values<any>(template.findResources('AWS::Backup::LogicallyAirGappedBackupVault'))[0];
    const keyId = vault.Properties.EncryptionKeyArn['Fn::GetAtt'][0];
    return {
      vault: literal(vault.Properties.AccessPolicy, BACKUP_ACCOUNT, REGION),
      key: literal(template.toJSON().Resources[keyId].Properties.KeyPolicy, BACKUP_ACCOUNT, REGION),
    };
  })();
  const onVault = (principal: string, action: string, resource: string, context?: Context, identityPolicy: unknown = COPY_ONLY) =>
    decide({ principal, action, resource, resourceAccount: BACKUP_ACCOUNT, resourcePolicy: airGapped.vault, context, identityPolicy });
  const onKey = (principal: string, action: string, context?: Context) =>
    decide({
      principal,
      action,
      resource: AIR_GAPPED_KEY,
      resourceAccount: BACKUP_ACCOUNT,
      resourcePolicy: airGapped.key,
      context,
      identityPolicy: KMS_USE,
    });

  test('a copy from a principal of the named OU is allowed; from a sandbox OU or another organization, refused', async () => {
    expect(await onVault(BACKUP_SERVICE_ROLE(PRODUCTION), 'backup:CopyIntoBackupVault', AIR_GAPPED_VAULT, inOu(PRODUCTION_OU_PATH))).toBe('Allowed');
    expect(await onVault(BACKUP_SERVICE_ROLE(SANDBOX), 'backup:CopyIntoBackupVault', AIR_GAPPED_VAULT, inOu(SANDBOX_OU_PATH))).toBe('ImplicitlyDenied');
    expect(await onVault(BACKUP_SERVICE_ROLE(OUTSIDER), 'backup:CopyIntoBackupVault', AIR_GAPPED_VAULT, { 'aws:PrincipalOrgID': OTHER_ORG })).toBe('ImplicitlyDenied');
  });

  test.each([
    ['backup:DeleteRecoveryPoint', AIR_GAPPED_RECOVERY_POINT],
    ['backup:UpdateRecoveryPointLifecycle', AIR_GAPPED_RECOVERY_POINT],
    ['backup:PutBackupVaultAccessPolicy', AIR_GAPPED_VAULT],
    ['backup:DeleteBackupVault', AIR_GAPPED_VAULT],
  ])('%s by an administrator of the backup account is denied, by its break-glass role allowed', async (action, resource) => {
    const org = { 'aws:PrincipalOrgID': ORG };
    expect(await onVault(ADMIN(BACKUP_ACCOUNT), action, resource, org, ADMINISTRATOR_ACCESS)).toBe('ExplicitlyDenied by DenyDeletingRecoveryPointsAndVault');
    expect(await onVault(CENTRAL_BREAK_GLASS, action, resource, org, ADMINISTRATOR_ACCESS)).toBe('Allowed');
  });

  test('its key serves copies from the named OU through AWS Backup only', async () => {
    const principal = BACKUP_SERVICE_ROLE(PRODUCTION);
    expect(await onKey(principal, 'kms:Encrypt', { ...inOu(PRODUCTION_OU_PATH), ...VIA_BACKUP })).toBe('Allowed');
    expect(await onKey(principal, 'kms:CreateGrant', { ...inOu(PRODUCTION_OU_PATH), 'kms:GrantIsForAWSResource': 'true', ...VIA_BACKUP })).toBe('Allowed');
    expect(await onKey(principal, 'kms:CreateGrant', { ...inOu(PRODUCTION_OU_PATH), 'kms:GrantIsForAWSResource': 'false', ...VIA_BACKUP })).toBe('ImplicitlyDenied');
    expect(await onKey(principal, 'kms:Decrypt', inOu(PRODUCTION_OU_PATH))).toBe('ImplicitlyDenied');
    expect(await onKey(BACKUP_SERVICE_ROLE(SANDBOX), 'kms:Encrypt', { ...inOu(SANDBOX_OU_PATH), ...VIA_BACKUP })).toBe('ImplicitlyDenied');
  });

  test('its key: the backup account\'s administrators and root user cannot destroy it, its break-glass role can', async () => {
    for (const action of KEY_DESTRUCTION) {
      expect([action, await onKey(ADMIN(BACKUP_ACCOUNT), action)]).toEqual([action, 'ExplicitlyDenied by DenyDestroyingTheKey']);
      expect([action, await onKey(`arn:aws:iam::${BACKUP_ACCOUNT}:root`, action)]).toEqual([action, 'ExplicitlyDenied by DenyDestroyingTheKey']);
      expect([action, await onKey(CENTRAL_BREAK_GLASS, action)]).toEqual([action, 'Allowed']);
    }
  });
});
