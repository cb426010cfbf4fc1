import * as fs from 'fs';
import * as path from 'path';
import { cx_api } from 'aws-cdk-lib';
import { AssemblyTemplate, readAssemblyTemplates } from './assembly';
import { escapeMarkdownCell, mermaidText } from './escape';
import { permissionSetAccessOf } from './permission-sets';
import { describeWebIdentity, githubTrustOf } from './trust';
import { auditCircleCiTrust } from '../circleci-oidc/trust-audit';
import { auditGithubTrust } from '../github-oidc/trust-audit';
import { allowsAction, identityStatements } from '../landing-zone-checks/engine/iam';
import { listOf, statementsOf } from '../landing-zone-checks/engine/values';
import { iamStringLike } from '../private/iam-match';
import { ENVIRONMENT_TAG, TIER_TAG } from '../private/landing-zone';

/**
 * A role whose GitHub trust admits any repository (or any repository of an
 * owner): no `sub` condition, `aud` only, a `sub` that pins no repository,
 * wildcards in the owner or repository, `...IfExists` or `ForAnyValue:` /
 * `ForAllValues:` operators. Judged by the library's GitHub trust audit.
 */
export interface OpenRoleEntry {
  /** Who can assume it, in plain words: `any GitHub repository`, `any repository of acme`, or `any project of CircleCI organization <id>`. */
  readonly admits: string;
  /** The role's ARN (a generated name shows as `<construct path>`). */
  readonly roleArn: string;
  /** The role's name (or its construct path when it has no fixed name). */
  readonly roleName: string;
  /** The role's construct path (or `stack/logicalId`). */
  readonly constructPath: string;
  /** The account the role lives in. */
  readonly account: string;
  /** The stack that deploys the role. */
  readonly stackName: string;
  /** Why, one sentence per problem, as the GitHub trust audit words them. */
  readonly reasons: string[];
  /** The landing-zone tier of the role (`landing-zone:tier` tag), if any. */
  readonly tier?: string;
  /** Whether the role carries a permissions boundary. */
  readonly hasBoundary: boolean;
}

/** A GitHub subject that can assume a role, read from the role's trust policy. */
export interface GithubAccessEntry {
  /**
   * The `sub` value or pattern; for a statement that checks GitHub's claims
   * without `sub`, its claim conditions, e.g. `claims(repository_id=123, environment=prod)`.
   */
  readonly subject: string;
  /**
   * GitHub's own claims the statement also requires exactly (`StringEquals`), by claim key.
   *
   * @default - none
   */
  readonly claims?: { [claim: string]: string };
  /** The condition operator: `StringEquals` (exact), `StringLike` (pattern), or another the trust uses. */
  readonly matchedWith: string;
  /** The condition-key prefix: the token issuer without `https://`. */
  readonly issuer: string;
  /** The role's name (or its construct path when it has no fixed name). */
  readonly roleName: string;
  /** The role's ARN (a generated name shows as `<construct path>`). */
  readonly roleArn: string;
  /** The landing-zone tier of the role (`landing-zone:tier` tag), if any. */
  readonly tier?: string;
  /** The account the role lives in. */
  readonly account: string;
  /** The stack that deploys the role. */
  readonly stackName: string;
  /** Whether the role carries a permissions boundary. */
  readonly hasBoundary: boolean;
}

/** A web identity that is not GitHub's (an EKS cluster's service accounts, another OIDC provider, SAML, Cognito) and the role it can assume. */
export interface WebIdentityAccessEntry {
  /** What the identity is: `EKS service account`, `CircleCI`, `OIDC`, `SAML`, `Cognito` or `web identity`. */
  readonly kind: string;
  /** The provider: the issuer without `https://`, or the federated principal. */
  readonly provider: string;
  /** The `sub` value or pattern the trust checks, or `(any subject)`. */
  readonly subject: string;
  /** The condition operator on the subject (empty when there is none). */
  readonly matchedWith: string;
  /** The role's name (or its construct path when it has no fixed name). */
  readonly roleName: string;
  /** The role's ARN. */
  readonly roleArn: string;
  /** The account the role lives in. */
  readonly account: string;
  /** The stack that deploys the role. */
  readonly stackName: string;
}

/** A hub role and the spokes it can reach. */
export interface HubAccessEntry {
  /** The hub role's ARN. */
  readonly hubRoleArn: string;
  /** The stack that deploys the hub. */
  readonly hubStackName: string;
  /** The spoke role's name. */
  readonly spokeRoleName: string;
  /** The spoke role's ARN (for a StackSet spoke, with the accounts it stands for, e.g. `<every account of ou-...>`). */
  readonly spokeRoleArn?: string;
  /** Where the spoke is: `account 555555555555`, or `every account of ou-..., ... (StackSet name, auto-deployed)`. */
  readonly spokeTargets: string;
  /** The spoke's environment (`landing-zone:environment` tag), if any. */
  readonly spokeEnvironment?: string;
  /** The stack that deploys the spoke (or the StackSet). */
  readonly spokeStackName: string;
  /** Where the hub's `sts:AssumeRole` is written: an inline policy, an `AWS::IAM::Policy`, or an `AWS::IAM::ManagedPolicy`. */
  readonly grantedBy?: string;
}

