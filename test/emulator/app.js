// The small CDK app the emulator test deploys (test/emulator/run.js): one
// stack per tier, synthesized for that tier's bootstrap qualifier. It holds a
// bucket, a role and a file asset, so that a deployment needs the
// qualifier's staging bucket (template and asset), its deploy and
// publishing roles, its CloudFormation execution role and its version
// parameter.
'use strict';
const path = require('path');
const { App, CfnOutput, DefaultStackSynthesizer, RemovalPolicy, Stack } = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const { Asset } = require('aws-cdk-lib/aws-s3-assets');

const app = new App();
const qualifier = app.node.getContext('qualifier');
const stackName = app.node.getContext('stackName');

const stack = new Stack(app, stackName, {
  synthesizer: new DefaultStackSynthesizer({ qualifier }),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
new s3.Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
const asset = new Asset(stack, 'Asset', { path: path.join(__dirname, 'asset.txt') });
new CfnOutput(stack, 'AssetKey', { value: asset.s3ObjectKey });
new CfnOutput(stack, 'AssetBucket', { value: asset.s3BucketName });
app.synth();
