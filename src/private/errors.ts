import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * What an invalid input error says: which construct refused it, which input,
 * what was received, what is expected and, where it is not obvious, why.
 */
export interface InvalidInput {
  /** The construct class that refuses the input, e.g. `GithubOidcProvider`. */
  readonly construct: string;
  /**
   * The construct instance, so that the message can name its path; or the
   * path itself, for checks that run before the construct exists.
   */
  readonly scope?: IConstruct | string;
  /** The prop or argument, e.g. `url` or `subjects[2]`. */
  readonly input: string;
  /** The value received. */
  readonly received: unknown;
  /** What would have been accepted. */
  readonly expected: string;
  /** Why the rule exists, when that is not obvious. */
  readonly reason?: string;
}

/** The error every construct of this library throws for a refused input. */
export class LandingZoneInputError extends Error {
  public readonly construct: string;
  public readonly input: string;
  /** Everything the message says, so that a consuming construct can say it again with its own path. */
  public readonly details: InvalidInput;

  constructor(details: InvalidInput) {
    super(formatInvalidInput(details));
    this.name = 'LandingZoneInputError';
    this.construct = details.construct;
    this.input = details.input;
    this.details = details;
  }
}

/**
 * The error message: `Construct (path): input: received X; expected Y. Why.`
 * It always starts with the construct's name.
 */
export function formatInvalidInput(details: InvalidInput): string {
  const path = typeof details.scope === 'string' ? details.scope : details.scope?.node.path;
  const where = path ? ` (${path})` : '';
  const why = details.reason ? ` ${details.reason}` : '';
  return `${details.construct}${where}: invalid ${details.input}: received ${describeValue(details.received)}; expected ${details.expected}.${why}`;
}

/** Renders a received value compactly and unambiguously for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing (undefined)';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * Refuses a value that does not match `pattern`, with the error `details`
 * describe (what was received is the value). Tokens pass; callers skip an
 * optional value that is not given.
 */
export function validateMatch(pattern: RegExp, value: string, details: Omit<InvalidInput, 'received'>): void {
  if (!Token.isUnresolved(value) && !pattern.test(value)) {
    throw new LandingZoneInputError({ ...details, received: value });
  }
}

/** The path a construct will have: for checks that must run before `super()`. */
export function futurePath(scope: IConstruct, id: string): string {
  return [scope.node.path, id].filter((p) => p !== '').join('/');
}

/** True when a value, or any string in a list of values, is a CDK token unresolved until deploy. */
export function isUnresolved(value: unknown): boolean {
  if (Array.isArray(value)) {
    return Token.isUnresolved(value) || value.some((v) => Token.isUnresolved(v));
  }
  return Token.isUnresolved(value);
}

/**
 * Refusals of values made by static factories (`GithubSubject.branch(...)`,
 * `GithubIssuer.enterprise(...)`, ...), which have no construct path: kept
 * with the value until a construct consumes it (`requireAccepted`), so that
 * the error names the consuming construct's path.
 */
const REFUSALS = new WeakMap<object, InvalidInput>();

/**
 * Runs a static factory's `make`: its checks throw as usual, and a refusal
 * (a `LandingZoneInputError`, or one kept by a value among `inputs`) is kept
 * with `refused(...)`, the factory's placeholder value, instead of thrown.
 * The placeholder's rendered parts throw the refusal when read
 * (`throwIfRefused`): a refused value never reaches a template.
 */
export function refuseLater<T extends object>(inputs: unknown[], make: () => T, refused: () => T): T {
  const kept = inputs.map(refusalOf).find((r) => r !== undefined);
  let refusal = kept;
  if (refusal === undefined) {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof LandingZoneInputError)) {
        throw error;
      }
      refusal = error.details;
    }
  }
  const value = refused();
  REFUSALS.set(value, refusal);
  return value;
}

/** The refusal a factory-made value carries, if any. */
export function refusalOf(value: unknown): InvalidInput | undefined {
  return typeof value === 'object' && value !== null ? REFUSALS.get(value) : undefined;
}

/** Throws the refusal a value carries, as its factory would have (no construct path): for its rendered parts, read outside a construct. */
export function throwIfRefused(value: object): void {
  const refusal = REFUSALS.get(value);
  if (refusal) {
    throw new LandingZoneInputError(refusal);
  }
}

/**
 * Refuses a factory-made value that carries a refusal, naming the consuming
 * construct, its path and the prop (`subjects[0] (GithubSubject branch)`),
 * with the value received and what was expected.
 */
export function requireAccepted(construct: string, scope: IConstruct | string | undefined, input: string, value: unknown): void {
  const refusal = refusalOf(value);
  if (refusal) {
    throw new LandingZoneInputError({ ...refusal, construct, scope, input: `${input} (${refusal.construct} ${refusal.input})` });
  }
}

/** `requireAccepted` for each value of a list prop (`subjects[0]`, `subjects[1]`, ...). */
export function requireAcceptedEach(
  construct: string,
  scope: IConstruct | string | undefined,
  input: string,
  values: readonly unknown[] | undefined,
): void {
  if (Array.isArray(values)) {
    values.forEach((value, i) => requireAccepted(construct, scope, `${input}[${i}]`, value));
  }
}

/**
 * Runs `make`, which builds something without a path of its own (a principal,
 * an inner construct of a separate app), and says any refusal it throws
 * again as the refusal of `construct` at `scope`; `inputs` renames the inner
 * prop to the consumer's (`roleName` of an inner SpokeRole is SpokeFleet's
 * `spokeRoleName`).
 */
export function refuseAt<T>(construct: string, scope: IConstruct | string, make: () => T, inputs: Record<string, string> = {}): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof LandingZoneInputError)) {
      throw error;
    }
    const inner = error.details;
    throw new LandingZoneInputError({ ...inner, construct, scope, input: inputs[inner.input] ?? inner.input });
  }
}

/**
 * The JavaScript type a required prop must have: `list` is an array, `object`
 * anything else but a primitive; a list of strings, the values of an enum.
 */
export type PropKind = 'string' | 'number' | 'boolean' | 'list' | 'object' | readonly string[];

const KIND_TEXT: Record<Exclude<PropKind, readonly string[]>, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  list: 'a list',
  object: 'an object',
};

function hasKind(value: unknown, kind: PropKind): boolean {
  if (Array.isArray(kind)) {
    return kind.includes(value as string);
  }
  switch (kind) {
    case 'list':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === kind;
  }
}

/**
 * Refuses required props that are missing (`undefined` or `null`) or of the
 * wrong JavaScript type, as a JavaScript caller, or a TypeScript caller who
 * casts, can pass them: the error names the construct's path and the prop,
 * instead of a later `TypeError: Cannot read properties of undefined`.
 * `props` itself may be missing too. Tokens pass (a list token is an array,
 * a number token a number).
 */
export function requireProps(construct: string, scope: IConstruct | string | undefined, props: unknown, required: Record<string, PropKind>): void {
  const names = Object.keys(required);
  if (!hasKind(props, 'object')) {
    throw new LandingZoneInputError({ construct, scope, input: 'props', received: props, expected: `an object with ${names.join(', ')}` });
  }
  for (const name of names) {
    const value = (props as Record<string, unknown>)[name];
    if (!hasKind(value, required[name])) {
      const kind = required[name];
      const expected = Array.isArray(kind) ? `one of ${kind.join(', ')}` : KIND_TEXT[kind as Exclude<PropKind, readonly string[]>];
      throw new LandingZoneInputError({ construct, scope, input: name, received: value, expected: `${expected} (the prop is required)` });
    }
  }
}
