import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountEnvironment, HubPrincipal, HubRole } from '../../src';

/** The organization, accounts and roles of the hub-and-spoke tests and proofs. */
export const ORG = 'o-a1b2c3d4e5';
export const HUB_ACCOUNT = '222222222222';
export const SPOKE_ACCOUNT = '555555555555';
export const REGION = 'eu-west-1';
export const HUB_ARN = `arn:aws:iam::${HUB_ACCOUNT}:role/landing-zone/landing-zone-hub`;
export const SPOKE_ARN = `arn:aws:iam::${SPOKE_ACCOUNT}:role/landing-zone/landing-zone-spoke`;
export const ADMIN_SSO = `arn:aws:iam::${HUB_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_0123456789abcdef`;
export const BREAK_GLASS = `arn:aws:iam::${HUB_ACCOUNT}:user/break-glass`;
export const AUTOMATION = `arn:aws:iam::${HUB_ACCOUNT}:role/automation`;

/** A production (by default) hub with three trusted principals, and an empty spoke stack, in one app. */
export function estate(hubEnvironment = AccountEnvironment.PRODUCTION) {
  const app = new App();
  const hubStack = new Stack(app, 'Hub', { env: { account: HUB_ACCOUNT, region: REGION } });
  const hub = new HubRole(hubStack, 'Hub', {
    organizationId: ORG,
    environment: hubEnvironment,
    trustedPrincipals: [HubPrincipal.identityCenter(ADMIN_SSO), HubPrincipal.human(BREAK_GLASS), HubPrincipal.automation(AUTOMATION)],
  });
  const spokeStack = new Stack(app, 'Spoke', { env: { account: SPOKE_ACCOUNT, region: REGION } });
  return { app, hubStack, hub, spokeStack };
}

/** The synthesized AWS::IAM::Role of a hub, spoke or org read-only role. */
export function roleOf(stack: Stack, construct: { role: iam.Role }): any {
  const logicalId = stack.resolve((construct.role.node.defaultChild as iam.CfnRole).logicalId);
  return Template.fromStack(stack).toJSON().Resources[logicalId];
}
