import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, NestedStack, Stack, aws_backup as backup, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { AccessMap, AccountEnvironment, HubPrincipal, HubRole, SpokeFleet } from '../src';

const env = (account: string) => ({ account, region: 'eu-west-1' });
const GITHUB = 'token.actions.githubusercontent.com';

function synth(build: (app: App) => void): AccessMap {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-map-read-')) });
  build(app);
  return AccessMap.fromAssembly(app.synth());
}

function githubTrust(sub: string, account = '555555555555') {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${GITHUB}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: sub } },
    }],
  };
}

describe('AccessMap reads what is there', () => {
  test('a role inside a nested stack is read, with its parent stack\'s account', () => {
    const map = synth((app) => {
      const parent = new Stack(app, 'Parent', { env: env('555555555555') });
      const nested = new NestedStack(parent, 'Deploys');
      const provider = new iam.OidcProviderNative(nested, 'Github', { url: `https://${GITHUB}`, clientIds: ['sts.amazonaws.com'] });
      new iam.Role(nested, 'Deploy', {
        roleName: 'nested-deploy',
        assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
          StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
        }),
      });
    });
    expect(map.openRoles).toEqual([expect.objectContaining({ admits: 'any GitHub repository', roleArn: 'arn:aws:iam::555555555555:role/nested-deploy', account: '555555555555' })]);
    expect(map.openRoles[0].stackName).toMatch(/^Parent nested stack /);
  });

  test('trust written as JSON text is read: a string, Fn::Sub text and Fn::Join text', () => {
    const map = synth((app) => {
      const stack = new Stack(app, 'Text', { env: env('555555555555') });
      const role = (id: string, name: string, document: unknown) => new CfnResource(stack, id, { type: 'AWS::IAM::Role', properties: { RoleName: name, AssumeRolePolicyDocument: document } });
      role('AsString', 'as-string', JSON.stringify(githubTrust('repo:acme/shop:environment:a')));
      const subText = JSON.stringify(githubTrust('repo:acme/shop:environment:b')).replace('555555555555', '${AWS::AccountId}');
      role('AsSub', 'as-sub', { 'Fn::Sub': subText });
      // A sub that pins no repository (StringEquals takes "*" literally, so repo:* would match no token and open nothing).
      const [head, tail] = JSON.stringify(githubTrust('environment:production')).split('555555555555');
      role('AsJoin', 'as-join', { 'Fn::Join': ['', [head, { Ref: 'AWS::AccountId' }, tail]] });
      // Text that names a parameter is only known at deploy time: reported as not read.
      role('AsParameter', 'as-parameter', { 'Fn::Sub': '${TrustText}' });
    });
    expect(map.githubAccess.map((e) => [e.subject, e.roleName])).toEqual([
      ['repo:acme/shop:environment:a', 'as-string'],
      ['repo:acme/shop:environment:b', 'as-sub'],
      ['environment:production', 'as-join'],
    ]);
    expect(map.openRoles.map((e) => e.roleName)).toEqual(['as-join']);
    expect(map.unread).toEqual([expect.stringContaining('arn:aws:iam::555555555555:role/as-parameter (Text/AsParameter): its trust policy is text that is only known at deploy time')]);
    expect(map.toText()).toContain('Not read\n  arn:aws:iam::555555555555:role/as-parameter');
  });

  test('a hub whose sts:AssumeRole sits in a managed policy reaches the spoke that trusts it', () => {
    const map = synth((app) => {
      const security = new Stack(app, 'Security', { env: env('222222222222') });
      const hub = new iam.Role(security, 'Hub', { roleName: 'hub', assumedBy: new iam.AccountRootPrincipal() });
      new iam.ManagedPolicy(security, 'Reach', {
        roles: [hub],
        statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::*:role/spoke'] })],
      });
      const workload = new Stack(app, 'Workload', { env: env('555555555555') });
      new iam.Role(workload, 'Spoke', { roleName: 'spoke', assumedBy: new iam.ArnPrincipal('arn:aws:iam::222222222222:role/hub') });
      new iam.Role(workload, 'Other', { roleName: 'other', assumedBy: new iam.ArnPrincipal('arn:aws:iam::222222222222:role/hub') });
    });
    expect(map.hubAccess).toEqual([
      expect.objectContaining({ hubRoleArn: 'arn:aws:iam::222222222222:role/hub', spokeRoleName: 'spoke', spokeTargets: 'account 555555555555', grantedBy: expect.stringMatching(/AWS::IAM::ManagedPolicy/) }),
    ]);
    expect(map.toText()).toMatch(/arn:aws:iam::222222222222:role\/hub \[Security\] \(by Reach\w+ \(AWS::IAM::ManagedPolicy\)\)/);
  });

  test('DNS delegation: the principal a zone-writing role trusts, with the names and types it may change', () => {
    const map = synth((app) => {
      const network = new Stack(app, 'Network', { env: env('333333333333') });
      const zone = new route53.PublicHostedZone(network, 'Zone', { zoneName: 'example.com' });
      const role = new iam.Role(network, 'Delegation', { roleName: 'delegation', assumedBy: new iam.AccountPrincipal('555555555555') });
      role.addToPolicy(new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zone.hostedZoneArn],
        conditions: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['prod.example.com'], 'route53:ChangeResourceRecordSetsRecordTypes': ['NS'] } },
      }));
      // A role that may change only A records delegates nothing.
      const web = new iam.Role(network, 'Web', { roleName: 'web', assumedBy: new iam.AccountPrincipal('666666666666') });
      web.addToPolicy(new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets'],
        resources: [zone.hostedZoneArn],
        conditions: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A'] } },
      }));
    });
    expect(map.dnsDelegation).toEqual([
      expect.objectContaining({
        trustedPrincipal: 'arn:aws:iam::555555555555:root',
        roleArn: 'arn:aws:iam::333333333333:role/delegation',
        account: '333333333333',
        hostedZones: ['arn:aws:route53:::hostedzone/<zone example.com>'],
        recordNames: ['prod.example.com'],
        recordTypes: ['NS'],
      }),
    ]);
    expect(map.accessPaths).toContain('arn:aws:iam::555555555555:root can assume arn:aws:iam::333333333333:role/delegation and change NS records of prod.example.com in arn:aws:route53:::hostedzone/<zone example.com>');
  });

  test('backup copies: a plan\'s copy action to another account\'s vault', () => {
    const map = synth((app) => {
      const workload = new Stack(app, 'Workload', { env: env('555555555555') });
      const vault = new backup.BackupVault(workload, 'Vault', { backupVaultName: 'workload' });
      const central = backup.BackupVault.fromBackupVaultArn(workload, 'Central', 'arn:aws:backup:eu-west-1:444444444444:backup-vault:central');
      const plan = new backup.BackupPlan(workload, 'Plan', { backupPlanName: 'daily', backupVault: vault });
      plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', copyActions: [{ destinationBackupVault: central }] }));
    });
    expect(map.backupCopies).toEqual([
      { account: '555555555555', stackName: 'Workload', planName: 'daily', ruleName: 'Daily', sourceVault: 'workload', destinationVaultArn: 'arn:aws:backup:eu-west-1:444444444444:backup-vault:central', destinationAccount: '444444444444' },
    ]);
    expect(map.accessPaths).toContain('backup plan daily in 555555555555 copies vault workload to arn:aws:backup:eu-west-1:444444444444:backup-vault:central');
  });
});

