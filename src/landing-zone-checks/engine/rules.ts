import {
  allowsAction,
  conditionsOn,
  coversAction,
  hasExternalIdCondition,
  hasOrganizationCondition,
  identityStatements,
  roleMatches,
  TrustedAccount,
  trustedAccounts,
} from './iam';
import { CheckedTemplate } from './templates';
import { listOf, policyDocument, render, resourceBehind, statementsOf } from './values';
import {
  auditGithubTrust,
  githubClaimStatementsAdmittingPullRequests,
  GithubProviderReference,
  githubIssuerPrefix,
  githubSubjectConditions,
  subjectAdmitsPullRequests,
} from '../../github-oidc/trust-audit';

/** The options the rules read (defaults applied). */
export interface RuleOptions {
  /** true: every role and user needs a boundary; false: never; undefined: where the stack declares one. */
  readonly requirePermissionsBoundary?: boolean;
  /** The accounts of the organization; undefined: every account is taken for one of the organization's. */
  readonly organizationAccounts?: string[];
  /** Roles (patterns) whose cross-account trust must check an external id. */
  readonly externalIdRoles: string[];
  /** Roles (patterns) that are privileged whatever their policies. */
  readonly privilegedRoles: string[];
  /** AWS managed policy names that make a role privileged. */
  readonly privilegedAwsManagedPolicies: string[];
  /** Actions that make a role privileged when an identity policy allows them. */
  readonly privilegedActions: string[];
}

/** A finding before suppressions are applied. */
export interface RawFinding {
  readonly ruleId: string;
  readonly template: CheckedTemplate;
  readonly logicalId: string;
  /** What is wrong. */
  readonly problem: string;
  /** Where in the resource, e.g. `Properties/AssumeRolePolicyDocument/Statement/0`. */
  readonly location: string;
}

/** A rule of the pack. */
export interface Rule {
  /** e.g. `LZ-GH1`. */
  readonly id: string;
  /** What the rule finds, one line. */
  readonly title: string;
  /** How to fix a finding. */
  readonly fix: string;
  readonly check: (template: CheckedTemplate, options: RuleOptions) => RawFinding[];
}

const ROLE = 'AWS::IAM::Role';
const USER = 'AWS::IAM::User';
const TRUST = 'Properties/AssumeRolePolicyDocument';

