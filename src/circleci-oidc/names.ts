// The shapes of CircleCI's ids and of the `sub` claims of its OIDC tokens.
// Not exported from the package.

/** A CircleCI id (organization, project, user, context): a UUID, lower-case hexadecimal as CircleCI shows it. */
export const CIRCLECI_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The host of CircleCI's token issuers: `https://oidc.circleci.com/org/<organization id>`. */
export const CIRCLECI_ISSUER_HOST = 'oidc.circleci.com';

/** `oidc.circleci.com/org/<organizationId>`: the issuer without its scheme, the prefix of the condition keys. */
export function circleCiConditionKeyPrefix(organizationId: string): string {
  return `${CIRCLECI_ISSUER_HOST}/org/${organizationId}`;
}

/** The issuer URL of an organization's tokens. */
export function circleCiIssuerUrl(organizationId: string): string {
  return `https://${CIRCLECI_ISSUER_HOST}/org/${organizationId}`;
}

/**
 * A user id of the `sub` claim, matched one character at a time: `?` for each
 * hexadecimal digit, the hyphens literal. Unlike `*`, it cannot stretch over
 * the parts of the `sub` that follow (`/vcs-origin/...`), whose values a
 * project member chooses (a branch name may contain `/vcs-ref/...`).
 */
export const ANY_USER_ID = '????????-????-????-????-????????????';
