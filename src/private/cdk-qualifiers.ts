import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AppRegistry } from './app-registry';
import { LandingZoneInputError } from './errors';

/** A CDK bootstrap qualifier: 1 to 10 letters, digits, `_` or `-` (the CDK CLI's rule). */
export const CDK_QUALIFIER = /^[A-Za-z0-9_-]{1,10}$/;

/** The bootstrap roles a CDK deployment assumes (the CloudFormation execution role is passed, not assumed). */
export const CDK_DEPLOY_SIDE_ROLE_KINDS = ['deploy', 'file-publishing', 'image-publishing', 'lookup'];

/** A CDK bootstrap role's name, as the CDK CLI's bootstrap names it: `cdk-<qualifier>-<kind>-role-<account>-<region>`. */
export function cdkBootstrapRoleName(qualifier: string, kind: string, account: string, region: string): string {
  return `cdk-${qualifier}-${kind}-role-${account}-${region}`;
}

/** A user of a qualifier in an account: a TierBootstrap, or a TieredDeployRole bound to one or to the stock bootstrap. */
export interface QualifierUse {
  readonly construct: string;
  readonly tier: string;
  readonly account: string;
  readonly qualifier: string;
  /** True for a TierBootstrap and for a TieredDeployRole bound to one: the qualifier is the tier's alone. */
  readonly exclusive: boolean;
}

const QUALIFIER_USES = new AppRegistry<QualifierUse & { path: string }>();

/**
 * Records that `scope` uses a qualifier in an account, and refuses a qualifier
 * that another tier of the same account already uses when either use is
 * exclusive (a TierBootstrap, or a role bound to one), and a second
 * TierBootstrap of the same qualifier in the same account. Accounts or
 * qualifiers unresolved until deployment are not compared.
 */
export function registerQualifierUse(scope: IConstruct, use: QualifierUse): void {
  const uses = QUALIFIER_USES.of(scope);
  if (!Token.isUnresolved(use.account) && !Token.isUnresolved(use.qualifier)) {
    const clash = uses.find(
      (u) =>
        u.account === use.account &&
        u.qualifier === use.qualifier &&
        ((u.tier !== use.tier && (u.exclusive || use.exclusive)) || (u.construct === 'TierBootstrap' && use.construct === 'TierBootstrap')),
    );
    if (clash) {
      throw new LandingZoneInputError({
        construct: use.construct,
        scope,
        input: 'qualifier',
        received: use.qualifier,
        expected: `a qualifier no other tier of account ${use.account} uses; ${clash.path} (${clash.construct}, tier ${clash.tier}) already uses ${JSON.stringify(clash.qualifier)}`,
        reason: 'Tiers that share bootstrap roles share their powers.',
      });
    }
  }
  QUALIFIER_USES.add(scope, { ...use, path: scope.node.path });
}