/** The rules, in report order. */
export const RULES: Rule[] = [
  {
    id: 'LZ-GH1',
    title: 'A role trusts a GitHub OIDC provider without pinning audience and repository: no aud, no sub condition and no exact repository_id (or repository) claim, a wildcard owner or repository, a claim matched other than exactly (StringLike, IfExists, ForAllValues/ForAnyValue), a condition key of another issuer, or actions besides sts:AssumeRoleWithWebIdentity.',
    fix: 'Check the token\'s aud with StringEquals (sts.amazonaws.com) and its sub with StringEquals, or StringLike with a literal repo:OWNER/REPO and a wildcard only after it, both under the provider\'s own key prefix, and allow only sts:AssumeRoleWithWebIdentity. GithubActionsRole and TieredDeployRole write such trusts.',
    check: (template) =>
      roles(template).flatMap((logicalId) => {
        const document = trustDocument(template, logicalId);
        return auditGithubTrust(document, githubOptions(template)).map((problem) => finding('LZ-GH1', template, logicalId, `trusts GitHub Actions unsafely: ${problem}`, TRUST));
      }),
  },
  {
    id: 'LZ-GH2',
    title: 'A privileged role (AWS managed admin policies, "*" or IAM write actions, or a role you list) trusts a GitHub subject that a pull request workflow can obtain.',
    fix: 'Trust a protected GitHub environment (repo:OWNER/REPO:environment:NAME) or an exact branch or tag for privileged roles, never pull_request or a pattern that admits it (repo:OWNER/REPO:*); give pull request workflows a separate role without write or IAM permissions.',
    check: (template, options) =>
      roles(template).flatMap((logicalId) => {
        const document = trustDocument(template, logicalId);
        const subjects = [
          ...githubSubjectConditions(document, githubOptions(template)).filter((s) => subjectAdmitsPullRequests(s.value, s.operator)),
          ...githubClaimStatementsAdmittingPullRequests(document, githubOptions(template)),
        ];
        if (subjects.length === 0) {
          return [];
        }
        const privilege = privilegeOf(template, logicalId, options);
        if (!privilege) {
          return [];
        }
        const values = subjects.map((s) => `${JSON.stringify(s.value)} (${s.operator}, ${s.where})`).join(', ');
        return [finding('LZ-GH2', template, logicalId, `is privileged (${privilege}) and trusts GitHub subjects that pull request workflows can obtain: ${values}.`, TRUST)];
      }),
  },
  {
    id: 'LZ-BND1',
    title: 'A role or user has no permissions boundary in a stack that declares one (another role or user there carries one, or the stack holds a self-propagating boundary policy), or anywhere when requirePermissionsBoundary is true.',
    fix: 'Apply the boundary to the whole stack (PermissionBoundary.applyTo(stack), or iam.PermissionsBoundary.of(stack).apply(policy)), so that roles created later, custom resource roles included, carry it too.',
    check: (template, options) => {
      const why = boundaryDeclared(template, options.requirePermissionsBoundary);
      if (!why) {
        return [];
      }
      return Object.entries<any>(template.resources)
        .filter(([, r]) => (r?.Type === ROLE || r?.Type === USER) && r.Properties?.PermissionsBoundary === undefined)
        .map(([logicalId, r]) =>
          finding('LZ-BND1', template, logicalId, `is an IAM ${r.Type === ROLE ? 'role' : 'user'} without a permissions boundary, although ${why}.`, 'Properties/PermissionsBoundary'),
        );
    },
  },
  {
    id: 'LZ-XA1',
    title: 'A role trusts another account (or one not known at synthesis) without an aws:PrincipalOrgID or aws:PrincipalOrgPaths condition.',
    fix: 'Add StringEquals aws:PrincipalOrgID (your o-... id) to the trust statement, or aws:PrincipalOrgPaths; for a third party outside the organization, list your accounts in organizationAccounts and require sts:ExternalId instead.',
    check: (template, options) =>
      crossAccountStatements(template).flatMap(({ logicalId, index, statement, principals }) => {
        const members = principals.filter((p) => p.kind === 'other' && !isThirdParty(p, options));
        if (members.length === 0 || hasOrganizationCondition(statement)) {
          return [];
        }
        return [
          finding(
            'LZ-XA1',
            template,
            logicalId,
            `trusts ${describePrincipals(members)} in statement ${index} without an organization condition (aws:PrincipalOrgID or aws:PrincipalOrgPaths): the account's principals can assume it even after the account leaves the organization.`,
            `${TRUST}/Statement/${index}`,
          ),
        ];
      }),
  },
  {
    id: 'LZ-XA2',
    title: 'A role trusts every AWS principal ("*", or an Allow with NotPrincipal) without an organization condition.',
    fix: 'Name the trusted role or account instead of "*"; where "*" is meant (any principal of the organization), add StringEquals aws:PrincipalOrgID.',
    check: (template) =>
      crossAccountStatements(template).flatMap(({ logicalId, index, statement, principals }) => {
        const wildcards = principals.filter((p) => p.kind === 'wildcard');
        if (wildcards.length === 0 || hasOrganizationCondition(statement)) {
          return [];
        }
        return [
          finding(
            'LZ-XA2',
            template,
            logicalId,
            `trusts every AWS principal (${wildcards.map((p) => p.principal).join(', ')}) in statement ${index} without an organization condition: any AWS account can assume it.`,
            `${TRUST}/Statement/${index}`,
          ),
        ];
      }),
  },
  {
    id: 'LZ-XA3',
    title: 'A role trusts an account outside organizationAccounts, or is listed in externalIdRoles, without an sts:ExternalId condition.',
    fix: 'Add StringEquals sts:ExternalId with the id the third party gave you (2 to 1,224 characters of [\\w+=,.@:/-]).',
    check: (template, options) =>
      crossAccountStatements(template).flatMap(({ logicalId, index, statement, principals }) => {
        if (hasExternalIdCondition(statement)) {
          return [];
        }
        const listed = roleMatches(options.externalIdRoles, template, logicalId);
        const outside = principals.filter((p) => isThirdParty(p, options));
        if (!listed && outside.length === 0) {
          return [];
        }
        const why = listed ? `the role matches externalIdRoles pattern ${JSON.stringify(listed)}` : `${describePrincipals(outside)} is not one of organizationAccounts`;
        return [
          finding('LZ-XA3', template, logicalId, `trusts ${describePrincipals(principals)} in statement ${index} without an sts:ExternalId condition, although ${why}.`, `${TRUST}/Statement/${index}`),
        ];
      }),
  },
  {
    id: 'LZ-DNS1',
    title: 'A role trusted by another account may call route53:ChangeResourceRecordSets without a ForAllValues condition on route53:ChangeResourceRecordSetsNormalizedRecordNames.',
    fix: 'Limit the statement to the delegated names: ForAllValues:StringEquals route53:ChangeResourceRecordSetsNormalizedRecordNames [child zone], with RecordTypes [NS] and Actions [UPSERT, DELETE]; aws-cdk-lib writes it with zone.grantDelegation(role, { delegatedZoneNames: [...] }).',
    check: (template) =>
      roles(template).flatMap((logicalId) => {
        const trusted = statementsOf(trustDocument(template, logicalId)).flatMap((s) => trustedAccounts(s, template)).filter((p) => p.kind !== 'same');
        if (trusted.length === 0) {
          return [];
        }
        return identityStatements(template, logicalId)
          .filter(({ statement }) => allowsAction(statement, 'route53:ChangeResourceRecordSets') && !limitsRecordNames(statement))
          .map(({ statement, source }) => {
            const anyValue = conditionsOn(statement, 'route53:ChangeResourceRecordSetsNormalizedRecordNames').some(([op]) => op.startsWith('ForAnyValue:'));
            return finding(
              'LZ-DNS1',
              template,
              logicalId,
              `is trusted by ${describePrincipals(trusted)} and may change any record of the zone: ${source} allows route53:ChangeResourceRecordSets ` +
                (anyValue
                  ? 'with ForAnyValue on route53:ChangeResourceRecordSetsNormalizedRecordNames, which admits a change that also touches other names.'
                  : 'without a ForAllValues condition on route53:ChangeResourceRecordSetsNormalizedRecordNames.') +
                ' The other account could repoint or take over names of the parent zone.',
              `PolicyDocument of ${source}`,
            );
          });
      }),
  },
  {
    id: 'LZ-BK1',
    title: 'A backup vault has no vault lock (LockConfiguration).',
    fix: 'Lock the vault (aws-backup BackupVault lockConfiguration, or LockConfiguration with MinRetentionDays, MaxRetentionDays and, for compliance mode, ChangeableForDays of at least 3).',
    check: (template) =>
      vaults(template)
        .filter(([, props]) => props.LockConfiguration === undefined)
        .map(([logicalId]) =>
          finding('LZ-BK1', template, logicalId, 'is a backup vault without a vault lock: whoever may delete recovery points or shorten their retention can destroy the backups.', 'Properties/LockConfiguration'),
        ),
  },
  {
    id: 'LZ-BK2',
    title: 'A backup vault is not encrypted with a customer managed KMS key (no EncryptionKeyArn, or the AWS managed alias/aws/backup key).',
    fix: 'Give the vault a customer managed key (aws-backup BackupVault encryptionKey, EncryptionKeyArn): copies to another account need a key whose policy you control.',
    check: (template) =>
      vaults(template).flatMap(([logicalId, props]) => {
        const key = props.EncryptionKeyArn;
        if (key === undefined) {
          return [finding('LZ-BK2', template, logicalId, 'is a backup vault without EncryptionKeyArn: AWS Backup encrypts it with a key managed by AWS, whose policy you cannot change to allow a cross-account copy.', 'Properties/EncryptionKeyArn')];
        }
        const rendered = render(key, template);
        if (/alias\/aws\//.test(rendered)) {
          return [finding('LZ-BK2', template, logicalId, `is a backup vault encrypted with the AWS managed key ${JSON.stringify(rendered)}, whose policy you cannot change to allow a cross-account copy.`, 'Properties/EncryptionKeyArn')];
        }
        return [];
      }),
  },
  {
    id: 'LZ-BK3',
    title: 'A backup vault has no access policy that denies backup:DeleteRecoveryPoint to every principal ("*").',
    fix: 'Add an access policy statement: Effect Deny, Principal {"AWS": "*"}, Action backup:DeleteRecoveryPoint (with UpdateRecoveryPointLifecycle and the vault-policy actions), exempting break-glass roles with ArnNotEquals aws:PrincipalArn; never with NotPrincipal. aws-backup BackupVault blockRecoveryPointDeletion writes the core of it.',
    check: (template) =>
      vaults(template).flatMap(([logicalId, props]) => {
        const statements = statementsOf(policyDocument(props.AccessPolicy));
        const denies = statements.filter((s) => s.Effect === 'Deny' && coversAction(s, 'backup:DeleteRecoveryPoint'));
        if (denies.some((s) => s.NotPrincipal === undefined && deniesEveryone(s.Principal))) {
          return [];
        }
        const problem =
          props.AccessPolicy === undefined
            ? 'is a backup vault without an access policy'
            : denies.some((s) => s.NotPrincipal !== undefined)
              ? 'is a backup vault whose access policy denies backup:DeleteRecoveryPoint with NotPrincipal (which also denies the AWS services and the account that must manage the vault, and exempts anyone the list names)'
              : denies.length > 0
                ? 'is a backup vault whose access policy denies backup:DeleteRecoveryPoint to some principals only'
                : 'is a backup vault whose access policy does not deny backup:DeleteRecoveryPoint';
        return [finding('LZ-BK3', template, logicalId, `${problem}: any principal whose identity policy allows the deletion can delete the recovery points.`, 'Properties/AccessPolicy')];
      }),
  },
  {
    id: 'LZ-OIDC1',
    title: 'An OIDC provider is created by aws-cdk-lib\'s Lambda-backed custom resource (iam.OpenIdConnectProvider, Custom::AWSCDKOpenIdConnectProvider) although the native AWS::IAM::OIDCProvider exists.',
    fix: 'Use iam.OidcProviderNative, or GithubOidcProvider for GitHub Actions: no Lambda function or role to secure. An account holds one provider per URL: remove the custom resource in one deployment and add the native provider in the next, or import the existing provider (GithubOidcProvider.fromAccount).',
    check: (template) =>
      Object.entries<any>(template.resources)
        .filter(([, r]) => r?.Type === 'Custom::AWSCDKOpenIdConnectProvider')
        .map(([logicalId, r]) =>
          finding(
            'LZ-OIDC1',
            template,
            logicalId,
            `creates the OIDC provider ${JSON.stringify(render(r.Properties?.Url, template))} through a Lambda-backed custom resource: a function and a role with iam:*OpenIDConnectProvider rights to secure, where the native AWS::IAM::OIDCProvider needs neither.`,
            'Type',
          ),
        ),
  },
];

