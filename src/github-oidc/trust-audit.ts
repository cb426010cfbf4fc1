/**
 * Reads a resolved trust policy and reports every way its GitHub OIDC
 * statements are unsafe (docs/security-model.md#github-trust).
 * The constructs of this library never emit these forms; the audit catches
 * statements added or overridden later, and serves rule checks of other roles.
 */

import { iamStringLike } from '../private/iam-match';

const GITHUB_PROVIDER = /oidc-provider\/(token\.actions\.[^"]+|[^"]+\/_services\/token)/;
const ANCHOR = /(^|:)(repository_id|repository_owner_id|repository_owner|repository|job_workflow_ref):([^:]+)/;
const REPO_SEGMENT = /^repo:([^:]*)(:|$)/;
const REPO_SHAPE = /^[A-Za-z0-9-]+(@\d+)?\/[A-Za-z0-9._-]+(@\d+)?$/;
/**
 * GitHub's own claims, which AWS STS evaluates as `<issuer>:<claim>` keys
 * since January 2026 (those confirmed, and the owner claims some sources name).
 */
const CLAIM_KEYS = [
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'job_workflow_ref',
  'workflow',
  'ref',
  'environment',
  'actor',
  'actor_id',
  'enterprise_id',
];
const CLAIM_KEY = new RegExp(`^(.*):(sub|aud|${CLAIM_KEYS.join('|')})$`);

export interface GithubTrustAuditOptions {
  /**
   * The condition-key prefix of the provider the statements must use (the
   * issuer without `https://`). When omitted, any GitHub issuer prefix is accepted.
   */
  readonly conditionKeyPrefix?: string;
  /** Treat a statement as GitHub's when its Federated principal is this value (e.g. a `{Ref}`), besides ARNs that name a GitHub issuer. */
  readonly providerReference?: unknown;
  /**
   * Further GitHub providers, by the value a Federated principal holds when it
   * names them (e.g. `{Ref: ...}` to a provider of the same template), each
   * with its condition-key prefix when known. `conditionKeyPrefix`, when
   * given, still applies to every statement.
   */
  readonly providers?: GithubProviderReference[];
  /**
   * Check a statement whose Federated principal is an ARN naming a GitHub
   * issuer against that issuer's condition-key prefix (the ARN's resource
   * name), when `conditionKeyPrefix` is not given.
   *
   * @default false
   */
  readonly prefixFromProviderArn?: boolean;
}

/** A reference to a GitHub OIDC provider, as a Federated principal holds it. */
export interface GithubProviderReference {
  /** The value of the Federated principal, e.g. `{ Ref: 'GithubOidc' }`. */
  readonly reference: unknown;
  /** The provider's condition-key prefix (its URL without `https://`), if known. */
  readonly conditionKeyPrefix?: string;
}

/** The issuer URLs of GitHub Actions: github.com (optionally with an enterprise slug), GHE.com, GitHub Enterprise Server. */
const GITHUB_ISSUER_URL = /^https:\/\/(token\.actions\.githubusercontent\.com(\/[^/]+)?|token\.actions\.[a-z0-9-]+\.ghe\.com|[^/]+\/_services\/token)$/;

