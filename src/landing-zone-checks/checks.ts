import * as fs from 'fs';
import * as path from 'path';
import {
  AspectPriority,
  Aspects,
  CfnResource,
  IAspect,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Token,
  cx_api,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RawFinding, RuleOptions, RULES } from './engine/rules';
import { isValidReason, MIN_REASON_LENGTH, SuppressionEntry, suppressionOf, SUPPRESSIONS_METADATA_KEY } from './engine/suppressions';
import { readTemplates } from './engine/templates';
import { LandingZoneInputError } from '../private/errors';

const CONSTRUCT = 'LandingZoneChecks';
const PLUGIN_NAME = 'cdk-landing-zone-checks';
const ACCOUNT = /^\d{12}$/;
const ACTION = /^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** The AWS managed policies that make a role privileged unless `privilegedAwsManagedPolicies` says otherwise. */
const DEFAULT_PRIVILEGED_AWS_MANAGED_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'AWSOrganizationsFullAccess'];

/**
 * The actions that make a role privileged unless `privilegedActions` says
 * otherwise: everything (`*`), and the IAM writes that let a holder grant
 * itself or others more permissions.
 */
const DEFAULT_PRIVILEGED_ACTIONS = [
  '*',
  'iam:AddUserToGroup',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreatePolicyVersion',
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:PutGroupPolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:PutUserPolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateLoginProfile',
];

/** Properties of the landing-zone checks. */
export interface LandingZoneChecksProps {
  /**
   * Whether every IAM role and user needs a permissions boundary (rule LZ-BND1).
   * `true`: everywhere; `false`: the rule is off.
   *
   * @default - required in every stack that declares a boundary: a stack in
   * which a role or user carries one, or that holds a self-propagating
   * boundary policy (a managed policy that denies iam:CreateRole unless
   * iam:PermissionsBoundary is set, such as PermissionBoundary's), and in the
   * nested stacks of such a stack
   */
  readonly requirePermissionsBoundary?: boolean;

  /**
   * The 12-digit ids of the accounts of your organization. A role trusted by
   * an account outside this list is taken for a third party's: it needs an
   * `sts:ExternalId` condition (LZ-XA3) rather than an organization
   * condition (LZ-XA1).
   *
   * @default - every account is taken for one of the organization's
   */
  readonly organizationAccounts?: string[];

  /**
   * Roles whose cross-account trust must check `sts:ExternalId` (LZ-XA3),
   * as patterns (`*`, `?`) matched against the role's IAM path and name
   * (`/vendor/datadog-integration`, only for roles with a literal name) and
   * against its construct path (`Monitoring/Datadog/Resource`).
   *
   * @default - none
   */
  readonly externalIdRoles?: string[];

  /**
   * Roles that are privileged whatever their policies (LZ-GH2), as patterns
   * matched like `externalIdRoles`, e.g. `/landing-zone/*`.
   *
   * @default - none
   */
  readonly privilegedRoles?: string[];

  /**
   * The AWS managed policies (by name) that make a role privileged (LZ-GH2).
   *
   * @default ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'AWSOrganizationsFullAccess']
   */
  readonly privilegedAwsManagedPolicies?: string[];

  /**
   * The actions that make a role privileged when one of its identity
   * policies in the template allows them (LZ-GH2): a pattern in the policy
   * such as `iam:*` or `iam:Put*` allows them too, and so does an Allow with
   * `NotAction` that does not exclude them.
   *
   * @default - `*` and the IAM writes that grant permissions: iam:CreateRole,
   * iam:CreateUser, iam:Put/Attach(Role|User|Group)Policy,
   * iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion,
   * iam:UpdateAssumeRolePolicy, iam:Put/Delete(Role|User)PermissionsBoundary,
   * iam:CreateAccessKey, iam:Create/UpdateLoginProfile, iam:AddUserToGroup
   */
  readonly privilegedActions?: string[];
}

