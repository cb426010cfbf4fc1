// The boundary policy's default name. This module imports nothing, so that
// the aws-cdk-lib-only twin of the benchmarks (bench/twin) can read it without
// loading the library. The public form is PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME.

/** The default name of the boundary's managed policy. */
export const DEFAULT_BOUNDARY_POLICY_NAME = 'LandingZonePermissionBoundary';
