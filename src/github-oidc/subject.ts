import { Token } from 'aws-cdk-lib';
import { GITHUB_NUMERIC_ID, GITHUB_OWNER } from './github-names';
import { LandingZoneInputError, refuseLater, throwIfRefused, validateMatch } from '../private/errors';

// GitHub repository names: letters, digits, '.', '_', '-', at most 100 characters.
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
const SHA = /^[0-9a-f]{40}$/;

/**
 * Claims a workflow author controls: on their own they admit any repository
 * that can produce the same value, so a custom subject template needs at
 * least one claim that pins the repository, its owner or the reusable workflow.
 */
const ANCHOR_CLAIMS = ['repo', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id', 'job_workflow_ref'];

/** What a subject matches. */
export enum GithubSubjectKind {
  /** One branch: `ref:refs/heads/<branch>`. */
  BRANCH = 'BRANCH',
  /** One tag: `ref:refs/tags/<tag>`. */
  TAG = 'TAG',
  /** Jobs that reference one deployment environment: `environment:<name>`. */
  ENVIRONMENT = 'ENVIRONMENT',
  /** Workflows triggered by a pull request (not referencing an environment). */
  PULL_REQUEST = 'PULL_REQUEST',
  /** Branches or tags whose name matches a pattern. */
  REF_PATTERN = 'REF_PATTERN',
  /** Every workflow of a repository: any ref, any environment, pull requests included. */
  ANY_CONTEXT = 'ANY_CONTEXT',
  /** A reusable workflow called from a branch, tag or environment of a repository. */
  REUSABLE_WORKFLOW = 'REUSABLE_WORKFLOW',
  /** A custom `include_claim_keys` subject template. */
  CUSTOM = 'CUSTOM',
  /** GitHub's own claims (repository_id, environment, ref, job_workflow_ref) without a `sub` condition. */
  CLAIMS = 'CLAIMS',
}

/** Immutable identity of a GitHub repository: names and numeric ids. */
export interface GithubRepositoryIdentity {
  /** The owner (organization or user) name, e.g. `octo-org`. */
  readonly owner: string;
  /** The owner's numeric id (`repository_owner_id`), e.g. `123456`. */
  readonly ownerId: string;
  /** The repository name, e.g. `octo-repo`. */
  readonly name: string;
  /** The repository's numeric id (`repository_id`), e.g. `456789`. */
  readonly repositoryId: string;
}

/**
 * A GitHub repository as it appears in the `repo:` segment of a subject.
 *
 * Repositories created after 2026-07-15 (and older ones that opted in) carry
 * immutable owner and repository ids in their subject: `owner@ID/repo@ID`.
 * Pin those with `withIds`; a name-only subject also matches whoever holds the
 * name later, if the owner or repository is deleted and the name is recycled.
 */
export class GithubRepository {
  /**
   * A repository by name only: `owner/name`.
   *
   * Matches tokens of repositories that use the name-only subject format
   * (created before 2026-07-15 and not opted in to immutable subjects).
   */
  public static named(owner: string, name: string): GithubRepository {
    return refuseLater(
      [],
      () => {
        validateOwner(owner);
        validateRepositoryName(name);
        return new GithubRepository(owner, name, `${owner}/${name}`, false, Token.isUnresolved(owner) || Token.isUnresolved(name), undefined, undefined);
      },
      () => GithubRepository.refused(owner, name),
    );
  }

  /**
   * A repository that still emits name-based subjects (`owner/name`), pinned
   * by its immutable repository id through the `repository_id` claim: every
   * trust statement for it also requires `repository_id` to equal the id, so
   * a recycled or renamed name cannot assume the role.
   */
  public static namedWithIds(identity: GithubRepositoryIdentity): GithubRepository {
    return refuseLater(
      [],
      () => {
        validateIdentity(identity);
        return new GithubRepository(
          identity.owner,
          identity.name,
          `${identity.owner}/${identity.name}`,
          false,
          [identity.owner, identity.name].some((v) => Token.isUnresolved(v)),
          identity.repositoryId,
          identity.ownerId,
        );
      },
      () => GithubRepository.refused(identity?.owner, identity?.name),
    );
  }

  /**
   * A repository pinned by its immutable ids: `owner@ownerId/name@repositoryId`.
   * Not available on GitHub Enterprise Server.
   */
  public static withIds(identity: GithubRepositoryIdentity): GithubRepository {
    return refuseLater(
      [],
      () => {
        validateIdentity(identity);
        return new GithubRepository(
          identity.owner,
          identity.name,
          `${identity.owner}@${identity.ownerId}/${identity.name}@${identity.repositoryId}`,
          true,
          [identity.owner, identity.ownerId, identity.name, identity.repositoryId].some((v) => Token.isUnresolved(v)),
          identity.repositoryId,
          identity.ownerId,
        );
      },
      () => GithubRepository.refused(identity?.owner, identity?.name),
    );
  }

  /** A repository whose factory refused its parts: the construct that uses it refuses it, naming its path. */
  private static refused(owner: string | undefined, name: string | undefined): GithubRepository {
    return new GithubRepository(String(owner), String(name), '', false, false, undefined, undefined);
  }

  /** The owner name. */
  public readonly owner: string;
  /** The repository name. */
  public readonly name: string;
  /** Whether the subject pins immutable ids. */
  public readonly immutable: boolean;
  /** Whether a part is a deploy-time value (accepted in exact subjects only). */
  public readonly containsTokens: boolean;
  /**
   * The repository's numeric id, when known (`withIds`, `namedWithIds`).
   *
   * @default - not known
   */
  public readonly repositoryId?: string;
  /**
   * The owner's numeric id, when known (`withIds`, `namedWithIds`).
   *
   * @default - not known
   */
  public readonly ownerId?: string;

  /**
   * Whether roles also accept this repository's name-based subjects
   * (`owner/name`, pinned by the `repository_id` claim) besides the immutable
   * form: `acceptingNameBasedSubjects()`, for the switch to immutable subjects.
   */
  public readonly acceptsNameBasedSubjects: boolean;

  private readonly segment: string;

  private constructor(
    owner: string,
    name: string,
    subjectSegment: string,
    immutable: boolean,
    containsTokens: boolean,
    repositoryId: string | undefined,
    ownerId: string | undefined,
    acceptsNameBasedSubjects = false,
  ) {
    this.owner = owner;
    this.name = name;
    this.segment = subjectSegment;
    this.immutable = immutable;
    this.containsTokens = containsTokens;
    this.repositoryId = repositoryId;
    this.ownerId = ownerId;
    this.acceptsNameBasedSubjects = acceptsNameBasedSubjects;
  }

  /**
   * During the switch of a repository to immutable subjects: every subject
   * built on the returned repository is trusted in both forms, the immutable
   * `owner@id/name@id` sub, and the name-based `owner/name` sub with the
   * `repository_id` claim required beside it (so a recycled name still cannot
   * assume the role). Roles warn at synthesis, naming the repository, until
   * one form is removed. Only for a repository with immutable ids (`withIds`).
   */
  public acceptingNameBasedSubjects(): GithubRepository {
    return refuseLater(
      [this],
      () => {
        if (!this.immutable) {
          throw new LandingZoneInputError({
            construct: 'GithubRepository',
            input: 'acceptingNameBasedSubjects',
            received: this.subjectSegment,
            expected: 'a repository pinned by its ids (GithubRepository.withIds(...).acceptingNameBasedSubjects())',
          });
        }
        return new GithubRepository(this.owner, this.name, this.subjectSegment, true, this.containsTokens, this.repositoryId, this.ownerId, true);
      },
      () => GithubRepository.refused(this.owner, this.name),
    );
  }

  /** The `repo:` segment of a subject: `owner/name` or `owner@id/name@id`. */
  public get subjectSegment(): string {
    throwIfRefused(this);
    return this.segment;
  }

  /** The same repository as it appears in name-based subjects, pinned by the repository_id claim. */
  private get nameBased(): GithubRepository {
    return new GithubRepository(this.owner, this.name, `${this.owner}/${this.name}`, false, this.containsTokens, this.repositoryId, this.ownerId);
  }

  /**
   * The name-based twin of a subject on a repository that accepts both forms.
   *
   * @internal
   */
  public _nameBasedTwin(subject: GithubSubject): GithubSubject | undefined {
    const prefix = `repo:${this.subjectSegment}:`;
    if (!this.acceptsNameBasedSubjects || !subject.checksSub || !subject.value.startsWith(prefix)) {
      return undefined;
    }
    return subject._withRepository(this.nameBased, `repo:${this.nameBased.subjectSegment}:${subject.value.slice(prefix.length)}`);
  }

  /**
   * Whether trust statements for this repository require its `repository_id`
   * claim (a name-based subject pinned by id: `namedWithIds`).
   */
  public get pinsIdByClaim(): boolean {
    return !this.immutable && this.repositoryId !== undefined;
  }

  /** `owner/name`, for reports. */
  public get fullName(): string {
    return `${this.owner}/${this.name}`;
  }
}

/** One claim of a custom subject template (`include_claim_keys`). */
export interface GithubSubjectClaim {
  /**
   * The claim key as GitHub names it in `include_claim_keys`, e.g. `repo`,
   * `context`, `repository_id`, `job_workflow_ref`.
   */
  readonly name: string;
  /**
   * The value required. For `repo`, `owner/name` (or `owner@id/name@id`); for
   * `context`, the default context form (`environment:prod`,
   * `ref:refs/heads/main`, `pull_request`). `*` and `?` make a pattern and are
   * refused in the claims that pin the repository.
   */
  readonly value: string;
}

/**
 * Conditions on GitHub's own token claims, each matched exactly
 * (`StringEquals`) under its own condition key (`<issuer>:environment`, ...),
 * which AWS STS evaluates since January 2026.
 */
export interface GithubClaimConditions {
  /**
   * The `environment` claim: the deployment environment the job references, e.g. `prod`.
   *
   * @default - not checked
   */
  readonly environment?: string;
  /**
   * The `ref` claim, in full: `refs/heads/BRANCH` or `refs/tags/TAG`. Workflows
   * triggered by `pull_request_target` also carry the base branch here, so a
   * ref without an environment is treated as obtainable by pull requests.
   *
   * @default - not checked
   */
  readonly ref?: string;
  /**
   * The `job_workflow_ref` claim, pinned:
   * `OWNER/REPO/.github/workflows/FILE.yml@refs/heads/BRANCH`, `@refs/tags/TAG`
   * or `@<40-hex commit sha>`.
   *
   * @default - not checked
   */
  readonly jobWorkflowRef?: string;
}

/** A subject matched by claim conditions alone, without a `sub` condition. */
export interface GithubClaimSubjectProps extends GithubClaimConditions {
  /**
   * The repository, with its ids (`GithubRepository.withIds` or
   * `namedWithIds`): the `repository_id` claim must equal its id.
   */
  readonly repository: GithubRepository;
}

/** What a subject is known to pin, whatever form it was written in. */
interface SubjectFacts {
  /** The exact environment the token must carry. */
  readonly environment?: string;
  /** The exact full ref (`refs/heads/X`, `refs/tags/X`) the token must carry. */
  readonly ref?: string;
  /** Whether one repository is pinned (by name or id), not only an owner or a workflow. */
  readonly anchorsRepository: boolean;
  /** Claim conditions besides `sub`, by claim key, matched with StringEquals. */
  readonly claims: Record<string, string>;
  /** Whether the subject has a `sub` condition. */
  readonly checksSub: boolean;
}

/**
 * A GitHub Actions token subject (`sub` claim) that a role trusts.
 *
 * Built from typed parts, never from a free string: every factory validates
 * its parts and renders the value exactly as GitHub does (a `:` inside a value
 * becomes `%3A`). A subject knows whether it is an exact value (matched with
 * `StringEquals`) or a pattern (matched with `StringLike`).
 *
 * A factory has no construct path, so it keeps a refusal with the subject it
 * returns: the construct that uses the subject (`GithubActionsRole`,
 * `TieredDeployRole`) refuses it, naming its own path, the value and what is
 * expected. Reading `value` or `claimConditions` of a refused subject throws
 * the refusal, so a refused subject never reaches a template.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims
 */
export class GithubSubject {
  /** Workflows running on one branch: `repo:OWNER/REPO:ref:refs/heads/BRANCH`. */
  public static branch(repository: GithubRepository, branch: string): GithubSubject {
    return GithubSubject.refSubject(repository, 'branch', branch, false);
  }

  /** Workflows running for one tag: `repo:OWNER/REPO:ref:refs/tags/TAG`. */
  public static tag(repository: GithubRepository, tag: string): GithubSubject {
    return GithubSubject.refSubject(repository, 'tag', tag, false);
  }

  /**
   * Jobs that reference a deployment environment: `repo:OWNER/REPO:environment:NAME`.
   * Protect the environment in GitHub (required reviewers, deployment branches)
   * for the highest tiers.
   */
  public static environment(repository: GithubRepository, environment: string): GithubSubject {
    return refuseLater(
      [repository],
      () => {
        validateEnvironment(environment);
        return new GithubSubject(`repo:${repository.subjectSegment}:environment:${encodeValue(environment)}`, GithubSubjectKind.ENVIRONMENT, repository, false, false, {
          ...repositoryFacts(repository),
          environment,
        });

      },
      () => GithubSubject.refused(GithubSubjectKind.ENVIRONMENT),
    );
  }

  /**
   * Workflows triggered by a pull request: `repo:OWNER/REPO:pull_request`.
   * Anyone who can open a pull request that runs workflows can obtain this
   * subject; never trust it for privileged roles.
   */
  public static pullRequest(repository: GithubRepository): GithubSubject {
    return refuseLater(
      [repository],
      () => {
        return new GithubSubject(`repo:${repository.subjectSegment}:pull_request`, GithubSubjectKind.PULL_REQUEST, repository, false, true, repositoryFacts(repository));

      },
      () => GithubSubject.refused(GithubSubjectKind.PULL_REQUEST),
    );
  }

  /**
   * Branches whose name matches a pattern (`*` any characters, `?` one),
   * e.g. `release/*`: `repo:OWNER/REPO:ref:refs/heads/PATTERN`.
   */
  public static branchPattern(repository: GithubRepository, pattern: string): GithubSubject {
    return GithubSubject.refSubject(repository, 'branch', pattern, true);
  }

  /**
   * Tags whose name matches a pattern (`*` any characters, `?` one), e.g.
   * `v*`: `repo:OWNER/REPO:ref:refs/tags/PATTERN`.
   */
  public static tagPattern(repository: GithubRepository, pattern: string): GithubSubject {
    return GithubSubject.refSubject(repository, 'tag', pattern, true);
  }

  /**
   * Every workflow of one repository: any branch, tag, environment and pull
   * request (`repo:OWNER/REPO:*`). Only for low-privilege roles, and only when
   * asked for by name.
   */
  public static anyContextOfRepository(repository: GithubRepository): GithubSubject {
    return refuseLater(
      [repository],
      () => {
        validateNoTokenInPattern('repository', repository, '');
        return new GithubSubject(`repo:${repository.subjectSegment}:*`, GithubSubjectKind.ANY_CONTEXT, repository, true, true, repositoryFacts(repository));

      },
      () => GithubSubject.refused(GithubSubjectKind.ANY_CONTEXT),
    );
  }

  /**
   * A reusable workflow called from the given branch, tag or environment
   * subject, for repositories whose subject template is
   * `["repo", "context", "job_workflow_ref"]`:
   * `repo:OWNER/REPO:environment:prod:job_workflow_ref:ORG/REPO/.github/workflows/FILE@REF`.
   *
   * @param caller where the calling workflow runs: a branch, tag or environment subject
   * @param jobWorkflowRef the reusable workflow, pinned: `OWNER/REPO/.github/workflows/FILE.yml@refs/heads/BRANCH`, `@refs/tags/TAG` or `@<40-hex commit sha>`
   */
  public static reusableWorkflow(caller: GithubSubject, jobWorkflowRef: string): GithubSubject {
    return refuseLater(
      [caller],
      () => {
        if (![GithubSubjectKind.BRANCH, GithubSubjectKind.TAG, GithubSubjectKind.ENVIRONMENT].includes(caller.kind)) {
          throw new LandingZoneInputError({
            construct: 'GithubSubject',
            input: 'caller',
            received: caller.value,
            expected: 'a branch, tag or environment subject (GithubSubject.branch/tag/environment)',
            reason: 'A reusable workflow pin narrows an exact caller; it must not be attached to a pattern or a pull request.',
          });
        }
        validateJobWorkflowRef(jobWorkflowRef);
        return new GithubSubject(
          `${caller.value}:job_workflow_ref:${encodeValue(jobWorkflowRef)}`,
          GithubSubjectKind.REUSABLE_WORKFLOW,
          caller.repository,
          false,
          false,
          caller.facts,
        );

      },
      () => GithubSubject.refused(GithubSubjectKind.REUSABLE_WORKFLOW),
    );
  }

  /**
   * A subject for a custom `include_claim_keys` template, claims in template
   * order. Rendered `key:value` per claim, except `context`, which is rendered
   * as its value (`environment:prod`). At least one claim must pin the
   * repository, its owner or the reusable workflow (`repo`, `repository`,
   * `repository_id`, `repository_owner`, `repository_owner_id`,
   * `job_workflow_ref`) with a value free of wildcards.
   *
   * @see https://docs.github.com/en/actions/reference/security/oidc#customizing-the-subject-claims-for-an-organization-or-repository
   */
  public static fromClaims(claims: GithubSubjectClaim[]): GithubSubject {
    return refuseLater(
      [],
      () => {
        if (claims.length === 0) {
          throw new LandingZoneInputError({
            construct: 'GithubSubject',
            input: 'claims',
            received: claims,
            expected: 'at least one claim',
          });
        }
        const names = new Set<string>();
        let anchored = false;
        let pattern = false;
        let pullRequests = false;
        const parts: string[] = [];
        for (const claim of claims) {
          if (!/^[a-z][a-z0-9_]*$/.test(claim.name) || names.has(claim.name)) {
            throw new LandingZoneInputError({
              construct: 'GithubSubject',
              input: 'claims[].name',
              received: claim.name,
              expected: 'a lower-case GitHub claim key (e.g. "repo", "context", "job_workflow_ref"), each at most once',
            });
          }
          names.add(claim.name);
          const hasWildcard = !Token.isUnresolved(claim.value) && /[*?]/.test(claim.value);
          validateNoPolicyVariable(`claim ${claim.name}`, claim.value);
          if (claim.value.length === 0) {
            throw new LandingZoneInputError({ construct: 'GithubSubject', input: `claim ${claim.name}`, received: claim.value, expected: 'a non-empty value' });
          }
          if (ANCHOR_CLAIMS.includes(claim.name)) {
            if (hasWildcard) {
              throw new LandingZoneInputError({
                construct: 'GithubSubject',
                input: `claim ${claim.name}`,
                received: claim.value,
                expected: 'a value without * or ?',
                reason: 'This claim pins who may assume the role; a wildcard in it admits repositories of other owners.',
              });
            }
            if (!Token.isUnresolved(claim.value)) {
              validateAnchorValue(claim.name, claim.value);
            }
            anchored = true;
          }
          if (claim.name === 'context' && !Token.isUnresolved(claim.value)) {
            validateContext(claim.value);
            parts.push(claim.value.replace(/^(environment:|ref:refs\/(?:heads|tags)\/)(.*)$/, (_m, p: string, rest: string) => p + encodeValue(rest)));
            pullRequests = pullRequests || claim.value === 'pull_request' || hasWildcard;
          } else {
            parts.push(`${claim.name}:${encodeValue(claim.value)}`);
          }
          if (claim.name === 'event_name') {
            pullRequests = pullRequests || claim.value.startsWith('pull_request') || hasWildcard;
          }
          pattern = pattern || hasWildcard;
        }
        const token = claims.find((c) => Token.isUnresolved(c.value));
        if (pattern && token) {
          throw unresolvedInPattern(`claim ${token.name}`, token.value);
        }
        if (!names.has('context') && !names.has('event_name')) {
          // Without a context claim the template admits pull request workflows of the anchored repository too.
          pullRequests = true;
        }
        if (!anchored) {
          throw new LandingZoneInputError({
            construct: 'GithubSubject',
            input: 'claims',
            received: claims.map((c) => c.name),
            expected: `a template that includes at least one of ${ANCHOR_CLAIMS.join(', ')}`,
            reason: 'The other claims (context, ref, environment, actor, workflow, ...) can be produced by any repository, so a template made only of them trusts everyone on GitHub.',
          });
        }
        const exact = (name: string) => {
          const claim = claims.find((c) => c.name === name);
          return claim && (Token.isUnresolved(claim.value) || !/[*?]/.test(claim.value)) ? claim.value : undefined;
        };
        const context = exact('context');
        const contextEnvironment = context?.match(/^environment:(.+)$/)?.[1];
        const contextRef = context?.match(/^ref:(refs\/(?:heads|tags)\/.+)$/)?.[1];
        return new GithubSubject(parts.join(':'), GithubSubjectKind.CUSTOM, undefined, pattern, pullRequests, {
          anchorsRepository: ['repo', 'repository', 'repository_id'].some((name) => exact(name) !== undefined),
          environment: contextEnvironment ?? exact('environment'),
          ref: contextRef ?? (/^refs\/(heads|tags)\//.test(exact('ref') ?? '') ? exact('ref') : undefined),
          claims: {},
          checksSub: true,
        });

      },
      () => GithubSubject.refused(GithubSubjectKind.CUSTOM),
    );
  }

  /**
   * Workflows matched by GitHub's own claims alone, without a `sub` condition:
   * the `repository_id` claim must equal the repository's id, and each given
   * condition its value, all with `StringEquals`. Works whatever subject
   * template the repository uses. At least one of `environment`, `ref` or
   * `jobWorkflowRef` is required.
   */
  public static fromClaimConditions(props: GithubClaimSubjectProps): GithubSubject {
    return refuseLater(
      [props?.repository],
      () => {
        const repository = props.repository;
        if (repository?.repositoryId === undefined) {
          throw new LandingZoneInputError({
            construct: 'GithubSubject',
            input: 'repository',
            received: repository?.fullName,
            expected: 'a repository with its ids (GithubRepository.withIds or GithubRepository.namedWithIds)',
            reason: 'Without a sub condition, the repository_id claim is what pins the repository; an environment, ref or workflow alone can be produced by any repository.',
          });
        }
        if (props.environment === undefined && props.ref === undefined && props.jobWorkflowRef === undefined) {
          throw new LandingZoneInputError({
            construct: 'GithubSubject',
            input: 'environment, ref, jobWorkflowRef',
            received: undefined,
            expected: 'at least one of them',
            reason: 'The repository id alone admits every workflow of the repository, pull requests included; use anyContextOfRepository to ask for that by name.',
          });
        }
        const claims = claimConditionsOf(props, { repository_id: repository.repositoryId });
        const label = `claims(${Object.entries(claims).map(([k, v]) => `${k}=${v}`).join(', ')})`;
        return new GithubSubject(label, GithubSubjectKind.CLAIMS, repository, false, props.environment === undefined, {
          anchorsRepository: true,
          environment: props.environment,
          ref: props.ref,
          claims,
          checksSub: false,
        });

      },
      () => GithubSubject.refused(GithubSubjectKind.CLAIMS),
    );
  }

  /** A subject whose factory refused its parts: the construct that uses it refuses it, naming its path. */
  /**
   * A subject of the branches or tags of a repository: one exact name (its
   * `ref` is then a fact the tier rules read), or a pattern.
   */
  private static refSubject(repository: GithubRepository, input: 'branch' | 'tag', name: string, pattern: boolean): GithubSubject {
    const refs = `refs/${input === 'branch' ? 'heads' : 'tags'}/`;
    const kind = pattern ? GithubSubjectKind.REF_PATTERN : input === 'branch' ? GithubSubjectKind.BRANCH : GithubSubjectKind.TAG;
    return refuseLater(
      [repository],
      () => {
        const label = pattern ? `${input} pattern` : input;
        if (pattern) {
          validateNoTokenInPattern(label, repository, name);
        }
        validateRefName(label, name, pattern);
        const facts = pattern ? repositoryFacts(repository) : { ...repositoryFacts(repository), ref: `${refs}${name}` };
        return new GithubSubject(`repo:${repository.subjectSegment}:ref:${refs}${encodeValue(name)}`, kind, repository, pattern, false, facts);
      },
      () => GithubSubject.refused(kind),
    );
  }

  private static refused(kind: GithubSubjectKind): GithubSubject {
    return new GithubSubject('', kind, undefined, false, false, { anchorsRepository: false, claims: {}, checksSub: true });
  }

  /** What the subject matches. */
  public readonly kind: GithubSubjectKind;
  /** The repository, where the subject names one through the default `repo:` form. */
  public readonly repository?: GithubRepository;
  /** Whether `value` is a pattern (`StringLike`) rather than an exact value (`StringEquals`). */
  public readonly isPattern: boolean;
  /** Whether a pull request workflow can obtain a token this subject matches. */
  public readonly admitsPullRequests: boolean;
  /** Whether the trust checks the token's `sub` (false for `fromClaimConditions`). */
  public readonly checksSub: boolean;
  /**
   * The exact environment a matching token carries, whichever way the subject is written.
   *
   * @default - none pinned
   */
  public readonly pinnedEnvironment?: string;
  /**
   * The exact full ref (`refs/heads/X` or `refs/tags/X`) a matching token carries, whichever way the subject is written.
   *
   * @default - none pinned
   */
  public readonly pinnedRef?: string;
  /** Whether the subject pins one repository (by name or id), not only an owner or a reusable workflow. */
  public readonly anchorsRepository: boolean;

  private readonly facts: SubjectFacts;
  private readonly rendered: string;

  private constructor(
    value: string,
    kind: GithubSubjectKind,
    repository: GithubRepository | undefined,
    isPattern: boolean,
    admitsPullRequests: boolean,
    facts: SubjectFacts,
  ) {
    this.rendered = value;
    this.kind = kind;
    this.repository = repository;
    this.isPattern = isPattern;
    this.admitsPullRequests = admitsPullRequests;
    this.facts = facts;
    this.checksSub = facts.checksSub;
    this.pinnedEnvironment = facts.environment;
    this.pinnedRef = facts.ref;
    this.anchorsRepository = facts.anchorsRepository;
  }

  /**
   * The `sub` value (exact) or pattern, as it appears in the trust policy; for
   * a subject without a `sub` condition (`checksSub` false), a label of its
   * claim conditions, e.g. `claims(repository_id=123, environment=prod)`.
   */
  public get value(): string {
    throwIfRefused(this);
    return this.rendered;
  }

  /**
   * The claim conditions besides `sub`, by claim key (`repository_id`,
   * `environment`, `ref`, `job_workflow_ref`), each matched with `StringEquals`.
   */
  public get claimConditions(): { [claim: string]: string } {
    throwIfRefused(this);
    return { ...this.facts.claims };
  }

  /**
   * This subject, with GitHub's own claims also required (`StringEquals`),
   * e.g. the prod environment subject only when the job also runs on
   * `refs/heads/main` and calls a reusable workflow pinned to a commit.
   */
  public withClaimConditions(conditions: GithubClaimConditions): GithubSubject {
    return refuseLater(
      [this],
      () => {
        const contradiction =
          (conditions.environment !== undefined && this.facts.environment !== undefined && conditions.environment !== this.facts.environment) ||
          (conditions.ref !== undefined && this.facts.ref !== undefined && conditions.ref !== this.facts.ref) ||
          // A job that references an environment carries environment:NAME as its default sub context, never ref:.
          (conditions.environment !== undefined &&
            this.facts.environment === undefined &&
            [GithubSubjectKind.BRANCH, GithubSubjectKind.TAG, GithubSubjectKind.REUSABLE_WORKFLOW].includes(this.kind) &&
            this.facts.ref !== undefined);
        if (contradiction) {
          throw new LandingZoneInputError({
            construct: 'GithubSubject',
            input: 'conditions',
            received: conditions,
            expected: `claims that a token matching ${JSON.stringify(this.value)} can carry`,
            reason: 'A contradictory claim matches no token; for an environment on a branch, use GithubSubject.environment(...).withClaimConditions({ ref }).',
          });
        }
        const claims = claimConditionsOf(conditions, this.facts.claims);
        if (Object.keys(claims).length === Object.keys(this.facts.claims).length) {
          throw new LandingZoneInputError({
            construct: 'GithubSubject',
            input: 'conditions',
            received: conditions,
            expected: 'at least one of environment, ref, jobWorkflowRef',
          });
        }
        const environment = conditions.environment ?? this.facts.environment;
        const value = this.checksSub ? this.value : `claims(${Object.entries(claims).map(([k, v]) => `${k}=${v}`).join(', ')})`;
        return new GithubSubject(value, this.kind, this.repository, this.isPattern, this.admitsPullRequests && conditions.environment === undefined, {
          ...this.facts,
          environment,
          ref: conditions.ref ?? this.facts.ref,
          claims,
        });

      },
      () => GithubSubject.refused(this.kind),
    );
  }

  /**
   * This subject with another repository and sub value, and the repository's id claim added.
   *
   * @internal
   */
  public _withRepository(repository: GithubRepository, value: string): GithubSubject {
    return new GithubSubject(value, this.kind, repository, this.isPattern, this.admitsPullRequests, {
      ...this.facts,
      claims: { repository_id: repository.repositoryId!, ...this.facts.claims },
    });
  }

  /** A key that tells subjects apart: the sub value and the claim conditions. */
  public get identity(): string {
    return JSON.stringify([this.checksSub ? this.value : '', Object.entries(this.claimConditions).sort()]);
  }

  /** Whether the repository is pinned by immutable ids (custom templates: whether they pin `repository_id` or `repository_owner_id`). */
  public get pinsImmutableIds(): boolean {
    if (this.facts.claims.repository_id !== undefined) {
      return true;
    }
    if (this.repository) {
      return this.repository.immutable;
    }
    return /(^|:)(repository_id|repository_owner_id):/.test(this.value) || /(^|:)repo:[^:/]+@\d+\/[^:]+@\d+/.test(this.value);
  }

  public toString(): string {
    return this.value;
  }
}

/** The facts a repository-based subject starts from: the repository pinned, its id claim when it is pinned by claim. */
function repositoryFacts(repository: GithubRepository): SubjectFacts {
  return {
    anchorsRepository: true,
    claims: repository.pinsIdByClaim ? { repository_id: repository.repositoryId! } : {},
    checksSub: true,
  };
}

/** Validates claim conditions and adds them to `base`; a claim already required with another value is refused. */
function claimConditionsOf(conditions: GithubClaimConditions, base: Record<string, string>): Record<string, string> {
  const claims: Record<string, string> = { ...base };
  const add = (name: string, value: string | undefined) => {
    if (value === undefined) {
      return;
    }
    if (claims[name] !== undefined && claims[name] !== value) {
      throw new LandingZoneInputError({
        construct: 'GithubSubject',
        input: `claim ${name}`,
        received: value,
        expected: `the value the subject already requires (${JSON.stringify(claims[name])})`,
        reason: 'Two different exact values of one claim match no token.',
      });
    }
    claims[name] = value;
  };
  if (conditions.environment !== undefined) {
    validateEnvironment(conditions.environment);
  }
  if (conditions.ref !== undefined) {
    validateFullRef(conditions.ref);
  }
  if (conditions.jobWorkflowRef !== undefined) {
    validateJobWorkflowRef(conditions.jobWorkflowRef);
  }
  add('environment', conditions.environment);
  add('ref', conditions.ref);
  add('job_workflow_ref', conditions.jobWorkflowRef);
  return claims;
}

function validateFullRef(ref: string): void {
  if (Token.isUnresolved(ref)) {
    return;
  }
  const m = ref.match(/^refs\/(heads|tags)\/(.*)$/s);
  if (!m) {
    throw new LandingZoneInputError({
      construct: 'GithubSubject',
      input: 'ref',
      received: ref,
      expected: 'a full branch or tag ref: refs/heads/BRANCH or refs/tags/TAG, no wildcards',
    });
  }
  validateRefName('ref', m[2], false);
}

/** GitHub replaces ':' inside claim values with '%3A'. */
function encodeValue(value: string): string {
  return value.replace(/:/g, '%3A');
}

function validateOwner(owner: string): void {
  validateMatch(GITHUB_OWNER, owner, {
    construct: 'GithubRepository',
    input: 'owner',
    expected: 'a GitHub account name: letters, digits and single inner hyphens, at most 39 characters, no wildcards',
    reason: 'A wildcard or partial owner admits repositories of other GitHub accounts (e.g. "acme*" also matches "acme-evil").',
  });
}

function validateRepositoryName(name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!REPOSITORY.test(name) || name === '.' || name === '..') {
    throw new LandingZoneInputError({
      construct: 'GithubRepository',
      input: 'name',
      received: name,
      expected: 'a GitHub repository name: letters, digits, ".", "_" and "-", at most 100 characters, no wildcards',
      reason: 'A wildcard repository admits every repository of the owner, forks\' pull requests aside only by luck.',
    });
  }
}

function validateId(input: string, id: string): void {
  validateMatch(GITHUB_NUMERIC_ID, id, { construct: 'GithubRepository', input, expected: 'the numeric id GitHub assigned (digits only, e.g. "123456")' });
}

/**
 * A deploy-time value in a subject is passed through where it is matched
 * exactly (StringEquals: a "*" arriving at deploy time is a literal there), and
 * refused where it would become part of a StringLike pattern, where a "*"
 * arriving at deploy time would widen the trust after it has been checked.
 */
function unresolvedInPattern(input: string, value: string): LandingZoneInputError {
  return new LandingZoneInputError({
    construct: 'GithubSubject',
    input,
    received: value,
    expected: 'a literal string in a pattern subject (deploy-time values are accepted in exact subjects only)',
    reason: 'A pattern is matched with StringLike; a deploy-time "*" in it would widen the trust after synthesis checked it.',
  });
}

function validateNoTokenInPattern(input: string, repository: GithubRepository, pattern: string): void {
  if (repository.containsTokens) {
    throw unresolvedInPattern('repository', repository.subjectSegment);
  }
  if (Token.isUnresolved(pattern)) {
    throw unresolvedInPattern(input, pattern);
  }
}

function validateNoPolicyVariable(input: string, value: string): void {
  if (Token.isUnresolved(value) || !value.includes('${')) {
    return;
  }
  throw new LandingZoneInputError({
    construct: 'GithubSubject',
    input,
    received: value,
    expected: 'a value without "${"',
    reason: 'IAM substitutes ${...} in condition values as a policy variable.',
  });
}

/** Git ref name rules (git check-ref-format) that matter for a trust policy. */
function validateRefName(input: string, name: string, allowWildcards: boolean): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  validateNoPolicyVariable(input, name);
  const forbidden = allowWildcards ? /[\x00-\x20~^:\\[\x7f]/ : /[\x00-\x20~^:?*\\[\x7f]/;
  const invalid =
    name.length === 0 ||
    name.length > 255 ||
    forbidden.test(name) ||
    name.includes('..') ||
    name.includes('@{') ||
    name.includes('//') ||
    name.startsWith('/') ||
    name.startsWith('-') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.startsWith('refs/');
  if (invalid) {
    throw new LandingZoneInputError({
      construct: 'GithubSubject',
      input,
      received: name,
      expected: allowWildcards
        ? 'a git ref name pattern (short form, e.g. "release/*"): no spaces, "~", "^", ":", "\\", "[", "..", "@{" or "//"'
        : 'a git ref name (short form, e.g. "main"): no spaces, wildcards ("*", "?"), "~", "^", ":", "\\", "[", "..", "@{" or "//"',
      reason: allowWildcards ? undefined : 'Use branchPattern/tagPattern for patterns, so that the subject is matched with StringLike knowingly.',
    });
  }
  if (allowWildcards && !/[*?]/.test(name)) {
    throw new LandingZoneInputError({
      construct: 'GithubSubject',
      input,
      received: name,
      expected: 'a pattern with at least one "*" or "?"',
      reason: 'Use GithubSubject.branch or GithubSubject.tag for an exact ref, so that it is matched with StringEquals.',
    });
  }
}

function validateEnvironment(environment: string): void {
  if (Token.isUnresolved(environment)) {
    return;
  }
  validateNoPolicyVariable('environment', environment);
  if (environment.length === 0 || environment.length > 255 || /[*?\x00-\x1f\x7f]/.test(environment) || environment.trim() !== environment) {
    throw new LandingZoneInputError({
      construct: 'GithubSubject',
      input: 'environment',
      received: environment,
      expected: 'a GitHub environment name: 1 to 255 characters, no wildcards ("*", "?"), control characters or surrounding spaces',
    });
  }
}

function validateJobWorkflowRef(ref: string): void {
  if (Token.isUnresolved(ref)) {
    return;
  }
  validateNoPolicyVariable('jobWorkflowRef', ref);
  const m = ref.match(/^([^/@:]+)\/([^/@:]+)\/\.github\/workflows\/([^@:*?]+\.ya?ml)@(.+)$/);
  const pin = m?.[4] ?? '';
  const pinned =
    SHA.test(pin) ||
    (/^refs\/(heads|tags)\/[^*?:\s]+$/.test(pin) && !pin.includes('..'));
  if (!m || !GITHUB_OWNER.test(m[1]) || !REPOSITORY.test(m[2]) || !pinned) {
    throw new LandingZoneInputError({
      construct: 'GithubSubject',
      input: 'jobWorkflowRef',
      received: ref,
      expected: 'OWNER/REPO/.github/workflows/FILE.yml pinned with @refs/heads/BRANCH, @refs/tags/TAG or @<40-hex commit sha>, no wildcards',
      reason: 'An unpinned or wildcard workflow reference lets any version of the workflow, or another workflow, assume the role.',
    });
  }
}

function validateContext(context: string): void {
  const valid =
    context === 'pull_request' ||
    /^environment:[^*?]+$/.test(context) ||
    /^ref:refs\/(heads|tags)\/.+$/.test(context);
  if (!valid) {
    throw new LandingZoneInputError({
      construct: 'GithubSubject',
      input: 'claim context',
      received: context,
      expected: 'environment:NAME, ref:refs/heads/BRANCH, ref:refs/tags/TAG (patterns allowed in the ref) or pull_request',
    });
  }
}

function validateAnchorValue(name: string, value: string): void {
  const valid =
    name === 'repo' || name === 'repository'
      ? /^[A-Za-z0-9-]+(@\d+)?\/[A-Za-z0-9._-]+(@\d+)?$/.test(value)
      : name === 'repository_owner'
        ? GITHUB_OWNER.test(value)
        : name === 'job_workflow_ref'
          ? (validateJobWorkflowRef(value), true)
          : GITHUB_NUMERIC_ID.test(value);
  if (!valid) {
    throw new LandingZoneInputError({
      construct: 'GithubSubject',
      input: `claim ${name}`,
      received: value,
      expected:
        name === 'repo' || name === 'repository'
          ? 'OWNER/REPO or OWNER@ID/REPO@ID'
          : name === 'repository_owner'
            ? 'a GitHub account name'
            : 'a numeric id',
    });
  }
}

/** Validates a repository's owner, name and immutable ids. */
function validateIdentity(identity: GithubRepositoryIdentity): void {
  validateOwner(identity.owner);
  validateRepositoryName(identity.name);
  validateId('ownerId', identity.ownerId);
  validateId('repositoryId', identity.repositoryId);
}
