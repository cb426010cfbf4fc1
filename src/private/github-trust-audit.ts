/**
 * Reads a resolved trust policy and reports every way its GitHub OIDC
 * statements are unsafe (security.md, invariants 5 to 7, 10 and 13).
 * The constructs of this library never emit these forms; the audit catches
 * statements added or overridden later, and serves rule checks of other roles.
 */

const GITHUB_PROVIDER = /oidc-provider\/(token\.actions\.[^"]+|[^"]+\/_services\/token)/;
const ANCHOR = /(^|:)(repository_id|repository_owner_id|repository_owner|repository|job_workflow_ref):([^:]+)/;
const REPO_SEGMENT = /^repo:([^:]*)(:|$)/;
const REPO_SHAPE = /^[A-Za-z0-9-]+(@\d+)?\/[A-Za-z0-9._-]+(@\d+)?$/;

export interface GithubTrustAuditOptions {
  /**
   * The condition-key prefix of the provider the statements must use (the
   * issuer without `https://`). When omitted, any GitHub issuer prefix is accepted.
   */
  readonly conditionKeyPrefix?: string;
  /** Treat a statement as GitHub's when its Federated principal is this value (e.g. a `{Ref}`), besides ARNs that name a GitHub issuer. */
  readonly providerReference?: unknown;
}

/** Problems found, one sentence each; empty when the trust is safe. */
export function auditGithubTrust(resolvedDocument: any, options: GithubTrustAuditOptions = {}): string[] {
  const problems: string[] = [];
  const statements: any[] = Array.isArray(resolvedDocument?.Statement) ? resolvedDocument.Statement : [resolvedDocument?.Statement].filter(Boolean);
  statements.forEach((statement, index) => {
    if (statement.Effect !== 'Allow' || !isGithubStatement(statement, options)) {
      return;
    }
    const where = `statement ${statement.Sid ? `"${statement.Sid}"` : index}`;
    const actions: string[] = [statement.Action].flat();
    const others = actions.filter((a) => a !== 'sts:AssumeRoleWithWebIdentity');
    if (others.length > 0) {
      problems.push(`${where} also allows ${others.join(', ')}; a GitHub OIDC trust must allow only sts:AssumeRoleWithWebIdentity (GitHub sends no session tags).`);
    }
    const conditions: Record<string, Record<string, unknown>> = statement.Condition ?? {};
    const prefixes = new Set<string>();
    let aud: unknown[] | undefined;
    const subs: Array<{ operator: string; values: unknown[] }> = [];
    for (const [operator, block] of Object.entries(conditions)) {
      for (const [key, value] of Object.entries(block ?? {})) {
        const m = key.match(/^(.*):(sub|aud)$/);
        if (!m) {
          continue;
        }
        prefixes.add(m[1]);
        const values = [value].flat();
        if (/^(ForAllValues|ForAnyValue):/.test(operator)) {
          problems.push(`${where} uses ${operator} on ${key}; sub and aud are single-valued, and ForAllValues is true when the key is absent.`);
          continue;
        }
        if (options.conditionKeyPrefix !== undefined && m[1] !== options.conditionKeyPrefix) {
          problems.push(`${where} checks ${key}, but the provider's tokens carry ${options.conditionKeyPrefix}:${m[2]}; the condition never sees the token's claim.`);
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
    if (subs.length === 0) {
      problems.push(`${where} has no StringEquals or StringLike condition on the token's sub; any GitHub repository could assume the role.`);
    }
    for (const { operator, values } of subs) {
      for (const value of values) {
        const problem = subjectProblem(value, operator);
        if (problem) {
          problems.push(`${where}: ${problem}`);
        }
      }
    }
  });
  return problems;
}

function isGithubStatement(statement: any, options: GithubTrustAuditOptions): boolean {
  const federated = [statement.Principal?.Federated].flat().filter((f) => f !== undefined);
  return federated.some((f) => {
    if (options.providerReference !== undefined && JSON.stringify(f) === JSON.stringify(options.providerReference)) {
      return true;
    }
    return GITHUB_PROVIDER.test(JSON.stringify(f));
  });
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
  const anchor = value.match(ANCHOR);
  if (anchor && !(operator === 'StringLike' && /[*?]/.test(anchor[3]))) {
    return undefined;
  }
  return `the sub ${JSON.stringify(value)} pins no repository, owner or reusable workflow; any GitHub repository that can produce the other claims matches it.`;
}