/** The condition-key prefix of a GitHub Actions issuer URL, or undefined when the URL is not GitHub's. */
export function githubIssuerPrefix(url: unknown): string | undefined {
  return typeof url === 'string' && GITHUB_ISSUER_URL.test(url) ? url.replace(/^https:\/\//, '') : undefined;
}

/** A GitHub Allow statement of a resolved trust policy, with its provider and where it stands. */
interface GithubAllowStatement {
  readonly statement: any;
  readonly provider: NonNullable<ReturnType<typeof githubProviderOf>>;
  /** How messages name it: its Sid, or its index. */
  readonly where: string;
}

/** The Allow statements of a resolved trust policy whose principal is a GitHub provider. */
function githubAllowStatements(resolvedDocument: any, options: GithubTrustAuditOptions): GithubAllowStatement[] {
  const statements: any[] = Array.isArray(resolvedDocument?.Statement) ? resolvedDocument.Statement : [resolvedDocument?.Statement].filter(Boolean);
  return statements.flatMap((statement, index) => {
    const provider = githubProviderOf(statement, options);
    if (statement.Effect !== 'Allow' || !provider) {
      return [];
    }
    return [{ statement, provider, where: `statement ${statement.Sid ? `"${statement.Sid}"` : index}` }];
  });
}

/** Problems found, one sentence each; empty when the trust is safe. */
export function auditGithubTrust(resolvedDocument: any, options: GithubTrustAuditOptions = {}): string[] {
  const problems: string[] = [];
  for (const { statement, provider, where } of githubAllowStatements(resolvedDocument, options)) {
    const expectedPrefix = options.conditionKeyPrefix ?? provider.conditionKeyPrefix;
    const actions: string[] = [statement.Action].flat();
    const others = actions.filter((a) => a !== 'sts:AssumeRoleWithWebIdentity');
    if (others.length > 0) {
      problems.push(`${where} also allows ${others.join(', ')}; a GitHub OIDC trust must allow only sts:AssumeRoleWithWebIdentity (GitHub sends no session tags).`);
    }
    const conditions: Record<string, Record<string, unknown>> = statement.Condition ?? {};
    const prefixes = new Set<string>();
    let aud: unknown[] | undefined;
    const subs: Array<{ operator: string; values: unknown[] }> = [];
    const exactClaims: Record<string, unknown[]> = {};
    /** Whether a condition requires a key the provider's tokens never carry: no token meets the statement. */
    let unmet = false;
    for (const [operator, block] of Object.entries(conditions)) {
      for (const [key, value] of Object.entries(block ?? {})) {
        const m = key.match(CLAIM_KEY);
        if (!m) {
          continue;
        }
        prefixes.add(m[1]);
        const values = [value].flat();
        if (/^(ForAllValues|ForAnyValue):/.test(operator)) {
          problems.push(`${where} uses ${operator} on ${key}; GitHub's claims are single-valued, and ForAllValues is true when the key is absent.`);
          continue;
        }
        if (m[2] !== 'sub' && m[2] !== 'aud') {
          if (expectedPrefix !== undefined && m[1] !== expectedPrefix) {
            problems.push(foreignKeyProblem(where, key, operator, `${expectedPrefix}:${m[2]}`));
            unmet ||= requiresKey(operator);
          } else if (/IfExists$/.test(operator)) {
            problems.push(`${where} uses ${operator} on ${key}; a token without the claim passes it.`);
          } else if (/^String(Like|EqualsIgnoreCase)$/.test(operator)) {
            problems.push(`${where} matches ${key} with ${operator}; GitHub's claims must be matched exactly (StringEquals), a pattern or a case variant admits other repositories, environments or workflows.`);
          } else if (operator === 'StringEquals') {
            exactClaims[m[2]] = values;
          }
          continue;
        }
        if (expectedPrefix !== undefined && m[1] !== expectedPrefix) {
          problems.push(foreignKeyProblem(where, key, operator, `${expectedPrefix}:${m[2]}`));
          unmet ||= requiresKey(operator);
          continue;
        }
        if (m[2] === 'aud') {
          if (operator === 'StringEquals') {
            aud = values;
          }
        } else if (operator === 'StringEquals' || operator === 'StringLike') {
          subs.push({ operator, values });
        }
      }
    }
    if (prefixes.size > 1) {
      problems.push(`${where} mixes condition-key prefixes ${[...prefixes].join(', ')}.`);
    }
    if (!aud || aud.length === 0) {
      problems.push(`${where} has no StringEquals condition on the token's aud.`);
    } else if (aud.some((a) => typeof a !== 'string' || /[*?]/.test(a))) {
      problems.push(`${where} accepts a wildcard audience.`);
    }
    for (const pin of exactClaims.job_workflow_ref ?? []) {
      if (typeof pin === 'string' && !PINNED_WORKFLOW.test(pin)) {
        problems.push(`${where}: the job_workflow_ref ${JSON.stringify(pin)} is not pinned: it must end in @refs/heads/BRANCH, @refs/tags/TAG or @<40-hex commit sha>.`);
      }
    }
    const claimAnchor = claimAnchorOf(exactClaims);
    if (subs.length === 0 && !claimAnchor && !unmet) {
      problems.push(
        `${where} has no StringEquals or StringLike condition on the token's sub, and no StringEquals on its repository_id (or repository); any GitHub repository could assume the role.`,
      );
    }
    for (const { operator, values } of subs) {
      for (const value of values) {
        const literal = operator === 'StringEquals' && typeof value === 'string' ? value.match(/[*?]/)?.[0] : undefined;
        if (literal !== undefined) {
          problems.push(
            `${where}: the sub ${JSON.stringify(value)} is matched with StringEquals, which takes ${JSON.stringify(literal)} literally: it matches no token GitHub issues, so nothing can assume the role through it (a pattern needs StringLike, after a literal repo:OWNER/REPO).`,
          );
          continue;
        }
        const written = subjectWritingProblem(value);
        if (written) {
          problems.push(`${where}: ${written}`);
        }
        // A repository pinned by its claim makes a sub without repository part safe; a deploy-time pattern is never safe.
        const problem = claimAnchor && !(typeof value !== 'string' && operator !== 'StringEquals') ? undefined : subjectProblem(value, operator);
        if (problem) {
          problems.push(`${where}: ${problem}`);
        }
      }
    }
  }
  return problems;
}

/** The problem of a condition on a key the provider never issues (another issuer's prefix). */
function foreignKeyProblem(where: string, key: string, operator: string, issued: string): string {
  if (requiresKey(operator)) {
    return `${where} checks ${key} with ${operator}, a key the provider never issues (its tokens carry ${issued}): the condition is unmet for every token, so nothing can assume the role through this statement.`;
  }
  return `${where} checks ${key} with ${operator}, a key the provider never issues (its tokens carry ${issued}): the condition holds for every token, and checks nothing.`;
}

/** Whether an operator is false when the key is absent from the request: not `...IfExists`, not `ForAllValues:`, not a negated operator. */
function requiresKey(operator: string): boolean {
  return !/IfExists$/.test(operator) && !/^ForAllValues:/.test(operator) && !/Not/.test(operator) && operator !== 'Null';
}

/**
 * Whether exact claim conditions pin one repository: `repository_id` with
 * numeric values, or `repository` with OWNER/REPO values (deploy-time values
 * pass: they are matched exactly).
 */
function claimAnchorOf(exactClaims: Record<string, unknown[]>): boolean {
  const all = (values: unknown[] | undefined, shape: RegExp) =>
    values !== undefined && values.length > 0 && values.every((v) => typeof v !== 'string' || shape.test(v));
  return all(exactClaims.repository_id, /^[1-9][0-9]*$/) || all(exactClaims.repository, /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/);
}

/**
 * The Allow statements of GitHub providers that check no `sub` and whose
 * claims a pull request workflow can match: no exact `environment` claim
 * (a `ref` claim also matches `pull_request_target` runs on the base branch).
 */
export function githubClaimStatementsAdmittingPullRequests(resolvedDocument: any, options: GithubTrustAuditOptions = {}): GithubSubjectCondition[] {
  const out: GithubSubjectCondition[] = [];
  for (const { statement, where } of githubAllowStatements(resolvedDocument, options)) {
    const keys = Object.entries<Record<string, unknown>>(statement.Condition ?? {}).flatMap(([operator, block]) =>
      Object.keys(block ?? {}).map((key) => ({ operator, key, value: block[key] })),
    );
    if (keys.some((k) => /:sub$/.test(k.key)) || !keys.some((k) => CLAIM_KEY.test(k.key) && !/:aud$/.test(k.key))) {
      continue;
    }
    if (keys.some((k) => k.operator === 'StringEquals' && /:environment$/.test(k.key))) {
      continue;
    }
    const claims = keys.filter((k) => !/:aud$/.test(k.key)).map((k) => `${k.key.replace(/^.*:/, '')}=${typeof k.value === 'string' ? k.value : JSON.stringify(k.value)}`);
    out.push({ where, operator: 'StringEquals', value: `claims(${claims.join(', ')})` });
  }
  return out;
}

/** The GitHub provider a statement's Federated principal names, or undefined when it names none. */
function githubProviderOf(statement: any, options: GithubTrustAuditOptions): { conditionKeyPrefix?: string } | undefined {
  const federated = [statement?.Principal?.Federated].flat().filter((f) => f !== undefined);
  for (const f of federated) {
    const text = JSON.stringify(f);
    if (options.providerReference !== undefined && text === JSON.stringify(options.providerReference)) {
      return {};
    }
    const known = (options.providers ?? []).find((p) => JSON.stringify(p.reference) === text);
    if (known) {
      return { conditionKeyPrefix: known.conditionKeyPrefix };
    }
    const arn = text.match(GITHUB_PROVIDER);
    if (arn) {
      return { conditionKeyPrefix: options.prefixFromProviderArn ? arn[1] : undefined };
    }
  }
  return undefined;
}

/** One `sub` condition value of a GitHub statement. */
export interface GithubSubjectCondition {
  /** Where the value is: `statement 0` or `statement "Sid"`. */
  readonly where: string;
  /** The condition operator, e.g. `StringLike`. */
  readonly operator: string;
  /** The value (a string, or a deploy-time value). */
  readonly value: unknown;
}

/** The `sub` values that the Allow statements of a resolved trust policy check for GitHub providers (any prefix, any operator). */
export function githubSubjectConditions(resolvedDocument: any, options: GithubTrustAuditOptions = {}): GithubSubjectCondition[] {
  const out: GithubSubjectCondition[] = [];
  for (const { statement, where } of githubAllowStatements(resolvedDocument, options)) {
    for (const [operator, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block ?? {})) {
        if (/:sub$/.test(key)) {
          for (const v of [value].flat()) {
            out.push({ where, operator, value: v });
          }
        }
      }
    }
  }
  return out;
}

