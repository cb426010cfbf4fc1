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

/** The path of the AwsCustomResource singleton function of a stack (fixed by aws-cdk-lib). */
const AWS_CUSTOM_RESOURCE = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * A DNS estate that uses every option of the delegated-subdomain constructs:
 * the network account's parent zone with two delegation roles (production:
 * the account, DNSSEC; sandbox: one exact role, two names, DNSSEC and lookup
 * by name, a boundary, a name, a path, a session duration), production's zone
 * signed with a created key (every DNSSEC option), and sandbox's zones found
 * by name and signed with a given key. Both child stacks are bounded with
 * `PermissionBoundary.applyTo`.
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
    owner: SubdomainOwner.account(DNS_ESTATE.production),
    organizationId: DNS_ESTATE.organizationId,
    allowDnssec: true,
  });
  const sandboxRole = new SubdomainDelegationRole(networkStack, 'SandboxDelegation', {
    parentZone,
    delegatedZoneNames: ['sandbox.example.com', 'labs.example.com'],
    // Every option, for the linters: a deployable estate trusts the account,
    // since the custom resources run under roles named by CloudFormation.
    owner: SubdomainOwner.role(`arn:aws:iam::${DNS_ESTATE.sandbox}:role/dns-deployer`),
    organizationId: DNS_ESTATE.organizationId,
    allowDnssec: true,
    allowLookupByName: true,
    roleName: 'sandbox-dns-delegation',
    path: '/landing-zone/dns/',
    description: 'Sandbox DNS delegation',
    maxSessionDuration: Duration.hours(1),
    permissionsBoundary: networkBoundary.managedPolicy,
  });

  const productionStack = new Stack(app, 'Production', { env: env(DNS_ESTATE.production) });
  boundaries.push(new PermissionBoundary(productionStack, 'PermissionBoundary'));
  boundaries[1].applyTo(productionStack);
  new DelegatedSubdomain(productionStack, 'Zone', {
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
  new DelegatedSubdomain(sandboxStack, 'Zone', {
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
  new DelegatedSubdomain(sandboxStack, 'LabsZone', {
    zoneName: 'labs.example.com',
    parentZone: ParentZone.fromZoneId(DNS_ESTATE.parentZoneId, DNS_ESTATE.parentZoneName),
    delegationRole: sandboxRole.role,
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
    for (const stack of [productionStack, sandboxStack]) {
      NagSuppressions.addResourceSuppressionsByPath(
        stack,
        `/${stack.stackName}/${AWS_CUSTOM_RESOURCE}`,
        [
          {
            id: 'AwsSolutions-IAM4',
            reason: 'The AwsCustomResource function of aws-cdk-lib logs with AWSLambdaBasicExecutionRole; its only other permissions are GetDNSSEC on the zone and AssumeRole of the delegation role.',
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
          {
            id: 'AwsSolutions-L1',
            reason: 'The runtime of the AwsCustomResource function is chosen by aws-cdk-lib, which moves it forward with its releases.',
          },
        ],
        true,
      );
    }
  }
  return { app, networkStack, productionStack, sandboxStack };
}
