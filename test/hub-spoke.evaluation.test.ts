import { Template } from 'aws-cdk-lib/assertions';
import { AccountEnvironment, SpokeRole } from '../src';
import { HUB_ACCOUNT, HUB_ARN, ORG, REGION, SPOKE_ACCOUNT, SPOKE_ARN, estate, roleOf } from './support/hub-spoke-estate';
import { literal } from './support/literal';
import { ASSUME_ANY_ROLE, simulate } from './support/simulation';

describe('hub and spoke, decided by IAM evaluation', () => {
  // The synthesized hub permissions and spoke trust, resolved to literals,
  // evaluated by the simulation harness for cross-account AssumeRole.
  const { hubStack, hub, spokeStack } = estate();
  const spoke = new SpokeRole(spokeStack, 'Spoke', { hub, environment: AccountEnvironment.PRODUCTION });
  const spokeTrust = literal(roleOf(spokeStack, spoke).Properties.AssumeRolePolicyDocument, SPOKE_ACCOUNT, REGION);
  const hubPolicy = literal(
    Object.values<any>(Template.fromStack(hubStack).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument,
    HUB_ACCOUNT,
    REGION,
  );
  const trustsEveryone = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };

  const assume = async (caller: string, callerOrg: string, target: string, targetOrg: string, identityPolicy: unknown) =>
    (await simulate({
      principal: caller,
      action: 'sts:AssumeRole',
      resource: target,
      context: { 'aws:PrincipalOrgID': callerOrg, 'aws:ResourceOrgID': targetOrg, 'aws:PrincipalAccount': caller.split(':')[4] },
      identityPolicies: { identity: identityPolicy },
      trustPolicy: target === SPOKE_ARN ? spokeTrust : trustsEveryone,
    })).decision;

  test('the hub, from inside the organization, may assume the spoke', async () => {
    expect(await assume(HUB_ARN, ORG, SPOKE_ARN, ORG, hubPolicy)).toBe('Allowed');
  });

  test('the hub may assume the org read-only role of the management account', async () => {
    const orgReadOnly = 'arn:aws:iam::111111111111:role/landing-zone/landing-zone-org-read-only';
    expect(await assume(HUB_ARN, ORG, orgReadOnly, ORG, hubPolicy)).toBe('Allowed');
  });

  test.each([
    ['another role of the hub account', `arn:aws:iam::${HUB_ACCOUNT}:role/landing-zone/other`, ORG],
    ['a look-alike hub role name', `arn:aws:iam::${HUB_ACCOUNT}:role/landing-zone/landing-zone-hub2`, ORG],
    ['the hub name at another path', `arn:aws:iam::${HUB_ACCOUNT}:role/landing-zone-hub`, ORG],
    ['the hub name in another account', 'arn:aws:iam::333333333333:role/landing-zone/landing-zone-hub', ORG],
    ['the hub from another organization', HUB_ARN, 'o-zzzzzzzzzz'],
  ])('the spoke trust refuses %s, even with AssumeRole on *', async (_name, caller, org) => {
    expect(await assume(caller, org, SPOKE_ARN, ORG, ASSUME_ANY_ROLE)).not.toBe('Allowed');
  });

  test.each([
    ['another role of an org account', `arn:aws:iam::${SPOKE_ACCOUNT}:role/admin`, ORG],
    ['the spoke name at another path', `arn:aws:iam::${SPOKE_ACCOUNT}:role/landing-zone-spoke`, ORG],
    ['the spoke name in an account outside the organization', 'arn:aws:iam::999999999999:role/landing-zone/landing-zone-spoke', 'o-zzzzzzzzzz'],
  ])('the hub permissions refuse %s, even where the role trusts everyone', async (_name, target, targetOrg) => {
    expect(await assume(HUB_ARN, ORG, target, targetOrg, hubPolicy)).not.toBe('Allowed');
  });
});