/**
 * Whether a pull request workflow can obtain a token whose `sub` this
 * condition value matches:
 * - the value carries a `pull_request` context, an `event_name:pull_request...`
 *   claim, or a `ref:refs/pull/...` ref;
 * - a `StringLike` pattern matches the pull request subject of its own
 *   repository (`repo:OWNER/REPO:pull_request`: `repo:o/r:*`, `repo:o/*`), or
 *   its `ref:` part matches a pull request ref (`refs/pull/1/merge`);
 * - the value carries no context at all (no `environment:`, `ref:`,
 *   `pull_request` or `event_name:` part): a custom subject template without
 *   context admits every event of the repository, pull requests included.
 * Deploy-time values are matched exactly and are not judged; nor are exact
 * values holding `*` or `?`, which no GitHub subject contains.
 */
export function subjectAdmitsPullRequests(value: unknown, operator: string): boolean {
  const pattern = /^(ForAnyValue:|ForAllValues:)?StringLike(IfExists)?$/.test(operator) && typeof value === 'string' && /[*?]/.test(value);
  if (typeof value !== 'string' || (!pattern && /[*?]/.test(value))) {
    // Git refs and GitHub names hold no '*' or '?': matched exactly, such a value matches no token.
    return false;
  }
  if (/(^|:)pull_request(:|$)/.test(value) || /(^|:)event_name:pull_request/.test(value) || /(^|:)ref:refs\/pull\//.test(value)) {
    return true;
  }
  if (pattern) {
    const repo = value.match(/^repo:([^:]*)/);
    if (repo && iamStringLike(value, `repo:${repo[1].replace(/[*?]/g, 'x')}:pull_request`)) {
      return true;
    }
    const ref = value.match(/^(.*(?:^|:)ref:)/);
    if (ref && iamStringLike(value, `${ref[1]}refs/pull/1/merge`)) {
      return true;
    }
  }
  return !/(^|:)(environment:|ref:|pull_request|event_name:)/.test(value);
}