function finding(ruleId: string, template: CheckedTemplate, logicalId: string, problem: string, location: string): RawFinding {
  return { ruleId, template, logicalId, problem, location };
}

function roles(template: CheckedTemplate): string[] {
  return Object.entries<any>(template.resources)
    .filter(([, r]) => r?.Type === ROLE)
    .map(([logicalId]) => logicalId);
}

function vaults(template: CheckedTemplate): Array<[string, any]> {
  return Object.entries<any>(template.resources)
    .filter(([, r]) => r?.Type === 'AWS::Backup::BackupVault')
    .map(([logicalId, r]) => [logicalId, r.Properties ?? {}]);
}

function trustDocument(template: CheckedTemplate, logicalId: string): any {
  return policyDocument(template.resources[logicalId]?.Properties?.AssumeRolePolicyDocument);
}

/**
 * How the trust policies of a template name GitHub providers: references to
 * the template's (or, for a nested stack, its parent's) `AWS::IAM::OIDCProvider`
 * and `Custom::AWSCDKOpenIdConnectProvider` resources whose URL is a GitHub
 * issuer, and ARNs that name a GitHub issuer.
 */
function githubOptions(template: CheckedTemplate) {
  const providers: GithubProviderReference[] = [];
  const candidates = new Set<string>();
  for (const resource of Object.values<any>(template.resources)) {
    if (resource?.Type !== ROLE) {
      continue;
    }
    for (const statement of statementsOf(policyDocument(resource.Properties?.AssumeRolePolicyDocument))) {
      for (const federated of listOf(statement?.Principal?.Federated)) {
        candidates.add(JSON.stringify(federated));
      }
    }
  }
  for (const text of candidates) {
    const reference = JSON.parse(text);
    const target = resourceBehind(reference, template);
    const resource = target?.template.resources[target.logicalId];
    if (resource?.Type === 'AWS::IAM::OIDCProvider' || resource?.Type === 'Custom::AWSCDKOpenIdConnectProvider') {
      const prefix = githubIssuerPrefix(resource.Properties?.Url);
      if (prefix !== undefined) {
        providers.push({ reference, conditionKeyPrefix: prefix });
      }
    }
  }
  return { providers, prefixFromProviderArn: true };
}