/** A role that may change the records of a hosted zone (DNS delegation), and a principal it trusts. */
export interface DnsDelegationEntry {
  /** The principal the role trusts (an account root, a role ARN, a service). */
  readonly trustedPrincipal: string;
  /** The role's ARN. */
  readonly roleArn: string;
  /** The role's name (or its construct path). */
  readonly roleName: string;
  /** The account the role (and the zone) lives in. */
  readonly account: string;
  /** The stack that deploys the role. */
  readonly stackName: string;
  /** The hosted zones, as the policy's resources name them. */
  readonly hostedZones: string[];
  /** The record names the role may change (empty: any name). */
  readonly recordNames: string[];
  /** The record types the role may change (empty: any type). */
  readonly recordTypes: string[];
}

/** A backup plan rule that copies recovery points to another vault. */
export interface BackupCopyEntry {
  /** The account the plan runs in. */
  readonly account: string;
  /** The stack that deploys the plan. */
  readonly stackName: string;
  /** The plan's name. */
  readonly planName: string;
  /** The rule's name. */
  readonly ruleName: string;
  /** The vault the rule backs up to. */
  readonly sourceVault: string;
  /** The vault the copy action writes to. */
  readonly destinationVaultArn: string;
  /** The destination's account, when the ARN names one. */
  readonly destinationAccount?: string;
}

/** A role and its permissions boundary. */
export interface RoleBoundaryEntry {
  /** The role's name (or its construct path when it has no fixed name). */
  readonly roleName: string;
  /** The account the role lives in. */
  readonly account: string;
  /** The stack that deploys it. */
  readonly stackName: string;
  /** The boundary policy's name or ARN, if the role has one. */
  readonly boundary?: string;
}

/** A group that reaches an account through an IAM Identity Center permission set, and the boundary its sessions carry. */
export interface PermissionSetAccessEntry {
  /** The Identity Store id of the group. */
  readonly groupId: string;
  /** The permission set's name. */
  readonly permissionSetName: string;
  /** The account the group reaches (the assignment's target). */
  readonly account: string;
  /** The boundary of the roles the permission set provisions: `/path/Name` of a customer managed policy, a managed policy ARN, or `none`. */
  readonly boundary: string;
  /** The AWS managed policies (names) and customer managed policies (`/path/Name`) of the permission set. */
  readonly policies: string[];
  /** Whether the permission set has an inline policy. */
  readonly hasInlinePolicy: boolean;
  /** The stack that deploys the assignment. */
  readonly stackName: string;
  /** The construct path of the permission set (or `stack/logicalId`). */
  readonly constructPath: string;
}

/** The access paths one map has and another has not. */
export interface AccessMapDiff {
  /** Access paths of `after` that `before` has not. */
  readonly added: string[];
  /** Access paths of `before` that `after` has not. */
  readonly removed: string[];
}

interface RoleRecord {
  readonly template: AssemblyTemplate;
  readonly logicalId: string;
  readonly arn: string;
  readonly name: string;
  readonly arnPathName: string;
  readonly tags: Record<string, string>;
  readonly trust: any[];
}

/**
 * Who can reach what in a synthesized app, computed from the templates in a
 * cloud assembly (not from the app's source), so it describes what would be
 * deployed. First the roles any GitHub repository can assume; then, by
 * account, which GitHub subjects can assume which role, which other web
 * identities (EKS service accounts, other OIDC providers) can, which hub
 * reaches which spokes (StackSet templates included), who may change the
 * records of a parent DNS zone, where backups are copied, and which roles
 * carry a permissions boundary. Nested stacks, trust policies written as JSON
 * text and hub permissions in managed policies are read.
 *
 * Works on any app: roles written with aws-cdk-lib alone are read the same way.
 *
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { AccessMap } from 'cdk-landing-zone';
 *
 * declare const app: App;
 * const map = AccessMap.fromAssembly(app.synth());
 * const report: string = map.toText();
 */
export class AccessMap {
  /** Reads a synthesized cloud assembly. */
  public static fromAssembly(assembly: cx_api.CloudAssembly): AccessMap {
    return AccessMap.fromDirectory(assembly.directory);
  }