/** Why one `sub` condition value is unsafe, or undefined when it pins a repository, its owner or a reusable workflow. */
export function subjectProblem(value: unknown, operator: string): string | undefined {
  if (typeof value !== 'string') {
    // A deploy-time value is safe where it is matched exactly: "*" is a literal under StringEquals.
    return operator === 'StringEquals' ? undefined : `the sub pattern ${JSON.stringify(value)} is a deploy-time value; a StringLike pattern must be known at synthesis.`;
  }
  const wildcards = operator === 'StringLike' ? /[*?]/ : /(?!)/;
  const repo = value.match(REPO_SEGMENT);
  if (repo) {
    if (wildcards.test(repo[1]) || !REPO_SHAPE.test(repo[1])) {
      return `the sub ${JSON.stringify(value)} does not pin one repository: its owner/repository part "${repo[1]}" must be OWNER/REPO without wildcards.`;
    }
    return undefined;
  }
  const parts = subjectParts(value);
  const first = parts[0][0];
  if (!FIRST_ANCHORS.has(first) && parts.slice(1).some(([key]) => key === 'repo' || FIRST_ANCHORS.has(key))) {
    return (
      `the sub ${JSON.stringify(value)} starts with the claim "${first}" rather than the repository: GitHub writes a sub's claims in the order of the ` +
      `repository's own subject template, so another repository whose template starts with "${first}" chooses that value (a workflow, environment or branch name) ` +
      'and can make its sub match; the repository (repo:OWNER/REPO, repository_id or repository_owner_id) must be the first claim.'
    );
  }
  const anchor = value.match(ANCHOR);
  if (anchor && !(operator === 'StringLike' && /[*?]/.test(anchor[3]))) {
    return undefined;
  }
  return `the sub ${JSON.stringify(value)} pins no repository, owner or reusable workflow; any GitHub repository that can produce the other claims matches it.`;
}

