import * as fs from 'fs';
import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { DeployTier, PermissionBoundary, TierBootstrap } from '../../src';

export interface TierBootstrapTemplateOptions {
  readonly tier: DeployTier;
  readonly qualifier: string;
  /** ARNs of the execution role's managed policies; none by default. */
  readonly executionPolicyArns?: string[];
  /** The account and region; by default the template is environment-agnostic (AWS::AccountId, AWS::Region). */
  readonly env?: { account: string; region: string };
}

/**
 * Writes, to `file`, a template for `cdk bootstrap --template file --qualifier <qualifier>`:
 * one stack that holds the landing zone's permissions boundary and the tier's
 * TierBootstrap, so that a single bootstrap creates both. Returns the template.
 */
export function writeTierBootstrapTemplate(file: string, options: TierBootstrapTemplateOptions): any {
  const app = new App();
  const stack = new Stack(app, 'TierBootstrap', { env: options.env });
  const boundary = new PermissionBoundary(stack, 'PermissionBoundary');
  new TierBootstrap(stack, 'Bootstrap', {
    tier: options.tier,
    qualifier: options.qualifier,
    boundary,
    executionPolicies: (options.executionPolicyArns ?? []).map((arn, i) => iam.ManagedPolicy.fromManagedPolicyArn(stack, `ExecutionPolicy${i}`, arn)),
  });
  const text = TierBootstrap.cliTemplate(stack);
  fs.writeFileSync(file, text);
  return JSON.parse(text);
}
