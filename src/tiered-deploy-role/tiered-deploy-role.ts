import { Annotations, Duration, Stack, Tags, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { tierRoleName } from './names';
import { CircleCiPrincipal, CircleCiProject, ICircleCiOidcProvider } from '../circleci-oidc';
import { GithubActionsRole, GithubSubject, IGithubOidcProvider } from '../github-oidc';
import { OTHER_CI_TRUST, OtherCiTrust } from '../github-oidc/other-ci';
import { auditConstruct, CONSTRUCT_OPTIONS, GITHUB_TRUST_TYPES } from '../landing-zone-checks/engine/construct-audit';
import { RULES, tierClashes, tierTrusts } from '../landing-zone-checks/engine/rules';
import { renderStackTemplate } from '../landing-zone-checks/engine/templates';
import { PermissionBoundary } from '../permission-boundary';
import { AppRegistry } from '../private/app-registry';
import { CDK_DEPLOY_SIDE_ROLE_KINDS, CDK_QUALIFIER, cdkBootstrapRoleName, registerQualifierUse } from '../private/cdk-qualifiers';
import { futurePath, LandingZoneInputError, refuseAt, requireAcceptedEach, requireProps, validateMatch } from '../private/errors';
import { iamStringLike } from '../private/iam-match';
import { TIER_TAG } from '../private/landing-zone';
import type { TierBootstrap } from '../tier-bootstrap/tier-bootstrap';

/**
 * The privilege tiers of the landing zone, highest first. A lower tier can
 * never reach a higher tier's powers.
 */
export enum DeployTier {
  /**
   * Tier 1, highest: organisation admins bootstrap accounts. Only subjects of
   * a protected GitHub environment (manual approval).
   */
  BOOTSTRAP = 'BOOTSTRAP',
  /** Tier 2: platform and security deploy users, roles, boundaries, SSO permission sets. Exact subjects only. */
  BASE = 'BASE',
  /** Tier 3: architects deploy shared infrastructure: event buses, DNS, networks, data stores. Exact subjects only. */
  INFRASTRUCTURE = 'INFRASTRUCTURE',
  /** Tier 4, lowest: engineering teams deploy their services. Ref patterns allowed. */
  SERVICES = 'SERVICES',
}

const TIER_NUMBER: Record<DeployTier, number> = {
  [DeployTier.BOOTSTRAP]: 1,
  [DeployTier.BASE]: 2,
  [DeployTier.INFRASTRUCTURE]: 3,
  [DeployTier.SERVICES]: 4,
};

const DEFAULT_QUALIFIER = 'hnb659fds';
const DEFAULT_MAX_MANAGED_POLICIES = 10;
const HIGHEST_MANAGED_POLICIES_QUOTA = 20;

/** The CircleCI jobs that deploy a tier, instead of GitHub Actions workflows. */
export interface CircleCiDeployTrust {
  /** The account's OIDC provider of the CircleCI organization. */
  readonly provider: ICircleCiOidcProvider;
  /**
   * The projects trusted, of the provider's organization. Bootstrap, Base
   * and Infrastructure accept only projects narrowed to exact branches;
   * Services may trust a whole project.
   */
  readonly projects: CircleCiProject[];
}

/** Properties of a tiered deploy role. */
export interface TieredDeployRoleProps {
  /** The privilege tier. */
  readonly tier: DeployTier;
  /**
   * The account's GitHub OIDC provider. Give it with `subjects`, or give
   * `circleCi` instead.
   *
   * @default - none: `circleCi` must be given
   */
  readonly provider?: IGithubOidcProvider;
  /**
   * The GitHub workflows that deploy this tier. Bootstrap accepts only
   * environment subjects; Base and Infrastructure only exact subjects;
   * no tier accepts pull requests. Give them with `provider`, or give
   * `circleCi` instead.
   *
   * @default - none: `circleCi` must be given
   */
  readonly subjects?: GithubSubject[];
  /**
   * CircleCI jobs deploy this tier instead of GitHub Actions workflows.
   * Exactly one of `provider` with `subjects`, or `circleCi`, is given.
   *
   * @default - none: GitHub Actions (`provider` and `subjects`)
   */
  readonly circleCi?: CircleCiDeployTrust;
  /** The permissions boundary every tier role carries. */
  readonly boundary: PermissionBoundary;
  /**
   * The CDK bootstrap qualifier of the target environment whose roles this
   * tier assumes. Prefer `bootstrap`: the stock bootstrap roles trust the
   * whole account and carry no boundary.
   *
   * @default - the bootstrap's qualifier if `bootstrap` is given, else 'hnb659fds', CDK's default qualifier
   * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-customizing.html
   */
  readonly cdkQualifier?: string;
  /**
   * The tier's own bootstrap in this account: the role then assumes only
   * its deploy, file-publishing, image-publishing and lookup roles, by their
   * path-qualified ARNs, and `cdkQualifier` is the bootstrap's.
   *
   * @default - the stock bootstrap roles of `cdkQualifier`, at path `/`
   */
  readonly bootstrap?: TierBootstrap;
  /**
   * A name for the role.
   *
   * @default - `TieredDeployRole.defaultRoleName(tier)`: `landing-zone-<tier>-deploy`, e.g. `landing-zone-services-deploy`
   */
  readonly roleName?: string;
  /**
   * The role's path. Keep it among the boundary's protected role paths, so
   * that no other principal under the boundary can change or assume it.
   *
   * @default PermissionBoundary.DEFAULT_PROTECTED_ROLE_PATH ('/landing-zone/')
   */
  readonly path?: string;
  /**
   * The longest session, 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
  /**
   * Extra permissions, added explicitly on top of the tier's defaults. The
   * boundary still caps them.
   *
   * @default - the tier's defaults only
   */
  readonly additionalStatements?: iam.PolicyStatement[];
  /**
   * Managed policies to attach, on top of the tier's defaults.
   *
   * @default - none
   */
  readonly managedPolicies?: iam.IManagedPolicy[];
  /**
   * The account's quota of managed policies per role (IAM default 10, at most 20).
   *
   * @default 10
   */
  readonly maxManagedPolicies?: number;
  /**
   * The account's trust policy size quota, 2,048 to 4,096 characters.
   *
   * @default 2048
   */
  readonly maxTrustPolicySize?: number;
}

/**
 * A deploy role for one privilege tier, assumed by GitHub Actions (or, with
 * `circleCi`, by CircleCI) through OIDC, always bounded by the landing
 * zone's permissions boundary.
 *
 * Default permissions: every tier may assume the target environment's CDK
 * bootstrap roles (deploy, file-publishing, image-publishing, lookup) of its
 * qualifier, named one by one; what a deployment can create is decided by
 * that qualifier's CloudFormation execution policies. Bootstrap additionally
 * holds `AdministratorAccess`, capped by the boundary, because bootstrapping
 * runs CloudFormation with the caller's own credentials.
 *
 * Rules enforced at synthesis: Bootstrap trusts only environment subjects;
 * Base and Infrastructure only exact subjects; no tier trusts pull requests;
 * one subject (or a pattern overlapping it) is trusted by only one tier in an app.
 * With `circleCi`: Bootstrap, Base and Infrastructure trust only projects
 * narrowed to exact branches, and one project branch (or a whole project
 * overlapping it) is trusted by only one tier in an app; `principal` and
 * `provider` (GitHub's) are then undefined, and `circleCiPrincipal` holds
 * the trust.
 */
export class TieredDeployRole extends GithubActionsRole {
  /**
   * The name a tier's role gets when `roleName` is not given: `landing-zone-<tier>-deploy`, e.g. `landing-zone-services-deploy`.
   *
   * Other stacks can name the role with it, for instance in the boundary's
   * `exemptPrincipalArns`, without writing the convention again.
   */
  public static defaultRoleName(tier: DeployTier): string {
    return tierRoleName(tier);
  }

  /** The tier. */
  public readonly tier: DeployTier;
  /** The boundary the role carries. */
  public readonly boundary: PermissionBoundary;
  /**
   * The CircleCI trust, when CircleCI deploys the tier.
   *
   * @default - undefined: GitHub Actions deploys the tier (`principal`)
   */
  public readonly circleCiPrincipal?: CircleCiPrincipal;

  constructor(scope: Construct, id: string, props: TieredDeployRoleProps) {
    const location = futurePath(scope, id);
    const circleCi = (props as TieredDeployRoleProps | undefined)?.circleCi;
    const github = props?.provider !== undefined || props?.subjects !== undefined;
    if (circleCi !== undefined && github) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: location,
        input: 'circleCi',
        received: `circleCi together with ${[props.provider !== undefined ? 'provider' : '', props.subjects !== undefined ? 'subjects' : ''].filter(Boolean).join(' and ')}`,
        expected: 'either provider and subjects (GitHub Actions) or circleCi (CircleCI), not both',
        reason: 'A tier role has one CI system, so that one trust decides who deploys the tier.',
      });
    }
    if (circleCi === undefined && !github && typeof props === 'object' && props !== null && props.tier !== undefined && props.boundary !== undefined) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: location,
        input: 'provider',
        received: undefined,
        expected: 'an object (the prop is required) with subjects, for GitHub Actions; or circleCi, for CircleCI',
      });
    }
    const circle = circleCi === undefined ? undefined : circleCiTrustOf(location, props.tier, circleCi);
    requireProps('TieredDeployRole', location, props, {
      tier: Object.values(DeployTier),
      ...(circle ? {} : { provider: 'object', subjects: 'list' }),
      boundary: 'object',
    });
    if (!circle) {
      requireAcceptedEach('TieredDeployRole', location, 'subjects', props.subjects);
      validateTierSubjects(location, props.tier, props.subjects!);
    }
    validateBootstrap(location, Stack.of(scope).account, props);
    const qualifier = props.bootstrap?.qualifier ?? props.cdkQualifier ?? DEFAULT_QUALIFIER;
    validateMatch(CDK_QUALIFIER, qualifier, {
      construct: 'TieredDeployRole',
      scope: location,
      input: 'cdkQualifier',
      expected: 'a CDK bootstrap qualifier: 1 to 10 letters, digits, "_" or "-"',
    });
    const managedPolicies = [
      ...(props.tier === DeployTier.BOOTSTRAP ? [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] : []),
      ...(props.managedPolicies ?? []),
    ];
    const maxManagedPolicies = props.maxManagedPolicies ?? DEFAULT_MAX_MANAGED_POLICIES;
    if (!Number.isInteger(maxManagedPolicies) || maxManagedPolicies < 1 || maxManagedPolicies > HIGHEST_MANAGED_POLICIES_QUOTA) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: location,
        input: 'maxManagedPolicies',
        received: maxManagedPolicies,
        expected: `a whole number from 1 to ${HIGHEST_MANAGED_POLICIES_QUOTA} (IAM's default quota is ${DEFAULT_MAX_MANAGED_POLICIES})`,
      });
    }
    if (managedPolicies.length > maxManagedPolicies) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: location,
        input: 'managedPolicies',
        received: `${managedPolicies.length} managed policies`,
        expected: `at most ${maxManagedPolicies} (the account's managed-policies-per-role quota${props.tier === DeployTier.BOOTSTRAP ? ', AdministratorAccess included' : ''})`,
      });
    }

    const otherCi: OtherCiTrust | undefined = circle && {
      principal: circle,
      audit: (role) =>
        auditConstruct({
          construct: 'TieredDeployRole',
          scope: role,
          ruleIds: ['LZ-CCI1'],
          options: {
            circleCiProviders: [
              { reference: Stack.of(role).resolve(circle.provider.oidcProviderArn), conditionKeyPrefix: circle.provider.conditionKeyPrefix },
            ],
          },
        }),
    };
    super(scope, id, {
      provider: props.provider!,
      subjects: props.subjects!,
      ...(otherCi ? { [OTHER_CI_TRUST]: otherCi } : {}),
      roleName: props.roleName ?? TieredDeployRole.defaultRoleName(props.tier),
      path: props.path ?? PermissionBoundary.DEFAULT_PROTECTED_ROLE_PATH,
      description: `Landing zone tier ${TIER_NUMBER[props.tier]} (${props.tier.toLowerCase()}) deploy role, assumed by ${circle ? 'CircleCI' : 'GitHub Actions'}`,
      maxSessionDuration: props.maxSessionDuration,
      managedPolicies,
      permissionsBoundary: props.boundary._appliedPolicy(),
      maxTrustPolicySize: props.maxTrustPolicySize,
    });
    this.tier = props.tier;
    this.boundary = props.boundary;
    // The tier, readable from the template (the access map reports it).
    Tags.of(this).add(TIER_TAG, props.tier);
    this.circleCiPrincipal = circle;
    if (circle) {
      registerTierProjects(this, props.tier, circle.subjectPatterns);
    } else {
      registerTierSubjects(this, props.tier, this.principal.subjects);
      // GithubActionsRole audits the tier rules within this stack; here, against the tier roles of the account's other stacks.
      this.node.addValidation({ validate: () => auditTiersOfAccount(this) });
    }

    const stack = Stack.of(this);
    registerQualifierUse(this, { construct: 'TieredDeployRole', tier: props.tier, account: stack.account, qualifier, exclusive: props.bootstrap !== undefined });
    this.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources:
          props.bootstrap?.deploySideRoleArns ??
          CDK_DEPLOY_SIDE_ROLE_KINDS.map((kind) =>
            stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: cdkBootstrapRoleName(qualifier, kind, stack.account, stack.region) }),
          ),
      }),
    );
    if (!props.bootstrap) {
      Annotations.of(this).addInfo(
        `TieredDeployRole: the role assumes the stock CDK bootstrap roles of qualifier ${qualifier}, which trust the whole account and carry no boundary; ` +
          'bind it to a TierBootstrap (prop bootstrap) so that only this tier reaches bounded bootstrap roles of its own.',
      );
    }
    for (const statement of props.additionalStatements ?? []) {
      this.addToPolicy(statement);
    }
    if (props.tier === DeployTier.BOOTSTRAP) {
      Annotations.of(this).addInfo(
        'TieredDeployRole: the Bootstrap tier holds AdministratorAccess capped by the permissions boundary. ' +
          'The stock CDK bootstrap template gives the boundary only to its CloudFormation execution role; bootstrap each tier with a TierBootstrap, whose roles all carry it.',
      );
    }
  }
}

