/** Whether an account (and the roles in it) belongs to production. */
export enum AccountEnvironment {
  /** A production account: its spokes trust only production hubs. */
  PRODUCTION = 'PRODUCTION',
  /** A non-production account (sandbox, development, staging). */
  NON_PRODUCTION = 'NON_PRODUCTION',
}

// The tag every hub and spoke role carries with its environment: exported for
// TypeScript users as before, defined once in src/private/landing-zone.ts.
export { ENVIRONMENT_TAG } from '../private/landing-zone';
