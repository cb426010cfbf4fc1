import { CheckedTemplate } from './templates';
import { listOf, referencedResource, render, statementsOf, THIS_ACCOUNT } from './values';
import { iamStringLike } from '../../private/iam-match';

/** An identity-policy statement of a role, and where it is written. */
export interface IdentityStatement {
  readonly statement: any;
  /** e.g. `RoleDefaultPolicy1234 (AWS::IAM::Policy)` or `inline policy "Deploy"`. */
  readonly source: string;
}

/** Who a trust statement's `AWS` principal is, seen from the role's account. */
export interface TrustedAccount {
  /** The principal as the template renders it. */
  readonly principal: string;
  /** `*`: anybody; `same`: the role's own account; `other`: another account (or one not known at synthesis). */
  readonly kind: 'wildcard' | 'same' | 'other';
  /** The 12-digit account, where the principal names one literally. */
  readonly account?: string;
}

/**
 * The statements of every identity policy of a role in its template: inline
 * `Policies`, `AWS::IAM::Policy` / `AWS::IAM::RolePolicy` resources attached
 * to it, and `AWS::IAM::ManagedPolicy` resources of the template attached to
 * it (by their `Roles`, or by the role's `ManagedPolicyArns`).
 */
export function identityStatements(template: CheckedTemplate, roleLogicalId: string): IdentityStatement[] {
  const role = template.resources[roleLogicalId];
  const props = role?.Properties ?? {};
  const roleName = typeof props.RoleName === 'string' ? props.RoleName : undefined;
  const namesRole = (v: unknown) => referencedResource(v, template) === roleLogicalId || (roleName !== undefined && v === roleName);
  const out: IdentityStatement[] = [];
  for (const policy of listOf(props.Policies) as any[]) {
    for (const statement of statementsOf(policy?.PolicyDocument, template)) {
      out.push({ statement, source: `inline policy ${JSON.stringify(render(policy?.PolicyName, template))}` });
    }
  }
  const attachedManaged = new Set(listOf(props.ManagedPolicyArns).map((a) => referencedResource(a, template)).filter((id) => id !== undefined));
  for (const [logicalId, resource] of Object.entries<any>(template.resources)) {
    const p = resource?.Properties ?? {};
    const attached =
      ((resource?.Type === 'AWS::IAM::Policy' || resource?.Type === 'AWS::IAM::ManagedPolicy') && listOf(p.Roles).some(namesRole)) ||
      (resource?.Type === 'AWS::IAM::RolePolicy' && namesRole(p.RoleName)) ||
      (resource?.Type === 'AWS::IAM::ManagedPolicy' && attachedManaged.has(logicalId));
    if (attached) {
      for (const statement of statementsOf(p.PolicyDocument, template)) {
        out.push({ statement, source: `${logicalId} (${resource.Type})` });
      }
    }
  }
  return out;
}

/** Whether an Allow statement allows an action (`Action` patterns, or a `NotAction` that leaves it out), IAM's case-insensitive matching. */
export function allowsAction(statement: any, action: string): boolean {
  if (statement?.Effect !== 'Allow') {
    return false;
  }
  const target = action.toLowerCase();
  const matches = (patterns: unknown) => listOf(patterns).some((p) => typeof p === 'string' && iamStringLike(p.toLowerCase(), target));
  if (statement.NotAction !== undefined) {
    return !matches(statement.NotAction);
  }
  return matches(statement.Action);
}

/** Whether a statement's actions cover an action (for Deny statements: `Action` patterns only). */
export function coversAction(statement: any, action: string): boolean {
  const target = action.toLowerCase();
  return listOf(statement?.Action).some((p) => typeof p === 'string' && iamStringLike(p.toLowerCase(), target));
}

/**
 * The `AWS` principals of a trust statement (Allow), classified. A `"*"`
 * principal, `{AWS: "*"}` and an Allow with `NotPrincipal` are wildcards.
 */
export function trustedAccounts(statement: any, template: CheckedTemplate): TrustedAccount[] {
  if (statement?.Effect !== 'Allow') {
    return [];
  }
  if (statement.NotPrincipal !== undefined) {
    return [{ principal: `NotPrincipal ${JSON.stringify(statement.NotPrincipal)}`, kind: 'wildcard' }];
  }
  const principal = statement.Principal;
  if (principal === '*') {
    return [{ principal: '*', kind: 'wildcard' }];
  }
  if (principal === null || typeof principal !== 'object') {
    return [];
  }
  return listOf(principal.AWS).map((value) => classify(value, template));
}

function classify(value: unknown, template: CheckedTemplate): TrustedAccount {
  const rendered = render(value, template);
  if (rendered === '*') {
    return { principal: rendered, kind: 'wildcard' };
  }
  if (rendered === '<import>') {
    return { principal: rendered, kind: 'same' };
  }
  const getatt = rendered.match(/^<getatt:([^.>]+)\.Arn>$/);
  if (getatt && ['AWS::IAM::Role', 'AWS::IAM::User'].includes(template.resources[getatt[1]]?.Type)) {
    return { principal: rendered, kind: 'same' };
  }
  const account = rendered.match(/^(\d{12})$/)?.[1] ?? rendered.match(/^arn:[^:]*:(?:iam|sts)::([^:]*):/)?.[1];
  if (account === THIS_ACCOUNT || (account !== undefined && account === template.account)) {
    return { principal: rendered, kind: 'same' };
  }
  return { principal: rendered, kind: 'other', account: account && /^\d{12}$/.test(account) ? account : undefined };
}

