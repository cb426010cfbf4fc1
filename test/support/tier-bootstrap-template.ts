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
  /**
   * Whether the template creates the permissions boundary too. An account
   * holds one boundary policy (its name is account-wide): only the first
   * bootstrap of an account may create it; the others refer to it.
   * @default true
   */
  readonly includeBoundary?: boolean;
}

/**
 * Writes, to `file`, a template for `cdk bootstrap --template file --qualifier <qualifier>`:
 * one stack that holds the tier's TierBootstrap and, unless `includeBoundary`
 * is false, the landing zone's permissions boundary, so that the first
 * bootstrap of an account creates both. Returns the template.
 */
export function writeTierBootstrapTemplate(file: string, options: TierBootstrapTemplateOptions): any {
  const app = new App();
  const stack = new Stack(app, 'TierBootstrap', { env: options.env });
  const boundaryStack = options.includeBoundary ?? true ? stack : new Stack(app, 'Boundary', { env: options.env });
  const boundary = new PermissionBoundary(boundaryStack, 'PermissionBoundary');
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
