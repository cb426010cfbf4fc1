// A landing zone built by LandingZoneEstate from a configuration that uses
// every input (what `projen new --from cdk-landing-zone` generates an app
// for), with a topic in each tier's own stack as an app would add. Run as a
// program, it synthesizes to cdk.out/estate/ with the rule pack attached, for
// cfn-lint (the cfn-lint task); test/project.test.ts checks the same
// configuration's stacks.
import { App, Validations, aws_sns as sns } from 'aws-cdk-lib';
import { LandingZoneChecks, LandingZoneConfig, LandingZoneEstate } from '../src';

/** Every input of the configuration, with the example estate's ids. */
export const ESTATE_CONFIG: LandingZoneConfig = {
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  securityAccountId: '222222222222',
  networkAccountId: '333333333333',
  backupAccountId: '444444444444',
  identityAccountId: '777777777777',
  githubOwner: 'acme',
  githubOwnerId: '1000001',
  repository: 'landing-zone',
  repositoryId: '2000001',
  regions: ['eu-west-1', 'eu-central-1'],
  workloads: [
    { name: 'prod', organizationalUnitId: 'ou-ab12-prod0001', production: true, accounts: [{ name: 'production', accountId: '555555555555' }] },
    { name: 'sandbox', organizationalUnitId: 'ou-ab12-sbox0001', accounts: [{ name: 'sandbox', accountId: '666666666666' }] },
  ],
  repositories: [{ name: 'shop', repositoryId: '2000002' }],
  domain: 'example.com',
  domainZoneId: 'Z0123456789ABCDEFGHIJ',
  hubPrincipalArns: ['arn:aws:iam::222222222222:role/landing-zone/audit-automation'],
};

if (require.main === module) {
  const app = new App({ outdir: 'cdk.out/estate' });
  Validations.of(app).addPlugins(new LandingZoneChecks());
  const estate = new LandingZoneEstate(app, ESTATE_CONFIG);
  // What an app adds to each tier's own stack (empty until then, and CloudFormation refuses an empty template).
  for (const stack of estate.stacks.filter((s) => !s.stackName.startsWith('landing-zone-'))) {
    new sns.Topic(stack, 'Alerts', { enforceSSL: true });
  }
  app.synth();
}
