import { createHash } from 'crypto';
import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LandingZoneInputError, validateMatch } from '../private/errors';
import { PROTECTED_FUNCTION_NAME_PREFIX } from '../private/landing-zone';

/** The longest domain name Route 53 accepts, without the trailing dot. */
export const MAX_ZONE_NAME_LENGTH = 253;
/** The longest label of a domain name. */
export const MAX_LABEL_LENGTH = 63;

/** The characters of a label that Route 53 leaves as they are in normalized names (upper case is refused earlier). */
const LABEL_CHARACTERS = /^[a-z0-9_-]+$/;
/** A Route 53 hosted zone id, as the API returns it without the `/hostedzone/` prefix. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

const EXPECTED_NAME =
  'a domain name in its normalized form: lower case, without a trailing dot, dot-separated labels of 1 to 63 letters, digits, hyphens or underscores (no leading or trailing hyphen), at most 253 characters, no wildcard';

/**
 * Refuses a domain name that is not in the form Route 53 uses for
 * `route53:ChangeResourceRecordSetsNormalizedRecordNames`: upper case, a
 * trailing dot, `*`, an empty label, a label over 63 characters, a name over
 * 253 characters, or a character Route 53 would escape. Tokens pass.
 */
export function validateZoneName(construct: string, scope: IConstruct | string | undefined, input: string, name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const refuse = (reason: string): never => {
    throw new LandingZoneInputError({ construct, scope, input, received: name, expected: EXPECTED_NAME, reason });
  };
  if (name.length === 0) {
    refuse('A zone needs a name.');
  }
  if (name.includes('*')) {
    refuse('A wildcard would delegate, or let the delegation role change, names other than the one meant.');
  }
  if (name.endsWith('.')) {
    refuse('IAM compares record names without the trailing dot, so a name written with one would never match.');
  }
  if (name !== name.toLowerCase()) {
    refuse('IAM compares record names in lower case, so a name with upper case letters would never match.');
  }
  if (name.length > MAX_ZONE_NAME_LENGTH) {
    refuse(`The name has ${name.length} characters; DNS allows ${MAX_ZONE_NAME_LENGTH}.`);
  }
  const labels = name.split('.');
  if (labels.includes('')) {
    refuse('A domain name has no empty label (a leading dot, or two dots in a row).');
  }
  const long = labels.find((label) => label.length > MAX_LABEL_LENGTH);
  if (long !== undefined) {
    refuse(`The label "${long.slice(0, 20)}..." has ${long.length} characters; DNS allows ${MAX_LABEL_LENGTH}.`);
  }
  if (labels.some((label) => !LABEL_CHARACTERS.test(label))) {
    refuse('Route 53 escapes other characters in normalized record names, so the delegation condition would not match them as written.');
  }
  if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) {
    refuse('A label neither starts nor ends with a hyphen.');
  }
}

/**
 * Refuses a child zone name that is not a strict subdomain of the parent
 * (`badexample.com` under `example.com`, or the parent itself), after
 * `validateZoneName`. Passes when either name is a token.
 */
export function validateSubdomain(construct: string, scope: IConstruct | string | undefined, input: string, name: string, parentName: string): void {
  validateZoneName(construct, scope, input, name);
  if (Token.isUnresolved(name) || Token.isUnresolved(parentName)) {
    return;
  }
  const parent = stripTrailingDot(parentName);
  if (name === parent || !name.endsWith(`.${parent}`)) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: name,
      expected: `a strict subdomain of the parent zone "${parent}", such as "team.${parent}"`,
      reason:
        name === parent
          ? 'Delegating the parent name itself would let the child replace the NS records of the parent zone apex.'
          : 'A name that merely ends with the same characters is a different domain, not a subdomain.',
    });
  }
}

/** Refuses a hosted zone id that is not `Z` and up to 31 upper-case letters or digits. Tokens pass. */
export function validateHostedZoneId(construct: string, scope: IConstruct | string | undefined, input: string, id: string): void {
  validateMatch(HOSTED_ZONE_ID, id, {
    construct,
    scope,
    input,
    expected: 'a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ", without the "/hostedzone/" prefix',
  });
}

/** The name without a trailing dot; tokens unchanged. */
export function stripTrailingDot(name: string): string {
  return !Token.isUnresolved(name) && name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The prefix of the name of every child's delegation principal: its role
 * (under `/landing-zone/`) and its Lambda function carry the same name.
 */
export const DELEGATION_PRINCIPAL_PREFIX = `${PROTECTED_FUNCTION_NAME_PREFIX}dns-delegation-`;

/** IAM's longest role name, which is also Lambda's longest function name. */
const MAX_PRINCIPAL_NAME_LENGTH = 64;
/** Hex characters of the SHA-256 of the zone name kept in the name: 32 bits. */
const NAME_HASH_LENGTH = 8;

/**
 * The name of a child zone's delegation principal, the role and the Lambda
 * function through which `DelegatedSubdomain` writes the zone's delegation
 * records into the parent: `landing-zone-dns-delegation-<readable>-<hash>`.
 *
 * - `<readable>` is the zone name with dots as hyphens, cut to what fits, so
 *   that people recognise the zone;
 * - `<hash>` is the first 8 hex characters of the SHA-256 of the zone name, so
 *   that two names that read alike once cut (or once dots become hyphens) get
 *   different names;
 * - at most 64 characters (IAM's role name limit, and Lambda's function name
 *   limit), of letters, digits and hyphens only, which both accept.
 *
 * It depends on the zone name alone, so the parent account computes it from
 * the child account and the zone name (`SubdomainOwner.delegationPrincipal`).
 * The name must be known at synthesis and in normalized form (`validateZoneName`).
 */
export function delegationPrincipalName(zoneName: string): string {
  const hash = createHash('sha256').update(zoneName).digest('hex').slice(0, NAME_HASH_LENGTH);
  const room = MAX_PRINCIPAL_NAME_LENGTH - DELEGATION_PRINCIPAL_PREFIX.length - 1 - NAME_HASH_LENGTH;
  // Dots become hyphens (Lambda function names have no dots); underscores stay.
  const readable = zoneName.replace(/\./g, '-').slice(0, room).replace(/-+$/, '');
  return `${DELEGATION_PRINCIPAL_PREFIX}${readable}-${hash}`;
}

/**
 * Refuses a zone name that is a token where the delegation principal's name
 * must be computed from it; otherwise validates it like `validateZoneName`.
 */
export function validateKnownZoneName(construct: string, scope: IConstruct | string | undefined, input: string, name: string): void {
  if (Token.isUnresolved(name)) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: name,
      expected: 'a zone name known at synthesis, such as "prod.example.com"',
      reason: 'The name of the delegation principal (role and function) is derived from the zone name, and the parent account must be able to compute it.',
    });
  }
  validateZoneName(construct, scope, input, name);
}
