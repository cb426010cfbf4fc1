// Deployable integration test: a CircleCI organization's OIDC provider (an
// organization id unique to this test), a permissions boundary applied to the
// stack, and a Services-tier deploy role trusting one project of the
// organization. Names are unique to the test so that it can run in an account
// that already has a landing zone. The assertion reads the role back from IAM
// after deploy: its path and its boundary.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CircleCiOidcProvider, CircleCiProject, DeployTier, PermissionBoundary, TieredDeployRole } from '../src';

const ORGANIZATION = '00000000-0000-4000-8000-00000000c1c1';

const app = new App();
const stack = new Stack(app, 'CircleCiOidcInteg');
const provider = new CircleCiOidcProvider(stack, 'CircleCi', { organizationId: ORGANIZATION, removalPolicy: RemovalPolicy.DESTROY });
const boundary = new PermissionBoundary(stack, 'Boundary', { managedPolicyName: 'LandingZoneCircleCiIntegBoundary', path: '/landing-zone-integ/' });
boundary.applyTo(stack);
const role = new TieredDeployRole(stack, 'ServicesDeployRole', {
  tier: DeployTier.SERVICES,
  boundary,
  roleName: 'landing-zone-integ-circleci-services-deploy',
  circleCi: {
    provider,
    projects: [CircleCiProject.of({ organizationId: ORGANIZATION, projectId: '00000000-0000-4000-8000-0000000000aa', vcsOrigin: 'github.com/acme/shop', branches: ['main'] })],
  },
});

const integ = new IntegTest(app, 'CircleCiOidc', { testCases: [stack] });
integ.assertions
  .awsApiCall('IAM', 'getRole', { RoleName: role.roleName })
  .expect(
    ExpectedResult.objectLike({
      Role: {
        Path: '/landing-zone/',
        PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary.managedPolicyArn },
      },
    }),
  );
app.synth();