/**
 * LZ-GH4 across stacks: the subjects this role trusts as synthesized,
 * against those the tier roles of the other stacks of its account in the app
 * trust as synthesized (docs/security-model.md#checks).
 */
function auditTiersOfAccount(role: TieredDeployRole): string[] {
  const own = Stack.of(role);
  if (Token.isUnresolved(own.account)) {
    return [];
  }
  const others = role.node.root.node
    .findAll()
    .filter((c): c is Stack => Stack.isStack(c) && c !== own && c.account === own.account)
    .flatMap((stack) => tierTrusts(renderStackTemplate(stack, new Set(GITHUB_TRUST_TYPES)), CONSTRUCT_OPTIONS));
  if (others.length === 0) {
    return [];
  }
  const fix = RULES.find((r) => r.id === 'LZ-GH4')!.fix;
  return auditConstruct({
    construct: 'TieredDeployRole',
    scope: role,
    ruleIds: [],
    reads: GITHUB_TRUST_TYPES,
    extra: (template, ids) =>
      tierClashes(
        tierTrusts(template, CONSTRUCT_OPTIONS).filter((t) => ids.has(t.logicalId)),
        others,
      ).map((f) => ({ ruleId: f.ruleId, logicalId: f.logicalId, problem: f.problem, expected: fix })),
  });
}