/** Why a role is privileged, or undefined. */
function privilegeOf(template: CheckedTemplate, logicalId: string, options: RuleOptions): string | undefined {
  const listed = roleMatches(options.privilegedRoles, template, logicalId);
  if (listed) {
    return `it matches privilegedRoles pattern ${JSON.stringify(listed)}`;
  }
  const props = template.resources[logicalId]?.Properties ?? {};
  for (const arn of listOf(props.ManagedPolicyArns).map((a) => render(a, template))) {
    const name = arn.match(/:iam::aws:policy\/(?:.*\/)?([^/]+)$/)?.[1];
    if (name && options.privilegedAwsManagedPolicies.includes(name)) {
      return `it holds the AWS managed policy ${name}`;
    }
  }
  for (const { statement, source } of identityStatements(template, logicalId)) {
    const action = options.privilegedActions.find((a) => allowsAction(statement, a));
    if (action) {
      return `${source} allows ${action}`;
    }
  }
  return undefined;
}

/** Why the template requires boundaries, or undefined. */
function boundaryDeclared(template: CheckedTemplate, required: boolean | undefined): string | undefined {
  if (required === false) {
    return undefined;
  }
  if (required === true) {
    return 'requirePermissionsBoundary is true';
  }
  const bounded = Object.entries<any>(template.resources).find(
    ([, r]) => (r?.Type === ROLE || r?.Type === USER) && r.Properties?.PermissionsBoundary !== undefined,
  );
  if (bounded) {
    return `${template.pathOf(bounded[0])} in the same stack carries one`;
  }
  const boundary = Object.entries<any>(template.resources).find(
    ([, r]) =>
      r?.Type === 'AWS::IAM::ManagedPolicy' &&
      statementsOf(r.Properties?.PolicyDocument).some(
        (s) => s.Effect === 'Deny' && coversAction(s, 'iam:CreateRole') && conditionsOn(s, 'iam:PermissionsBoundary').length > 0,
      ),
  );
  if (boundary) {
    return `the stack holds the permissions boundary ${template.pathOf(boundary[0])}`;
  }
  return template.parent ? boundaryDeclared(template.parent, required) : undefined;
}

