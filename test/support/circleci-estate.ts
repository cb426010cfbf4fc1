import { App, Stack } from 'aws-cdk-lib';
import { CircleCiOidcProvider, PermissionBoundary } from '../../src';

/** The account, CircleCI organization and projects of the CircleCI tests and proofs. */
export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const ORG = '7e1c4a52-0b3d-4f6e-9a8b-1c2d3e4f5a6b';
export const OTHER_ORG = '0a0b0c0d-1111-4222-8333-444455556666';
export const PLATFORM = 'a1b2c3d4-0000-4000-8000-00000000000a';
export const SHOP = 'a1b2c3d4-0000-4000-8000-00000000000b';
export const USER = 'f0e1d2c3-b4a5-4968-8776-655443322110';
export const PLATFORM_ORIGIN = 'github.com/acme/platform';
export const SHOP_ORIGIN = 'github.com/acme/shop';
export const HOST = `oidc.circleci.com/org/${ORG}`;

/** One account with a CircleCI provider and a permissions boundary, for the tier roles. */
export function circleCiSetup(app = new App()) {
  const stack = new Stack(app, 'Stack', { env: { account: ACCOUNT, region: REGION } });
  const provider = new CircleCiOidcProvider(stack, 'CircleCi', { organizationId: ORG });
  const boundary = new PermissionBoundary(stack, 'Boundary');
  return { app, stack, provider, boundary };
}

/** The `sub` of `$CIRCLE_OIDC_TOKEN` (v1) and `$CIRCLE_OIDC_TOKEN_V2` of a job. */
export function circleCiSub(org: string, project: string, v2?: { origin: string; ref: string }, user = USER): string {
  const base = `org/${org}/project/${project}/user/${user}`;
  return v2 ? `${base}/vcs-origin/${v2.origin}/vcs-ref/${v2.ref}` : base;
}
