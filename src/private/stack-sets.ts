import { ArnFormat, Stack, Token, aws_cloudformation as cloudformation } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LandingZoneInputError } from './errors';
import { validateAccountId } from './org-ids';

/** The account filter types a fleet may write: only listed accounts of the OUs, or all but listed ones. */
export const ACCOUNT_FILTER_TYPES = ['INTERSECTION', 'DIFFERENCE'];

/** A StackSet name: a letter, then letters, digits and hyphens, 128 at most. */
export const STACK_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/** What a fleet's account filter holds (the public `FleetAccountFilter`). */
export interface AccountFilterLike {
  readonly filterType: string;
  readonly accounts: string[];
}

/** The DeploymentTargets of an account filter, validated; nothing without one. */
export function deploymentFilter(
  construct: string,
  scope: IConstruct,
  input: string,
  filter: AccountFilterLike | undefined,
): { accountFilterType?: string; accounts?: string[] } {
  if (filter === undefined) {
    return {};
  }
  const accounts = filter.accounts;
  if (!Token.isUnresolved(accounts)) {
    if (!Array.isArray(accounts) || accounts.length === 0) {
      throw new LandingZoneInputError({ construct, scope, input: `${input}.accounts`, received: accounts, expected: 'at least one 12-digit account id' });
    }
    accounts.forEach((account, i) => validateAccountId(construct, scope, `${input}.accounts[${i}]`, account));
    const duplicate = accounts.find((a, i) => !Token.isUnresolved(a) && accounts.indexOf(a) !== i);
    if (duplicate !== undefined) {
      throw new LandingZoneInputError({ construct, scope, input: `${input}.accounts`, received: duplicate, expected: 'each account once' });
    }
  }
  return { accountFilterType: filter.filterType, accounts };
}

/** The StackSet's properties as they will be synthesized: escape hatches and overrides included. */
export function renderedStackSet(stackSet: cloudformation.CfnStackSet): any {
  const rendered = Stack.of(stackSet).resolve((stackSet as any)._toCloudFormation());
  return Object.values<any>(rendered.Resources ?? {})[0]?.Properties ?? {};
}

/**
 * The refusals of account filter types that reach beyond the OUs, in the
 * StackSet as it will be synthesized (so that an override cannot add
 * accounts outside the OUs).
 */
export function refusedFilterTypes(construct: string, stackSet: cloudformation.CfnStackSet, accountFilterInput: string): string[] {
  const groups = renderedStackSet(stackSet).StackInstancesGroup ?? [];
  const allowed = [...ACCOUNT_FILTER_TYPES, 'NONE'];
  return (Array.isArray(groups) ? groups : [])
    .map((g: any) => g?.DeploymentTargets?.AccountFilterType)
    .filter((t: unknown) => typeof t === 'string' && !allowed.includes(t))
    .map(
      (t: string) =>
        `${construct}: invalid AccountFilterType (StackInstancesGroup): received "${t}"; expected INTERSECTION or DIFFERENCE (${accountFilterInput}: FleetAccountFilter.only or .allBut). ` +
        'UNION would deploy to accounts outside the OUs, which CloudFormation refuses when it creates the instances of a StackSet resource.',
    );
}

/** A whole percentage in [min, 100]; tokens pass. */
export function percentage(construct: string, scope: IConstruct, input: string, value: number, min: number): number {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > 100)) {
    throw new LandingZoneInputError({ construct, scope, input, received: value, expected: `a whole percentage from ${min} to 100` });
  }
  return value;
}

/** The ARN of a StackSet created by a `CfnStackSet`: what `AutoDeployment.DependsOn` lists. */
export function stackSetArn(stackSet: cloudformation.CfnStackSet): string {
  return Stack.of(stackSet).formatArn({ service: 'cloudformation', resource: 'stackset', resourceName: stackSet.attrStackSetId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

