/**
 * Reads a resolved trust policy and reports every way its CircleCI OIDC
 * statements are unsafe (docs/security-model.md#circleci-trust). The
 * constructs of this library never emit these forms; the audit catches
 * statements added or overridden later (LZ-CCI1).
 */

const CIRCLECI_PROVIDER = /oidc-provider\/(oidc\.circleci\.com\/org\/[^"/]+)/;
const CIRCLECI_ISSUER_URL = /^https:\/\/(oidc\.circleci\.com\/org\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const KEY = /^(oidc\.circleci\.com\/org\/[^:]+):(.+)$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A `sub` value pinning organization and project literally; the rest (from the user id on) follows. */
const SUB = new RegExp(`^org/(${UUID})/project/(${UUID})/user/(.*)$`);

/** The condition-key prefix of a CircleCI issuer URL, or undefined when the URL is not CircleCI's. */
export function circleCiIssuerPrefix(url: unknown): string | undefined {
  const m = typeof url === 'string' ? url.match(CIRCLECI_ISSUER_URL) : null;
  return m ? m[1] : undefined;
}

/** A reference to a CircleCI OIDC provider, as a Federated principal holds it. */
export interface CircleCiProviderReference {
  /** The value of the Federated principal, e.g. `{ Ref: 'CircleCiOidc' }`. */
  readonly reference: unknown;
  /** The provider's condition-key prefix: `oidc.circleci.com/org/<organization id>`. */
  readonly conditionKeyPrefix: string;
}

export interface CircleCiTrustAuditOptions {
  /** CircleCI providers named by reference (a `{Ref}` to a provider of the template), besides ARNs that name CircleCI's issuer. */
  readonly providers?: CircleCiProviderReference[];
}

/** The CircleCI Allow statements of a resolved trust policy, with the provider's prefix and where each stands. */
interface CircleCiAllowStatement {
  readonly statement: any;
  readonly prefix: string;
  readonly where: string;
}

function circleCiAllowStatements(resolvedDocument: any, options: CircleCiTrustAuditOptions): CircleCiAllowStatement[] {
  const statements: any[] = Array.isArray(resolvedDocument?.Statement) ? resolvedDocument.Statement : [resolvedDocument?.Statement].filter(Boolean);
  return statements.flatMap((statement, index) => {
    if (statement?.Effect !== 'Allow') {
      return [];
    }
    for (const f of [statement?.Principal?.Federated].flat().filter((x) => x !== undefined)) {
      const text = JSON.stringify(f);
      const known = (options.providers ?? []).find((p) => JSON.stringify(p.reference) === text);
      const arn = text.match(CIRCLECI_PROVIDER);
      const prefix = known?.conditionKeyPrefix ?? arn?.[1];
      if (prefix !== undefined) {
        return [{ statement, prefix, where: `statement ${statement.Sid ? `"${statement.Sid}"` : index}` }];
      }
    }
    return [];
  });
}

/**
 * Problems found, one sentence each; empty when every CircleCI statement
 * allows only sts:AssumeRoleWithWebIdentity, checks `aud` with StringEquals
 * against the organization id, and checks `sub` (StringEquals or StringLike)
 * with values that pin the organization and one project literally, with a
 * wildcard only as the whole user part (`/user/*`), or `?` per character.
 * Conditions on CircleCI's other claims are not judged: beside these pins
 * they can only narrow the trust.
 */
export function auditCircleCiTrust(resolvedDocument: any, options: CircleCiTrustAuditOptions = {}): string[] {
  const problems: string[] = [];
  for (const { statement, prefix, where } of circleCiAllowStatements(resolvedDocument, options)) {
    const organization = prefix.replace(/^oidc\.circleci\.com\/org\//, '');
    const others = [statement.Action].flat().filter((a) => a !== 'sts:AssumeRoleWithWebIdentity');
    if (others.length > 0) {
      problems.push(`${where} also allows ${others.join(', ')}; a CircleCI OIDC trust must allow only sts:AssumeRoleWithWebIdentity.`);
    }
    let aud: unknown[] | undefined;
    const subs: Array<{ operator: string; value: unknown }> = [];
    for (const [operator, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block ?? {})) {
        const m = key.match(KEY);
        if (!m) {
          continue;
        }
        if (m[1] !== prefix) {
          problems.push(`${where} checks ${key}, a key of another issuer than its provider's (${prefix}): the condition does not apply to the provider's tokens.`);
          continue;
        }
        if (m[2] !== 'sub' && m[2] !== 'aud') {
          // CircleCI's own claims can only narrow a trust whose aud and sub are pinned (or, where STS does not evaluate them, lock it): not judged.
          continue;
        }
        if (operator !== 'StringEquals' && operator !== 'StringLike') {
          problems.push(`${where} checks ${key} with ${operator}; only StringEquals (aud, sub) and StringLike (sub) pin a CircleCI token.`);
          continue;
        }
        const values = [value].flat();
        if (m[2] === 'aud') {
          if (operator === 'StringEquals') {
            aud = values;
          } else {
            problems.push(`${where} matches the aud with StringLike; it must equal the organization id.`);
          }
        } else {
          subs.push(...values.map((v) => ({ operator, value: v })));
        }
      }
    }
    if (!aud || aud.length === 0) {
      problems.push(`${where} has no StringEquals condition on the token's aud.`);
    } else if (aud.some((a) => typeof a === 'string' && a !== organization)) {
      problems.push(`${where} accepts the audience ${JSON.stringify(aud)}, not the organization id ${organization} that CircleCI's tokens carry.`);
    }
    if (subs.length === 0) {
      problems.push(`${where} has no condition on the token's sub: every job of the organization ${organization} could assume the role.`);
    }
    for (const { operator, value } of subs) {
      const problem = circleCiSubjectProblem(value, operator, organization);
      if (problem) {
        problems.push(`${where}: ${problem}`);
      }
    }
  }
  return problems;
}

/** Why one `sub` value does not pin the organization and one project, or undefined when it does. */
export function circleCiSubjectProblem(value: unknown, operator: string, organization: string): string | undefined {
  if (typeof value !== 'string') {
    return operator === 'StringEquals' ? undefined : `the sub pattern ${JSON.stringify(value)} is a deploy-time value; a StringLike pattern must be known at synthesis.`;
  }
  const m = value.match(SUB);
  if (!m) {
    return `the sub ${JSON.stringify(value)} does not pin an organization and a project: it must start with a literal org/<organization id>/project/<project id>/user/.`;
  }
  if (m[1] !== organization) {
    return `the sub ${JSON.stringify(value)} names the organization ${m[1]}, not the provider's ${organization}: no token matches it.`;
  }
  const rest = m[3];
  if (operator === 'StringLike' && rest !== '*' && rest.includes('*')) {
    return `the sub ${JSON.stringify(value)} has a "*" followed by more text: the branch name of a pipeline is part of the sub, so a branch can be named to match what follows the "*"; use "?" per character of the user id, or "/user/*" for the whole project.`;
  }
  return undefined;
}

/** Each project (organization/project) a CircleCI trust admits, with its sub values, as the tier rules read it. */
export interface CircleCiTrustedSubject {
  readonly where: string;
  readonly value: string;
  /** Whether the value admits every branch of the project (`.../user/*`, or no ref part). */
  readonly wholeProject: boolean;
}

/** The `sub` values of a trust policy's CircleCI Allow statements (literal ones only). */
export function circleCiTrustedSubjects(resolvedDocument: any, options: CircleCiTrustAuditOptions = {}): CircleCiTrustedSubject[] {
  const out: CircleCiTrustedSubject[] = [];
  for (const { statement, where } of circleCiAllowStatements(resolvedDocument, options)) {
    for (const block of Object.values<Record<string, unknown>>(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block ?? {})) {
        if (!/:sub$/.test(key)) {
          continue;
        }
        for (const v of [value].flat()) {
          if (typeof v === 'string') {
            out.push({ where, value: v, wholeProject: !/\/vcs-ref\/refs\/heads\/[^*?]+$/.test(v) });
          }
        }
      }
    }
  }
  return out;
}
