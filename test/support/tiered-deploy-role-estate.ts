import { App, Stack } from 'aws-cdk-lib';
import { GithubOidcProvider, GithubRepository, PermissionBoundary } from '../../src';

/** The account and repositories of the tiered deploy role tests and proofs. */
export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
export const platform = GithubRepository.named('acme', 'platform');
export const shop = GithubRepository.named('acme', 'shop');

/** One account with a GitHub OIDC provider and a permissions boundary, for the tier roles. */
export function setup() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: ACCOUNT, region: REGION } });
  const provider = new GithubOidcProvider(stack, 'Github');
  const boundary = new PermissionBoundary(stack, 'Boundary');
  return { app, stack, provider, boundary };
}
