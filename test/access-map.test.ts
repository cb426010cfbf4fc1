import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import {
  AccessMap,
  AccountEnvironment,
  DeployTier,
  GithubOidcProvider,
  GithubRepository,
  GithubSubject,
  HubPrincipal,
  HubRole,
  PermissionBoundary,
  SpokeFleet,
  SpokeRole,
  TieredDeployRole,
} from '../src';

const ORG = 'o-a1b2c3d4e5';
const shop = GithubRepository.named('acme', 'shop');
const env = (account: string) => ({ account, region: 'eu-west-1' });

function synth(build: (app: App) => void): AccessMap {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-map-')) });
  build(app);
  return AccessMap.fromAssembly(app.synth());
}

function githubApp(subjects: GithubSubject[]) {
  return (app: App) => {
    const stack = new Stack(app, 'Workload', { env: env('555555555555') });
    const provider = new GithubOidcProvider(stack, 'Github');
    const boundary = new PermissionBoundary(stack, 'Boundary');
    new TieredDeployRole(stack, 'Deploy', { tier: DeployTier.SERVICES, provider, boundary, subjects });
  };
}

function hubApp(withSpoke: boolean, spokeTrustsThisHub = true) {
  return (app: App) => {
    const security = new Stack(app, 'Security', { env: env('222222222222') });
    const hub = new HubRole(security, 'Hub', { organizationId: ORG, environment: AccountEnvironment.PRODUCTION, trustedPrincipals: [HubPrincipal.automation('arn:aws:iam::222222222222:role/audit')] });
    if (withSpoke) {
      const workload = new Stack(app, 'Workload', { env: env('555555555555') });
      const trusted = spokeTrustsThisHub
        ? hub
        : HubRole.fromHubRoleAttributes(workload, 'OtherHub', { hubRoleArn: 'arn:aws:iam::333333333333:role/landing-zone/landing-zone-hub', environment: AccountEnvironment.PRODUCTION, organizationId: ORG });
      new SpokeRole(workload, 'Spoke', { hub: trusted, environment: AccountEnvironment.PRODUCTION });
    }
  };
}

describe('AccessMap: GitHub subjects', () => {
  test('a trusted subject appears with its role, tier, account, stack and boundary', () => {
    const map = synth(githubApp([GithubSubject.environment(shop, 'production')]));
    expect(map.githubAccess).toEqual([
      {
        subject: 'repo:acme/shop:environment:production',
        matchedWith: 'StringEquals',
        issuer: 'token.actions.githubusercontent.com',
        roleName: 'landing-zone-services-deploy',
        roleArn: 'arn:aws:iam::555555555555:role/landing-zone/landing-zone-services-deploy',
        tier: 'SERVICES',
        account: '555555555555',
        stackName: 'Workload',
        hasBoundary: true,
      },
    ]);
  });

  test('adding a subject adds it to the map; without it, it is absent', () => {
    const without = synth(githubApp([GithubSubject.environment(shop, 'production')]));
    const withPattern = synth(githubApp([GithubSubject.environment(shop, 'production'), GithubSubject.branchPattern(shop, 'release/*')]));
    const pattern = 'repo:acme/shop:ref:refs/heads/release/*';
    expect(without.githubAccess.map((e) => e.subject)).not.toContain(pattern);
    expect(withPattern.githubAccess.find((e) => e.subject === pattern)).toMatchObject({ matchedWith: 'StringLike', roleName: 'landing-zone-services-deploy' });
    expect(withPattern.toText()).toContain(`${pattern} (pattern)`);
  });

  test('claim trusts appear: a claims-only statement by its claims, a sub with the claims it also requires', () => {
    const ids = GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1001', name: 'shop', repositoryId: '2002' });
    const map = synth(githubApp([GithubSubject.fromClaimConditions({ repository: ids, environment: 'production' }), GithubSubject.environment(ids, 'staging')]));
    expect(map.githubAccess.map((e) => [e.subject, e.matchedWith, e.claims])).toEqual(
      expect.arrayContaining([
        ['claims(repository_id=2002, environment=production)', 'StringEquals', { repository_id: '2002', environment: 'production' }],
        ['repo:acme/shop:environment:staging', 'StringEquals', { repository_id: '2002' }],
      ]),
    );
    expect(map.githubAccess).toHaveLength(2);
    expect(map.toText()).toContain('repo:acme/shop:environment:staging + claims(repository_id=2002)');
    expect(map.toMarkdown()).toContain('`claims(repository_id=2002, environment=production)`');
  });

  test('reads roles written with aws-cdk-lib alone, and flags a missing boundary', () => {
    const map = synth((app) => {
      const stack = new Stack(app, 'Legacy', { env: env('666666666666') });
      const provider = new iam.OidcProviderNative(stack, 'Github', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
      new iam.Role(stack, 'Deploy', {
        roleName: 'legacy-deploy',
        assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
        }),
      });
    });
    expect(map.githubAccess).toEqual([expect.objectContaining({ subject: 'repo:acme/*', matchedWith: 'StringLike', roleName: 'legacy-deploy', hasBoundary: false })]);
    expect(map.toText()).toContain('without a boundary: legacy-deploy');
  });
});

