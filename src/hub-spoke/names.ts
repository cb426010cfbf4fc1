// The hub and spoke roles' default names. This module imports nothing, so that
// the aws-cdk-lib-only twin of the benchmarks (bench/twin) can read it without
// loading the library. Their default path is LANDING_ZONE_PATH.

/** The hub role's default name. */
export const DEFAULT_HUB_ROLE_NAME = 'landing-zone-hub';
/** The spoke role's default name. */
export const DEFAULT_SPOKE_ROLE_NAME = 'landing-zone-spoke';
/** The organization read-only role's default name. */
export const DEFAULT_ORG_READ_ONLY_ROLE_NAME = 'landing-zone-org-read-only';
