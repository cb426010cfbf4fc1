import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HubRole, IHubRole } from './hub-role';
import { LandingZoneInputError } from '../private/errors';

/**
 * The hub's ARN as another construct may use it. A hub whose stack has no
 * explicit account names its ARN with `AWS::AccountId`, which would resolve
 * to the consumer's own account in any other stack: that is refused.
 */
export function hubRoleArnFor(hub: IHubRole, consumer: Construct, construct: string): string {
  if (hub instanceof HubRole && Stack.of(hub) !== Stack.of(consumer) && Token.isUnresolved(Stack.of(hub).account)) {
    throw new LandingZoneInputError({
      construct,
      scope: consumer,
      input: 'hub',
      received: hub.node.path,
      expected: 'a hub whose stack has an explicit account (env.account), or HubRole.fromHubRoleAttributes with its ARN',
      reason: 'Without it the hub ARN would name a role in this stack\'s own account.',
    });
  }
  return hub.hubRoleArn;
}
