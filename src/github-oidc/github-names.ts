// The shapes of GitHub's names and ids, for the subjects and the perimeter.
// Not exported from the package.

/** A GitHub account (owner) name: letters, digits and single inner hyphens, at most 39 characters. */
export const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** A numeric id GitHub assigns (repository, owner, enterprise): digits, no leading zero. */
export const GITHUB_NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