function validateTierSubjects(location: string, tier: DeployTier, subjects: GithubSubject[]): void {
  for (const subject of subjects ?? []) {
    let expected: string | undefined;
    if (subject.admitsPullRequests) {
      expected = 'a subject no pull request workflow can obtain (not pullRequest, anyContextOfRepository or a template without context)';
    } else if (tier !== DeployTier.SERVICES && subject.isPattern) {
      expected = `an exact subject (an environment, or an exact branch or tag): tier ${TIER_NUMBER[tier]} never trusts patterns`;
    } else if (tier !== DeployTier.SERVICES && !subject.anchorsRepository) {
      expected =
        `a subject that pins one repository by name or id (repo, repository or repository_id): tier ${TIER_NUMBER[tier]} never trusts ` +
        'every repository of an owner, or every caller of a reusable workflow';
    } else if (tier !== DeployTier.SERVICES && subject.pinnedEnvironment === undefined && subject.pinnedRef === undefined) {
      expected = `a subject with an exact environment, branch or tag (its context, or its environment or ref claim): tier ${TIER_NUMBER[tier]} never trusts every workflow of a repository`;
    } else if (tier === DeployTier.BOOTSTRAP && subject.pinnedEnvironment === undefined) {
      expected =
        'an environment subject (GithubSubject.environment, a reusable workflow called from an environment, or an exact environment claim): ' +
        'the Bootstrap tier deploys only after a manual approval in a protected GitHub environment';
    }
    if (expected) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: location,
        input: `subjects (tier ${tier})`,
        received: subject.value,
        expected,
      });
    }
  }
}

