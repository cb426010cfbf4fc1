import { githubIssuerPrefix } from '../github-oidc/trust-audit';
import { listOf } from '../landing-zone-checks/engine/values';

/** A GitHub subject of a trust statement, before the role's facts are added. */
export interface GithubSubjectOfStatement {
  readonly subject: string;
  readonly claims?: { [claim: string]: string };
  readonly matchedWith: string;
  readonly issuer: string;
}

/** A non-GitHub web identity of a trust statement, before the role's facts are added. */
export interface WebIdentityOfStatement {
  readonly kind: string;
  readonly provider: string;
  readonly subject: string;
  readonly matchedWith: string;
}

/** How a value shows in a report: strings as they are, deploy-time values as JSON. */
function display(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The issuers (or principals) of a statement's `Federated` principal, as strings. */
function federated(statement: any): string[] {
  return listOf(statement?.Principal?.Federated).filter((f): f is string => typeof f === 'string');
}

/** The issuer of a federated principal that names an OIDC provider, or undefined. */
function oidcIssuer(principal: string): string | undefined {
  return principal.match(/:oidc-provider\/(.+)$/)?.[1];
}

function isGithub(principal: string): boolean {
  const issuer = oidcIssuer(principal);
  return issuer !== undefined && githubIssuerPrefix(`https://${issuer}`) !== undefined;
}

/**
 * The GitHub subjects of a resolved trust statement: its `sub` values (any
 * operator), each with the claims the statement also requires exactly; a
 * statement that checks claims and no `sub` shows as `claims(...)`.
 * Undefined when the statement is not an Allow for a GitHub provider.
 */
export function githubTrustOf(statement: any): { subjects: GithubSubjectOfStatement[] } | undefined {
  if (statement?.Effect !== 'Allow' || !federated(statement).some(isGithub)) {
    return undefined;
  }
  const claims: Record<string, string> = {};
  let claimIssuer: string | undefined;
  for (const [key, value] of Object.entries<unknown>(statement.Condition?.StringEquals ?? {})) {
    const c = key.match(/^(.*):([a-z_]+)$/);
    if (c && c[2] !== 'sub' && c[2] !== 'aud' && c[2] !== 'amr') {
      claims[c[2]] = listOf(value).map(display).join(' | ');
      claimIssuer = c[1];
    }
  }
  const hasClaims = Object.keys(claims).length > 0;
  const subs: Array<[string, string, unknown]> = [];
  for (const [operator, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(block ?? {})) {
      const m = key.match(/^(.*):sub$/);
      if (m) {
        subs.push([operator, m[1], value]);
      }
    }
  }
  if (subs.length === 0 && hasClaims) {
    subs.push(['StringEquals', claimIssuer!, `claims(${Object.entries(claims).map(([k, v]) => `${k}=${v}`).join(', ')})`]);
  }
  return {
    subjects: subs.flatMap(([operator, issuer, value]) =>
      listOf(value).map((v) => ({ subject: display(v), claims: hasClaims ? claims : undefined, matchedWith: operator, issuer })),
    ),
  };
}

/**
 * The web identities of a resolved trust statement that are not GitHub's:
 * EKS clusters (`oidc.eks.*`, their service accounts), other OIDC providers,
 * SAML providers, Cognito and the public identity providers. One entry per
 * `sub` value, or `(any subject)` when the statement checks none.
 */
export function describeWebIdentity(statement: any): WebIdentityOfStatement[] {
  if (statement?.Effect !== 'Allow') {
    return [];
  }
  const out: WebIdentityOfStatement[] = [];
  for (const principal of federated(statement).filter((p) => !isGithub(p))) {
    const issuer = oidcIssuer(principal);
    const saml = principal.match(/:saml-provider\/(.+)$/)?.[1];
    const kind = issuer !== undefined
      ? (/^oidc\.eks\./.test(issuer) ? 'EKS service account' : /^oidc\.circleci\.com\/org\//.test(issuer) ? 'CircleCI' : 'OIDC')
      : saml !== undefined ? 'SAML' : principal === 'cognito-identity.amazonaws.com' ? 'Cognito' : 'web identity';
    const provider = issuer ?? saml ?? principal;
    const subjects: Array<[string, unknown]> = [];
    for (const [operator, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
      for (const [key, value] of Object.entries(block ?? {})) {
        if (/:sub$/i.test(key)) {
          for (const v of listOf(value)) {
            subjects.push([operator, v]);
          }
        }
      }
    }
    if (subjects.length === 0) {
      out.push({ kind, provider, subject: '(any subject)', matchedWith: '' });
    }
    for (const [operator, v] of subjects) {
      out.push({ kind, provider, subject: display(v), matchedWith: operator });
    }
  }
  return out;
}