interface CrossAccountStatement {
  readonly logicalId: string;
  readonly index: number;
  readonly statement: any;
  /** The principals of the statement that are not the role's own account. */
  readonly principals: TrustedAccount[];
}

function crossAccountStatements(template: CheckedTemplate): CrossAccountStatement[] {
  return roles(template).flatMap((logicalId) =>
    statementsOf(trustDocument(template, logicalId)).flatMap((statement, index) => {
      const principals = trustedAccounts(statement, template).filter((p) => p.kind !== 'same');
      return principals.length > 0 ? [{ logicalId, index, statement, principals }] : [];
    }),
  );
}

function isThirdParty(principal: TrustedAccount, options: RuleOptions): boolean {
  return options.organizationAccounts !== undefined && principal.account !== undefined && !options.organizationAccounts.includes(principal.account);
}

function describePrincipals(principals: TrustedAccount[]): string {
  return principals
    .map((p) => (p.kind === 'wildcard' ? p.principal : p.account ? `account ${p.account} (${p.principal})` : `${p.principal} (an account not known at synthesis)`))
    .join(', ');
}

function limitsRecordNames(statement: any): boolean {
  return conditionsOn(statement, 'route53:ChangeResourceRecordSetsNormalizedRecordNames').some(
    ([operator, values]) =>
      /^ForAllValues:String(Equals|Like)(IgnoreCase)?$/.test(operator) && values.length > 0 && values.every((v) => typeof v !== 'string' || !/^[*?.]*$/.test(v)),
  );
}

function deniesEveryone(principal: unknown): boolean {
  if (principal === '*') {
    return true;
  }
  return principal !== null && typeof principal === 'object' && listOf((principal as any).AWS).includes('*');
}
