/**
 * A small evaluator of IAM trust policies for web-identity (OIDC) tokens,
 * written for the security tests: @cloud-copilot/iam-simulate drops the
 * `<issuer>:sub` and `<issuer>:aud` keys (docs/development.md), so these tests
 * decide the question from the synthesized conditions themselves.
 *
 * It implements the IAM semantics the trust policies of this library can use:
 * Allow and Deny statements, Federated principals, the String operators
 * (Equals, NotEquals, Like, NotLike, EqualsIgnoreCase), `...IfExists`, and
 * the `ForAllValues:` / `ForAnyValue:` set qualifiers. Anything else throws,
 * so that an unexpected policy shape cannot pass silently.
 * It is deliberately independent of src/ (wildcards through regular
 * expressions, not the library's matcher).
 */

/** A GitHub Actions token as the tests describe it. */
export interface GithubToken {
  /** The issuer URL, e.g. https://token.actions.githubusercontent.com */
  readonly iss: string;
  /** Absent: a token without the claim (the key is then absent from the request context). */
  readonly aud?: string;
  /** Absent: a token without the claim. */
  readonly sub?: string;
  /**
   * GitHub's other claims (`repository_id`, `environment`, `ref`,
   * `job_workflow_ref`, ...), which STS exposes as `<issuer>:<claim>` keys.
   * A claim the token does not carry is absent from the request context.
   */
  readonly claims?: Record<string, string>;
}

export interface WebIdentityRequest {
  /** The ARN of the OIDC provider the token is presented through. */
  readonly providerArn: string;
  readonly token: GithubToken;
  readonly action?: string;
}

type Values = string[];

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

const MATCHERS: Record<string, (policyValue: string, requestValue: string) => boolean> = {
  StringEquals: (p, r) => p === r,
  StringLike: (p, r) => likeToRegExp(p).test(r),
  StringEqualsIgnoreCase: (p, r) => p.toLowerCase() === r.toLowerCase(),
};
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotLike: 'StringLike',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
};

export function evaluateCondition(operatorWithQualifiers: string, policyValues: Values, requestValues: Values | undefined): boolean {
  let operator = operatorWithQualifiers;
  let qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  const q = operator.match(/^(ForAllValues|ForAnyValue):(.*)$/);
  if (q) {
    qualifier = q[1] as 'ForAllValues' | 'ForAnyValue';
    operator = q[2];
  }
  let ifExists = false;
  if (operator.endsWith('IfExists')) {
    ifExists = true;
    operator = operator.slice(0, -'IfExists'.length);
  }
  const negatedBase = NEGATED[operator];
  const base = negatedBase ?? operator;
  const match = MATCHERS[base];
  if (!match) {
    throw new Error(`trust-evaluator: operator ${operatorWithQualifiers} is not implemented`);
  }
  const present = requestValues !== undefined && requestValues.length > 0;
  if (qualifier === 'ForAllValues') {
    // True when the key is absent or every request value satisfies the operator.
    if (!present) return true;
    return requestValues!.every((r) => (negatedBase ? !policyValues.some((p) => match(p, r)) : policyValues.some((p) => match(p, r))));
  }
  if (qualifier === 'ForAnyValue') {
    if (!present) return false;
    return requestValues!.some((r) => (negatedBase ? !policyValues.some((p) => match(p, r)) : policyValues.some((p) => match(p, r))));
  }
  if (!present) {
    return ifExists || negatedBase !== undefined;
  }
  const r = requestValues![0];
  const any = policyValues.some((p) => match(p, r));
  return negatedBase ? !any : any;
}

function contextFor(request: WebIdentityRequest): Record<string, Values> {
  const host = request.token.iss.replace(/^https:\/\//, '').toLowerCase();
  const context: Record<string, Values> = {};
  for (const [claim, value] of Object.entries(request.token.claims ?? {})) {
    context[`${host}:${claim}`.toLowerCase()] = [value];
  }
  if (request.token.sub !== undefined) {
    context[`${host}:sub`] = [request.token.sub];
  }
  if (request.token.aud !== undefined) {
    context[`${host}:aud`] = [request.token.aud];
  }
  return context;
}

function statementApplies(statement: any, request: WebIdentityRequest): boolean {
  const action = request.action ?? 'sts:AssumeRoleWithWebIdentity';
  const actions: string[] = [statement.Action].flat().filter(Boolean);
  if (!actions.some((a) => likeToRegExp(a).test(action))) {
    return false;
  }
  const federated: string[] = [statement.Principal?.Federated].flat().filter(Boolean);
  if (!federated.includes(request.providerArn)) {
    return false;
  }
  const context = contextFor(request);
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      const policyValues = [value].flat().map(String);
      const requestValues = context[key.toLowerCase()];
      if (!evaluateCondition(operator, policyValues, requestValues)) {
        return false;
      }
    }
  }
  return true;
}

/** Whether the trust policy lets the token's workflow assume the role. */
export function admits(trustPolicy: any, request: WebIdentityRequest): boolean {
  const statements: any[] = [trustPolicy.Statement].flat();
  for (const s of statements) {
    if (typeof s.Principal === 'string' || s.NotPrincipal || s.NotAction) {
      throw new Error('trust-evaluator: Principal "*", NotPrincipal and NotAction are not implemented');
    }
  }
  if (statements.some((s) => s.Effect === 'Deny' && statementApplies(s, request))) {
    return false;
  }
  return statements.some((s) => s.Effect === 'Allow' && statementApplies(s, request));
}

/** A request as a resource control policy sees it: a GitHub token presented to assume one role. */
export interface RcpRequest {
  readonly token: GithubToken;
  /** The ARN of the role being assumed (the RCP's resource). */
  readonly roleArn: string;
  readonly action?: string;
}

/**
 * Whether a resource control policy denies the request. RCP statements are
 * Deny statements with Principal "*"; Resource or NotResource select the
 * role; besides the String operators, `Null` is implemented ("true": the key
 * is absent, "false": it is present).
 */
export function rcpDenies(policy: any, request: RcpRequest): boolean {
  const action = request.action ?? 'sts:AssumeRoleWithWebIdentity';
  const context = contextFor({ providerArn: '', token: request.token });
  return [policy.Statement].flat().some((statement: any) => {
    if (statement.Effect !== 'Deny' || statement.Principal !== '*') {
      throw new Error('trust-evaluator: an RCP holds Deny statements with Principal "*" only');
    }
    const actions: string[] = [statement.Action].flat();
    if (!actions.some((a) => likeToRegExp(a).test(action))) {
      return false;
    }
    const resources: string[] | undefined = statement.Resource !== undefined ? [statement.Resource].flat() : undefined;
    const notResources: string[] | undefined = statement.NotResource !== undefined ? [statement.NotResource].flat() : undefined;
    if (resources && !resources.some((r) => likeToRegExp(r).test(request.roleArn))) {
      return false;
    }
    if (notResources && notResources.some((r) => likeToRegExp(r).test(request.roleArn))) {
      return false;
    }
    for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
        const requestValues = context[key.toLowerCase()];
        if (operator === 'Null') {
          const absent = requestValues === undefined;
          if (String(value) !== String(absent)) {
            return false;
          }
          continue;
        }
        if (!evaluateCondition(operator, [value].flat().map(String), requestValues)) {
          return false;
        }
      }
    }
    return true;
  });
}
