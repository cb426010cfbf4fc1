import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LandingZoneInputError, validateMatch } from './errors';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/(?:[\x21-\x7e]*\/)?$/;
const PATH_MAX = 512;

/** Refuses a role name IAM would reject (1 to 64 of `[\w+=,.@-]`). Tokens pass. */
export function validateRoleName(construct: string, scope: IConstruct | string, roleName: string | undefined): void {
  if (roleName !== undefined) {
    validateMatch(ROLE_NAME, roleName, { construct, scope, input: 'roleName', expected: '1 to 64 characters of letters, digits and +=,.@_-' });
  }
}

/**
 * Refuses an IAM path IAM would reject: `/`, or `/` + printable ASCII
 * (U+0021 to U+007E) + `/` without an empty segment (`//`), at most 512
 * characters. The one IAM path check of the library (roles and policies). Tokens pass.
 */
export function validateIamPath(construct: string, scope: IConstruct | string, input: string, path: string | undefined): void {
  if (path === undefined || Token.isUnresolved(path)) {
    return;
  }
  if (path.length > PATH_MAX || !PATH.test(path) || path.includes('//')) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input,
      received: path,
      expected: `an IAM path of at most ${PATH_MAX} characters: "/", or "/segment/.../" of printable ASCII characters (U+0021 to U+007E), without spaces or empty segments`,
    });
  }
}

/** Refuses a maximum session duration outside IAM's 1 to 12 hours. Tokens pass. */
export function validateMaxSessionDuration(construct: string, scope: IConstruct | string, duration: Duration | undefined): void {
  if (duration === undefined || duration.isUnresolved()) {
    return;
  }
  const seconds = duration.toSeconds();
  if (seconds < 3600 || seconds > 43200) {
    throw new LandingZoneInputError({
      construct,
      scope,
      input: 'maxSessionDuration',
      received: `${seconds} seconds`,
      expected: 'between 1 hour (3600 seconds) and 12 hours (43200 seconds)',
    });
  }
}