describe('AccessMap keeps other web identities apart', () => {
  test('EKS service accounts and other OIDC providers are never GitHub subjects', () => {
    const map = synth((app) => {
      const stack = new Stack(app, 'Cluster', { env: env('555555555555') });
      const eks = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789';
      new iam.Role(stack, 'Pods', {
        roleName: 'pods',
        assumedBy: new iam.FederatedPrincipal(`arn:aws:iam::555555555555:oidc-provider/${eks}`, { StringEquals: { [`${eks}:sub`]: 'system:serviceaccount:shop:api', [`${eks}:aud`]: 'sts.amazonaws.com' } }, 'sts:AssumeRoleWithWebIdentity'),
      });
      new iam.Role(stack, 'Gitlab', {
        roleName: 'gitlab',
        assumedBy: new iam.FederatedPrincipal('arn:aws:iam::555555555555:oidc-provider/gitlab.com', { StringEquals: { 'gitlab.com:aud': 'https://gitlab.com' } }, 'sts:AssumeRoleWithWebIdentity'),
      });
    });
    expect(map.githubAccess).toEqual([]);
    expect(map.openRoles).toEqual([]);
    expect(map.webIdentityAccess.map((e) => [e.kind, e.provider, e.subject, e.roleName])).toEqual([
      ['EKS service account', 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789', 'system:serviceaccount:shop:api', 'pods'],
      ['OIDC', 'gitlab.com', '(any subject)', 'gitlab'],
    ]);
    const text = map.toText();
    expect(text.slice(text.indexOf('GitHub subjects'), text.indexOf('Other web identities'))).not.toContain('system:serviceaccount');
    expect(text).toContain('EKS service account system:serviceaccount:shop:api of oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789\n        -> pods in 555555555555 [Cluster]');
  });
});

describe('AccessMap Markdown', () => {
  test('table cells are escaped: <every account of ou-...> renders as written, no raw < in any cell', () => {
    const map = synth((app) => {
      const security = new Stack(app, 'Security', { env: env('222222222222') });
      const hub = new HubRole(security, 'Hub', { organizationId: 'o-a1b2c3d4e5', environment: AccountEnvironment.PRODUCTION, trustedPrincipals: [HubPrincipal.automation('arn:aws:iam::222222222222:role/audit')] });
      const management = new Stack(app, 'Management', { env: env('111111111111') });
      new SpokeFleet(management, 'Fleet', { hub, environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: ['ou-ab12-prod0001'], stackSetName: 'spokes' });
    });
    const md = map.toMarkdown();
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows.some((r) => r.includes('&lt;every account of ou-ab12-prod0001&gt;'))).toBe(true);
    expect(rows.filter((r) => /[<>]/.test(r))).toEqual([]);
    expect(md).toContain('subgraph a1["StackSet: every account of ou-ab12-prod0001 (eu-west-1, auto-deployed to accounts that join)"]');
    expect(md).not.toMatch(/\["[^"]*<every/);
  });
});
