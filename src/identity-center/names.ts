// The shapes of the names a permission set refers to. Not exported from the package.

/** An IAM customer managed policy name: 1 to 128 of letters, digits and +=,.@_-. */
export const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
