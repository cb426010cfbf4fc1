import { Token, aws_iam as iam } from 'aws-cdk-lib';
import { CircleCiProject } from './project';
import { ICircleCiOidcProvider } from './provider';
import { LandingZoneInputError, requireAcceptedEach, requireProps } from '../private/errors';

/** Properties of a CircleCI principal. */
export interface CircleCiPrincipalProps {
  /** The projects trusted, all of the provider's organization. At least one. */
  readonly projects: CircleCiProject[];
}

/**
 * CircleCI jobs of the given projects, identified by the organization's
 * provider: the principal of a role's trust policy.
 *
 * The trust it writes is one statement allowing only
 * `sts:AssumeRoleWithWebIdentity`, with `StringEquals` on `aud` (the
 * organization id) and `StringLike` on `sub` (each project's patterns, see
 * `CircleCiProject`): the organization and project always literal.
 */
export class CircleCiPrincipal extends iam.PrincipalBase {
  public readonly assumeRoleAction = 'sts:AssumeRoleWithWebIdentity';
  /** The provider whose tokens are trusted. */
  public readonly provider: ICircleCiOidcProvider;
  /** The projects trusted. */
  public readonly projects: CircleCiProject[];
  /** The `sub` patterns, matched with StringLike, sorted and without repeats. */
  public readonly subjectPatterns: string[];

  constructor(provider: ICircleCiOidcProvider, props: CircleCiPrincipalProps) {
    super();
    requireProps('CircleCiPrincipal', undefined, { provider, props }, { provider: 'object', props: 'object' });
    requireAcceptedEach('CircleCiPrincipal', undefined, 'projects', props.projects);
    if (Token.isUnresolved(provider.organizationId) || Token.isUnresolved(provider.conditionKeyPrefix)) {
      throw new LandingZoneInputError({
        construct: 'CircleCiPrincipal',
        input: 'provider organizationId',
        received: provider.organizationId,
        expected: 'an organization id known at synthesis (the condition keys are named after it)',
      });
    }
    if (!Array.isArray(props.projects) || props.projects.length === 0) {
      throw new LandingZoneInputError({
        construct: 'CircleCiPrincipal',
        input: 'projects',
        received: props.projects,
        expected: 'at least one CircleCiProject',
        reason: 'A trust without a sub condition admits every job of the organization.',
      });
    }
    const foreign = props.projects.find((p) => p.organizationId !== provider.organizationId);
    if (foreign) {
      throw new LandingZoneInputError({
        construct: 'CircleCiPrincipal',
        input: 'projects',
        received: foreign.toString(),
        expected: `projects of the provider's organization ${provider.organizationId}`,
        reason: 'Each CircleCI organization has an issuer of its own; another organization\'s tokens never come through this provider.',
      });
    }
    this.provider = provider;
    this.projects = [...props.projects];
    this.subjectPatterns = [...new Set(props.projects.flatMap((p) => p.subjectPatterns))].sort();
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
    return new iam.PrincipalPolicyFragment({ Federated: [this.provider.oidcProviderArn] }, this.conditions());
  }

  public addToAssumeRolePolicy(document: iam.PolicyDocument): void {
    document.addStatements(
      new iam.PolicyStatement({
        sid: 'CircleCiProjects',
        effect: iam.Effect.ALLOW,
        actions: [this.assumeRoleAction],
        principals: [new iam.FederatedPrincipal(this.provider.oidcProviderArn, {}, this.assumeRoleAction)],
        conditions: this.conditions(),
      }),
    );
  }

  public dedupeString(): string | undefined {
    return `CircleCiPrincipal:${this.provider.oidcProviderArn}:${JSON.stringify(this.subjectPatterns)}`;
  }

  public toString(): string {
    return `CircleCiPrincipal(${this.provider.conditionKeyPrefix}: ${this.subjectPatterns.join(', ')})`;
  }

  private conditions(): Record<string, unknown> {
    const sub = this.subjectPatterns.length === 1 ? this.subjectPatterns[0] : this.subjectPatterns;
    return {
      StringEquals: { [this.audienceConditionKey]: this.provider.organizationId },
      StringLike: { [this.subjectConditionKey]: sub },
    };
  }
}
