// The tier roles' default name. This module imports nothing, so that the
// aws-cdk-lib-only twin of the benchmarks (bench/twin) can read it without
// loading the library. The public form is TieredDeployRole.defaultRoleName.

/** `landing-zone-<tier>-deploy`, the tier in lower case, e.g. `landing-zone-services-deploy`. */
export function tierRoleName(tier: string): string {
  return `landing-zone-${tier.toLowerCase()}-deploy`;
}