function validateBootstrap(location: string, account: string, props: TieredDeployRoleProps): void {
  const bootstrap = props.bootstrap;
  if (!bootstrap) {
    return;
  }
  const refuse = (input: string, received: unknown, expected: string) => {
    throw new LandingZoneInputError({ construct: 'TieredDeployRole', scope: location, input, received, expected });
  };
  if (bootstrap.tier !== props.tier) {
    refuse('bootstrap', `${bootstrap.node.path} (tier ${bootstrap.tier})`, `the TierBootstrap of tier ${props.tier}`);
  }
  const bootstrapAccount = Stack.of(bootstrap).account;
  if (!Token.isUnresolved(account) && !Token.isUnresolved(bootstrapAccount) && account !== bootstrapAccount) {
    refuse('bootstrap', `${bootstrap.node.path} in account ${bootstrapAccount}`, `a TierBootstrap of the role's own account ${account}`);
  }
  if (props.cdkQualifier !== undefined && props.cdkQualifier !== bootstrap.qualifier) {
    refuse('cdkQualifier', props.cdkQualifier, `nothing, or the bootstrap's qualifier ${JSON.stringify(bootstrap.qualifier)}`);
  }
  const roleName = props.roleName ?? tierRoleName(props.tier);
  if (!Token.isUnresolved(roleName) && !Token.isUnresolved(bootstrap.trustedRoleName) && roleName !== bootstrap.trustedRoleName) {
    refuse('roleName', roleName, `the name the bootstrap ${bootstrap.node.path} trusts, ${JSON.stringify(bootstrap.trustedRoleName)}`);
  }
  const path = props.path ?? PermissionBoundary.DEFAULT_PROTECTED_ROLE_PATH;
  if (!Token.isUnresolved(path) && !Token.isUnresolved(bootstrap.trustedRolePath) && path !== bootstrap.trustedRolePath) {
    refuse('path', path, `the path the bootstrap ${bootstrap.node.path} trusts, ${JSON.stringify(bootstrap.trustedRolePath)}`);
  }
}

