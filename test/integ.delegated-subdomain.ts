// Deployable integration test, in one account and us-east-1 (the region
// DNSSEC needs; the stack is environment-agnostic like the assertion stack, so
// its template carries the rule that refuses other regions): a parent zone and its delegation role (a single-account
// stand-in for the network account), and a child zone delegated through that
// role, signed with DNSSEC. The role trusts the child zone's delegation
// principal only (the role of the zone's own delegation function, under
// /landing-zone/). The organization id comes from the context key
// "organizationId" (default: a placeholder to pass on the command line:
// -c organizationId=o-xxxxxxxxxx), since the role trusts callers of the
// organization only. The assertions read the NS and DS records back from the
// parent zone. The zone names are not registered; nothing resolves them.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack, aws_route53 as route53 } from 'aws-cdk-lib';
import { DelegatedSubdomain, DnssecSigning, ParentZone, SubdomainDelegationRole, SubdomainOwner } from '../src/delegated-subdomain';

const PARENT_NAME = 'integ.cdk-landing-zone.dev';
const CHILD_NAME = `team.${PARENT_NAME}`;

const app = new App();
const organizationId = app.node.tryGetContext('organizationId') ?? 'o-exampleorg1';
const stack = new Stack(app, 'DelegatedSubdomainInteg');

const parent = new route53.PublicHostedZone(stack, 'ParentZone', { zoneName: PARENT_NAME });
parent.applyRemovalPolicy(RemovalPolicy.DESTROY);
const delegation = new SubdomainDelegationRole(stack, 'Delegation', {
  parentZone: parent,
  delegatedZoneNames: [CHILD_NAME],
  owner: SubdomainOwner.delegationPrincipal(stack.account, CHILD_NAME),
  organizationId,
  allowDnssec: true,
});

new DelegatedSubdomain(stack, 'Team', {
  zoneName: CHILD_NAME,
  parentZone: ParentZone.fromZoneId(parent.hostedZoneId, PARENT_NAME),
  delegationRole: delegation.role,
  ttl: Duration.minutes(5),
  removalPolicy: RemovalPolicy.DESTROY,
  dnssec: DnssecSigning.withNewKey({ dsRecordTtl: Duration.minutes(5), keyRemovalPolicy: RemovalPolicy.DESTROY }),
});

const integ = new IntegTest(app, 'DelegatedSubdomain', { testCases: [stack], regions: ['us-east-1'] });
for (const type of ['NS', 'DS']) {
  integ.assertions
    .awsApiCall('Route53', 'listResourceRecordSets', { HostedZoneId: parent.hostedZoneId, StartRecordName: CHILD_NAME, StartRecordType: type, MaxItems: 1 })
    .expect(ExpectedResult.objectLike({ ResourceRecordSets: Match.arrayWith([Match.objectLike({ Name: `${CHILD_NAME}.`, Type: type })]) }));
}
app.synth();
