import {
  allowsAction,
  conditionsOn,
  coversAction,
  hasExternalIdCondition,
  hasOrganizationCondition,
  identityStatements,
  roleMatches,
  sessionActionsRefused,
  TrustedAccount,
  trustedAccounts,
} from './iam';
import { CheckedTemplate } from './templates';
import { listOf, policyDocument, render, resourceBehind, statementsOf, THIS_ACCOUNT, unreadPolicyDocument } from './values';
import { auditCircleCiTrust, CircleCiProviderReference, circleCiIssuerPrefix, circleCiTrustedSubjects } from '../../circleci-oidc/trust-audit';
import {
  auditGithubTrust,
  githubClaimStatementsAdmittingPullRequests,
  GithubProviderReference,
  githubIssuerPrefix,
  githubSubjectConditions,
  GithubTrustedSubject,
  githubTrustedSubjects,
  subjectAdmitsPullRequests,
} from '../../github-oidc/trust-audit';
import { iamStringLike } from '../../private/iam-match';
import { ENVIRONMENT_TAG, LANDING_ZONE_PATH, TIER_TAG } from '../../private/landing-zone';

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
  /**
   * GitHub providers a construct knows besides those the template shows
   * (an import whose ARN is a deploy-time value), with their key prefixes.
   */
  readonly githubProviders?: GithubProviderReference[];
  /**
   * CircleCI providers a construct knows besides those the template shows
   * (an import whose ARN is a deploy-time value), with their key prefixes.
   */
  readonly circleCiProviders?: CircleCiProviderReference[];
  /** The issuer URL a construct's OIDC provider must have (any other URL is reported, GitHub's or not). */
  readonly githubIssuerUrl?: string;
  /** Roles (logical ids) a construct declares to be the landing zone's, whatever their path and tags. */
  readonly landingZoneRoles?: string[];
  /** Managed policies (logical ids) a construct declares to be permissions boundaries, whatever their statements say. */
  readonly boundaryPolicies?: string[];
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
/**
 * The services whose documentation gives aws:SourceAccount and aws:SourceArn
 * for the trust policy of the roles they assume (each guide's "Cross-service
 * confused deputy prevention" page), by the first label of their principal.
 */
const CONFUSED_DEPUTY_SERVICES = [
  'appsync', 'codebuild', 'config', 'datasync', 'events', 'iot', 'logs', 'personalize', 'pipes', 'sagemaker', 'scheduler', 'ssm', 'states', 'transfer',
];
const USER = 'AWS::IAM::User';
const TRUST = 'Properties/AssumeRolePolicyDocument';