/**
 * Whether two subjects, written differently (a sub, claim conditions), admit
 * the same workflows: the same repository id, and the same environment, or
 * the same ref where one of them pins no environment.
 */
function sameWorkflows(a: GithubSubject, b: GithubSubject): boolean {
  const id = a.repository?.repositoryId;
  if (id === undefined || id !== b.repository?.repositoryId) {
    return false;
  }
  if (a.pinnedEnvironment !== undefined && a.pinnedEnvironment === b.pinnedEnvironment) {
    return a.pinnedRef === undefined || b.pinnedRef === undefined || a.pinnedRef === b.pinnedRef;
  }
  return a.pinnedRef !== undefined && a.pinnedRef === b.pinnedRef && (a.pinnedEnvironment === undefined || b.pinnedEnvironment === undefined);
}

/** The subjects each tier trusts, per app: one subject belongs to one tier. */
const TRUSTED_SUBJECTS = new AppRegistry<{ tier: DeployTier; subject: GithubSubject; path: string }>();

function registerTierSubjects(role: TieredDeployRole, tier: DeployTier, subjects: GithubSubject[]): void {
  const trusted = TRUSTED_SUBJECTS.of(role);
  for (const subject of subjects) {
    const clash = trusted.find(
      (t) =>
        t.tier !== tier &&
        (t.subject.value === subject.value ||
          sameWorkflows(t.subject, subject) ||
          (t.subject.isPattern && iamStringLike(t.subject.value, subject.value)) ||
          (subject.isPattern && iamStringLike(subject.value, t.subject.value))),
    );
    if (clash) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: role,
        input: `subjects (tier ${tier})`,
        received: subject.value,
        expected: `a subject no other tier trusts; ${clash.path} (tier ${clash.tier}) already trusts ${JSON.stringify(clash.subject.value)}`,
        reason: 'A workflow that can assume two tiers holds the higher tier\'s powers.',
      });
    }
  }
  TRUSTED_SUBJECTS.add(role, ...subjects.map((subject) => ({ tier, subject, path: role.node.path })));
}

