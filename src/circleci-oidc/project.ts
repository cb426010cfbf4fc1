import { Token } from 'aws-cdk-lib';
import { ANY_USER_ID, CIRCLECI_UUID } from './names';
import { LandingZoneInputError, refuseLater, throwIfRefused, validateMatch } from '../private/errors';

/** A repository as CircleCI's `vcs-origin` names it: `<host>/<owner>/<repository>`, e.g. `github.com/acme/shop`. */
const VCS_ORIGIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** A branch name git accepts, without wildcards (IAM would read them as patterns) and without `/vcs-` (a part of the `sub`). */
const BRANCH = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*@\{|.*\.lock(\/|$)|.*\/\.)[^\s~^:?*[\\\x00-\x1f\x7f]{1,255}$/;

/** Who a CircleCI trust admits: one project of one organization, optionally only pipelines of exact branches. */
export interface CircleCiProjectProps {
  /** The CircleCI organization id (a UUID). */
  readonly organizationId: string;
  /** The CircleCI project id (a UUID, Project Settings > Overview). */
  readonly projectId: string;
  /**
   * Only jobs of pipelines of these exact branches (matched through the
   * `sub` of `$CIRCLE_OIDC_TOKEN_V2`, which ends in
   * `/vcs-origin/<vcsOrigin>/vcs-ref/refs/heads/<branch>`). Requires `vcsOrigin`.
   *
   * @default - every job of the project, whatever its branch (both token versions)
   */
  readonly branches?: string[];
  /**
   * The repository the project builds, as CircleCI's `vcs-origin` names it:
   * `<host>/<owner>/<repository>`, e.g. `github.com/acme/shop`. Required
   * with `branches`.
   *
   * @default - none (the trust then cannot pin branches)
   */
  readonly vcsOrigin?: string;
  /**
   * CircleCI contexts (UUIDs). Not supported yet: any value is refused
   * rather than silently not enforced. The trust pins only what AWS STS has
   * always evaluated for a CircleCI token (`aud` and `sub`); which of
   * CircleCI's own claims STS evaluates since 2026, under which key names,
   * and how it treats the array claim `oidc.circleci.com/context-ids`, is not
   * confirmed here. Restrict the context to the project and its branches in
   * CircleCI instead, and pin the branches here.
   *
   * @default - none
   */
  readonly contexts?: string[];
}

/**
 * A CircleCI project identity a role may trust, pinned to its organization
 * and project ids, and optionally to exact branches.
 *
 * The trust pins everything through the `aud` and `sub` claims, which AWS
 * STS evaluates for every OIDC provider; `sub` is `org/<org>/project/<project>/user/<user>` (`$CIRCLE_OIDC_TOKEN`),
 * followed by `/vcs-origin/<repository>/vcs-ref/<ref>` in
 * `$CIRCLE_OIDC_TOKEN_V2`. The trust matches it with `StringLike`: the
 * organization and project literally, the user by `?` per character (a
 * user id has a fixed shape), and for a branch the repository and ref
 * literally to the end, so that no branch name can forge another branch's
 * `sub`. Without branches the pattern ends in `/user/*`: every job of the
 * project, of either token version.
 */
export class CircleCiProject {
  /** A project, optionally narrowed to exact branches of its repository. */
  public static of(props: CircleCiProjectProps): CircleCiProject {
    return refuseLater(
      [],
      () => {
        const refuse = (input: string, received: unknown, expected: string, reason?: string): never => {
          throw new LandingZoneInputError({ construct: 'CircleCiProject', input, received, expected, reason });
        };
        if (typeof props !== 'object' || props === null) {
          refuse('props', props, 'an object with organizationId and projectId');
        }
        for (const input of ['organizationId', 'projectId'] as const) {
          const value = props[input];
          if (Token.isUnresolved(value)) {
            refuse(input, value, 'an id known at synthesis', 'The id is part of the sub pattern, a condition value IAM matches with wildcards: a deploy-time value there could not be checked.');
          }
          validateMatch(CIRCLECI_UUID, typeof value === 'string' ? value : (value as unknown as string), {
            construct: 'CircleCiProject',
            input,
            expected: 'a lower-case UUID, as CircleCI shows it',
            reason: 'The organization and the project must both be pinned: the trust never admits a whole organization.',
          });
        }
        if (props.contexts !== undefined && (!Array.isArray(props.contexts) || props.contexts.length > 0)) {
          refuse(
            'contexts',
            props.contexts,
            'no contexts',
            'The trust pins only aud and sub, which STS evaluates for every OIDC provider; a condition on CircleCI\'s context-ids claim is not written, since its evaluation by STS is not confirmed. Restrict the context to this project in CircleCI and pin branches here.',
          );
        }
        const branches = props.branches ?? [];
        if (!Array.isArray(branches) || new Set(branches).size !== branches.length) {
          refuse('branches', props.branches, 'a list of distinct branch names');
        }
        for (const branch of branches) {
          if (typeof branch !== 'string' || Token.isUnresolved(branch) || !BRANCH.test(branch) || branch.includes('/vcs-')) {
            refuse('branches', branch, 'an exact branch name git accepts, without wildcards (* ?), spaces, ":" or "/vcs-", known at synthesis (e.g. "main")');
          }
        }
        if (props.vcsOrigin !== undefined && (Token.isUnresolved(props.vcsOrigin) || !VCS_ORIGIN.test(props.vcsOrigin))) {
          refuse('vcsOrigin', props.vcsOrigin, 'a repository as CircleCI\'s vcs-origin names it, known at synthesis: <host>/<owner>/<repository>, e.g. "github.com/acme/shop"');
        }
        if (branches.length > 0 && props.vcsOrigin === undefined) {
          refuse(
            'vcsOrigin',
            undefined,
            'the repository (e.g. "github.com/acme/shop") whenever branches are given',
            'Between the user id and the ref, the sub holds the repository; a wildcard there would let a branch named ".../vcs-ref/refs/heads/main" pass for main.',
          );
        }
        return new CircleCiProject(props.organizationId, props.projectId, branches, props.vcsOrigin);
      },
      () => new CircleCiProject('', '', [], undefined, true),
    );
  }

  /** The organization id. */
  public readonly organizationId: string;
  /** The project id. */
  public readonly projectId: string;
  /** The exact branches the trust is narrowed to; empty: every branch. */
  public readonly branches: string[];
  /** The repository, as `vcs-origin` names it, if given. */
  public readonly vcsOrigin?: string;

  private readonly refused: boolean;

  private constructor(organizationId: string, projectId: string, branches: string[], vcsOrigin: string | undefined, refused = false) {
    this.organizationId = organizationId;
    this.projectId = projectId;
    this.branches = [...branches];
    this.vcsOrigin = vcsOrigin;
    this.refused = refused;
  }

  /** Whether the trust is narrowed to exact branches. */
  public get pinsBranches(): boolean {
    return this.branches.length > 0;
  }

  /**
   * The `sub` patterns the trust matches with `StringLike`: one per branch,
   * or `org/<org>/project/<project>/user/*` for the whole project.
   */
  public get subjectPatterns(): string[] {
    throwIfRefused(this);
    const prefix = `org/${this.organizationId}/project/${this.projectId}/user/`;
    if (this.branches.length === 0) {
      return [`${prefix}*`];
    }
    return this.branches.map((b) => `${prefix}${ANY_USER_ID}/vcs-origin/${this.vcsOrigin}/vcs-ref/refs/heads/${b}`);
  }

  /** A short text for messages and reports. */
  public toString(): string {
    if (this.refused) {
      return 'CircleCiProject(refused)';
    }
    const where = this.branches.length > 0 ? ` ${this.vcsOrigin} branches ${this.branches.join(', ')}` : '';
    return `CircleCiProject(org ${this.organizationId} project ${this.projectId}${where})`;
  }
}
