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

  constructor(details: InvalidInput) {
    super(formatInvalidInput(details));
    this.name = 'LandingZoneInputError';
    this.construct = details.construct;
    this.input = details.input;
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
