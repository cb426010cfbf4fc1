import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_HUB_ROLE_NAME, DEFAULT_ORG_READ_ONLY_ROLE_NAME, DEFAULT_SPOKE_ROLE_NAME } from '../../src/hub-spoke/names';
import { DEFAULT_BOUNDARY_POLICY_NAME } from '../../src/permission-boundary/names';
import { ENVIRONMENT_TAG, LANDING_ZONE_PATH, TIER_TAG } from '../../src/private/landing-zone';
import { tierRoleName } from '../../src/tiered-deploy-role/names';

// The aws-cdk-lib-only twin of the benchmarks (bench/twin) reads the landing
// zone's names from these modules: they must not load the library.
const NAMES_MODULES = ['hub-spoke/names.ts', 'permission-boundary/names.ts', 'private/landing-zone.ts', 'tiered-deploy-role/names.ts'];

describe('the landing zone names modules', () => {
  test.each(NAMES_MODULES)('%s imports nothing', (file) => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'src', file), 'utf8');
    expect(source).not.toMatch(/^\s*import\b|^\s*export\b[^;]*\bfrom\b|\brequire\(/m);
  });

  test('hold the names the constructs use', () => {
    expect([LANDING_ZONE_PATH, TIER_TAG, ENVIRONMENT_TAG]).toEqual(['/landing-zone/', 'landing-zone:tier', 'landing-zone:environment']);
    expect([DEFAULT_HUB_ROLE_NAME, DEFAULT_SPOKE_ROLE_NAME, DEFAULT_ORG_READ_ONLY_ROLE_NAME]).toEqual(['landing-zone-hub', 'landing-zone-spoke', 'landing-zone-org-read-only']);
    expect(DEFAULT_BOUNDARY_POLICY_NAME).toBe('LandingZonePermissionBoundary');
    expect(tierRoleName('SERVICES')).toBe('landing-zone-services-deploy');
  });
});