describe('AccessMap: hubs and spokes', () => {
  test('a spoke that trusts the hub appears; without the spoke, the hub reaches nothing', () => {
    const withSpoke = synth(hubApp(true));
    expect(withSpoke.hubAccess).toEqual([
      expect.objectContaining({
        hubRoleArn: 'arn:aws:iam::222222222222:role/landing-zone/landing-zone-hub',
        spokeRoleName: 'landing-zone-spoke',
        spokeTargets: 'account 555555555555',
        spokeEnvironment: 'PRODUCTION',
      }),
    ]);
    expect(synth(hubApp(false)).hubAccess).toEqual([]);
  });

  test('a spoke that trusts another hub is not reached', () => {
    expect(synth(hubApp(true, false)).hubAccess).toEqual([]);
  });

  test('a fleet\'s spokes are read from the StackSet template, with their OUs', () => {
    const map = synth((app) => {
      hubApp(false)(app);
      const hub = app.node.findAll().find((c) => c instanceof HubRole) as HubRole;
      const management = new Stack(app, 'Management', { env: env('111111111111') });
      new SpokeFleet(management, 'Fleet', { hub, environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: ['ou-ab12-prod0001'], stackSetName: 'spokes' });
    });
    expect(map.hubAccess).toEqual([
      expect.objectContaining({
        spokeRoleName: 'landing-zone-spoke',
        spokeTargets: 'every account of ou-ab12-prod0001 (eu-west-1, auto-deployed to accounts that join)',
        spokeStackName: 'Management StackSet spokes',
      }),
    ]);
  });
});

describe('AccessMap output', () => {
  test('Markdown holds a Mermaid diagram with one subgraph per account, and the tables', () => {
    const map = synth((app) => {
      hubApp(true)(app);
      const workload = app.node.findChild('Workload') as Stack;
      const provider = new GithubOidcProvider(workload, 'Github');
      const boundary = new PermissionBoundary(workload, 'Boundary');
      new TieredDeployRole(workload, 'Deploy', { tier: DeployTier.SERVICES, provider, boundary, subjects: [GithubSubject.environment(shop, 'production')] });
    });
    const md = map.toMarkdown();
    const mermaid = md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3));
    expect(mermaid).toContain('n0(["repo:acme/shop:environment:production"])');
    expect(mermaid).toMatch(/subgraph a\d\["account 555555555555"\]\n {4}n1\["landing-zone-services-deploy \(SERVICES\)"\]/);
    expect(mermaid).toMatch(/subgraph a\d\["account 222222222222"\]\n {4}n\d+\["landing-zone-hub"\]\n {2}end/);
    expect(mermaid).toContain('n0 -->|exact| n1');
    expect(mermaid.match(/subgraph/g)).toHaveLength(2);
    expect(md).toContain('| `repo:acme/shop:environment:production` | StringEquals | landing-zone-services-deploy | SERVICES | 555555555555 | Workload | yes |');
    expect(md).toContain('## Hubs and spokes');
    expect(md).toContain('| landing-zone-services-deploy | 555555555555 | Workload | landing-zone/LandingZonePermissionBoundary |');
  });

  test('the text groups by account and the spoke of a hub shows where it is', () => {
    const text = synth(hubApp(true)).toText();
    expect(text).toContain('Hubs -> spokes they reach (roles that can assume roles in other accounts)\n  account 222222222222\n    arn:aws:iam::222222222222:role/landing-zone/landing-zone-hub [Security]\n        -> landing-zone-spoke (PRODUCTION) in account 555555555555 [Workload]');
  });
});
