import { Aspects, App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { BoundedPermissionSet, CircleCiProject, DeployTier, TieredDeployRole } from '../src';
import { ORG, PLATFORM, PLATFORM_ORIGIN, SHOP, circleCiSetup } from './support/circleci-estate';
import { nagErrors } from './support/nag';

// cdk-nag (AwsSolutions) over an account with CircleCI tier roles and a
// bounded permission set assigned to a group. The one suppression is the
// boundary's, with the reason the other estates give.

describe('cdk-nag AwsSolutions on CircleCI tier roles and a bounded permission set', () => {
  test('reports no error', () => {
    const app = new App();
    const { stack, provider, boundary } = circleCiSetup(app);
    new TieredDeployRole(stack, 'Services', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [CircleCiProject.of({ organizationId: ORG, projectId: SHOP })] }, boundary });
    new TieredDeployRole(stack, 'Base', {
      tier: DeployTier.BASE,
      circleCi: { provider, projects: [CircleCiProject.of({ organizationId: ORG, projectId: PLATFORM, vcsOrigin: PLATFORM_ORIGIN, branches: ['main'] })] },
      boundary,
    });
    const admins = new BoundedPermissionSet(stack, 'Admins', { instanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef', name: 'PlatformAdmins', managedPolicies: ['AdministratorAccess'] });
    admins.assignTo({ groupId: '8f2e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b', accounts: ['111111111111'] });
    NagSuppressions.addResourceSuppressions(boundary, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'A permissions boundary grants nothing: its Allow of every action is the ceiling, and its Deny statements are what it enforces.',
        appliesTo: ['Action::*', 'Resource::*'],
      },
    ], true);
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    app.synth();
    expect(nagErrors([stack])).toEqual([]);
  });
});
