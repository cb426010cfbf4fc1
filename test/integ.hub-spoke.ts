// Deployable integration test, in one account: a hub role and a spoke role
// that trusts it (a single-account stand-in for the hub and member accounts),
// and a spoke fleet StackSet is left to the example app since it needs an
// organization. The organization id comes from the context key
// "organizationId" (default: a placeholder to pass on the command line:
// -c organizationId=o-xxxxxxxxxx). The assertion reads the spoke's trust back.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { AccountEnvironment, HubPrincipal, HubRole, SpokeRole } from '../src';

const app = new App();
const organizationId = app.node.tryGetContext('organizationId') ?? 'o-exampleorg1';
const stack = new Stack(app, 'HubSpokeInteg');
const hub = new HubRole(stack, 'Hub', {
  roleName: 'landing-zone-integ-hub',
  spokeRoleName: 'landing-zone-integ-spoke',
  organizationId,
  environment: AccountEnvironment.NON_PRODUCTION,
  trustedPrincipals: [HubPrincipal.automation(stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'landing-zone-integ-caller' }))],
});
new SpokeRole(stack, 'Spoke', {
  hub,
  roleName: 'landing-zone-integ-spoke',
  environment: AccountEnvironment.NON_PRODUCTION,
  externalId: 'cdk-landing-zone-integ',
});

const integ = new IntegTest(app, 'HubSpoke', { testCases: [stack] });
integ.assertions
  .awsApiCall('IAM', 'getRole', { RoleName: 'landing-zone-integ-spoke' })
  .expect(ExpectedResult.objectLike({ Role: { Path: '/landing-zone/', RoleName: 'landing-zone-integ-spoke' } }));
app.synth();