/** One finding of the landing-zone checks. */
export interface LandingZoneFinding {
  /** The rule, e.g. `LZ-GH1`. */
  readonly ruleId: string;
  /**
   * The construct path of the resource, e.g. `Production/DeployRole/Resource`
   * (for a resource of a StackSet's template, the StackSet's path and the
   * resource's logical id in brackets).
   */
  readonly constructPath: string;
  /** What is wrong, starting with the construct path. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
  /** The stack that deploys the resource. */
  readonly stackName: string;
  /** The resource's logical id in `templatePath`. */
  readonly logicalId: string;
  /** The template file that holds the resource. */
  readonly templatePath: string;
  /** Where in the resource, e.g. `Properties/AssumeRolePolicyDocument/Statement/0`. */
  readonly location: string;
}

/** A finding that a suppression set aside. */
export interface LandingZoneSuppressedFinding {
  /** The finding. */
  readonly finding: LandingZoneFinding;
  /** The reason given with the suppression. */
  readonly reason: string;
}

/** A rule of the landing-zone checks. */
export interface LandingZoneRule {
  /** The rule's id, e.g. `LZ-GH1`. */
  readonly ruleId: string;
  /** What the rule finds. */
  readonly description: string;
  /** How to fix a finding. */
  readonly fix: string;
}

/**
 * The security rules of the landing zone, applied to the synthesized
 * templates of any CDK app: GitHub OIDC trusts, permissions boundaries,
 * cross-account trusts, Route 53 delegation roles, backup vaults and
 * Lambda-backed OIDC providers. Roles, vaults and providers written with
 * aws-cdk-lib alone, or by other libraries, are read the same way as this
 * library's.
 *
 * It is a CDK policy-validation plugin: give it to the app and every
 * `cdk synth` (and `cdk deploy`) checks every stack, stages, nested stacks
 * and the inline templates of StackSets included. A finding fails the
 * synthesis (exit code 1) and the report names the rule, the construct path,
 * what is wrong and how to fix it.
 *
 * Set a finding aside with `LandingZoneChecks.suppress(construct, ruleId, reason)`,
 * or with aws-cdk-lib's `Validations.of(construct).acknowledge({ id:
 * 'cdk-landing-zone-checks::LZ-BK1', reason })`; either needs a reason of at
 * least `MIN_SUPPRESSION_REASON_LENGTH` characters, and covers the construct's
 * resources and everything under it.
 *
 * @example
 * import { App, Validations } from 'aws-cdk-lib';
 * import { LandingZoneChecks } from 'cdk-landing-zone';
 *
 * const app = new App();
 * Validations.of(app).addPlugins(new LandingZoneChecks({ organizationAccounts: ['111111111111', '222222222222'] }));
 */
export class LandingZoneChecks implements IPolicyValidationPlugin {
  /**
   * The prefix of this pack's rules in `Validations.of(scope).acknowledge()`:
   * acknowledge `cdk-landing-zone-checks::LZ-BK1` to set LZ-BK1 aside.
   */
  public static readonly ACKNOWLEDGMENT_PREFIX: string = PLUGIN_NAME;

  /** The shortest reason a suppression accepts, in characters (white space at either end not counted). */
  public static readonly MIN_SUPPRESSION_REASON_LENGTH: number = MIN_REASON_LENGTH;

  /** The rules of the pack, in report order. */
  public static rules(): LandingZoneRule[] {
    return RULES.map((r) => ({ ruleId: r.id, description: r.title, fix: r.fix }));
  }

  /**
   * Sets a rule aside for a construct and every resource under it (an L2
   * construct's `Resource` and default policy, or a whole stack), for the
   * given reason. The suppression is written into the resources' template
   * metadata, where the checks read it, and is reported with its reason.
   *
   * @param scope the construct whose resources the suppression covers
   * @param ruleId the rule, e.g. `LZ-BK1`
   * @param reason why the finding is acceptable: at least `MIN_SUPPRESSION_REASON_LENGTH` characters
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    if (!RULES.some((r) => r.id === ruleId)) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope,
        input: 'ruleId',
        received: ruleId,
        expected: `one of ${RULES.map((r) => r.id).join(', ')}`,
      });
    }
    if (Token.isUnresolved(reason) || !isValidReason(reason)) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope,
        input: `reason (suppression of ${ruleId})`,
        received: reason,
        expected: `a literal sentence of at least ${MIN_REASON_LENGTH} characters saying why the finding is acceptable`,
        reason: 'A suppression without a reason cannot be reviewed; it is a finding nobody can tell apart from a mistake.',
      });
    }
    Aspects.of(scope).add(new SuppressionAspect({ id: ruleId, reason: reason.trim() }), { priority: AspectPriority.MUTATING });
  }

  /** Renders findings as plain text, one paragraph each. */
  public static formatFindings(findings: LandingZoneFinding[]): string {
    return findings.map((f) => `[${f.ruleId}] ${f.problem}\n    Fix: ${f.fix}`).join('\n\n');
  }

