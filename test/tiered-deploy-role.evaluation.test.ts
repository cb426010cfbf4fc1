import { aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeployTier, GithubSubject, TieredDeployRole } from '../src';
import { boundaryEscapeCases } from './support/boundary-escape-cases';
import { literal } from './support/literal';
import { ADMINISTRATOR_ACCESS, decide, simulate, trustsAccount } from './support/simulation';
import { ACCOUNT, REGION, platform, setup, shop } from './support/tiered-deploy-role-estate';
import { admits } from './support/trust-evaluator';

const HOST = 'token.actions.githubusercontent.com';

describe('tier isolation, decided from the synthesized policies', () => {
  // One account, the four tiers, each from its own GitHub subject.
  const { stack, provider, boundary } = setup();
  const subjects: Record<DeployTier, GithubSubject> = {
    [DeployTier.BOOTSTRAP]: GithubSubject.environment(platform, 'bootstrap'),
    [DeployTier.BASE]: GithubSubject.environment(platform, 'base'),
    [DeployTier.INFRASTRUCTURE]: GithubSubject.branch(platform, 'main'),
    [DeployTier.SERVICES]: GithubSubject.branchPattern(shop, 'release/*'),
  };
  const roles = Object.fromEntries(
    Object.values(DeployTier).map((tier) => [tier, new TieredDeployRole(stack, tier, { tier, provider, subjects: [subjects[tier]], boundary })]),
  ) as Record<DeployTier, TieredDeployRole>;
  const template = Template.fromStack(stack).toJSON();
  const providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`;
  const references = { [stack.resolve((provider.node.defaultChild as iam.CfnOIDCProvider).logicalId)]: providerArn };
  const resourceOf = (role: iam.Role) => template.Resources[stack.resolve((role.node.defaultChild as iam.CfnRole).logicalId)];
  const trustOf = (role: iam.Role) => literal(resourceOf(role).Properties.AssumeRolePolicyDocument, ACCOUNT, REGION, references);
  const roleArn = (tier: DeployTier) => `arn:aws:iam::${ACCOUNT}:role/landing-zone/landing-zone-${tier.toLowerCase()}-deploy`;
  const boundaryDocument = literal(
    Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument,
    ACCOUNT,
    REGION,
  );
  const identityPolicies = (role: iam.Role) => {
    const policies = Object.values<any>(template.Resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: stack.resolve((role.node.defaultChild as iam.CfnRole).logicalId) }]),
    );
    return Object.fromEntries(policies.map((p, i) => [`inline${i}`, literal(p.Properties.PolicyDocument, ACCOUNT, REGION)]));
  };

  test.each(Object.values(DeployTier))('only the %s subject assumes the tier role', (tier) => {
    for (const [other, subject] of Object.entries(subjects)) {
      // A concrete token for each tier's subject (a pattern's example branch for Services).
      const sub = subject.isPattern ? subject.value.replace('*', '2026.11') : subject.value;
      const admitted = admits(trustOf(roles[tier]), { providerArn, token: { iss: `https://${HOST}`, aud: 'sts.amazonaws.com', sub } });
      expect({ subject: other, admitted }).toEqual({ subject: other, admitted: other === tier });
    }
  });

  test('no tier role trusts an AWS principal: a tier role cannot be assumed by another tier\'s role', () => {
    for (const role of Object.values(roles)) {
      const statements: any[] = trustOf(role).Statement;
      expect(statements.map((s) => Object.keys(s.Principal))).toEqual(statements.map(() => ['Federated']));
    }
  });

  /**
   * The simulated decision for the tier role calling sts:AssumeRole on a
   * target whose trust delegates to the whole account, so that the caller's
   * own identity policies and the boundary decide.
   */
  const assume = async (from: DeployTier, target: string) =>
    (await simulate({
      principal: roleArn(from),
      action: 'sts:AssumeRole',
      resource: target,
      context: { 'aws:RequestedRegion': REGION },
      identityPolicies: identityPolicies(roles[from]),
      permissionBoundary: boundaryDocument,
      trustPolicy: trustsAccount(ACCOUNT),
    })).decision;

  test.each([
    [DeployTier.SERVICES, DeployTier.BASE],
    [DeployTier.SERVICES, DeployTier.BOOTSTRAP],
    [DeployTier.INFRASTRUCTURE, DeployTier.BASE],
  ])('the %s role is denied sts:AssumeRole of the %s role, even if that role trusted the account', async (from, to) => {
    expect(await assume(from, roleArn(to))).toBe('ExplicitlyDenied');
  });

  test('the Services role may assume its CDK deploy role', async () => {
    expect(await assume(DeployTier.SERVICES, `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`)).toBe('Allowed');
  });

  /** The Bootstrap role's policies as IAM holds them: its inline policy and AdministratorAccess, which the template attaches by ARN. */
  const bootstrapPolicies = () => {
    const managed = JSON.stringify(resourceOf(roles[DeployTier.BOOTSTRAP]).Properties.ManagedPolicyArns);
    expect(managed).toContain(':iam::aws:policy/AdministratorAccess');
    return { ...identityPolicies(roles[DeployTier.BOOTSTRAP]), AdministratorAccess: ADMINISTRATOR_ACCESS };
  };

  test.each(
    boundaryEscapeCases({
      account: ACCOUNT,
      region: REGION,
      boundaryArn: `arn:aws:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundary`,
      boundedRole: roleArn(DeployTier.BOOTSTRAP),
      boundedRoleProtected: true,
    }).map((c) => [c.name, c] as const),
  )('the Bootstrap role (AdministratorAccess under the boundary) cannot escape: %s', async (_name, c) => {
    const decision = await decide({
      principal: roleArn(DeployTier.BOOTSTRAP),
      action: c.action,
      resource: c.resource,
      resourceAccount: ACCOUNT,
      context: { 'aws:RequestedRegion': REGION, ...c.context },
      identityPolicies: bootstrapPolicies(),
      permissionBoundary: boundaryDocument,
      resourcePolicy: c.resourcePolicy,
    });
    expect(decision).toBe(c.expected);
  });
});
