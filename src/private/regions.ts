/** Commercial, GovCloud, China, ISO and sovereign-cloud region names: `us-east-1`, `us-gov-west-1`, `eusc-de-east-1`. */
const REGION_NAME = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** Whether a literal is an AWS region name, e.g. `eu-west-1` (no wildcards). Callers pass tokens through themselves. */
export function isRegionName(value: string): boolean {
  return REGION_NAME.test(value);
}