  /** The plugin's name in the validation report, and the prefix of its rules in acknowledgments. */
  public readonly name: string = PLUGIN_NAME;
  /** The version of cdk-landing-zone that runs the checks. */
  public readonly version?: string;
  /** The ids of the rules the pack evaluates. */
  public readonly ruleIds?: string[];
  private readonly options: RuleOptions;

  constructor(props: LandingZoneChecksProps = {}) {
    this.options = {
      requirePermissionsBoundary: props.requirePermissionsBoundary,
      organizationAccounts: validateAccounts(props.organizationAccounts),
      externalIdRoles: validatePatterns('externalIdRoles', props.externalIdRoles),
      privilegedRoles: validatePatterns('privilegedRoles', props.privilegedRoles),
      privilegedAwsManagedPolicies: validatePolicyNames(props.privilegedAwsManagedPolicies),
      privilegedActions: validateActions(props.privilegedActions),
    };
    this.version = packageVersion();
    this.ruleIds = RULES.map((r) => r.id);
  }

  /**
   * Checks the templates of a synthesis: called by the CDK for an app whose
   * plugins include it (`Validations.of(app).addPlugins(checks)`).
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const { findings, suppressed } = this.run(context.templatePaths);
    const violations: PolicyViolation[] = findings.map((f) => ({
      ruleName: f.ruleId,
      description: f.problem,
      fix: f.fix,
      severity: 'error',
      violatingResources: [{ resourceLogicalId: f.logicalId, templatePath: f.templatePath, locations: [f.location] }],
      ruleMetadata: { constructPath: f.constructPath },
    }));
    return {
      success: violations.length === 0,
      violations,
      pluginVersion: this.version,
      metadata:
        suppressed.length > 0
          ? { suppressed: suppressed.map((s) => `${s.finding.ruleId} ${s.finding.constructPath}: ${s.reason}`).join('; ') }
          : undefined,
    };
  }

  /** Checks template files (`*.template.json`), with the cloud assembly around them where there is one; suppressed findings are left out. */
  public checkTemplates(templatePaths: string[]): LandingZoneFinding[] {
    return this.run(templatePaths).findings;
  }

  /** Checks every stack of a cloud assembly (e.g. `app.synth()`), stages included; suppressed findings are left out. */
  public checkAssembly(assembly: cx_api.CloudAssembly): LandingZoneFinding[] {
    return this.checkTemplates(assembly.stacksRecursively.map((s) => s.templateFullPath));
  }

  /** The findings of a cloud assembly that suppressions set aside, with their reasons. */
  public suppressedFindings(assembly: cx_api.CloudAssembly): LandingZoneSuppressedFinding[] {
    return this.run(assembly.stacksRecursively.map((s) => s.templateFullPath)).suppressed;
  }

  private run(templatePaths: string[]): { findings: LandingZoneFinding[]; suppressed: LandingZoneSuppressedFinding[] } {
    const findings: LandingZoneFinding[] = [];
    const suppressed: LandingZoneSuppressedFinding[] = [];
    for (const template of readTemplates(templatePaths)) {
      for (const rule of RULES) {
        for (const raw of rule.check(template, this.options)) {
          const suppression = suppressionOf(template.metadataOf(raw.logicalId), raw.ruleId);
          const acknowledged = template.acknowledgmentsOf(raw.logicalId)[`${PLUGIN_NAME}::${raw.ruleId}`];
          const acknowledgedReason = isValidReason(acknowledged) ? acknowledged.trim() : undefined;
          const finding = toFinding(raw, rule.fix, suppression.invalid || (acknowledged !== undefined && acknowledgedReason === undefined));
          const reason = suppression.reason ?? acknowledgedReason;
          if (reason !== undefined) {
            suppressed.push({ finding, reason });
          } else {
            findings.push(finding);
          }
        }
      }
    }
    return { findings, suppressed };
  }
}

