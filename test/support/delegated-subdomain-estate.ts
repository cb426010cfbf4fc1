import { App, Duration, RemovalPolicy, Stack, aws_kms as kms, aws_route53 as route53 } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { DelegatedSubdomain, DnssecSigning, ParentZone, SubdomainDelegationRole, SubdomainOwner } from '../../src/delegated-subdomain';
import { PermissionBoundary } from '../../src/permission-boundary';

/** The accounts, organization and parent zone of the DNS estate used by the cdk-nag check. */
export const DNS_ESTATE = {
  organizationId: 'o-a1b2c3d4e5',
  network: '333333333333',
  production: '555555555555',
  sandbox: '666666666666',
  region: 'us-east-1',
  parentZoneId: 'Z0PARENT0000000000001',
  parentZoneName: 'example.com',
};

export interface DnsEstate {
  readonly app: App;
  readonly networkStack: Stack;
  readonly productionStack: Stack;
  readonly sandboxStack: Stack;
}

/**
 * A DNS estate that uses every option of the delegated-subdomain constructs:
 * the network account's parent zone with three delegation roles (production:
 * its zone's delegation principal, DNSSEC; sandbox: its zone's delegation
 * principal, lookup by name, a boundary, a name, a path, a session duration;
 * labs: the same principal named by its exact ARN, DNSSEC), production's zone
 * signed with a created key (every DNSSEC option), sandbox's zone found by
 * name, and labs' zone signed with a given key. Both child stacks are bounded
 * with `PermissionBoundary.applyTo`.
 *
 * `suppress` adds the cdk-nag suppressions, each with its reason.
 */
export function buildDnsEstate(suppress: boolean, app = new App()): DnsEstate {
  const env = (account: string) => ({ account, region: DNS_ESTATE.region });

  const networkStack = new Stack(app, 'Network', { env: env(DNS_ESTATE.network) });
  const parentZone = route53.HostedZone.fromHostedZoneAttributes(networkStack, 'ParentZone', {
    hostedZoneId: DNS_ESTATE.parentZoneId,
    zoneName: DNS_ESTATE.parentZoneName,
  });
  const boundaries = [new PermissionBoundary(networkStack, 'PermissionBoundary')];
  const networkBoundary = boundaries[0];
  networkBoundary.applyTo(networkStack);
  const productionRole = new SubdomainDelegationRole(networkStack, 'ProductionDelegation', {
    parentZone,
    delegatedZoneNames: ['prod.example.com'],
    owner: SubdomainOwner.delegationPrincipal(DNS_ESTATE.production, 'prod.example.com'),
    organizationId: DNS_ESTATE.organizationId,
    allowDnssec: true,
  });
  const sandboxRole = new SubdomainDelegationRole(networkStack, 'SandboxDelegation', {
    parentZone,
    delegatedZoneNames: ['sandbox.example.com'],
    owner: SubdomainOwner.delegationPrincipal(DNS_ESTATE.sandbox, 'sandbox.example.com'),
    organizationId: DNS_ESTATE.organizationId,
    allowLookupByName: true,
    roleName: 'sandbox-dns-delegation',
    path: '/landing-zone/dns/',
    description: 'Sandbox DNS delegation',
    maxSessionDuration: Duration.hours(1),
    permissionsBoundary: networkBoundary.managedPolicy,
  });
  const labsRole = new SubdomainDelegationRole(networkStack, 'LabsDelegation', {
    parentZone,
    delegatedZoneNames: ['labs.example.com'],
    owner: SubdomainOwner.role(`arn:aws:iam::${DNS_ESTATE.sandbox}:role/landing-zone/${DelegatedSubdomain.delegationPrincipalNameFor('labs.example.com')}`),
    organizationId: DNS_ESTATE.organizationId,
    allowDnssec: true,
  });

  const productionStack = new Stack(app, 'Production', { env: env(DNS_ESTATE.production) });
  boundaries.push(new PermissionBoundary(productionStack, 'PermissionBoundary'));
  boundaries[1].applyTo(productionStack);
  const productionZone = new DelegatedSubdomain(productionStack, 'Zone', {
    zoneName: 'prod.example.com',
    parentZone: ParentZone.fromZoneId(DNS_ESTATE.parentZoneId, DNS_ESTATE.parentZoneName),
    delegationRole: productionRole.role,
    ttl: Duration.days(1),
    comment: 'Production workloads',
    removalPolicy: RemovalPolicy.RETAIN,
    dnssec: DnssecSigning.withNewKey({ dsRecordTtl: Duration.hours(1), keySigningKeyName: 'prod_ksk', keyRemovalPolicy: RemovalPolicy.RETAIN }),
  });

  const sandboxStack = new Stack(app, 'Sandbox', { env: env(DNS_ESTATE.sandbox) });
  boundaries.push(new PermissionBoundary(sandboxStack, 'PermissionBoundary'));
  boundaries[2].applyTo(sandboxStack);
  const sandboxZone = new DelegatedSubdomain(sandboxStack, 'Zone', {
    zoneName: 'sandbox.example.com',
    parentZone: ParentZone.fromZoneName(DNS_ESTATE.parentZoneName),
    delegationRole: sandboxRole.role,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const labsKey = new kms.Key(sandboxStack, 'LabsDnssecKey', {
    keySpec: kms.KeySpec.ECC_NIST_P256,
    keyUsage: kms.KeyUsage.SIGN_VERIFY,
    description: 'DNSSEC key of labs.example.com',
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const labsZone = new DelegatedSubdomain(sandboxStack, 'LabsZone', {
    zoneName: 'labs.example.com',
    parentZone: ParentZone.fromZoneId(DNS_ESTATE.parentZoneId, DNS_ESTATE.parentZoneName),
    delegationRole: labsRole.role,
    dnssec: DnssecSigning.withKey(labsKey, { dsRecordTtl: Duration.minutes(30) }),
  });

  if (suppress) {
    for (const boundary of boundaries) {
      NagSuppressions.addResourceSuppressions(boundary, [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'A permissions boundary grants nothing: its Allow of every action is the ceiling, and its Deny statements are what it enforces.',
          appliesTo: ['Action::*', 'Resource::*'],
        },
      ], true);
    }
    // Only the sandbox role may look the parent up by name.
    NagSuppressions.addResourceSuppressions(
      sandboxRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'route53:ListHostedZonesByName has no resource type, so it can only be granted on "*"; it reveals zone names and ids, nothing else.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
    for (const zone of [productionZone, sandboxZone, labsZone]) {
      NagSuppressions.addResourceSuppressions(
        zone.delegationPrincipal,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: 'The delegation function writes its logs into its own log group, /aws/lambda/<its name>, whose log streams Lambda names at run time.',
            appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:logs:us-east-1:\\d{12}:log-group:\\/aws\\/lambda\\/landing-zone-dns-delegation-[a-z0-9-]+:\\*$/g' }],
          },
        ],
        true,
      );
    }
  }
  return { app, networkStack, productionStack, sandboxStack };
}
