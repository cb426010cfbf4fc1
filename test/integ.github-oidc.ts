// Deployable integration test: a GitHub OIDC provider for an enterprise issuer
// (a URL unique to this test, so it cannot clash with the account's own
// github.com provider) and a role trusting one environment of one repository.
// The assertion reads the provider back from IAM after deploy.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { GithubActionsRole, GithubIssuer, GithubOidcProvider, GithubRepository, GithubSubject } from '../src';

const app = new App();
const stack = new Stack(app, 'GithubOidcInteg');
const provider = new GithubOidcProvider(stack, 'Github', {
  issuer: GithubIssuer.enterprise('cdk-landing-zone-integ'),
  removalPolicy: RemovalPolicy.DESTROY,
});
new GithubActionsRole(stack, 'DeployRole', {
  provider,
  subjects: [GithubSubject.environment(GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'platform', repositoryId: '2000001' }), 'production')],
});

const integ = new IntegTest(app, 'GithubOidc', { testCases: [stack] });
integ.assertions
  .awsApiCall('IAM', 'getOpenIDConnectProvider', { OpenIDConnectProviderArn: provider.oidcProviderArn })
  .expect(ExpectedResult.objectLike({ ClientIDList: ['sts.amazonaws.com'], Url: 'token.actions.githubusercontent.com/cdk-landing-zone-integ' }));
app.synth();
