// The small CDK app the emulator test deploys (test/emulator/run.js), in the
// README's order ("Deploying the estate"), from the compiled library in lib/
// (run `npx projen compile` first):
// - with the context account=true, the account's own stack: the permissions
//   boundary and the GitHub OIDC provider, synthesized without a bootstrap
//   (LegacyStackSynthesizer: the administrator's credentials deploy it) and
//   tagged with the Bootstrap tier;
// - otherwise one stack of a tier, synthesized for that tier's TierBootstrap
//   and tagged with its tier. It holds a bucket, a role and a file asset, so
//   that a deployment needs the qualifier's staging bucket (template and
//   asset), its deploy and publishing roles, its CloudFormation execution
//   role and its version parameter.
'use strict';
const path = require('path');
const { App, ArnFormat, CfnOutput, LegacyStackSynthesizer, RemovalPolicy, Stack } = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const { Asset } = require('aws-cdk-lib/aws-s3-assets');
const { DeployTier, GithubOidcProvider, PermissionBoundary, TierBootstrap } = require('../../lib');

const app = new App();
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
const stackName = app.node.getContext('stackName');

if (app.node.tryGetContext('account') === 'true') {
  accountStack();
} else {
  tierStack();
}
app.synth();

function accountStack() {
  const account = new Stack(app, stackName, { env, synthesizer: new LegacyStackSynthesizer() });
  new PermissionBoundary(account, 'PermissionBoundary').applyTo(account);
  new GithubOidcProvider(account, 'GithubOidc');
  account.tags.setTag(TierBootstrap.TIER_TAG, DeployTier.BOOTSTRAP);
}

function tierStack() {
  const qualifier = app.node.getContext('qualifier');
  const stack = new Stack(app, stackName, { synthesizer: TierBootstrap.synthesizerFor(qualifier), env });
  // What TierBootstrap.deploys(stack) adds: the tier's deploy role changes only stacks of its tier.
  stack.tags.setTag(TierBootstrap.TIER_TAG, app.node.getContext('tier'));
  new s3.Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
  // A role the tier creates carries the boundary its bootstrap installed
  // (the boundary denies the execution role anything else).
  const boundaryArn = stack.formatArn({
    service: 'iam',
    region: '',
    resource: 'policy',
    resourceName: `${PermissionBoundary.DEFAULT_PATH.slice(1)}${PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  new iam.Role(stack, 'Role', {
    assumedBy: new iam.AccountRootPrincipal(),
    permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', boundaryArn),
  });
  const asset = new Asset(stack, 'Asset', { path: path.join(__dirname, 'asset.txt') });
  new CfnOutput(stack, 'AssetKey', { value: asset.s3ObjectKey });
  new CfnOutput(stack, 'AssetBucket', { value: asset.s3BucketName });
}