/** The rules, in report order. */
export const RULES: Rule[] = [
  {
    id: 'LZ-GH1',
    title: 'A role trusts a GitHub OIDC provider without pinning audience and repository: no aud, no sub condition and no exact repository_id (or repository) claim, a wildcard owner or repository, a claim matched other than exactly (StringLike, IfExists, ForAllValues/ForAnyValue), a condition key of another issuer, an unencoded ":" in an environment or ref, a reusable workflow not pinned to a branch, tag or commit, or actions besides sts:AssumeRoleWithWebIdentity.',
    fix: 'Check the token\'s aud with StringEquals (sts.amazonaws.com) and its sub with StringEquals, or StringLike with a literal repo:OWNER/REPO and a wildcard only after it, both under the provider\'s own key prefix, and allow only sts:AssumeRoleWithWebIdentity. GithubActionsRole and TieredDeployRole write such trusts.',
    check: (template, options) =>
      roles(template).flatMap((logicalId) => {
        const document = trustDocument(template, logicalId);
        return auditGithubTrust(document, githubOptions(template, options)).map((problem) => finding('LZ-GH1', template, logicalId, `trusts GitHub Actions unsafely: ${problem}`, TRUST));
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
          ...githubSubjectConditions(document, githubOptions(template, options)).filter((s) => subjectAdmitsPullRequests(s.value, s.operator)),
          ...githubClaimStatementsAdmittingPullRequests(document, githubOptions(template, options)),
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
    id: 'LZ-GH3',
    title: 'A tiered deploy role (tagged landing-zone:tier) trusts a GitHub subject its tier refuses: one a pull request workflow can obtain (every tier); a pattern, one without a single pinned repository, or one without an exact environment, branch or tag (Bootstrap, Base, Infrastructure); one without an exact environment (Bootstrap).',
    fix: 'Trust exact subjects of one repository: an environment for Bootstrap, an environment or an exact branch or tag for Base and Infrastructure; ref patterns on the Services tier only; pull requests on no tier. TieredDeployRole writes such trusts.',
    check: (template, options) =>
      roles(template).flatMap((logicalId) => {
        const tier = tierOf(template, logicalId);
        if (tier === undefined) {
          return [];
        }
        return githubTrustedSubjects(trustDocument(template, logicalId), githubOptions(template, options)).flatMap((subject) => {
          const why = tierRefusal(tier, subject);
          return why
            ? [finding('LZ-GH3', template, logicalId, `is a tier ${tier} deploy role and trusts ${JSON.stringify(subject.value)} (${subject.where}), which ${why}.`, TRUST)]
            : [];
        });
      }),
  },
  {
    id: 'LZ-GH4',
    title: 'One GitHub subject is trusted by deploy roles of two tiers (tagged landing-zone:tier) of one stack (TieredDeployRole also compares the other stacks of its account in the app): the same sub or claims, or a pattern of one tier matching the other\'s.',
    fix: 'Give each workflow one tier: a subject (an environment, a branch or a tag) belongs to one tier role only; a workflow that reaches two tiers holds the higher tier\'s powers.',
    check: (template, options) => {
      const trusts = tierTrusts(template, options);
      return tierClashes(trusts, trusts);
    },
  },
  {
    id: 'LZ-CCI1',
    title: 'A role trusts a CircleCI OIDC provider without pinning audience, organization and project (or, tagged with a tier above Services, without exact branches): no StringEquals on aud (the organization id), no sub condition, a sub that does not start with a literal org/<organization>/project/<project>/user/, a sub of another organization, a "*" followed by more text (a branch name can forge what follows), an operator other than StringEquals or StringLike on aud or sub, or actions besides sts:AssumeRoleWithWebIdentity.',
    fix: 'Check aud with StringEquals against the organization id, and sub with StringLike org/<organization>/project/<project>/user/* (the whole project) or with the user id as "?" per character followed by the literal /vcs-origin/<repository>/vcs-ref/refs/heads/<branch>; allow only sts:AssumeRoleWithWebIdentity. CircleCiPrincipal and TieredDeployRole (circleCi) write such trusts.',
    check: (template, options) =>
      roles(template).flatMap((logicalId) => {
        const document = trustDocument(template, logicalId);
        const circleCi = circleCiOptions(template, options);
        const tier = tierOf(template, logicalId);
        // A tier above Services trusts exact branches only, as TieredDeployRole refuses at synthesis.
        const wide = tier === undefined || tier === 'SERVICES' ? [] : circleCiTrustedSubjects(document, circleCi).filter((s) => s.wholeProject);
        return [
          ...auditCircleCiTrust(document, circleCi).map((problem) => finding('LZ-CCI1', template, logicalId, `trusts CircleCI unsafely: ${problem}`, TRUST)),
          ...wide.map((s) =>
            finding('LZ-CCI1', template, logicalId, `is a tier ${tier} deploy role and trusts every branch of a CircleCI project: ${JSON.stringify(s.value)} (${s.where}).`, TRUST),
          ),
        ];
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
    id: 'LZ-BND2',
    title: 'A permissions boundary (a managed policy that denies iam:CreateRole unless iam:PermissionsBoundary is set) does not hold itself in place: creating roles or users, or setting or removing boundaries, is not denied outright or unless iam:PermissionsBoundary equals the policy\'s own ARN exactly (a wildcard, another ARN or a further condition lets holders escape), or changing the policy itself is not denied.',
    fix: 'Deny iam:CreateRole, iam:CreateUser and iam:Put/Delete(Role|User)PermissionsBoundary on "*" with only StringNotEquals (or ArnNotEquals) iam:PermissionsBoundary = the policy\'s own exact ARN, and deny iam:CreatePolicyVersion, iam:DeletePolicy, iam:DeletePolicyVersion and iam:SetDefaultPolicyVersion on it. PermissionBoundary writes them.',
    check: (template, options) =>
      Object.entries<any>(template.resources)
        .filter(([logicalId, r]) => r?.Type === 'AWS::IAM::ManagedPolicy' && (options.boundaryPolicies?.includes(logicalId) || isSelfPropagatingBoundary(r, template)))
        .flatMap(([logicalId, r]) => {
          const problems = boundaryProblems(template, r.Properties ?? {});
          return problems.length > 0
            ? [finding('LZ-BND2', template, logicalId, `is a permissions boundary that holders can escape or change: ${problems.join('; ')}.`, 'Properties/PolicyDocument')]
            : [];
        }),
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
    id: 'LZ-XA4',
    title: 'A landing-zone role (IAM path /landing-zone/..., or tagged landing-zone:environment) trusts every principal of the organization ("*", or an Allow with NotPrincipal, with an organization condition) without naming who may assume it (no aws:PrincipalArn or aws:PrincipalAccount condition without wildcards).',
    fix: 'Name the principal: its account root with ArnEquals aws:PrincipalArn = the exact role ARN, keeping StringEquals aws:PrincipalOrgID. SpokeRole and OrgReadOnlyRole write it for the hub.',
    check: (template, options) =>
      crossAccountStatements(template).flatMap(({ logicalId, index, statement, principals }) => {
        const wildcards = principals.filter((p) => p.kind === 'wildcard');
        const named = namesPrincipal(statement) || !isLandingZoneRole(template, logicalId, options);
        if (wildcards.length === 0 || !hasOrganizationCondition(statement) || named) {
          return [];
        }
        return [
          finding(
            'LZ-XA4',
            template,
            logicalId,
            `trusts ${wildcards.map((p) => p.principal).join(', ')} in statement ${index} with only an organization condition: every role and user of every account of the organization can assume it.`,
            `${TRUST}/Statement/${index}`,
          ),
        ];
      }),
  },
  {
    id: 'LZ-XA5',
    title: 'A role allowed to set a source identity or pass session tags (sts:SetSourceIdentity, sts:TagSession named on a role of the template) assumes a role whose trust does not allow that action: every such assumption is refused.',
    fix: 'Allow the action in the trust of the role assumed (SpokeRole and OrgReadOnlyRole: allowSourceIdentity, allowSessionTags, as on the HubRole), or stop granting it to the caller.',
    check: (template) =>
      roles(template).flatMap((caller) => {
        const statements = identityStatements(template, caller).map((s) => s.statement);
        return roles(template)
          .filter((target) => target !== caller)
          .flatMap((target) =>
            sessionActionsRefused({ template, statements }, { template, logicalId: target }).map((action) =>
              finding('LZ-XA5', template, target, `does not allow ${action} in its trust, although ${template.pathOf(caller)} may call it on this role: every assumption that sets it would be refused.`, TRUST),
            ),
          );
      }),
  },
  {
    id: 'LZ-XA6',
    title: `A role trusts an AWS service whose documentation gives aws:SourceAccount and aws:SourceArn for its role trust (${CONFUSED_DEPUTY_SERVICES.join(', ')}) without a positive condition on aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths: another account can have the service act with the role (cross-service confused deputy). Services whose documentation gives no such keys (ec2, lambda, ...) are not judged: requiring a key the service does not send would refuse the service itself.`,
    fix: 'Add StringEquals aws:SourceAccount = the account whose resources use the role, and ArnLike aws:SourceArn = those resources, to the trust statement (aws-cdk-lib: new iam.PrincipalWithConditions(new iam.ServicePrincipal(...), { StringEquals: { \'aws:SourceAccount\': account } })).',
    check: (template) =>
      roles(template).flatMap((logicalId) =>
        statementsOf(trustDocument(template, logicalId)).flatMap((statement, index) => {
          if (!allowsAction(statement, 'sts:AssumeRole') || hasSourceCondition(statement)) {
            return [];
          }
          const services = listOf(statement.Principal?.Service)
            .map((v) => render(v, template))
            .filter((service) => CONFUSED_DEPUTY_SERVICES.includes(service.split('.')[0]) && /amazonaws|<unknown>|<parameter/.test(service));
          if (services.length === 0) {
            return [];
          }
          return [
            finding(
              'LZ-XA6',
              template,
              logicalId,
              `trusts the service ${services.map((x) => JSON.stringify(x)).join(', ')} in statement ${index} without aws:SourceAccount or aws:SourceArn: the service assumes the role for whichever account's resource names it, so another account can have it act with this role (cross-service confused deputy).`,
              `${TRUST}/Statement/${index}`,
            ),
          ];
        }),
      ),
  },
  {
    id: 'LZ-XA7',
    title: 'An identity policy allows sts:AssumeRole (by name, an sts: pattern or NotAction) on every role ("*", or a pattern matching any role of any account, or NotResource) without a condition on aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths or the role\'s tags. An Allow of the action "*" is an administrator\'s and is left to LZ-GH2.',
    fix: 'Name the roles the principal may assume (arn:aws:iam::ACCOUNT:role/PATH/NAME), or limit the statement with StringEquals aws:ResourceOrgID (or aws:ResourceAccount).',
    check: (template) =>
      identityPolicies(template).flatMap(({ logicalId, source, statements, location }) =>
        statements.flatMap((statement, index) => {
          const resource = everyRole(statement, template);
          if (!namesAssumeRole(statement) || resource === undefined || limitsResource(statement)) {
            return [];
          }
          return [
            finding(
              'LZ-XA7',
              template,
              logicalId,
              `${source} allows sts:AssumeRole on ${resource} in statement ${index}: its holders can assume every role of any account whose trust admits them (every role that trusts this account, and "*" trusts of the organization), not the roles they need.`,
              `${location}/Statement/${index}`,
            ),
          ];
        }),
      ),
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
    id: 'LZ-DNS2',
    title: 'A role trusted by another account may call route53:ChangeResourceRecordSets for record types other than NS and DS: no ForAllValues:StringEquals condition on route53:ChangeResourceRecordSetsRecordTypes limited to NS (and DS).',
    fix: 'Add ForAllValues:StringEquals route53:ChangeResourceRecordSetsRecordTypes ["NS"] (["NS", "DS"] for a DNSSEC child) to the statement; SubdomainDelegationRole and zone.grantDelegation write it.',
    check: (template) =>
      roles(template).flatMap((logicalId) => {
        const trusted = statementsOf(trustDocument(template, logicalId)).flatMap((s) => trustedAccounts(s, template)).filter((p) => p.kind !== 'same');
        if (trusted.length === 0) {
          return [];
        }
        return identityStatements(template, logicalId)
          .filter(({ statement }) => allowsAction(statement, 'route53:ChangeResourceRecordSets'))
          .flatMap(({ statement, source }) => {
            const types = recordTypesAllowed(statement);
            if (types !== undefined && types.every((t) => t === 'NS' || t === 'DS')) {
              return [];
            }
            const what = types === undefined ? 'without a ForAllValues:StringEquals condition on route53:ChangeResourceRecordSetsRecordTypes' : `for the record types ${JSON.stringify(types)}`;
            return [
              finding(
                'LZ-DNS2',
                template,
                logicalId,
                `is trusted by ${describePrincipals(trusted)} and ${source} allows route53:ChangeResourceRecordSets ${what}: the other account could write A, CNAME or TXT records of the delegated names into the parent zone.`,
                `PolicyDocument of ${source}`,
              ),
            ];
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
    title: 'A backup vault is not encrypted with a customer managed KMS key (no EncryptionKeyArn, or the AWS managed alias/aws/backup key); a logically air-gapped vault without EncryptionKeyArn (an AWS owned key, what AWS recommends) passes.',
    fix: 'Give the vault a customer managed key (aws-backup BackupVault encryptionKey, EncryptionKeyArn): copies to another account need a key whose policy you control. A logically air-gapped vault takes an AWS owned key (no EncryptionKeyArn) or a customer managed key, never an AWS managed one.',
    check: (template) =>
      Object.entries<any>(template.resources)
        .filter(([, r]) => r?.Type === 'AWS::Backup::BackupVault' || r?.Type === 'AWS::Backup::LogicallyAirGappedBackupVault')
        .flatMap(([logicalId, r]) => {
          const key = r.Properties?.EncryptionKeyArn;
          if (key === undefined) {
            // A logically air-gapped vault without a key is encrypted with an AWS owned key, which AWS shares for copies itself.
            return r.Type === 'AWS::Backup::LogicallyAirGappedBackupVault'
              ? []
              : [finding('LZ-BK2', template, logicalId, 'is a backup vault without EncryptionKeyArn: AWS Backup encrypts it with a key managed by AWS, whose policy you cannot change to allow a cross-account copy.', 'Properties/EncryptionKeyArn')];
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
        const statements = statementsOf(props.AccessPolicy, template);
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
    id: 'LZ-BK4',
    title: 'A backup vault\'s access policy opens the vault: a statement with NotPrincipal, an Allow to another account or to "*" of anything but backup:CopyIntoBackupVault and reads (backup:*, restores, deletions, NotAction), an Allow to "*" without an exact organization condition, or a wildcard organization id.',
    fix: 'Deny with Principal {"AWS": "*"} and ArnNotEquals aws:PrincipalArn exemptions, never NotPrincipal; allow other accounts only backup:CopyIntoBackupVault (and Describe, Get, List reads), and "*" only with StringEquals aws:PrincipalOrgID = your exact o-... id. CentralBackupVault writes it.',
    check: (template) =>
      Object.entries<any>(template.resources)
        .filter(([, r]) => r?.Type === 'AWS::Backup::BackupVault' || r?.Type === 'AWS::Backup::LogicallyAirGappedBackupVault')
        .flatMap(([logicalId, r]) => {
          const problems = vaultPolicyProblems(template, statementsOf(r.Properties?.AccessPolicy, template));
          return problems.length > 0
            ? [finding('LZ-BK4', template, logicalId, `is a backup vault whose access policy opens it: ${problems.join('; ')}.`, 'Properties/AccessPolicy')]
            : [];
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
  {
    id: 'LZ-OIDC2',
    title: 'A GitHub Actions OIDC provider (its URL names token.actions. or /_services/token) has a URL that is not one of GitHub\'s issuer forms: http://, a trailing slash, a port, a path, a query or a look-alike host.',
    fix: 'Write the issuer exactly: https://token.actions.githubusercontent.com, optionally /<enterprise-slug>, https://token.actions.<subdomain>.ghe.com, or https://<host>/_services/token. GithubOidcProvider writes it from GithubIssuer.',
    check: (template, options) =>
      Object.entries<any>(template.resources)
        .filter(([, r]) => r?.Type === 'AWS::IAM::OIDCProvider' || r?.Type === 'Custom::AWSCDKOpenIdConnectProvider')
        .flatMap(([logicalId, r]) => {
          const url = r.Properties?.Url;
          const rendered = render(url, template);
          const expected = options.githubIssuerUrl;
          if (expected !== undefined ? rendered === expected : !/token\.actions\.|_services\/token/i.test(rendered) || githubIssuerPrefix(url) !== undefined) {
            return [];
          }
          const problem = expected !== undefined ? `has the URL ${JSON.stringify(rendered)}, not its issuer's ${JSON.stringify(expected)}` : `has the URL ${JSON.stringify(rendered)}, which is not one of GitHub's issuer forms`;
          return [finding('LZ-OIDC2', template, logicalId, `${problem}: trust policies keyed to GitHub's issuer would trust tokens of another issuer, or none.`, 'Properties/Url')];
        }),
  },
  {
    id: 'LZ-READ1',
    title: 'A policy document the checks cannot read (a trust, identity, boundary or vault access policy): JSON text that does not parse, JSON text built with Fn::Sub or Fn::Join that does not parse once rendered, or a deploy-time value (Ref, Fn::If, Fn::ImportValue). No other rule can judge it, so it is reported rather than passed.',
    fix: 'Write the policy as an object (iam.PolicyDocument), or as JSON text whose Fn::Sub / Fn::Join parts are known at synthesis; where the document really is a deploy-time value, suppress LZ-READ1 on the resource with the reason.',
    check: (template) =>
      Object.entries<any>(template.resources).flatMap(([logicalId, r]) =>
        documentsOf(r).flatMap(({ value, location }) => {
          const why = unreadPolicyDocument(value, template);
          return why ? [finding('LZ-READ1', template, logicalId, `holds a policy document the checks cannot read (${location}): ${why}. No rule has judged it.`, location)] : [];
        }),
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
  return policyDocument(template.resources[logicalId]?.Properties?.AssumeRolePolicyDocument, template);
}

/**
 * How the trust policies of a template name GitHub providers: references to
 * the template's (or, for a nested stack, its parent's) `AWS::IAM::OIDCProvider`
 * and `Custom::AWSCDKOpenIdConnectProvider` resources whose URL is a GitHub
 * issuer, and ARNs that name a GitHub issuer.
 */
function githubOptions(template: CheckedTemplate, options: RuleOptions) {
  const providers: GithubProviderReference[] = [...(options.githubProviders ?? [])];
  const candidates = new Set<string>();
  for (const resource of Object.values<any>(template.resources)) {
    if (resource?.Type !== ROLE) {
      continue;
    }
    for (const statement of statementsOf(resource.Properties?.AssumeRolePolicyDocument, template)) {
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

/**
 * How the trust policies of a template name CircleCI providers: references
 * to the template's `AWS::IAM::OIDCProvider` resources whose URL is a
 * CircleCI issuer (ARNs naming the issuer are recognised by the audit itself).
 */
function circleCiOptions(template: CheckedTemplate, options: RuleOptions) {
  const providers: CircleCiProviderReference[] = [...(options.circleCiProviders ?? [])];
  for (const resource of Object.values<any>(template.resources)) {
    if (resource?.Type !== ROLE) {
      continue;
    }
    for (const statement of statementsOf(resource.Properties?.AssumeRolePolicyDocument, template)) {
      for (const reference of listOf(statement?.Principal?.Federated)) {
        const target = resourceBehind(reference, template);
        const provider = target?.template.resources[target.logicalId];
        const prefix = provider?.Type === 'AWS::IAM::OIDCProvider' ? circleCiIssuerPrefix(provider.Properties?.Url) : undefined;
        if (prefix !== undefined) {
          providers.push({ reference, conditionKeyPrefix: prefix });
        }
      }
    }
  }
  return { providers };
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
      statementsOf(r.Properties?.PolicyDocument, template).some(
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

/** The tier a role carries in its `landing-zone:tier` tag, or undefined. */
function tierOf(template: CheckedTemplate, logicalId: string): string | undefined {
  const tag = listOf(template.resources[logicalId]?.Properties?.Tags).find((t: any) => t?.Key === TIER_TAG) as any;
  return typeof tag?.Value === 'string' ? tag.Value : undefined;
}

/** Why a tier refuses a subject, or undefined (docs/security-model.md#deploy-tiers). */
function tierRefusal(tier: string, subject: GithubTrustedSubject): string | undefined {
  const strict = tier !== 'SERVICES';
  if (subject.admitsPullRequests) {
    return 'a pull request workflow can obtain; no tier trusts pull requests';
  }
  if (strict && subject.isPattern) {
    return 'is a pattern; the tier trusts exact subjects only';
  }
  if (strict && !subject.anchorsRepository) {
    return 'pins no single repository (repo:OWNER/REPO, or an exact repository or repository_id claim)';
  }
  if (strict && subject.environment === undefined && subject.ref === undefined) {
    return 'pins no exact environment, branch or tag';
  }
  if (tier === 'BOOTSTRAP' && subject.environment === undefined) {
    return 'pins no environment; the Bootstrap tier deploys only from a protected GitHub environment';
  }
  return undefined;
}

/** A GitHub subject a tier-tagged role trusts. */
export interface TierTrust {
  readonly template: CheckedTemplate;
  readonly logicalId: string;
  readonly tier: string;
  readonly subject: GithubTrustedSubject;
}

/** The GitHub subjects the roles of a template tagged `landing-zone:tier` trust. */
export function tierTrusts(template: CheckedTemplate, options: RuleOptions): TierTrust[] {
  return roles(template).flatMap((logicalId) => {
    const tier = tierOf(template, logicalId);
    return tier === undefined
      ? []
      : githubTrustedSubjects(trustDocument(template, logicalId), githubOptions(template, options)).map((subject) => ({
        template,
        logicalId,
        tier,
        subject,
      }));
  });
}

/** Findings of LZ-GH4: each of `trusts` that a role of another tier among `others` (the same account's) also trusts. */
export function tierClashes(trusts: TierTrust[], others: TierTrust[]): RawFinding[] {
  return trusts.flatMap(({ template, logicalId, tier, subject }) => {
    const clash = others.find((other) => other.tier !== tier && sameSubject(subject, other.subject));
    if (!clash) {
      return [];
    }
    const problem =
      `is a tier ${tier} deploy role and trusts ${JSON.stringify(subject.value)} (${subject.where}), ` +
      `which ${clash.template.pathOf(clash.logicalId)} (tier ${clash.tier}) also trusts as ${JSON.stringify(clash.subject.value)}.`;
    return [finding('LZ-GH4', template, logicalId, problem, TRUST)];
  });
}

/** Whether a role is the landing zone's: under its IAM path, tagged with its environment, or declared by a construct. */
function isLandingZoneRole(template: CheckedTemplate, logicalId: string, options: RuleOptions): boolean {
  const props = template.resources[logicalId]?.Properties ?? {};
  return (
    (options.landingZoneRoles?.includes(logicalId) ?? false) ||
    (typeof props.Path === 'string' && props.Path.startsWith(LANDING_ZONE_PATH)) ||
    listOf(props.Tags).some((t: any) => t?.Key === ENVIRONMENT_TAG)
  );
}

/** Whether two trusted subjects admit the same workflows: equal, or one a pattern matching the other. */
function sameSubject(a: GithubTrustedSubject, b: GithubTrustedSubject): boolean {
  return a.value === b.value || (a.isPattern && iamStringLike(a.value, b.value)) || (b.isPattern && iamStringLike(b.value, a.value));
}

const BOUNDARY_KEY = 'iam:PermissionsBoundary';
/** What a boundary must deny unless the boundary set is its own: creating principals, setting or removing boundaries. */
const SELF_PROPAGATING_ACTIONS = [
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:PutRolePermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
];
/** What a boundary must deny on itself. */
const SELF_PROTECTING_ACTIONS = ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'];

function isSelfPropagatingBoundary(resource: any, template: CheckedTemplate): boolean {
  return statementsOf(resource.Properties?.PolicyDocument, template).some(
    (s) => s.Effect === 'Deny' && coversAction(s, 'iam:CreateRole') && conditionsOn(s, BOUNDARY_KEY).length > 0,
  );
}

/** The problems of a boundary policy's self-propagation and self-protection, one phrase each. */
function boundaryProblems(template: CheckedTemplate, props: any): string[] {
  const name = props.ManagedPolicyName;
  const policyPath = props.Path ?? '/';
  const normalize = (arn: string) => arn.replace(/^arn:[^:]*:iam::([^:]*):/, (_m, account: string) => `arn:*:iam::${account === template.account ? THIS_ACCOUNT : account}:`);
  const own = typeof name === 'string' && typeof policyPath === 'string' ? normalize(`arn:aws:iam::${THIS_ACCOUNT}:policy${policyPath}${name}`) : undefined;
  const statements = statementsOf(props.PolicyDocument, template);
  const denies = statements.filter((s) => s.Effect === 'Deny' && s.NotAction === undefined);
  const everywhere = (s: any) => s.NotResource === undefined && listOf(s.Resource).some((r) => r === '*');
  const problems: string[] = [];
  for (const action of SELF_PROPAGATING_ACTIONS) {
    const covering = denies.filter((s) => coversAction(s, action) && everywhere(s));
    const flaws = covering.map((s) => boundaryConditionFlaw(s, own, template, normalize));
    if (flaws.some((f) => f === undefined)) {
      continue;
    }
    problems.push(flaws.length === 0 ? `${action} is not denied on "*"` : `${action} is denied only ${[...new Set(flaws)].join(', or ')}`);
  }
  for (const action of SELF_PROTECTING_ACTIONS) {
    const guarded = denies.some(
      (s) =>
        s.Condition === undefined &&
        coversAction(s, action) &&
        s.NotResource === undefined &&
        listOf(s.Resource).some((r) => {
          const value = render(r, template);
          return value === '*' || own === undefined || iamStringLike(normalize(value).replace(/^arn:[^:]*:/, 'arn:*:'), own);
        }),
    );
    if (!guarded) {
      problems.push(`${action} on the policy itself is not denied outright`);
    }
  }
  return problems;
}

/** Why a Deny statement does not hold the boundary in place, or undefined when it does. */
function boundaryConditionFlaw(
  statement: any,
  own: string | undefined,
  template: CheckedTemplate,
  normalize: (arn: string) => string,
): string | undefined {
  const blocks = Object.entries<any>(statement.Condition ?? {}).flatMap(([operator, block]) =>
    Object.entries<any>(block ?? {}).map(([key, value]) => ({ operator, key, value })),
  );
  if (blocks.length === 0) {
    return undefined;
  }
  const other = blocks.find((b) => b.key.toLowerCase() !== BOUNDARY_KEY.toLowerCase());
  if (other) {
    return `under a further condition (${other.operator} ${other.key} ${JSON.stringify(other.value)})`;
  }
  for (const { operator, value } of blocks) {
    if (!/^(StringNotEquals|ArnNotEquals|StringNotLike|ArnNotLike)(IfExists)?$/.test(operator)) {
      return `under ${operator} ${BOUNDARY_KEY} ${JSON.stringify(value)}, which is not a negated exact match`;
    }
    const values = listOf(value).map((v) => render(v, template));
    const wildcard = /Like/.test(operator) ? values.find((v) => /[*?]/.test(v)) : undefined;
    if (wildcard !== undefined) {
      return `unless ${BOUNDARY_KEY} matches the pattern ${JSON.stringify(wildcard)} (${operator}), which any policy of that name prefix satisfies`;
    }
    const foreign = own === undefined ? undefined : values.find((v) => normalize(v) !== own);
    if (foreign !== undefined) {
      return `unless ${BOUNDARY_KEY} is ${JSON.stringify(foreign)}, not the policy's own ARN`;
    }
  }
  return undefined;
}

/** Whether a trust statement names the principal: aws:PrincipalArn or aws:PrincipalAccount, positive, without wildcards. */
function namesPrincipal(statement: any): boolean {
  return ['aws:PrincipalArn', 'aws:PrincipalAccount'].some((key) =>
    conditionsOn(statement, key).some(
      ([operator, values]) => /^(String|Arn)(Equals|Like)$/.test(operator) && values.length > 0 && values.every((v) => typeof v !== 'string' || !/[*?]/.test(v)),
    ),
  );
}

/** The record types a ChangeResourceRecordSets statement is limited to (ForAllValues:StringEquals), or undefined when it is not. */
function recordTypesAllowed(statement: any): string[] | undefined {
  const limits = conditionsOn(statement, 'route53:ChangeResourceRecordSetsRecordTypes').filter(([operator]) => operator === 'ForAllValues:StringEquals');
  if (limits.length === 0) {
    return undefined;
  }
  return limits.flatMap(([, values]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
}

/** What a vault access policy allows other accounts: copies in, and reads. */
const OPEN_VAULT_ACTION = /^(backup:CopyIntoBackupVault|backup:(Describe|Get|List)[A-Za-z]*\*?)$/;

/** The problems of a vault access policy, one phrase each. */
function vaultPolicyProblems(template: CheckedTemplate, statements: any[]): string[] {
  const problems: string[] = [];
  statements.forEach((statement, index) => {
    const where = `statement ${statement.Sid ? JSON.stringify(statement.Sid) : index}`;
    if (statement.NotPrincipal !== undefined) {
      problems.push(`${where} uses NotPrincipal ${JSON.stringify(statement.NotPrincipal)} (a Deny with NotPrincipal also denies AWS Backup itself and exempts whoever it lists)`);
    }
    const organizations = [...conditionsOn(statement, 'aws:PrincipalOrgID'), ...conditionsOn(statement, 'aws:PrincipalOrgPaths')].flatMap(([, values]) => values);
    const wildcard = organizations.find((v) => typeof v === 'string' && /[*?]/.test(v.split('/')[0]));
    if (wildcard !== undefined) {
      problems.push(`${where} names the organization with the wildcard ${JSON.stringify(wildcard)}, which every organization's id matches`);
    }
    if (statement.Effect !== 'Allow') {
      return;
    }
    const outsiders = trustedAccounts(statement, template).filter((p) => p.kind !== 'same');
    if (outsiders.length === 0) {
      return;
    }
    const who = describePrincipals(outsiders);
    if (statement.NotAction !== undefined) {
      problems.push(`${where} allows ${who} everything but ${JSON.stringify(statement.NotAction)} (NotAction)`);
    } else {
      const opened = listOf(statement.Action).filter((a) => typeof a !== 'string' || !OPEN_VAULT_ACTION.test(a));
      if (opened.length > 0) {
        problems.push(`${where} allows ${who} ${opened.map((a) => JSON.stringify(a)).join(', ')} (only backup:CopyIntoBackupVault and reads may be granted to other accounts)`);
      }
    }
    if (outsiders.some((p) => p.kind === 'wildcard') && !hasOrganizationCondition(statement)) {
      problems.push(`${where} allows ${who} without an exact organization condition (StringEquals aws:PrincipalOrgID o-...)`);
    }
  });
  return problems;
}

/** Whether a statement has a positive condition on the source of a service's request (account, ARN or organization). */
function hasSourceCondition(statement: any): boolean {
  return ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'].some((key) =>
    conditionsOn(statement, key).some(
      ([operator, values]) => /^(String|Arn)(Equals|Like)$/.test(operator) && values.length > 0 && values.every((v) => typeof v !== 'string' || !/^[*?]*$/.test(v)),
    ),
  );
}

/** The identity policies of a template: inline policies of roles, users and groups, and policy resources. */
function identityPolicies(template: CheckedTemplate): Array<{ logicalId: string; source: string; statements: any[]; location: string }> {
  return Object.entries<any>(template.resources).flatMap(([logicalId, r]) => {
    const props = r?.Properties ?? {};
    if ([ROLE, USER, 'AWS::IAM::Group'].includes(r?.Type)) {
      return (listOf(props.Policies) as any[]).map((policy, i) => ({
        logicalId,
        source: `its inline policy ${JSON.stringify(render(policy?.PolicyName, template))}`,
        statements: statementsOf(policy?.PolicyDocument, template),
        location: `Properties/Policies/${i}/PolicyDocument`,
      }));
    }
    if (IDENTITY_POLICY_TYPES.includes(r?.Type)) {
      return [{ logicalId, source: `the policy (${r.Type})`, statements: statementsOf(props.PolicyDocument, template), location: 'Properties/PolicyDocument' }];
    }
    return [];
  });
}

const IDENTITY_POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy'];

/** The policy documents of a resource, with where they are. */
function documentsOf(resource: any): Array<{ value: unknown; location: string }> {
  const props = resource?.Properties ?? {};
  const out: Array<{ value: unknown; location: string }> = [];
  if (resource?.Type === ROLE) {
    out.push({ value: props.AssumeRolePolicyDocument, location: TRUST });
  }
  if ([ROLE, USER, 'AWS::IAM::Group'].includes(resource?.Type)) {
    (listOf(props.Policies) as any[]).forEach((policy, i) => out.push({ value: policy?.PolicyDocument, location: `Properties/Policies/${i}/PolicyDocument` }));
  }
  if (IDENTITY_POLICY_TYPES.includes(resource?.Type)) {
    out.push({ value: props.PolicyDocument, location: 'Properties/PolicyDocument' });
  }
  if (resource?.Type === 'AWS::Backup::BackupVault' || resource?.Type === 'AWS::Backup::LogicallyAirGappedBackupVault') {
    out.push({ value: props.AccessPolicy, location: 'Properties/AccessPolicy' });
  }
  return out;
}

/** Whether an Allow statement grants sts:AssumeRole other than through the action "*". */
function namesAssumeRole(statement: any): boolean {
  if (!allowsAction(statement, 'sts:AssumeRole')) {
    return false;
  }
  return statement.NotAction !== undefined || listOf(statement.Action).some((a) => typeof a === 'string' && a !== '*' && iamStringLike(a.toLowerCase(), 'sts:assumerole'));
}

/** How a statement's resources reach every role ("*", a pattern matching any role of any account, NotResource), or undefined when they name roles. */
function everyRole(statement: any, template: CheckedTemplate): string | undefined {
  if (statement.NotResource !== undefined) {
    return `every resource but ${JSON.stringify(statement.NotResource)} (NotResource)`;
  }
  const wide = listOf(statement.Resource)
    .map((r) => render(r, template))
    .find((r) => iamStringLike(r, 'arn:aws:iam::123456789012:role/a') && iamStringLike(r, 'arn:aws:iam::210987654321:role/b/c'));
  return wide === undefined ? undefined : JSON.stringify(wide);
}

/** Whether a statement limits the roles it reaches by their account, organization or tags. */
function limitsResource(statement: any): boolean {
  return Object.values<any>(statement.Condition ?? {}).some((block) =>
    Object.keys(block ?? {}).some((key) => /^(aws:ResourceAccount|aws:ResourceOrgID|aws:ResourceOrgPaths|aws:ResourceTag\/.+|iam:ResourceTag\/.+)$/i.test(key)),
  );
}