  /** Reads a cloud assembly directory (e.g. `cdk.out`), nested assemblies (stages) and nested stacks included. */
  public static fromDirectory(directory: string): AccessMap {
    if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
      throw new Error(`AccessMap: no cloud assembly at ${directory} (no manifest.json; run cdk synth first)`);
    }
    return new AccessMap(readAssemblyTemplates(directory));
  }

  /** The access paths `after` adds to `before`, and those it removes (each an `accessPaths` line). */
  public static diff(before: string[], after: string[]): AccessMapDiff {
    const b = new Set(before);
    const a = new Set(after);
    return { added: [...a].filter((p) => !b.has(p)).sort(), removed: [...b].filter((p) => !a.has(p)).sort() };
  }

  /** Roles whose GitHub trust admits any repository (or any repository of an owner): read these first. */
  public readonly openRoles: OpenRoleEntry[];
  /** GitHub subjects and the roles they can assume. */
  public readonly githubAccess: GithubAccessEntry[];
  /** Web identities that are not GitHub's (EKS service accounts, other OIDC, SAML, Cognito) and the roles they can assume. */
  public readonly webIdentityAccess: WebIdentityAccessEntry[];
  /** Hubs and the spokes they reach. */
  public readonly hubAccess: HubAccessEntry[];
  /** Roles that may change the records of a hosted zone, and whom they trust. */
  public readonly dnsDelegation: DnsDelegationEntry[];
  /** Backup plans that copy recovery points to another vault. */
  public readonly backupCopies: BackupCopyEntry[];
  /** Every role and its boundary. */
  public readonly roles: RoleBoundaryEntry[];
  /** Groups and the accounts they reach through IAM Identity Center permission sets, with the sessions' boundary. */
  public readonly permissionSetAccess: PermissionSetAccessEntry[];
  /** Trust policies the map could not read (deploy-time JSON text), one sentence each. */
  public readonly unread: string[];

  private constructor(templates: AssemblyTemplate[]) {
    const open: OpenRoleEntry[] = [];
    const github: GithubAccessEntry[] = [];
    const web: WebIdentityAccessEntry[] = [];
    const roles: RoleBoundaryEntry[] = [];
    const delegation: DnsDelegationEntry[] = [];
    const unread: string[] = [];
    const records: RoleRecord[] = [];
    const hubs: Array<{ role: RoleRecord; targets: string[]; grantedBy: string }> = [];

    for (const t of templates) {
      for (const [logicalId, resource] of Object.entries<any>(t.resources)) {
        if (resource?.Type !== 'AWS::IAM::Role') {
          continue;
        }
        const props = resource.Properties ?? {};
        const name = t.roleName(logicalId);
        const arn = t.roleArn(logicalId);
        const arnPathName = arn.replace(/^arn:[^:]*:iam::[^:]*:/, '');
        const constructPath = t.pathOf(logicalId);
        const roleName = name ?? constructPath;
        const tags: Record<string, string> = Object.fromEntries(listOf(props.Tags).map((tag: any) => [String(tag?.Key), t.text(tag?.Value)]));
        const boundary = props.PermissionsBoundary === undefined ? undefined : t.text(props.PermissionsBoundary);
        const hasBoundary = boundary !== undefined;
        roles.push({ roleName, account: t.accountLabel, stackName: t.stackName, boundary });

        const trustDocument = t.document(props.AssumeRolePolicyDocument);
        if (trustDocument === undefined && props.AssumeRolePolicyDocument !== undefined) {
          unread.push(`${arn} (${constructPath}): its trust policy is text that is only known at deploy time; it was not read.`);
        }
        const trust = statementsOf(trustDocument ?? {});
        const record: RoleRecord = { template: t, logicalId, arn, name: roleName, arnPathName, tags, trust };
        records.push(record);

        const roleFacts = { roleName, roleArn: arn, account: t.accountLabel, stackName: t.stackName };
        trust.forEach((statement, index) => {
          const githubTrust = githubTrustOf(statement);
          if (githubTrust) {
            const reasons = auditGithubTrust({ Statement: [statement] })
              .map((p) => p.replace(/^statement (0|"[^"]*")/, `trust statement ${statement.Sid ? `"${statement.Sid}"` : index}`));
            const admits = openness(reasons);
            if (admits) {
              const why = reasons.filter((r) => OPEN.test(r));
              open.push({ admits, ...roleFacts, constructPath, reasons: why, tier: tags[TIER_TAG], hasBoundary });
            }
            for (const s of githubTrust.subjects) {
              github.push({ ...s, ...roleFacts, tier: tags[TIER_TAG], hasBoundary });
            }
          }
          for (const w of describeWebIdentity(statement)) {
            web.push({ ...w, ...roleFacts });
          }
          // A CircleCI trust that pins no project admits every project of the organization (LZ-CCI1 words why).
          const circleCiReasons = auditCircleCiTrust({ Statement: [statement] })
            .filter((p) => CIRCLECI_OPEN.test(p))
            .map((p) => p.replace(/^statement (0|"[^"]*")/, `trust statement ${statement.Sid ? `"${statement.Sid}"` : index}`));
          if (circleCiReasons.length > 0) {
            const organization = JSON.stringify(statement.Principal?.Federated ?? '').match(/oidc\.circleci\.com\/org\/([^"/]+)/)?.[1] ?? '?';
            open.push({ admits: `any project of CircleCI organization ${organization}`, ...roleFacts, constructPath, reasons: circleCiReasons, tier: tags[TIER_TAG], hasBoundary });
          }
        });

        // Hubs: roles allowed to assume roles (identity policies: inline, attached, managed).
        const policies = roleIdentityStatements(t, logicalId);
        const hubGrants = policies
          .map((s) => ({ statement: t.resolve(s.statement), source: s.source }))
          .filter((s) => allowsAction(s.statement, 'sts:AssumeRole'));
        const targets = hubGrants.flatMap((s) => listOf(s.statement.Resource).map((r) => String(r)).filter((r) => r === '*' || /^arn:[^:]+:iam::[^:]*:role\//.test(r)));
        if (targets.length > 0) {
          hubs.push({ role: record, targets, grantedBy: [...new Set(hubGrants.map((s) => s.source))].join(', ') });
        }

        // DNS delegation: roles that may change the records of a hosted zone.
        const changes = policies
          .map((s) => t.resolve(s.statement))
          .filter((s) => allowsAction(s, 'route53:ChangeResourceRecordSets'));
        const zones = [...new Set(changes.flatMap((s) => listOf(s.Resource).map(String)).filter((r) => r === '*' || /hostedzone\//.test(r)))];
        if (zones.length > 0) {
          const types = conditionValues(changes, 'route53:changeresourcerecordsetsrecordtypes');
          if (types.length === 0 || types.some((x) => iamStringLike(x, 'NS'))) {
            for (const principal of new Set(trust.flatMap((s) => trustedPrincipals(s)))) {
              delegation.push({
                trustedPrincipal: principal,
                roleArn: arn,
                roleName,
                account: t.accountLabel,
                stackName: t.stackName,
                hostedZones: zones,
                recordNames: conditionValues(changes, 'route53:changeresourcerecordsetsnormalizedrecordnames'),
                recordTypes: types,
              });
            }
          }
        }
      }
    }

    const hubAccess: HubAccessEntry[] = [];
    for (const hub of hubs) {
      const hubAccount = hub.role.arn.match(/^arn:[^:]*:iam::([^:]*):/)?.[1];
      for (const spoke of records) {
        if (spoke === hub.role || spoke.template.accountLabel === hub.role.template.accountLabel) {
          // Hubs reach other accounts; a role's reach into its own account is its account's business.
          continue;
        }
        const trusted = spoke.trust.filter((s) => s.Effect === 'Allow').flatMap((s) => trustedPrincipals(s));
        const trustsHub = trusted.some((p) => iamStringLike(p, hub.role.arn) || (hubAccount !== undefined && /^\d{12}$/.test(hubAccount) && (p === hubAccount || p === `arn:aws:iam::${hubAccount}:root`)));
        const spokeArn = spoke.template.isStackSet ? spoke.arn.replace(/^(arn:[^:]*:iam::)[^:]*:/, '$1*:') : spoke.arn;
        const allowedByHub = hub.targets.some((r) => iamStringLike(spoke.template.isStackSet ? r.replace(/^(arn:[^:]*:iam::)[^:]*:/, '$1*:') : r, spokeArn));
        if (trustsHub && allowedByHub) {
          hubAccess.push({
            hubRoleArn: hub.role.arn,
            hubStackName: hub.role.template.stackName,
            spokeRoleName: spoke.name,
            spokeRoleArn: spoke.arn,
            spokeTargets: spoke.template.targets,
            spokeEnvironment: spoke.tags[ENVIRONMENT_TAG],
            spokeStackName: spoke.template.stackName,
            grantedBy: hub.grantedBy,
          });
        }
      }
    }

    const backups: BackupCopyEntry[] = [];
    for (const t of templates) {
      for (const resource of Object.values<any>(t.resources)) {
        if (resource?.Type !== 'AWS::Backup::BackupPlan') {
          continue;
        }
        const plan = resource.Properties?.BackupPlan ?? {};
        for (const rule of listOf(plan.BackupPlanRule) as any[]) {
          for (const copy of listOf(rule?.CopyActions) as any[]) {
            const destination = t.text(copy?.DestinationBackupVaultArn);
            backups.push({
              account: t.accountLabel,
              stackName: t.stackName,
              planName: t.text(plan.BackupPlanName),
              ruleName: t.text(rule?.RuleName),
              sourceVault: t.text(rule?.TargetBackupVault),
              destinationVaultArn: destination,
              destinationAccount: destination.match(/^arn:[^:]*:backup:[^:]*:(\d{12}):/)?.[1],
            });
          }
        }
      }
    }

    const byAccount = <T extends { account: string }>(items: T[]) => stableSortBy(items, (x) => x.account);
    this.openRoles = byAccount(open);
    this.githubAccess = byAccount(github);
    this.webIdentityAccess = byAccount(web);
    this.hubAccess = stableSortBy(hubAccess, (h) => accountOfArn(h.hubRoleArn));
    this.dnsDelegation = byAccount(delegation);
    this.backupCopies = byAccount(backups);
    this.roles = roles;
    this.unread = unread;
    this.permissionSetAccess = stableSortBy(permissionSetAccessOf(templates), (e) => e.account);
  }

  /**
   * Every access path of the map, one line each, in plain words: what
   * `landing-zone-access-map diff` compares. Open roles, GitHub subjects,
   * other web identities, hub to spoke, DNS delegation and backup copies.
   */
  public get accessPaths(): string[] {
    const paths = [
      ...this.openRoles.map((e) => `${e.admits} can assume ${e.roleArn}`),
      ...this.githubAccess.map((e) => `GitHub ${describeSubject(e)} (${e.matchedWith}) can assume ${e.roleArn}`),
      ...this.webIdentityAccess.map((e) => `${e.kind} ${e.subject}${e.matchedWith ? ` (${e.matchedWith})` : ''} of ${e.provider} can assume ${e.roleArn}`),
      ...this.hubAccess.map((e) => `hub ${e.hubRoleArn} can assume ${e.spokeRoleName} in ${e.spokeTargets}`),
      ...this.dnsDelegation.map((e) => `${e.trustedPrincipal} can assume ${e.roleArn} and change ${describeRecords(e)} in ${e.hostedZones.join(', ')}`),
      ...this.backupCopies.map((e) => `backup plan ${e.planName} in ${e.account} copies vault ${e.sourceVault} to ${e.destinationVaultArn}`),
      ...this.permissionSetAccess.map((e) => `group ${e.groupId} reaches ${e.account} through permission set ${e.permissionSetName} (boundary ${e.boundary})`),
    ];
    return [...new Set(paths)];
  }

  /** The map as plain text, for a terminal: open roles first, then the rest grouped by account. */
  public toText(): string {
    const lines: string[] = ['Access map (computed from the synthesized templates)', ''];
    const section = <T>(title: string, items: T[], account: (item: T) => string, write: (item: T) => string[]) => {
      lines.push(title);
      if (items.length === 0) {
        lines.push('  (none)');
      }
      for (const [key, group] of groupBy(items, account)) {
        lines.push(`  account ${key}`);
        for (const item of group) {
          lines.push(...write(item).map((l) => `    ${l}`));
        }
      }
      lines.push('');
    };
    section('OPEN ROLES: any repository can assume them (read these first)', this.openRoles, (e) => e.account, (e) => [
      `${e.admits} can assume ${e.roleArn} [${e.constructPath}]${e.hasBoundary ? '' : ' NO BOUNDARY'}`,
      ...e.reasons.map((r) => `    because ${r}`),
    ]);
    section('GitHub subjects -> roles they can assume', this.githubAccess, (e) => e.account, (e) => [
      `${describeSubject(e)}${e.matchedWith === 'StringEquals' ? '' : e.matchedWith === 'StringLike' ? ' (pattern)' : ` (${e.matchedWith})`}`,
      `    -> ${e.roleName}${e.tier ? ` tier ${e.tier}` : ''} in ${e.account} [${e.stackName}]${e.hasBoundary ? '' : ' NO BOUNDARY'}`,
    ]);
    section('Other web identities (not GitHub) -> roles they can assume', this.webIdentityAccess, (e) => e.account, (e) => [
      `${e.kind} ${e.subject}${e.matchedWith && e.matchedWith !== 'StringEquals' ? ` (${e.matchedWith})` : ''} of ${e.provider}`,
      `    -> ${e.roleName} in ${e.account} [${e.stackName}]`,
    ]);
    section('Hubs -> spokes they reach (roles that can assume roles in other accounts)', this.hubAccess, (e) => accountOfArn(e.hubRoleArn), (e) => [
      `${e.hubRoleArn} [${e.hubStackName}]${e.grantedBy && /ManagedPolicy/.test(e.grantedBy) ? ` (by ${e.grantedBy})` : ''}`,
      `    -> ${e.spokeRoleName}${e.spokeEnvironment ? ` (${e.spokeEnvironment})` : ''} in ${e.spokeTargets} [${e.spokeStackName}]`,
    ]);
    section('DNS delegation: who may change the records of a zone', this.dnsDelegation, (e) => e.account, (e) => [
      `${e.trustedPrincipal} -> ${e.roleArn} [${e.stackName}]`,
      `    may change ${describeRecords(e)} in ${e.hostedZones.join(', ')}`,
    ]);
    section('Backup copies', this.backupCopies, (e) => e.account, (e) => [
      `vault ${e.sourceVault} (plan ${e.planName}, rule ${e.ruleName}) [${e.stackName}]`,
      `    -> ${e.destinationVaultArn}`,
    ]);
    if (this.permissionSetAccess.length > 0) {
      section('People: groups -> accounts through IAM Identity Center permission sets', this.permissionSetAccess, (e) => e.account, (e) => [
        `group ${e.groupId} -> permission set ${e.permissionSetName} [${e.stackName}]`,
        `    policies ${e.policies.length > 0 ? e.policies.join(', ') : '(none)'}${e.hasInlinePolicy ? ' + inline' : ''}; boundary ${e.boundary === 'none' ? 'NONE' : e.boundary}`,
      ]);
    }
    if (this.unread.length > 0) {
      lines.push('Not read', ...this.unread.map((u) => `  ${u}`), '');
    }
    lines.push('Permissions boundaries');
    for (const [stackName, roles] of groupBy(this.roles, (r) => `${r.stackName} (${r.account})`)) {
      const bounded = roles.filter((r) => r.boundary !== undefined);
      const names = [...new Set(bounded.map((r) => r.boundary!.replace(/^.*:policy\//, '')))];
      lines.push(`  ${stackName}: ${bounded.length} of ${roles.length} roles bounded${names.length ? ` by ${names.join(', ')}` : ''}`);
      for (const r of roles.filter((x) => x.boundary === undefined)) {
        lines.push(`      without a boundary: ${r.roleName}`);
      }
    }
    return lines.join('\n');
  }

  /**
   * The map as Markdown: open roles first, a Mermaid diagram with one
   * subgraph per account, then the tables. Table cells are escaped, so
   * `<every account of ou-...>` shows as written.
   */
  public toMarkdown(): string {
    const out: string[] = ['# Access map', '', 'Computed from the synthesized templates: it shows what would be deployed.', ''];
    out.push('## Open roles', '');
    if (this.openRoles.length === 0) {
      out.push('No role admits any GitHub repository.', '');
    } else {
      out.push('Read these first: each admits more than one repository.', '');
      for (const e of this.openRoles) {
        out.push(`- **${escapeMarkdownCell(e.admits)} can assume ${escapeMarkdownCell(e.roleArn)}** (${escapeMarkdownCell(e.constructPath)}, account ${escapeMarkdownCell(e.account)}): ${e.reasons.map(escapeMarkdownCell).join(' ')}`);
      }
      out.push('');
    }
    out.push('## Diagram', '', ...this.mermaid(), '');
    const table = (title: string, header: string[], rows: string[][]) => {
      out.push(`## ${title}`, '', `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
      for (const row of rows) {
        out.push(`| ${row.join(' | ')} |`);
      }
      out.push('');
    };
    const c = escapeMarkdownCell;
    const code = (s: string) => (/[<>&|`]/.test(s) ? c(s) : `\`${s}\``);
    table('GitHub subjects', ['subject', 'match', 'role', 'tier', 'account', 'stack', 'boundary'], this.githubAccess.map((e) => [
      code(describeSubject(e)), c(e.matchedWith), c(e.roleName), c(e.tier ?? ''), c(e.account), c(e.stackName), e.hasBoundary ? 'yes' : '**no**',
    ]));
    table('Other web identities (not GitHub)', ['kind', 'provider', 'subject', 'match', 'role', 'account', 'stack'], this.webIdentityAccess.map((e) => [
      c(e.kind), c(e.provider), code(e.subject), c(e.matchedWith), c(e.roleName), c(e.account), c(e.stackName),
    ]));
    table('Hubs and spokes', ['hub', 'spoke', 'spoke environment', 'where', 'deployed by'], this.hubAccess.map((e) => [
      c(e.hubRoleArn), c(e.spokeRoleName), c(e.spokeEnvironment ?? ''), c(e.spokeTargets), c(e.spokeStackName),
    ]));
    table('DNS delegation', ['trusted principal', 'role', 'account', 'may change', 'zones', 'stack'], this.dnsDelegation.map((e) => [
      c(e.trustedPrincipal), c(e.roleArn), c(e.account), c(describeRecords(e)), c(e.hostedZones.join(', ')), c(e.stackName),
    ]));
    table('Backup copies', ['account', 'vault', 'plan', 'copies to', 'stack'], this.backupCopies.map((e) => [
      c(e.account), c(e.sourceVault), c(`${e.planName} / ${e.ruleName}`), c(e.destinationVaultArn), c(e.stackName),
    ]));
    if (this.permissionSetAccess.length > 0) {
      table('People (IAM Identity Center)', ['group', 'account', 'permission set', 'policies', 'boundary', 'stack'], this.permissionSetAccess.map((e) => [
        code(e.groupId), c(e.account), c(e.permissionSetName), c([...e.policies, ...(e.hasInlinePolicy ? ['inline'] : [])].join(', ')), e.boundary === 'none' ? '**none**' : c(e.boundary), c(e.stackName),
      ]));
    }
    if (this.unread.length > 0) {
      out.push('## Not read', '', ...this.unread.map((u) => `- ${c(u)}`), '');
    }
    table('Permissions boundaries', ['role', 'account', 'stack', 'boundary'], this.roles.map((r) => [
      c(r.roleName), c(r.account), c(r.stackName), r.boundary ? c(r.boundary.replace(/^.*:policy\//, '')) : '**none**',
    ]));
    return out.join('\n').replace(/\n+$/, '\n');
  }

  /**
   * The map as JSON text: every list of the map, and `accessPaths`, the lines
   * `landing-zone-access-map diff` compares (it reads a saved output back).
   */
  public toJson(): string {
    return JSON.stringify({
      accessPaths: this.accessPaths,
      openRoles: this.openRoles,
      githubAccess: this.githubAccess,
      webIdentityAccess: this.webIdentityAccess,
      hubAccess: this.hubAccess,
      dnsDelegation: this.dnsDelegation,
      backupCopies: this.backupCopies,
      roles: this.roles,
      unread: this.unread,
      permissionSetAccess: this.permissionSetAccess,
    }, undefined, 2);
  }

  /** The Mermaid diagram: one subgraph per account, web identities and repositories outside. */
  private mermaid(): string[] {
    const accounts = new Map<string, string[]>();
    const outside: string[] = [];
    const edges: string[] = [];
    const ids = new Map<string, string>();
    const node = (account: string | undefined, label: string, shape: 'round' | 'box' = 'box', identity: string = label) => {
      const key = `${account ?? ''}|${identity}`;
      if (!ids.has(key)) {
        const id = `n${ids.size}`;
        ids.set(key, id);
        const text = mermaidText(label);
        const line = shape === 'round' ? `    ${id}(["${text}"])` : `    ${id}["${text}"]`;
        if (account === undefined) {
          outside.push(line);
        } else {
          accounts.set(account, [...(accounts.get(account) ?? []), line]);
        }
      }
      return ids.get(key)!;
    };
    const roleLabel = (name: string, tier?: string) => `${name}${tier ? ` (${tier})` : ''}`;
    const openIds: string[] = [];
    for (const e of this.openRoles) {
      const from = node(undefined, e.admits, 'round');
      openIds.push(from);
      edges.push(`  ${from} ==>|open| ${node(e.account, roleLabel(e.roleName, e.tier), 'box', e.roleArn)}`);
    }
    for (const e of this.githubAccess) {
      edges.push(`  ${node(undefined, describeSubject(e), 'round')} -->|${e.matchedWith === 'StringEquals' ? 'exact' : e.matchedWith === 'StringLike' ? 'pattern' : e.matchedWith}| ${node(e.account, roleLabel(e.roleName, e.tier), 'box', e.roleArn)}`);
    }
    for (const e of this.webIdentityAccess) {
      edges.push(`  ${node(undefined, `${e.kind}: ${e.subject}`, 'round')} -->|web identity| ${node(e.account, e.roleName, 'box', e.roleArn)}`);
    }
    for (const e of this.hubAccess) {
      const where = e.spokeTargets.startsWith('account ') ? e.spokeTargets.replace(/^account /, '') : `StackSet: ${e.spokeTargets}`;
      const hub = node(accountOfArn(e.hubRoleArn), e.hubRoleArn.replace(/^arn:[^:]+:iam::[^:]*:role\/(.*\/)?/, ''), 'box', e.hubRoleArn);
      edges.push(`  ${hub} -->|assumes| ${node(where, e.spokeRoleName, 'box', e.spokeRoleArn ?? e.spokeRoleName)}`);
    }
    for (const e of this.dnsDelegation) {
      const principalAccount = e.trustedPrincipal.match(/^arn:[^:]*:(?:iam|sts)::(\d{12}):/)?.[1] ?? (/^\d{12}$/.test(e.trustedPrincipal) ? e.trustedPrincipal : undefined);
      const label = /^arn:[^:]*:iam::\d{12}:root$|^\d{12}$/.test(e.trustedPrincipal) ? `any principal of ${principalAccount} it allows` : e.trustedPrincipal.replace(/^arn:[^:]*:iam::\d{12}:/, '');
      const from = node(principalAccount, label, 'box', e.trustedPrincipal);
      edges.push(`  ${from} -->|DNS: ${mermaidText(describeRecords(e))}| ${node(e.account, e.roleName, 'box', e.roleArn)}`);
    }
    for (const e of this.backupCopies) {
      const destination = e.destinationVaultArn.replace(/^arn:[^:]*:backup:[^:]*:[^:]*:backup-vault:/, 'vault ');
      edges.push(`  ${node(e.account, `vault ${e.sourceVault}`)} -->|backup copy| ${node(e.destinationAccount ?? 'unknown account', destination)}`);
    }
    const out = ['```mermaid', 'flowchart LR', ...outside];
    let n = 0;
    for (const [account, lines] of accounts) {
      out.push(`  subgraph a${n++}["${mermaidText(/^\d{12}$/.test(account) ? `account ${account}` : account)}"]`, ...lines, '  end');
    }
    out.push(...edges);
    if (openIds.length > 0) {
      out.push('  classDef open fill:#fdd,stroke:#c00', `  class ${[...new Set(openIds)].join(',')} open`);
    }
    out.push('```');
    return out;
  }
}

/**
 * The identity-policy statements of a role: the engine's (inline, attached by
 * reference, managed), and those of policies attached by a name cut out of
 * the role's ARN (`Fn::Select` of `Fn::Split` of its `Arn`, as aws-cdk-lib
 * writes for roles without a fixed name).
 */
function roleIdentityStatements(t: AssemblyTemplate, logicalId: string): Array<{ statement: any; source: string }> {
  const out = identityStatements(t, logicalId).map((s) => ({ statement: s.statement, source: s.source }));
  for (const [id, resource] of Object.entries<any>(t.resources)) {
    if (resource?.Type !== 'AWS::IAM::Policy' && resource?.Type !== 'AWS::IAM::ManagedPolicy') {
      continue;
    }
    const cut = listOf(resource.Properties?.Roles).some((r) => !isDirectReference(r) && mentions(r, logicalId));
    if (cut) {
      out.push(...statementsOf(resource.Properties?.PolicyDocument, t).map((statement) => ({ statement, source: `${id} (${resource.Type})` })));
    }
  }
  return out;
}

function isDirectReference(value: unknown): boolean {
  return value !== null && typeof value === 'object' && ('Ref' in (value as object) || 'Fn::GetAtt' in (value as object)) && Object.keys(value as object).length === 1;
}

/** Whether a value refers to a resource anywhere inside it. */
function mentions(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) {
    return value.some((v) => mentions(v, logicalId));
  }
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const v = value as Record<string, unknown>;
  if (v.Ref === logicalId || (Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'][0] === logicalId)) {
    return true;
  }
  return Object.values(v).some((x) => mentions(x, logicalId));
}

/** Problems of the GitHub trust audit that mean a role admits more than one repository. */
const OPEN = /any GitHub repository could assume the role|does not pin one repository|pins no repository, owner or reusable workflow|rather than the repository: GitHub writes/;

/** Who an open trust admits, from the audit's problems: `any GitHub repository`, `any repository of OWNER`, or undefined when it pins one. */
/** The CircleCI trust problems that open a role to every project of the organization. */
const CIRCLECI_OPEN = /no condition on the token's sub|does not pin an organization and a project/;

function openness(problems: string[]): string | undefined {
  const open = problems.filter((p) => OPEN.test(p));
  if (open.length === 0) {
    return undefined;
  }
  const owners = new Set<string>();
  for (const p of open) {
    const part = p.match(/does not pin one repository: its owner\/repository part "([^"]*)"/)?.[1];
    const owner = part?.includes('/') ? part.split('/')[0] : undefined;
    if (owner === undefined || !/^[A-Za-z0-9-]+(@\d+)?$/.test(owner)) {
      return 'any GitHub repository';
    }
    owners.add(owner);
  }
  return `any repository of ${[...owners].join(' or ')}`;
}

/**
 * The principals a trust statement admits: its AWS principals (or, when an
 * `aws:PrincipalArn` condition narrows them, the ARNs it names), services and
 * federated providers.
 */
function trustedPrincipals(statement: any): string[] {
  if (statement?.Effect !== 'Allow') {
    return [];
  }
  if (statement.Principal === '*' || statement.NotPrincipal !== undefined) {
    return ['*'];
  }
  const p = statement.Principal ?? {};
  const arnConditions = Object.entries<any>(statement.Condition ?? {})
    .filter(([operator]) => /^Arn(Equals|Like)$/.test(operator))
    .flatMap(([, block]) => Object.entries<unknown>(block ?? {}).filter(([k]) => k.toLowerCase() === 'aws:principalarn').flatMap(([, v]) => listOf(v)));
  // An aws:PrincipalArn condition narrows the AWS principals (typically an account root) to the ARNs it names.
  const aws = arnConditions.length > 0 ? arnConditions : listOf(p.AWS);
  return [...aws, ...listOf(p.Service), ...listOf(p.Federated)].map(String);
}

/** The values of a condition key across statements (any operator). */
function conditionValues(statements: any[], key: string): string[] {
  const values = statements.flatMap((s) =>
    Object.entries<any>(s?.Condition ?? {})
      .filter(([operator]) => /String(Equals|Like)/.test(operator))
      .flatMap(([, block]) => Object.entries<unknown>(block ?? {}).filter(([k]) => k.toLowerCase() === key).flatMap(([, v]) => listOf(v))),
  );
  return [...new Set(values.map(String))];
}

function describeRecords(e: DnsDelegationEntry): string {
  const types = e.recordTypes.length ? `${e.recordTypes.join('/')} records` : 'any records';
  return `${types} of ${e.recordNames.length ? e.recordNames.join(', ') : 'any name'}`;
}

function accountOfArn(arn: string): string {
  return arn.match(/^arn:[^:]*:[^:]*:[^:]*:([^:]*):/)?.[1] ?? '<unknown account>';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  }
  return groups;
}

/** Sorts by a key, keeping the order of items with the same key; accounts appear in the order they are first met. */
function stableSortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...groupBy(items, key).values()].flat();
}

/** The subject as reports show it: the sub, followed by the claims the statement also requires. */
function describeSubject(entry: GithubAccessEntry): string {
  if (!entry.claims || entry.subject.startsWith('claims(')) {
    return entry.subject;
  }
  return `${entry.subject} + claims(${Object.entries(entry.claims).map(([k, v]) => `${k}=${v}`).join(', ')})`;
}