/**
 * The CircleCI principal of a tier: the trust's props checked (with the
 * role's path), and the tier's rule: Bootstrap, Base and Infrastructure trust
 * only projects narrowed to exact branches.
 */
function circleCiTrustOf(location: string, tier: DeployTier, trust: CircleCiDeployTrust): CircleCiPrincipal {
  if (typeof trust !== 'object' || trust === null || typeof trust.provider !== 'object' || trust.provider === null || !Array.isArray(trust.projects)) {
    throw new LandingZoneInputError({
      construct: 'TieredDeployRole',
      scope: location,
      input: 'circleCi',
      received: trust,
      expected: 'an object with provider (an ICircleCiOidcProvider) and projects (a list of CircleCiProject)',
    });
  }
  requireAcceptedEach('TieredDeployRole', location, 'circleCi.projects', trust.projects);
  const principal = refuseAt('TieredDeployRole', location, () => new CircleCiPrincipal(trust.provider, { projects: trust.projects }), {
    'projects': 'circleCi.projects',
    'provider organizationId': 'circleCi.provider',
  });
  if (tier !== DeployTier.SERVICES) {
    const wide = trust.projects.find((p) => !p.pinsBranches);
    if (wide) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: location,
        input: `circleCi.projects (tier ${tier})`,
        received: wide.toString(),
        expected: `a project narrowed to exact branches (CircleCiProject.of({ ..., vcsOrigin, branches })): tier ${TIER_NUMBER[tier]} never trusts every job of a project`,
      });
    }
  }
  return principal;
}

/** The CircleCI sub patterns each tier trusts, per app: one project branch belongs to one tier. */
const TRUSTED_PROJECTS = new AppRegistry<{ tier: DeployTier; pattern: string; path: string }>();

function registerTierProjects(role: TieredDeployRole, tier: DeployTier, patterns: string[]): void {
  const trusted = TRUSTED_PROJECTS.of(role);
  for (const pattern of patterns) {
    const overlaps = (t: { pattern: string }) => t.pattern === pattern || iamStringLike(t.pattern, pattern) || iamStringLike(pattern, t.pattern);
    const clash = trusted.find((t) => t.tier !== tier && overlaps(t));
    if (clash) {
      throw new LandingZoneInputError({
        construct: 'TieredDeployRole',
        scope: role,
        input: `circleCi.projects (tier ${tier})`,
        received: pattern,
        expected: `a project branch no other tier trusts; ${clash.path} (tier ${clash.tier}) already trusts ${JSON.stringify(clash.pattern)}`,
        reason: 'A job that can assume two tiers holds the higher tier\'s powers.',
      });
    }
  }
  TRUSTED_PROJECTS.add(role, ...patterns.map((pattern) => ({ tier, pattern, path: role.node.path })));
}
