import { aws_iam as iam } from 'aws-cdk-lib';

/** What a role made by `SubdomainDelegationRole` allows, for `DelegatedSubdomain` to check against. */
export interface DelegationScope {
  readonly parentZoneName: string;
  readonly parentZoneId: string;
  readonly delegatedZoneNames: string[];
  readonly allowDnssec: boolean;
  readonly allowLookupByName: boolean;
  /** The trusted principal's account, when known. */
  readonly ownerAccountId?: string;
  /** The zone whose delegation principal is trusted (`SubdomainOwner.delegationPrincipal`). */
  readonly ownerZoneName?: string;
  /** The trusted role's ARN (`SubdomainOwner.role`). */
  readonly ownerRoleArn?: string;
}

const SCOPES = new WeakMap<iam.IRole, DelegationScope>();

/** Remembers what a delegation role of this app allows. */
export function recordDelegationScope(role: iam.IRole, scope: DelegationScope): void {
  SCOPES.set(role, scope);
}

/** What a delegation role made in this app allows; undefined for any other role. */
export function delegationScopeOf(role: iam.IRole): DelegationScope | undefined {
  return SCOPES.get(role);
}
