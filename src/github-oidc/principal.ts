import { Token, aws_iam as iam } from 'aws-cdk-lib';
import { IGithubOidcProvider } from './provider';
import { GithubSubject } from './subject';
import { LandingZoneInputError, requireAcceptedEach, requireProps } from '../private/errors';
import { iamStringLike } from '../private/iam-match';

/** Properties of a GitHub Actions principal. */
export interface GithubActionsPrincipalProps {
  /** The subjects (workflows) trusted. At least one. */
  readonly subjects: GithubSubject[];
  /**
   * The audiences the token's `aud` must equal, a subset of the provider's.
   *
   * @default - the provider's audiences
   */
  readonly audiences?: string[];
}

/**
 * GitHub Actions workflows, identified by the provider's tokens and their
 * subjects: the principal of a role's trust policy.
 *
 * The trust it writes always checks `aud` with `StringEquals` and `sub` with
 * `StringEquals` (exact subjects) or `StringLike` (patterns, in a statement of
 * their own); GitHub's own claims (`repository_id`, `environment`, ...) are
 * exact values under `StringEquals`, each claim set in a statement of its own,
 * and stand in for `sub` only in a trust by claims alone, anchored by
 * `repository_id`. It allows only `sts:AssumeRoleWithWebIdentity`. Duplicate
 * subjects, and exact subjects a pattern (with no other claims) already
 * matches, are dropped.
 */
export class GithubActionsPrincipal extends iam.PrincipalBase {
  public readonly assumeRoleAction = 'sts:AssumeRoleWithWebIdentity';
  /** The provider whose tokens are trusted. */
  public readonly provider: IGithubOidcProvider;
  /** The trusted subjects after deduplication, exact ones first. */
  public readonly subjects: GithubSubject[];
  /** The audiences checked. */
  public readonly audiences: string[];
  /** The exact `sub` values, matched with StringEquals (with or without claim conditions). */
  public readonly exactSubjects: string[];
  /** The `sub` patterns, matched with StringLike. */
  public readonly subjectPatterns: string[];

  /** The trust statements' contents: one per operator and claim set, so that claims of different subjects never mix. */
  private readonly groups: StatementGroup[];

  constructor(provider: IGithubOidcProvider, props: GithubActionsPrincipalProps) {
    super();
    requireProps('GithubActionsPrincipal', undefined, { provider, props }, { provider: 'object', props: 'object' });
    requireAcceptedEach('GithubActionsPrincipal', undefined, 'subjects', props.subjects);
    this.provider = provider;
    if (Token.isUnresolved(provider.conditionKeyPrefix)) {
      throw new LandingZoneInputError({
        construct: 'GithubActionsPrincipal',
        input: 'provider issuer',
        received: provider.issuer.url,
        expected: 'an issuer known at synthesis (the condition keys are named after it)',
      });
    }
    if (!props.subjects || props.subjects.length === 0) {
      throw new LandingZoneInputError({
        construct: 'GithubActionsPrincipal',
        input: 'subjects',
        received: props.subjects,
        expected: 'at least one GithubSubject',
        reason: 'A trust without a sub condition admits every GitHub repository in the world.',
      });
    }
    if (!provider.issuer.supportsImmutableSubjects) {
      const immutable = props.subjects.find((s) => s.checksSub && s.repository?.immutable);
      if (immutable) {
        throw new LandingZoneInputError({
          construct: 'GithubActionsPrincipal',
          input: 'subjects',
          received: immutable.value,
          expected: `name-only repositories (GithubRepository.named): ${provider.issuer.displayName} does not issue immutable owner@id/repo@id subjects`,
        });
      }
    }
    this.audiences = props.audiences ?? provider.audiences;
    const unknown = Token.isUnresolved(this.audiences) || Token.isUnresolved(provider.audiences)
      ? []
      : this.audiences.filter((a) => !provider.audiences.includes(a));
    if (this.audiences.length === 0 || unknown.length > 0) {
      throw new LandingZoneInputError({
        construct: 'GithubActionsPrincipal',
        input: 'audiences',
        received: props.audiences,
        expected: `a non-empty subset of the provider's audiences ${JSON.stringify(provider.audiences)}`,
        reason: 'A token can only carry an audience the provider accepts; checking another one locks everybody out.',
      });
    }

    // A repository switching to immutable subjects is trusted in both forms, each pinned by id.
    const subjects = props.subjects.flatMap((s) => {
      const twin = s.repository?._nameBasedTwin(s);
      return twin ? [s, twin] : [s];
    });
    const patterns = unique(subjects.filter((s) => s.isPattern));
    const exact = unique(subjects.filter((s) => !s.isPattern)).filter((s) => !patterns.some((p) => covers(p, s)));
    this.subjects = [...exact, ...patterns];
    this.exactSubjects = exact.filter((s) => s.checksSub).map((s) => s.value);
    this.subjectPatterns = patterns.map((s) => s.value);
    this.groups = groupStatements(this.subjects);
  }

