// Deployable integration test: a permissions boundary applied to the stack,
// and a Services-tier deploy role assumed by one GitHub environment through an
// enterprise issuer unique to this test. Names are unique to the test so that
// it can run in an account that already has a landing zone. The assertion reads
// the role back from IAM after deploy: its path and its boundary.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { DeployTier, GithubIssuer, GithubOidcProvider, GithubRepository, GithubSubject, PermissionBoundary, TieredDeployRole } from '../src';

const app = new App();
const stack = new Stack(app, 'TieredDeployRoleInteg');
const provider = new GithubOidcProvider(stack, 'Github', {
  issuer: GithubIssuer.enterprise('cdk-landing-zone-tier-integ'),
  removalPolicy: RemovalPolicy.DESTROY,
});
const boundary = new PermissionBoundary(stack, 'Boundary', { managedPolicyName: 'LandingZoneIntegBoundary', path: '/landing-zone-integ/' });
boundary.applyTo(stack);
const role = new TieredDeployRole(stack, 'ServicesDeployRole', {
  tier: DeployTier.SERVICES,
  provider,
  boundary,
  roleName: 'landing-zone-integ-services-deploy',
  subjects: [GithubSubject.environment(GithubRepository.named('acme', 'shop'), 'integ')],
});

const integ = new IntegTest(app, 'TieredDeployRole', { testCases: [stack] });
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
