/**
 * Who can assume a CircleCI tier role, decided from the synthesized trust
 * policies by test/support/trust-evaluator.ts (the IAM simulator ignores OIDC
 * keys): tokens as CircleCI issues them ($CIRCLE_OIDC_TOKEN and
 * $CIRCLE_OIDC_TOKEN_V2), of the trusted project and of others.
 */
import { aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CircleCiProject, DeployTier, TieredDeployRole } from '../src';
import { ACCOUNT, HOST, ORG, OTHER_ORG, PLATFORM, PLATFORM_ORIGIN, REGION, SHOP, SHOP_ORIGIN, circleCiSetup, circleCiSub } from './support/circleci-estate';
import { literal } from './support/literal';
import { admits, type GithubToken } from './support/trust-evaluator';

describe('CircleCI tier trust, decided from the synthesized policies', () => {
  const { stack, provider, boundary } = circleCiSetup();
  const services = new TieredDeployRole(stack, 'Services', {
    tier: DeployTier.SERVICES,
    circleCi: { provider, projects: [CircleCiProject.of({ organizationId: ORG, projectId: SHOP })] },
    boundary,
  });
  const infrastructure = new TieredDeployRole(stack, 'Infrastructure', {
    tier: DeployTier.INFRASTRUCTURE,
    circleCi: { provider, projects: [CircleCiProject.of({ organizationId: ORG, projectId: PLATFORM, vcsOrigin: PLATFORM_ORIGIN, branches: ['main'] })] },
    boundary,
  });
  const template = Template.fromStack(stack).toJSON();
  const providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`;
  const references = { [stack.resolve((provider.node.defaultChild as iam.CfnOIDCProvider).logicalId)]: providerArn };
  const resourceOf = (role: iam.Role) => template.Resources[stack.resolve((role.node.defaultChild as iam.CfnRole).logicalId)];
  const trustOf = (role: iam.Role) => literal(resourceOf(role).Properties.AssumeRolePolicyDocument, ACCOUNT, REGION, references);
  const token = (sub: string | undefined, overrides: Partial<GithubToken> = {}): GithubToken => ({ iss: `https://${HOST}`, aud: ORG, sub, ...overrides });
  const admitted = (role: iam.Role, t: GithubToken, arn = providerArn) => admits(trustOf(role), { providerArn: arn, token: t });

  describe('the Services role (a whole project)', () => {
    test.each<[string, GithubToken]>([
      ['a v1 token of the project', token(circleCiSub(ORG, SHOP))],
      ['a v2 token of the project, any branch', token(circleCiSub(ORG, SHOP, { origin: SHOP_ORIGIN, ref: 'refs/heads/feature/x' }))],
      ['a token of another user of the project', token(circleCiSub(ORG, SHOP, undefined, '00000000-0000-4000-8000-000000000000'))],
    ])('admits %s', (_name, t) => {
      expect(admitted(services, t)).toBe(true);
    });

    test.each<[string, GithubToken, string]>([
      ['another project of the organization', token(circleCiSub(ORG, PLATFORM)), providerArn],
      ['a project id that only starts like the trusted one', token(circleCiSub(ORG, `${SHOP}0`)), providerArn],
      ['a sub naming another organization', token(circleCiSub(OTHER_ORG, SHOP)), providerArn],
      ['another organization\'s token through its own provider', token(circleCiSub(OTHER_ORG, SHOP), { iss: `https://oidc.circleci.com/org/${OTHER_ORG}`, aud: OTHER_ORG }), `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.circleci.com/org/${OTHER_ORG}`],
      ['a token with another audience (a custom aud)', token(circleCiSub(ORG, SHOP), { aud: 'sts.amazonaws.com' }), providerArn],
      ['a token without aud', token(circleCiSub(ORG, SHOP), { aud: undefined }), providerArn],
      ['a token without sub', token(undefined), providerArn],
    ])('denies %s', (_name, t, arn) => {
      expect(admitted(services, t, arn)).toBe(false);
    });
  });

  describe('the Infrastructure role (project platform, branch main)', () => {
    const v2 = (origin: string, ref: string, user?: string) => token(circleCiSub(ORG, PLATFORM, { origin, ref }, user));

    test('admits a v2 token of main, whoever the user', () => {
      expect(admitted(infrastructure, v2(PLATFORM_ORIGIN, 'refs/heads/main'))).toBe(true);
      expect(admitted(infrastructure, v2(PLATFORM_ORIGIN, 'refs/heads/main', '00000000-0000-4000-8000-000000000000'))).toBe(true);
    });

    test.each<[string, GithubToken]>([
      ['a v1 token of the project (no branch in its sub)', token(circleCiSub(ORG, PLATFORM))],
      ['another branch', v2(PLATFORM_ORIGIN, 'refs/heads/develop')],
      ['a branch named like main with a suffix', v2(PLATFORM_ORIGIN, 'refs/heads/main-evil')],
      ['a tag named main', v2(PLATFORM_ORIGIN, 'refs/tags/main')],
      ['a branch whose name forges the tail of main\'s sub', v2(PLATFORM_ORIGIN, `refs/heads/x/vcs-origin/${PLATFORM_ORIGIN}/vcs-ref/refs/heads/main`)],
      ['main of another repository', v2('github.com/acme/fork', 'refs/heads/main')],
      ['main of the Services project', token(circleCiSub(ORG, SHOP, { origin: PLATFORM_ORIGIN, ref: 'refs/heads/main' }))],
    ])('denies %s', (_name, t) => {
      expect(admitted(infrastructure, t)).toBe(false);
    });

    test('the "?" per character of the user id is what stops the forged branch: with "*" there, it would pass', () => {
      const trust = trustOf(infrastructure);
      const withStar = JSON.parse(JSON.stringify(trust).replace('????????-????-????-????-????????????', '*'));
      const forged = v2(PLATFORM_ORIGIN, `refs/heads/x/vcs-origin/${PLATFORM_ORIGIN}/vcs-ref/refs/heads/main`);
      expect(admits(withStar, { providerArn, token: forged })).toBe(true);
      expect(admits(trust, { providerArn, token: forged })).toBe(false);
    });
  });

  test('neither tier role admits the other\'s tokens', () => {
    expect(admitted(services, token(circleCiSub(ORG, PLATFORM, { origin: PLATFORM_ORIGIN, ref: 'refs/heads/main' })))).toBe(false);
    expect(admitted(infrastructure, token(circleCiSub(ORG, SHOP, { origin: SHOP_ORIGIN, ref: 'refs/heads/main' })))).toBe(false);
  });
});