/** The conditions of a statement, as [operator, key, values] with the key in lower case. */
function conditions(statement: any): Array<[string, string, unknown[]]> {
  const out: Array<[string, string, unknown[]]> = [];
  for (const [operator, block] of Object.entries<any>(statement?.Condition ?? {})) {
    if (block === null || typeof block !== 'object') {
      continue;
    }
    for (const [key, value] of Object.entries(block)) {
      out.push([operator, key.toLowerCase(), listOf(value)]);
    }
  }
  return out;
}

/**
 * Whether an operator requires the key to be present and to match: `StringEquals`,
 * `StringLike` and their `ForAnyValue:` forms; not `...IfExists` (true when
 * the key is absent), not `ForAllValues:` (true when the key is absent), not
 * the negated operators.
 */
function isPositive(operator: string): boolean {
  return /^(ForAnyValue:)?String(Equals|Like|EqualsIgnoreCase)$/.test(operator);
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ORGANIZATION_PATH = /^o-[a-z0-9]{10,32}\//;

/**
 * Whether a statement admits only principals of an organization: a positive
 * condition on `aws:PrincipalOrgID` (an `o-...` id) or `aws:PrincipalOrgPaths`
 * (paths starting `o-.../`). Deploy-time values are trusted to be such ids.
 */
export function hasOrganizationCondition(statement: any): boolean {
  return conditions(statement).some(([operator, key, values]) => {
    if (!isPositive(operator) || values.length === 0) {
      return false;
    }
    const literal = values.filter((v) => typeof v === 'string') as string[];
    if (key === 'aws:principalorgid') {
      return literal.every((v) => ORGANIZATION_ID.test(v));
    }
    if (key === 'aws:principalorgpaths') {
      return literal.every((v) => ORGANIZATION_PATH.test(v));
    }
    return false;
  });
}

/** Whether a statement requires an external id (`StringEquals sts:ExternalId`, no wildcard). */
export function hasExternalIdCondition(statement: any): boolean {
  return conditions(statement).some(
    ([operator, key, values]) =>
      /^String(Equals|Like)$/.test(operator) && key === 'sts:externalid' && values.length > 0 && values.every((v) => typeof v !== 'string' || !/^[*?]*$/.test(v)),
  );
}

/** A role's IAM path and name (`/landing-zone/deploy`), when both are literal; otherwise undefined. */
export function rolePathAndName(props: any): string | undefined {
  const rolePath = props?.Path ?? '/';
  return typeof props?.RoleName === 'string' && typeof rolePath === 'string' ? `${rolePath}${props.RoleName}` : undefined;
}

/** Whether a role matches one of the patterns, by its path and name or by its construct path. */
export function roleMatches(patterns: string[], template: CheckedTemplate, logicalId: string): string | undefined {
  const names = [rolePathAndName(template.resources[logicalId]?.Properties), template.pathOf(logicalId)].filter((n) => n !== undefined) as string[];
  return patterns.find((p) => names.some((n) => iamStringLike(p, n)));
}

/** The conditions of a statement on one key, as [operator, values]. */
export function conditionsOn(statement: any, key: string): Array<[string, unknown[]]> {
  return conditions(statement)
    .filter(([, k]) => k === key.toLowerCase())
    .map(([operator, , values]) => [operator, values]);
}

/**
 * The session actions (`sts:SetSourceIdentity`, `sts:TagSession`) a caller's
 * identity statements allow on a role whose trust does not allow them: the
 * caller's every AssumeRole call that sets a source identity or passes tags
 * would be refused (docs/security-model.md#hub-spoke).
 */
export function sessionActionsRefused(
  caller: { template: CheckedTemplate; statements: any[] },
  target: { template: CheckedTemplate; logicalId: string },
): string[] {
  const props = target.template.resources[target.logicalId]?.Properties ?? {};
  const name = typeof props.RoleName === 'string' ? `${props.Path ?? '/'}${props.RoleName}` : undefined;
  // Only statements that name the action and the role: an administrator's "*" says nothing about the trusts it expects.
  const reaches = (statement: any) =>
    listOf(statement.Resource).some((r) => {
      const value = render(r, caller.template);
      return name !== undefined && /^arn:[^:]*:iam::[^:]*:role\//.test(value) && iamStringLike(value.replace(/^arn:[^:]*:iam::[^:]*:role/, ''), name);
    });
  const names = (statement: any, action: string) => statement.Effect === 'Allow' && listOf(statement.Action).some((a) => typeof a === 'string' && a.toLowerCase() === action.toLowerCase());
  const trust = statementsOf(props.AssumeRolePolicyDocument, target.template).filter((s) => s.Effect === 'Allow');
  return ['sts:SetSourceIdentity', 'sts:TagSession'].filter(
    (action) => caller.statements.some((s) => names(s, action) && reaches(s)) && !trust.some((s) => allowsAction(s, action)),
  );
}