/** The claims that may start a custom `sub`: those naming the repository, its owner or a reusable workflow, which no other repository can choose. */
const FIRST_ANCHORS = new Set(['repository_id', 'repository_owner_id', 'repository_owner', 'repository', 'job_workflow_ref']);

/** A reusable workflow reference pinned to a branch, a tag or a full commit. */
const PINNED_WORKFLOW = /@(refs\/(heads|tags)\/[^*?:\s]+|[0-9a-f]{40})$/;

/**
 * The claim keys a custom `sub` template may hold (GitHub's OIDC claims),
 * which start a new part of the `sub`: `repo:o/r:environment:prod:job_workflow_ref:...`.
 */
const SUB_KEYS = new Set([
  'repo', 'context', 'environment', 'ref', 'pull_request', 'event_name', 'ref_type', 'ref_protected', 'job_workflow_ref', 'job_workflow_sha',
  'workflow', 'workflow_ref', 'workflow_sha', 'runner_environment', 'repository_visibility', 'head_ref', 'base_ref', 'sha', 'run_id', 'run_number',
  'run_attempt', 'enterprise', 'enterprise_id', ...CLAIM_KEYS,
]);

/** The parts of a `sub` value, split where a claim key starts: `[['repo', 'o/r'], ['environment', 'prod']]`. */
export function subjectParts(value: string): Array<[string, string | undefined]> {
  const parts: Array<[string, string | undefined]> = [];
  const pieces = value.split(':');
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (SUB_KEYS.has(piece) || parts.length === 0) {
      parts.push([piece, undefined]);
    } else {
      const last = parts[parts.length - 1];
      last[1] = last[1] === undefined ? piece : `${last[1]}:${piece}`;
    }
  }
  return parts;
}

/**
 * Why a `sub` value is written in a way GitHub never issues: an environment
 * or ref holding an unencoded `:` (GitHub writes `%3A`), or a reusable
 * workflow not pinned to a branch, tag or commit (`@main`, `@*`).
 */
