import { Token, aws_iam as iam } from 'aws-cdk-lib';
import { IGithubOidcProvider } from './provider';
import { GithubSubject } from './subject';
import { LandingZoneInputError } from '../private/errors';
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
 * their own); it allows only `sts:AssumeRoleWithWebIdentity`. Duplicate
 * subjects, and exact subjects a pattern already matches, are dropped.
 */
export class GithubActionsPrincipal extends iam.PrincipalBase {
  public readonly assumeRoleAction = 'sts:AssumeRoleWithWebIdentity';
  /** The provider whose tokens are trusted. */
  public readonly provider: IGithubOidcProvider;
  /** The trusted subjects after deduplication, exact ones first. */
  public readonly subjects: GithubSubject[];
  /** The audiences checked. */
  public readonly audiences: string[];
  /** The exact `sub` values, matched with StringEquals. */
  public readonly exactSubjects: string[];
  /** The `sub` patterns, matched with StringLike. */
  public readonly subjectPatterns: string[];

  constructor(provider: IGithubOidcProvider, props: GithubActionsPrincipalProps) {
    super();
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
      const immutable = props.subjects.find((s) => s.pinsImmutableIds && s.repository?.immutable);
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

    const patterns = unique(props.subjects.filter((s) => s.isPattern));
    const exact = unique(props.subjects.filter((s) => !s.isPattern)).filter((s) => !patterns.some((p) => iamStringLike(p.value, s.value)));
    this.subjects = [...exact, ...patterns];
    this.exactSubjects = exact.map((s) => s.value);
    this.subjectPatterns = patterns.map((s) => s.value);
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
    if (this.exactSubjects.length > 0 && this.subjectPatterns.length > 0) {
      throw new LandingZoneInputError({
        construct: 'GithubActionsPrincipal',
        input: 'subjects',
        received: this.subjects.map((s) => s.value),
        expected: 'only exact subjects or only patterns where the principal is used outside a role\'s trust policy',
        reason: 'Exact subjects and patterns need two statements (StringEquals and StringLike); only a role\'s trust policy can hold both.',
      });
    }
    const patterns = this.subjectPatterns.length > 0;
    return new iam.PrincipalPolicyFragment(
      { Federated: [this.provider.oidcProviderArn] },
      this.conditionsFor(patterns ? 'StringLike' : 'StringEquals', patterns ? this.subjectPatterns : this.exactSubjects),
    );
  }

  public addToAssumeRolePolicy(document: iam.PolicyDocument): void {
    const groups: Array<[string, string, string[]]> = [
      ['GithubActionsExactSubjects', 'StringEquals', this.exactSubjects],
      ['GithubActionsSubjectPatterns', 'StringLike', this.subjectPatterns],
    ];
    for (const [sid, operator, subjects] of groups) {
      if (subjects.length === 0) {
        continue;
      }
      document.addStatements(
        new iam.PolicyStatement({
          sid,
          effect: iam.Effect.ALLOW,
          actions: [this.assumeRoleAction],
          principals: [new iam.FederatedPrincipal(this.provider.oidcProviderArn, {}, this.assumeRoleAction)],
          conditions: this.conditionsFor(operator, subjects),
        }),
      );
    }
  }

  public dedupeString(): string | undefined {
    return `GithubActionsPrincipal:${this.provider.oidcProviderArn}:${JSON.stringify([this.audiences, this.exactSubjects, this.subjectPatterns])}`;
  }

  public toString(): string {
    return `GithubActionsPrincipal(${this.provider.conditionKeyPrefix}: ${this.subjects.map((s) => s.value).join(', ')})`;
  }

  private conditionsFor(operator: string, subjects: string[]): Record<string, unknown> {
    const audience = this.audiences.length === 1 ? this.audiences[0] : this.audiences;
    const sub = subjects.length === 1 ? subjects[0] : subjects;
    if (operator === 'StringEquals') {
      return { StringEquals: { [this.audienceConditionKey]: audience, [this.subjectConditionKey]: sub } };
    }
    return { StringEquals: { [this.audienceConditionKey]: audience }, StringLike: { [this.subjectConditionKey]: sub } };
  }
}

function unique(subjects: GithubSubject[]): GithubSubject[] {
  const byValue = new Map<string, GithubSubject>();
  for (const subject of subjects) {
    byValue.set(subject.value, subject);
  }
  return [...byValue.keys()].sort().map((value) => byValue.get(value)!);
}
