import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * IAM size limits, in characters as IAM counts them (white space outside
 * strings is not counted).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const IAM_LIMITS = {
  /** Role trust policy, default quota. */
  TRUST_POLICY_DEFAULT: 2048,
  /** Role trust policy, the most the quota can be raised to. */
  TRUST_POLICY_MAX: 4096,
  /** Customer managed policy. */
  MANAGED_POLICY: 6144,
  /** All inline policies of one role together. */
  ROLE_INLINE_POLICIES: 10240,
};

/**
 * Stand-ins for values only known at deploy time. Each is the longest value
 * the parameter takes in any AWS partition, so a measured size is an upper
 * bound wherever a pseudo parameter is involved.
 */
const PSEUDO_PARAMETER_WORST_CASE: Record<string, string> = {
  'AWS::Partition': 'aws-us-gov',
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'ap-southeast-7',
  'AWS::URLSuffix': 'amazonaws.com.cn',
  'AWS::NoValue': '',
  'AWS::StackName': 'x'.repeat(128),
  'AWS::StackId': `arn:aws-us-gov:cloudformation:ap-southeast-7:123456789012:stack/${'x'.repeat(128)}/00000000-0000-0000-0000-000000000000`,
  'AWS::NotificationARNs': 'x'.repeat(256),
};

/**
 * Length counted for a reference to a resource whose deploy-time value this
 * module cannot predict (a `Ref` or `Fn::GetAtt` other than the ones it knows).
 */
export const UNKNOWN_REFERENCE_LENGTH = 256;

/** The size of a policy document as IAM counts it. */
export interface PolicySize {
  /** Characters, white space outside strings not counted. */
  readonly characters: number;
  /**
   * Whether a deploy-time reference had to be estimated. Pseudo parameters are
   * counted at their longest value; other references at
   * `UNKNOWN_REFERENCE_LENGTH` unless their shape is known.
   */
  readonly estimated: boolean;
  /** The document with every reference replaced by its stand-in, minified. */
  readonly rendered: string;
}

/**
 * Measures a policy document (an `iam.PolicyDocument`, or its JSON) after
 * resolution, the way IAM counts it: minified JSON, white space inside string
 * values kept, deploy-time references replaced by their longest plausible value.
 */
export function measurePolicySize(scope: IConstruct, document: unknown): PolicySize {
  const stack = Stack.of(scope);
  const resolved = stack.resolve(document);
  const state = { estimated: false };
  const concrete = renderValue(stack, resolved, state);
  const rendered = JSON.stringify(concrete);
  return { characters: rendered.length, estimated: state.estimated, rendered };
}

interface RenderState {
  estimated: boolean;
}

function renderValue(stack: Stack, value: unknown, state: RenderState): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => renderValue(stack, v, state));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return renderIntrinsic(stack, keys[0], (value as Record<string, unknown>)[keys[0]], state);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      out[key] = renderValue(stack, (value as Record<string, unknown>)[key], state);
    }
    return out;
  }
  return value;
}

function renderString(stack: Stack, value: unknown, state: RenderState): string {
  const rendered = renderValue(stack, value, state);
  if (typeof rendered === 'string') {
    return rendered;
  }
  if (Array.isArray(rendered)) {
    return rendered.map(String).join(',');
  }
  return String(rendered);
}

function renderIntrinsic(stack: Stack, fn: string, arg: unknown, state: RenderState): unknown {
  switch (fn) {
    case 'Ref': {
      const name = String(arg);
      if (name in PSEUDO_PARAMETER_WORST_CASE) {
        if (name !== 'AWS::NoValue') {
          state.estimated = true;
        }
        return PSEUDO_PARAMETER_WORST_CASE[name];
      }
      return renderResourceReference(stack, name, state);
    }
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      const renderedParts = renderValue(stack, parts, state);
      return Array.isArray(renderedParts) ? renderedParts.map(String).join(separator) : renderString(stack, renderedParts, state);
    }
    case 'Fn::Sub': {
      const template = Array.isArray(arg) ? String(arg[0]) : String(arg);
      const variables = Array.isArray(arg) ? (arg[1] as Record<string, unknown>) ?? {} : {};
      return template.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
        if (name in variables) {
          return renderString(stack, variables[name], state);
        }
        return renderString(stack, { Ref: name }, state);
      });
    }
    case 'Fn::If': {
      const [, whenTrue, whenFalse] = arg as [string, unknown, unknown];
      const a = JSON.stringify(renderValue(stack, whenTrue, state)) ?? '';
      const b = JSON.stringify(renderValue(stack, whenFalse, state)) ?? '';
      state.estimated = true;
      return renderValue(stack, a.length >= b.length ? whenTrue : whenFalse, state);
    }
    default:
      state.estimated = true;
      return 'x'.repeat(UNKNOWN_REFERENCE_LENGTH);
  }
}

/**
 * A `Ref` to a resource of the same stack. The shapes this library emits are
 * known (an OIDC provider's ARN); anything else is counted as an unknown reference.
 */
function renderResourceReference(stack: Stack, logicalId: string, state: RenderState): string {
  const resource = stack.node
    .findAll()
    .find((c): c is CfnResource => CfnResource.isCfnResource(c) && stack.resolve(c.logicalId) === logicalId);
  state.estimated = true;
  if (resource && resource.cfnResourceType === 'AWS::IAM::OIDCProvider') {
    const url = stack.resolve((resource as unknown as { url?: unknown }).url);
    if (typeof url === 'string') {
      const host = url.replace(/^https:\/\//, '');
      const partition = renderString(stack, stack.resolve(stack.partition), state);
      const account = renderString(stack, stack.resolve(stack.account), state);
      return `arn:${partition}:iam::${account}:oidc-provider/${host}`;
    }
  }
  return 'x'.repeat(UNKNOWN_REFERENCE_LENGTH);
}
