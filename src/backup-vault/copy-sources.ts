// Who may copy into a destination vault (a CentralBackupVault or an
// AirGappedBackupVault): one concept, one place. Not exported from the
// package: the constructs are the public surface.
import { Annotations, Stack, Token, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { allowCopyFromOrganizationStatement, COPY_KEY_ACTIONS, COPY_KEY_GRANT_ACTIONS } from './validation';
import { addKeyStatements } from './vault-base';
import { LandingZoneInputError } from '../private/errors';
import { validateAccountId, validateOrgPaths } from '../private/org-ids';

/** The props of a destination vault that say who may copy in. */
export interface CopySourceProps {
  readonly organizationId: string;
  readonly copySourceAccounts?: string[];
  readonly copySourceOrganizationPaths?: string[];
}

/** One way in for copies: a statement id suffix, the conditions beside the organization's, and words for warnings. */
export interface CopySource {
  readonly sid: string;
  readonly conditions: Conditions;
  readonly description: string;
}

type Conditions = Record<string, Record<string, unknown>>;

/** The ways in that the props allow, validated; the whole organization (with a warning) when none is named. */
export function copySources(construct: string, vault: IConstruct, props: CopySourceProps): CopySource[] {
  const accounts = props.copySourceAccounts;
  const paths = props.copySourceOrganizationPaths;
  if (accounts !== undefined && !Token.isUnresolved(accounts)) {
    if (accounts.length === 0) {
      throw new LandingZoneInputError({
        construct,
        scope: vault,
        input: 'copySourceAccounts',
        received: accounts,
        expected: 'at least one account, or no copySourceAccounts at all',
      });
    }
    accounts.forEach((account, i) => validateAccountId(construct, vault, `copySourceAccounts[${i}]`, account));
  }
  validateOrgPaths(construct, vault, paths, props.organizationId, 'copySourceOrganizationPaths');
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
      `${construct}: every account of ${props.organizationId} may copy into this locked vault; a sandbox account could fill it with copies nobody can delete ` +
        'before their retention ends. Name the sources with copySourceAccounts or copySourceOrganizationPaths.',
    );
    sources.push({ sid: 'Organization', conditions: {}, description: `principals of ${props.organizationId} (StringEquals aws:PrincipalOrgID)` });
  }
  return sources;
}

/**
 * Lets the sources copy into the vault: an Allow of `backup:CopyIntoBackupVault`
 * per source in the access policy and, when the vault has a customer managed
 * key, the key statements copies in need, only through AWS Backup
 * (`kms:ViaService`) and grants only for AWS resources.
 */
export function allowCopiesIn(
  vault: IConstruct,
  construct: string,
  accessPolicy: iam.PolicyDocument,
  key: kms.IKey | undefined,
  organizationId: string,
  sources: CopySource[],
): void {
  const stack = Stack.of(vault);
  const viaBackup = { 'kms:ViaService': `backup.${stack.region}.${stack.urlSuffix}` };
  for (const source of sources) {
    accessPolicy.addStatements(allowCopyFromOrganizationStatement(organizationId, source.sid, source.conditions));
    if (key === undefined) {
      continue;
    }
    const conditions = withStringEquals(source.conditions, { 'aws:PrincipalOrgID': organizationId, ...viaBackup });
    addKeyStatements(
      vault,
      construct,
      key,
      [
        new iam.PolicyStatement({
          sid: `AllowCopiesFrom${source.sid}`,
          principals: [new iam.AnyPrincipal()],
          actions: COPY_KEY_ACTIONS,
          resources: ['*'],
          conditions,
        }),
        new iam.PolicyStatement({
          sid: `AllowCopyGrantsFrom${source.sid}`,
          principals: [new iam.AnyPrincipal()],
          actions: COPY_KEY_GRANT_ACTIONS,
          resources: ['*'],
          conditions: { ...conditions, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ],
      'copies into this vault',
      `${source.description} (through AWS Backup: kms:ViaService ${viaBackup['kms:ViaService']})`,
    );
  }
}

/** The conditions with `extra` merged into their StringEquals operator. */
function withStringEquals(conditions: Conditions, extra: Record<string, unknown>): Conditions {
  return { ...conditions, StringEquals: { ...(conditions.StringEquals ?? {}), ...extra } };
}
