import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildLandingZone } from '../examples/landing-zone';
import { AccessMap } from '../src';

describe('the access map of the example estate (examples/main.ts writes it to cdk.out/access-map.md)', () => {
  let map: AccessMap;
  beforeAll(() => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-map-estate-')) });
    buildLandingZone(app);
    map = AccessMap.fromAssembly(app.synth());
  });

  test('no role is open to any repository, and every GitHub subject pins one', () => {
    expect(map.openRoles).toEqual([]);
    expect(map.githubAccess.length).toBeGreaterThan(0);
    for (const e of map.githubAccess) {
      expect(e.subject).toMatch(/^repo:acme@\d+\/[a-z]+@\d+:/);
    }
  });

  test('the hub reaches the spokes of both StackSets and the organization reader, in other accounts only', () => {
    expect(map.hubAccess.filter((e) => e.hubRoleArn === 'arn:aws:iam::222222222222:role/landing-zone/landing-zone-hub').map((e) => e.spokeTargets)).toEqual([
      'account 111111111111',
      'every account of ou-ab12-prod0001 (eu-west-1, auto-deployed to accounts that join)',
      'every account of ou-ab12-sbox0001 (eu-west-1, auto-deployed to accounts that join)',
    ]);
    for (const e of map.hubAccess) {
      expect(e.spokeTargets).not.toContain(e.hubRoleArn.split(':')[4]);
    }
  });

  test('the workload accounts may write only their own delegation records, and production backups are copied to the backup account', () => {
    // Each delegation role trusts the child's delegation principal only, not the child account.
    expect(map.dnsDelegation.map((e) => [e.trustedPrincipal, e.recordNames, e.account])).toEqual([
      ['arn:aws:iam::555555555555:role/landing-zone/landing-zone-dns-delegation-prod-example-com-7405b025', ['prod.example.com'], '333333333333'],
      ['arn:aws:iam::666666666666:role/landing-zone/landing-zone-dns-delegation-sandbox-example-com-d471f943', ['sandbox.example.com'], '333333333333'],
    ]);
    // The central vault and its air-gapped vault accept production copies only: the sandbox keeps its backups in its own vault.
    expect(map.backupCopies.map((e) => [e.account, e.destinationAccount, e.destinationVaultArn.split(':').pop()])).toEqual([
      ['555555555555', '444444444444', 'BackupCentralVaultD06EE3BF'],
      ['555555555555', '444444444444', 'BackupCentralVaultAirGappedEB3DE7B3'],
    ]);
  });

  test('its Markdown has one Mermaid subgraph per account and no raw < in a table cell', () => {
    const md = map.toMarkdown();
    for (const account of ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666']) {
      expect(md).toContain(`["account ${account}"]`);
    }
    expect(md.split('\n').filter((l) => l.startsWith('|') && /[<>]/.test(l))).toEqual([]);
  });
});

describe('the access map of the estate with fleets: per OU, what an account of it receives', () => {
  let map: AccessMap;
  beforeAll(() => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-map-fleets-')) });
    buildLandingZone(app, { workloads: 'fleets' });
    map = AccessMap.fromAssembly(app.synth());
  });

  test('the GitHub subjects and tier roles an account of each OU receives, read from the fleets\' StackSet bodies', () => {
    const perOu = (ou: string) =>
      map.githubAccess.filter((e) => e.account === `<every account of ${ou}>`).map((e) => `${e.subject.replace(/^repo:acme@1000001\//, '')} -> ${e.roleName} ${e.tier}`);
    expect(perOu('ou-ab12-prod0001')).toEqual([
      'platform@2000001:environment:production-base -> landing-zone-base-deploy BASE',
      'platform@2000001:environment:production-infrastructure -> landing-zone-infrastructure-deploy INFRASTRUCTURE',
      'shop@2000002:environment:production -> landing-zone-services-deploy SERVICES',
    ]);
    expect(perOu('ou-ab12-sbox0001')).toEqual([
      'platform@2000001:ref:refs/heads/main -> landing-zone-infrastructure-deploy INFRASTRUCTURE',
      'shop@2000002:environment:sandbox -> landing-zone-services-deploy SERVICES',
      'shop@2000002:ref:refs/heads/feature/* -> landing-zone-services-deploy SERVICES',
    ]);
    const text = map.toText();
    expect(text).toContain('  account <every account of ou-ab12-prod0001>\n    repo:acme@1000001/platform@2000001:environment:production-base\n        -> landing-zone-base-deploy tier BASE in <every account of ou-ab12-prod0001> [ProductionBaseline StackSet landing-zone-production-access]');
  });

  test('every role a fleet delivers carries the boundary; production\'s backups are copied to the backup account', () => {
    const fleetRoles = map.roles.filter((r) => r.account.startsWith('<every account of'));
    expect(fleetRoles.length).toBe(2 + 3 + 15 + 1 + 2 + 10 + 1);
    expect(fleetRoles.filter((r) => !r.boundary)).toEqual([]);
    expect(map.backupCopies.map((e) => [e.account, e.destinationVaultArn.split(':')[4]])).toEqual([
      ['<every account of ou-ab12-prod0001>', '444444444444'],
      ['<every account of ou-ab12-prod0001>', '444444444444'],
    ]);
  });
});
