/**
 * The one harness of the evaluation proofs around the IAM policy simulator
 * @cloud-copilot/iam-simulate (AGPL: a dev dependency, never shipped).
 *
 * A case names the request (principal, action, resource, context) and the
 * policies that decide it: the caller's identity policies, its permissions
 * boundary, and the resource's policy (a role's trust policy for
 * `sts:AssumeRole`). No SCP or RCP is involved beyond the simulator's default
 * RCPFullAWSAccess.
 *
 * Nothing can pass by being skipped: the harness throws when the simulator
 * refuses the request (an unknown action, a resource of the wrong type, an
 * invalid policy), when it ignores a context key it was given (a key that
 * does not apply to the action, or one it does not know, such as the OIDC
 * `<issuer>:sub` and `:aud` keys: decide those with ./trust-evaluator), and
 * when a wildcard resource leaves it nothing to evaluate.
 *
 * The request context is exactly what the case gives, plus `aws:PrincipalArn`
 * (the principal, unless the case sets it, e.g. to the role of a session).
 */
import { runSimulation, type RequestAnalysis, type Simulation } from '@cloud-copilot/iam-simulate';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** A policy document as IAM stores it (literal values, no CloudFormation intrinsics). */
export type PolicyDocument = unknown;

export interface SimulationCase {
  /** The ARN of the caller: a role, a user or a role session. */
  readonly principal: string;
  readonly action: string;
  /** The ARN of the resource, or `*`. */
  readonly resource: string;
  /** The account that owns the resource; by default the account in the resource ARN. */
  readonly resourceAccount?: string;
  /** The request context; `aws:PrincipalArn` defaults to the principal. */
  readonly context?: Record<string, string | string[]>;
  /** The caller's identity policies, by name. */
  readonly identityPolicies: Record<string, PolicyDocument>;
  /** The caller's permissions boundary, if any. */
  readonly permissionBoundary?: PolicyDocument;
  /** The resource-based policy, if any: a vault access policy, a key policy, a role's trust policy. */
  readonly resourcePolicy?: PolicyDocument;
  /**
   * The trust policy of the role an `sts:AssumeRole*` action assumes: the
   * resource policy under its IAM name, checked to go with such an action.
   */
  readonly trustPolicy?: PolicyDocument;
}

export interface SimulationOutcome {
  readonly decision: Decision;
  /**
   * The statements that denied explicitly, each as its Sid (or `#<n>`, its
   * 1-based position in its policy, when it has none), sorted and without
   * repeats; empty unless the decision is `ExplicitlyDenied`.
   */
  readonly deniedBy: string[];
}

function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function denyStatementsOf(analysis: RequestAnalysis): string[] {
  const statements = [
    analysis.identityAnalysis,
    analysis.sessionAnalysis,
    analysis.permissionBoundaryAnalysis,
    analysis.resourceAnalysis,
    analysis.endpointAnalysis,
    ...(analysis.scpAnalysis?.ouAnalysis ?? []),
    ...(analysis.rcpAnalysis?.ouAnalysis ?? []),
  ].flatMap((a) => a?.denyStatements ?? []);
  return statements.map((s) => s.statement.sid() ?? `#${s.statement.index()}`);
}

/** Evaluates one case. Throws if the simulator refuses it or ignores a context key of it. */
export async function simulate(c: SimulationCase): Promise<SimulationOutcome> {
  const what = `${c.action} by ${c.principal} on ${c.resource}`;
  if (c.trustPolicy !== undefined && c.resourcePolicy !== undefined) {
    throw new Error(`simulation of ${what}: give a trustPolicy or a resourcePolicy, not both`);
  }
  if (c.trustPolicy !== undefined && !c.action.startsWith('sts:AssumeRole')) {
    throw new Error(`simulation of ${what}: a trustPolicy decides sts:AssumeRole* only`);
  }
  const resourceAccount = c.resourceAccount ?? accountOf(c.resource);
  if (resourceAccount === undefined) {
    throw new Error(`simulation of ${what}: the resource ARN names no account; give resourceAccount`);
  }
  const simulation: Simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: resourceAccount },
      contextVariables: { 'aws:PrincipalArn': c.principal, ...c.context },
    },
    identityPolicies: Object.entries(c.identityPolicies).map(([name, policy]) => ({ name, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.trustPolicy ?? c.resourcePolicy,
  };
  if (c.permissionBoundary !== undefined) {
    simulation.permissionBoundaryPolicies = [{ name: 'PermissionBoundary', policy: c.permissionBoundary }];
  }
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    throw new Error(`simulation refused ${what}: ${JSON.stringify(response.errors)}`);
  }
  // No case may pass because the simulator ignored a condition key.
  const results = response.resultType === 'single' ? [response.result] : response.results;
  if (results.length === 0) {
    throw new Error(`simulation of ${what} evaluated no resource: a wildcard resource matched no pattern of the policies`);
  }
  const ignored = results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) {
    throw new Error(`simulation ignored context keys ${[...new Set(ignored)].join(', ')} for ${what}`);
  }
  const deniedBy = response.overallResult === 'ExplicitlyDenied' ? [...new Set(results.flatMap((r) => denyStatementsOf(r.analysis)))].sort() : [];
  return { decision: response.overallResult, deniedBy };
}

/**
 * The decision as one string, for assertions that also name the deciding
 * statements: `Allowed`, `ImplicitlyDenied`, or `ExplicitlyDenied by <Sid>,...`.
 */
export async function decide(c: SimulationCase): Promise<string> {
  const { decision, deniedBy } = await simulate(c);
  return decision === 'ExplicitlyDenied' ? `ExplicitlyDenied by ${deniedBy.join(',')}` : decision;
}

/** An identity policy that allows every action on every resource (the AWS managed AdministratorAccess). */
export const ADMINISTRATOR_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** An identity policy that allows `sts:AssumeRole` of any role, so that the role's trust policy decides. */
export const ASSUME_ANY_ROLE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };

/** A trust policy that delegates to an account, so that the caller's own policies decide an AssumeRole. */
export function trustsAccount(account: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] };
}