export function subjectWritingProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  for (const [key, part] of subjectParts(value)) {
    if ((key === 'environment' || key === 'ref') && part !== undefined && part.includes(':')) {
      return `the sub ${JSON.stringify(value)} holds the ${key} ${JSON.stringify(part)} with an unencoded ":"; GitHub writes it %3A, so the value can match a forged context instead.`;
    }
    if (key === 'job_workflow_ref' && part !== undefined && !PINNED_WORKFLOW.test(part)) {
      return `the sub ${JSON.stringify(value)} calls the reusable workflow ${JSON.stringify(part)}, which is not pinned: it must end in @refs/heads/BRANCH, @refs/tags/TAG or @<40-hex commit sha>.`;
    }
  }
  return undefined;
}

/** What a GitHub Allow statement admits, as the tier rules judge it. */
export interface GithubTrustedSubject {
  /** Where the statement is: `statement 0` or `statement "Sid"`. */
  readonly where: string;
  /** The `sub` value, or for a statement of claims alone `claims(repository_id=..., environment=...)`. */
  readonly value: string;
  /** Whether the value is a pattern (a `StringLike` value with `*` or `?`). */
  readonly isPattern: boolean;
  /** Whether a pull request workflow can obtain a matching token. */
  readonly admitsPullRequests: boolean;
  /** Whether one repository is pinned (by `repo:OWNER/REPO`, or an exact repository or repository_id claim). */
  readonly anchorsRepository: boolean;
  /** The exact environment pinned, if any. */
  readonly environment?: string;
  /** The exact ref pinned, if any. */
  readonly ref?: string;
}

/**
 * Every subject the GitHub Allow statements of a resolved trust policy
 * admit, with what the tier rules need to know of it. Deploy-time `sub`
 * values are left out (matched exactly, they are not judged).
 */
export function githubTrustedSubjects(resolvedDocument: any, options: GithubTrustAuditOptions = {}): GithubTrustedSubject[] {
  const out: GithubTrustedSubject[] = [];
  for (const { statement, where } of githubAllowStatements(resolvedDocument, options)) {
    const claims: Record<string, unknown[]> = {};
    const subs: Array<{ operator: string; value: unknown }> = [];
    for (const [operator, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block ?? {})) {
        const m = key.match(CLAIM_KEY);
        if (!m || m[2] === 'aud') {
          continue;
        }
        if (m[2] === 'sub') {
          subs.push(...[value].flat().map((v) => ({ operator, value: v })));
        } else if (operator === 'StringEquals') {
          claims[m[2]] = [value].flat();
        }
      }
    }
    const one = (name: string) => (claims[name]?.length === 1 && typeof claims[name][0] === 'string' ? (claims[name][0] as string) : undefined);
    const claimAnchor = claimAnchorOf(claims);
    if (subs.length === 0) {
      const claimText = Object.entries(claims).map(([k, v]) => `${k}=${v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('|')}`);
      const environment = one('environment');
      out.push({
        where,
        value: `claims(${claimText.join(', ')})`,
        isPattern: false,
        admitsPullRequests: environment === undefined,
        anchorsRepository: claimAnchor,
        environment,
        ref: one('ref'),
      });
      continue;
    }
    for (const { operator, value } of subs) {
      if (typeof value !== 'string') {
        continue;
      }
      const isPattern = /StringLike/.test(operator) && /[*?]/.test(value);
      const parts = subjectParts(value);
      const part = (key: string) => parts.find(([k]) => k === key)?.[1];
      const exact = (v: string | undefined) => (v !== undefined && !(isPattern && /[*?]/.test(v)) ? v : undefined);
      const repo = part('repo');
      const environment = exact(part('environment')) ?? one('environment');
      const refPart = part('ref');
      out.push({
        where,
        value,
        isPattern,
        admitsPullRequests: subjectAdmitsPullRequests(value, operator),
        anchorsRepository: claimAnchor || (repo !== undefined && !(isPattern && /[*?]/.test(repo)) && REPO_SHAPE.test(repo)),
        environment,
        ref: exact(refPart) ?? one('ref'),
      });
    }
  }
  return out;
}