  /** The condition key of the token's `sub` claim. */
  public get subjectConditionKey(): string {
    return `${this.provider.conditionKeyPrefix}:sub`;
  }

  /** The condition key of the token's `aud` claim. */
  public get audienceConditionKey(): string {
    return `${this.provider.conditionKeyPrefix}:aud`;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    if (this.groups.length > 1) {
      throw new LandingZoneInputError({
        construct: 'GithubActionsPrincipal',
        input: 'subjects',
        received: this.subjects.map((s) => s.value),
        expected: 'subjects that fit one statement (only exact subjects or only patterns, with the same claim conditions) where the principal is used outside a role\'s trust policy',
        reason: 'Exact subjects, patterns and each set of claim conditions need statements of their own; only a role\'s trust policy can hold several.',
      });
    }
    return new iam.PrincipalPolicyFragment({ Federated: [this.provider.oidcProviderArn] }, this.conditionsFor(this.groups[0]));
  }

  public addToAssumeRolePolicy(document: iam.PolicyDocument): void {
    let claimStatements = 0;
    for (const group of this.groups) {
      const claims = Object.keys(group.claims).length > 0;
      const sid = claims
        ? `GithubActionsClaims${++claimStatements}`
        : group.operator === 'StringEquals' ? 'GithubActionsExactSubjects' : 'GithubActionsSubjectPatterns';
      document.addStatements(
        new iam.PolicyStatement({
          sid,
          effect: iam.Effect.ALLOW,
          actions: [this.assumeRoleAction],
          principals: [new iam.FederatedPrincipal(this.provider.oidcProviderArn, {}, this.assumeRoleAction)],
          conditions: this.conditionsFor(group),
        }),
      );
    }
  }

  public dedupeString(): string | undefined {
    return `GithubActionsPrincipal:${this.provider.oidcProviderArn}:${JSON.stringify([this.audiences, this.subjects.map((s) => s.identity)])}`;
  }

  public toString(): string {
    return `GithubActionsPrincipal(${this.provider.conditionKeyPrefix}: ${this.subjects.map((s) => s.value).join(', ')})`;
  }

  private conditionsFor(group: StatementGroup): Record<string, unknown> {
    const audience = this.audiences.length === 1 ? this.audiences[0] : this.audiences;
    const sub = group.subs.length === 1 ? group.subs[0] : group.subs;
    // Claims are single-valued and matched exactly: StringEquals, never a set operator or a pattern.
    const equals: Record<string, unknown> = { [this.audienceConditionKey]: audience };
    for (const [claim, value] of Object.entries(group.claims)) {
      equals[`${this.provider.conditionKeyPrefix}:${claim}`] = value;
    }
    if (group.subs.length === 0) {
      return { StringEquals: equals };
    }
    if (group.operator === 'StringEquals') {
      return { StringEquals: { ...equals, [this.subjectConditionKey]: sub } };
    }
    return { StringEquals: equals, StringLike: { [this.subjectConditionKey]: sub } };
  }
}

/** The contents of one trust statement: the sub values (an OR) under one operator, and the claims they all require (an AND). */
interface StatementGroup {
  readonly operator: 'StringEquals' | 'StringLike';
  readonly claims: Record<string, string>;
  readonly subs: string[];
}

function groupStatements(subjects: GithubSubject[]): StatementGroup[] {
  const groups = new Map<string, { operator: 'StringEquals' | 'StringLike'; claims: Record<string, string>; subs: string[] }>();
  for (const subject of subjects) {
    const operator = subject.isPattern ? 'StringLike' : 'StringEquals';
    const key = JSON.stringify([operator, subject.checksSub, Object.entries(subject.claimConditions).sort()]);
    const group = groups.get(key) ?? { operator, claims: subject.claimConditions, subs: [] };
    if (subject.checksSub) {
      group.subs.push(subject.value);
    }
    groups.set(key, group);
  }
  // Statements without claims first, exact before patterns; then claim statements in a stable order.
  return [...groups.entries()]
    .sort(([a, ga], [b, gb]) => {
      const rank = (g: StatementGroup) => (Object.keys(g.claims).length > 0 ? 2 : g.operator === 'StringEquals' ? 0 : 1);
      return rank(ga) - rank(gb) || (a < b ? -1 : a > b ? 1 : 0);
    })
    .map(([, g]) => g);
}

/** Whether pattern subject `p` admits every token exact subject `s` admits: its sub pattern matches, and its claims are a subset of s's. */
function covers(p: GithubSubject, s: GithubSubject): boolean {
  return (
    s.checksSub &&
    iamStringLike(p.value, s.value) &&
    Object.entries(p.claimConditions).every(([claim, value]) => s.claimConditions[claim] === value)
  );
}

function unique(subjects: GithubSubject[]): GithubSubject[] {
  const byIdentity = new Map<string, GithubSubject>();
  for (const subject of subjects) {
    byIdentity.set(subject.identity, subject);
  }
  return [...byIdentity.keys()].sort().map((key) => byIdentity.get(key)!);
}