function toFinding(raw: RawFinding, fix: string, ignoredSuppression: boolean): LandingZoneFinding {
  const constructPath = raw.template.pathOf(raw.logicalId);
  const reported = raw.template.reportAs(raw.logicalId);
  const note = ignoredSuppression
    ? ` (A suppression or acknowledgment of ${raw.ruleId} without a reason of at least ${MIN_REASON_LENGTH} characters was ignored.)`
    : '';
  return {
    ruleId: raw.ruleId,
    constructPath,
    problem: `${constructPath} ${raw.problem}${note}`,
    fix,
    stackName: raw.template.stackName,
    logicalId: reported.logicalId,
    templatePath: reported.templatePath,
    location: raw.location,
  };
}

/** Writes a suppression into the metadata of every CloudFormation resource it visits. */
class SuppressionAspect implements IAspect {
  constructor(private readonly entry: SuppressionEntry) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) {
      return;
    }
    const current = node.getMetadata(SUPPRESSIONS_METADATA_KEY);
    const entries: SuppressionEntry[] = Array.isArray(current?.suppressions) ? current.suppressions : [];
    if (!entries.some((e) => e.id === this.entry.id && e.reason === this.entry.reason)) {
      node.addMetadata(SUPPRESSIONS_METADATA_KEY, { ...(current ?? {}), suppressions: [...entries, this.entry] });
    }
  }
}

function validateAccounts(accounts: string[] | undefined): string[] | undefined {
  if (accounts === undefined) {
    return undefined;
  }
  const bad = accounts.find((a) => typeof a !== 'string' || !ACCOUNT.test(a));
  if (bad !== undefined || accounts.length === 0) {
    throw new LandingZoneInputError({
      construct: CONSTRUCT,
      input: 'organizationAccounts',
      received: bad ?? accounts,
      expected: 'at least one literal 12-digit account id (omit the prop to take every account for one of the organization\'s)',
    });
  }
  return [...accounts];
}

function validatePatterns(input: string, patterns: string[] | undefined): string[] {
  const bad = (patterns ?? []).find((p) => typeof p !== 'string' || p.trim() === '' || Token.isUnresolved(p) || /^[*?/]*$/.test(p));
  if (bad !== undefined) {
    throw new LandingZoneInputError({
      construct: CONSTRUCT,
      input,
      received: bad,
      expected: 'role patterns with a literal part, e.g. "/vendor/*" or "Monitoring/Datadog/*"',
      reason: 'A pattern of wildcards alone would match every role.',
    });
  }
  return [...(patterns ?? [])];
}

function validatePolicyNames(names: string[] | undefined): string[] {
  return validateNames('privilegedAwsManagedPolicies', names, DEFAULT_PRIVILEGED_AWS_MANAGED_POLICIES, POLICY_NAME, 'AWS managed policy names such as "AdministratorAccess" (not ARNs)');
}

function validateActions(actions: string[] | undefined): string[] {
  return validateNames('privilegedActions', actions, DEFAULT_PRIVILEGED_ACTIONS, ACTION, 'IAM actions such as "iam:PassRole" or "*"');
}

/** The defaults when no list is given; otherwise a copy of the list, each value a string matching `pattern`. */
function validateNames(input: string, values: string[] | undefined, defaults: string[], pattern: RegExp, expected: string): string[] {
  if (values === undefined) {
    return defaults;
  }
  const bad = values.find((v) => typeof v !== 'string' || !pattern.test(v));
  if (bad !== undefined) {
    throw new LandingZoneInputError({ construct: CONSTRUCT, input, received: bad, expected });
  }
  return [...values];
}

function packageVersion(): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
