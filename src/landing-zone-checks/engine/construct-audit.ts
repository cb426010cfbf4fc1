import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RawFinding, Rule, RuleOptions, RULES } from './rules';
import { CheckedTemplate, ownLogicalIds, renderStackTemplate } from './templates';
import { statementsOf } from './values';

/** What a construct audits of its own synthesized resources. */
export interface ConstructAudit {
  /** The construct class the messages start with, e.g. `SpokeRole`. */
  readonly construct: string;
  /** The construct whose resources (those under it, in its stack) are audited. */
  readonly scope: IConstruct;
  /** The rules of the pack that apply to them, e.g. `['LZ-XA1', 'LZ-XA4']`. */
  readonly ruleIds: string[];
  /** What the construct knows that the template does not say (its provider, its boundary). */
  readonly options?: Partial<RuleOptions>;
  /** Resource types the construct's own checks read, besides those of the rules. */
  readonly reads?: string[];
  /** Checks of the construct's own, beyond the rules, on the same rendered template. */
  readonly extra?: (template: CheckedTemplate, own: Set<string>) => AuditFinding[];
}

/** A finding of a construct's own check. */
export interface AuditFinding {
  readonly ruleId: string;
  readonly logicalId: string;
  /** What is wrong, with the offending value. */
  readonly problem: string;
  /** What is expected instead. */
  readonly expected: string;
}

const IAM = ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy'];
const OIDC = ['AWS::IAM::OIDCProvider', 'Custom::AWSCDKOpenIdConnectProvider'];
const VAULTS = ['AWS::Backup::BackupVault', 'AWS::Backup::LogicallyAirGappedBackupVault'];
/** The resource types each rule reads: a construct's audit renders only those of its stack. */
const RULE_TYPES: Record<string, string[]> = {
  'LZ-GH1': [...IAM, ...OIDC],
  'LZ-GH3': [...IAM, ...OIDC],
  'LZ-GH4': [...IAM, ...OIDC],
  'LZ-OIDC2': OIDC,
  'LZ-CCI1': [...IAM, ...OIDC],
  'LZ-BND2': IAM,
  'LZ-XA1': IAM,
  'LZ-XA2': IAM,
  'LZ-XA4': IAM,
  'LZ-XA5': IAM,
  'LZ-DNS1': IAM,
  'LZ-DNS2': IAM,
  'LZ-BK3': VAULTS,
  'LZ-BK4': VAULTS,
};

/** The resource types the GitHub trust rules read. */
export const GITHUB_TRUST_TYPES = [...IAM, ...OIDC];

/** The options of a construct's audit: none of the app-wide lists of LandingZoneChecks. */
export const CONSTRUCT_OPTIONS: RuleOptions = { externalIdRoles: [], privilegedRoles: [], privilegedAwsManagedPolicies: [], privilegedActions: [] };

/**
 * Re-applies rules of the pack to a construct's resources as they will be
 * synthesized (statements added later, property overrides and aspects
 * included): the same code decides the construct's synthesis-time audit and
 * `LandingZoneChecks`. Returns one message per violation, for `validate()`:
 * `Construct: RULE-ID: <resource path> <problem> Expected: <what>.`
 * (docs/security-model.md#checks).
 */
export function auditConstruct(audit: ConstructAudit): string[] {
  const known = audit.ruleIds.every((id) => id in RULE_TYPES);
  const types = known ? new Set([...audit.ruleIds.flatMap((id) => RULE_TYPES[id]), ...(audit.reads ?? [])]) : undefined;
  const template = renderStackTemplate(Stack.of(audit.scope), types);
  const own = ownLogicalIds(audit.scope);
  const options = { ...CONSTRUCT_OPTIONS, ...audit.options };
  const findings: AuditFinding[] = RULES.filter((rule) => audit.ruleIds.includes(rule.id)).flatMap((rule: Rule) =>
    rule
      .check(template, options)
      .filter((f: RawFinding) => own.has(f.logicalId))
      .map((f) => ({ ruleId: f.ruleId, logicalId: f.logicalId, problem: f.problem, expected: rule.fix })),
  );
  findings.push(...(audit.extra?.(template, own) ?? []));
  return findings.map((f) => `${audit.construct}: ${f.ruleId}: ${template.pathOf(f.logicalId)} ${f.problem} Expected: ${f.expected.replace(/\.$/, '')}.`);
}

/**
 * The statements a construct wrote into a policy that its rendered form no
 * longer holds unchanged (matched by `Sid`): a statement removed or changed
 * by a property override. `written` is resolved in the policy's stack.
 */
export function statementsChanged(template: CheckedTemplate, logicalId: string, documentPath: string[], written: any[]): any[] {
  let document: any = template.resources[logicalId];
  for (const key of documentPath) {
    document = document?.[key];
  }
  const rendered = statementsOf(document, template);
  return written.filter((statement) => !rendered.some((r) => r.Sid === statement.Sid && canonical(r) === canonical(statement)));
}

/** JSON with object keys sorted and single values and lists written alike, for comparing statements. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 1 ? canonical(value[0]) : `[${value.map(canonical).sort().join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
