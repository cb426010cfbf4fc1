// The project type and the estate it builds, in process: the configuration's
// refusals and acceptances, the estate's stacks, and the pipelines written
// for them. test/project.new.test.ts runs the same through `projen new`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations, aws_iam as iam } from 'aws-cdk-lib';
import * as YAML from 'yaml';
import { ESTATE_CONFIG } from '../examples/estate';
import {
  DeployTier,
  LandingZoneChecks,
  LandingZoneCi,
  LandingZoneConfig,
  LandingZoneEstate,
  LandingZoneProject,
  PermissionBoundary,
} from '../src';
import { LandingZoneInputError } from '../src/private/errors';
import { fromCommandLine } from '../src/project/command-line';
import { PINNED_VERSIONS } from '../src/project/versions';

const BASE: LandingZoneConfig = {
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  securityAccountId: '222222222222',
  networkAccountId: '333333333333',
  backupAccountId: '444444444444',
  githubOwner: 'acme',
  githubOwnerId: '1000001',
  repository: 'landing-zone',
  repositoryId: '2000001',
  regions: ['eu-west-1'],
};

const FULL = ESTATE_CONFIG;

/** The projects' temporary folders, removed after the file. */
const outdirs: string[] = [];
function tempOutdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-project-'));
  outdirs.push(dir);
  return dir;
}
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/**
 * Synthesizes with the rule pack attached; returns the assembly, whether the
 * validation failed (aws-cdk-lib then sets the exit code) and the report it
 * printed.
 */
function synthWithChecks(app: App) {
  Validations.of(app).addPlugins(new LandingZoneChecks());
  const spies = (['log', 'info', 'warn', 'error'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
  const exitCode = process.exitCode;
  try {
    const assembly = app.synth();
    const report = spies.flatMap((s) => s.mock.calls.map((c) => String(c[0]))).join('\n');
    return { assembly, failed: process.exitCode === 1, report };
  } finally {
    process.exitCode = exitCode;
    spies.forEach((s) => s.mockRestore());
  }
}

describe('LandingZoneEstate: refused configurations name the input, the value and what is expected', () => {
  const cases: Array<[string, Partial<LandingZoneConfig> | ((c: LandingZoneConfig) => LandingZoneConfig), RegExp]> = [
    ['an organization id with a wildcard', { organizationId: 'o-*' }, /invalid organizationId: received "o-\*"; expected an AWS Organizations id/],
    ['an account id of 11 digits', { securityAccountId: '22222222222' }, /invalid securityAccountId: received "22222222222"; expected a 12-digit AWS account id/],
    ['one account id for two roles', { networkAccountId: '222222222222' }, /invalid networkAccountId: received "222222222222"; expected an account id of no other role \(it is already the security account\)/],
    ['no region', { regions: [] }, /invalid regions: received \[\]; expected one or more region names/],
    ['a region that is no region', { regions: ['eu-west-1', 'europe'] }, /invalid regions\[1\]: received "europe"; expected a region name/],
    ['a region twice', { regions: ['eu-west-1', 'eu-west-1'] }, /invalid regions: .*expected each region once/],
    ['a domain without its zone id', { domain: 'example.com' }, /invalid domainZoneId: received nothing \(undefined\); expected domain and domainZoneId together/],
    ['a domain in upper case', { domain: 'Example.com', domainZoneId: 'Z0123456789ABCDEFGHIJ' }, /invalid domain: received "Example.com"; expected a lower-case domain name/],
    ['an owner id that is a name', { githubOwnerId: 'acme' }, /invalid githubOwnerId: received "acme"; expected the owner's numeric id/],
    ['a repository listed twice', { repositories: [{ name: 'shop', repositoryId: '2' }, { name: 'Shop', repositoryId: '3' }] }, /invalid repositories\[1\]\.name: received "Shop"; expected a repository named once/],
    ['the landing zone\'s own repository as an application repository', { repositories: [{ name: 'landing-zone', repositoryId: '2000001' }] }, /invalid repositories\[0\]\.name: received "landing-zone"/],
    ['a workload without accounts', { workloads: [{ name: 'prod', organizationalUnitId: 'ou-ab12-prod0001', accounts: [] }] }, /invalid workloads\[0\]\.accounts: received \[\]; expected one or more accounts/],
    ['a workload account named like a core account', { workloads: [{ name: 'prod', organizationalUnitId: 'ou-ab12-prod0001', accounts: [{ name: 'network', accountId: '555555555555' }] }] }, /invalid workloads: received "network"; expected account names used once/],
    ['a workload account name with a dash', { workloads: [{ name: 'prod', organizationalUnitId: 'ou-ab12-prod0001', accounts: [{ name: 'prod-1', accountId: '555555555555' }] }] }, /invalid workloads\[0\]\.accounts\[0\]\.name: received "prod-1"; expected lower-case letters and digits/],
    ['an OU id that is none', { workloads: [{ name: 'prod', organizationalUnitId: 'prod', accounts: [{ name: 'production', accountId: '555555555555' }] }] }, /invalid organizationalUnitIds: received "prod"/],
    ['a hub principal with a wildcard', { hubPrincipalArns: ['arn:aws:iam::222222222222:role/*'] }, /invalid hubPrincipalArns\[0\]: received "arn:aws:iam::222222222222:role\/\*"/],
    ['CircleCI without its ids', { ci: LandingZoneCi.CIRCLECI }, /invalid circleCiOrganizationId: received nothing \(undefined\); expected the CircleCI organization id/],
    ['a CI that is none', { ci: 'JENKINS' as LandingZoneCi }, /invalid ci: received "JENKINS"; expected one of GITHUB, CIRCLECI/],
  ];
  test.each(cases)('%s', (_what, change, message) => {
    const config = typeof change === 'function' ? change(BASE) : { ...BASE, ...change };
    const attempt = () => new LandingZoneEstate(new App(), config);
    expect(attempt).toThrow(LandingZoneInputError);
    expect(attempt).toThrow(/^LandingZoneEstate \(\/\): /);
    expect(attempt).toThrow(message);
  });

  test.each(['organizationId', 'managementAccountId', 'securityAccountId', 'networkAccountId', 'backupAccountId', 'githubOwner', 'githubOwnerId', 'repository', 'repositoryId', 'regions'])(
    'LandingZoneProject from JavaScript without %s', (prop) => {
      const { [prop as keyof LandingZoneConfig]: _left, ...rest } = BASE;
      expect(() => new LandingZoneProject({ ...rest, outdir: tempOutdir() } as any)).toThrow(new RegExp(`invalid ${prop}: received nothing \\(undefined\\); expected `));
    },
  );

  test('LandingZoneProject from JavaScript without options at all', () => {
    expect(() => new LandingZoneProject(undefined as any)).toThrow(/^LandingZoneProject \(\.\): invalid organizationId: received nothing \(undefined\)/);
  });

  test('LandingZoneProject refuses the same configuration, under its folder', () => {
    const outdir = tempOutdir();
    expect(() => new LandingZoneProject({ ...BASE, outdir, organizationId: 'o-*' })).toThrow(
      new RegExp(`^LandingZoneProject \\(${outdir}\\): invalid organizationId: received "o-\\*"`),
    );
  });

  test('CircleCI needs a factory of CircleCI-trusted roles', () => {
    const config = { ...BASE, ci: LandingZoneCi.CIRCLECI, circleCiOrganizationId: '0b3a0d0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', circleCiProjectId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' };
    expect(() => new LandingZoneEstate(new App(), config)).toThrow(/invalid deployRoles: received nothing \(undefined\); expected a factory of CircleCI-trusted tier roles/);
  });
});

describe('LandingZoneEstate: one stack per account and tier', () => {
  test('the smallest configuration: the core accounts and their tiers, accepted and clean under the rule pack', () => {
    const app = new App();
    const estate = new LandingZoneEstate(app, BASE);
    expect(estate.stacks.map((s) => s.stackName).sort()).toEqual([
      'backup-base',
      'landing-zone-backup',
      'landing-zone-backup-base-bootstrap',
      'landing-zone-management',
      'landing-zone-network',
      'landing-zone-network-infrastructure-bootstrap',
      'landing-zone-security',
      'landing-zone-security-base-bootstrap',
      'network-infrastructure',
      'security-base',
    ]);
    const { failed, report } = synthWithChecks(app);
    expect(failed).toBe(false);
    expect(report).toContain('Policy Validation Successful!');
  });

  test('every configuration input: identity, workloads, repositories, domain, hub; tags, accounts and regions follow', () => {
    const app = new App();
    const estate = new LandingZoneEstate(app, FULL);
    const byName = Object.fromEntries(estate.stacks.map((s) => [s.stackName, s]));
    for (const account of ['production', 'sandbox']) {
      for (const tier of [DeployTier.BASE, DeployTier.INFRASTRUCTURE, DeployTier.SERVICES]) {
        const stack = estate.tierStack(account, tier);
        expect(byName[`${account}-${tier.toLowerCase()}`]).toBe(stack);
        expect(stack.tags.tagValues()).toEqual({ 'landing-zone:tier': tier });
      }
      expect(byName[`landing-zone-${account}-dns`].region).toBe('us-east-1');
    }
    expect(estate.accountStack('identity').account).toBe('777777777777');
    for (const name of ['landing-zone-production', 'landing-zone-production-services-bootstrap', 'landing-zone-management', 'landing-zone-sandbox-dns']) {
      expect(byName[name].tags.tagValues()).toEqual({ 'landing-zone:tier': DeployTier.BOOTSTRAP });
    }
    expect(estate.stacks.filter((s) => s.region !== 'eu-west-1').map((s) => s.stackName).sort()).toEqual(['landing-zone-production-dns', 'landing-zone-sandbox-dns']);
    const { assembly, failed } = synthWithChecks(app);
    expect(failed).toBe(false);
    const template = (name: string) => assembly.getStackByName(name).template;
    const resources = (name: string, type: string) => Object.values<any>(template(name).Resources).filter((r) => r.Type === type);
    // The application repository deploys the workload accounts' Services tier only, from the environment named after the account.
    const trust = (name: string, role: string) => JSON.stringify(resources(name, 'AWS::IAM::Role').find((r) => r.Properties.RoleName === role)?.Properties.AssumeRolePolicyDocument);
    expect(trust('landing-zone-production', 'landing-zone-services-deploy')).toContain('repo:acme@1000001/shop@2000002:environment:production');
    expect(trust('landing-zone-sandbox', 'landing-zone-services-deploy')).toContain('repo:acme@1000001/shop@2000002:environment:sandbox');
    expect(trust('landing-zone-production', 'landing-zone-base-deploy')).not.toContain('shop');
    expect(trust('landing-zone-security', 'landing-zone-base-deploy')).not.toContain('shop');
    expect(trust('landing-zone-production', 'landing-zone-bootstrap-deploy')).toContain('repo:acme@1000001/landing-zone@2000001:environment:landing-zone-bootstrap');
    // The boundary allows the configured regions and, for the DNS zones, us-east-1.
    const boundary = JSON.stringify(resources('landing-zone-production', 'AWS::IAM::ManagedPolicy')[0].Properties.PolicyDocument);
    expect(boundary).toMatch(/"aws:RequestedRegion":\["eu-west-1","eu-central-1","us-east-1"\]/);
    // Hub and spokes; the central vault accepts copies from the production account only.
    expect(resources('landing-zone-security', 'AWS::IAM::Role').map((r) => r.Properties.RoleName)).toContain('landing-zone-hub');
    expect(resources('landing-zone-management', 'AWS::CloudFormation::StackSet').map((r) => r.Properties.StackSetName).sort()).toEqual(['landing-zone-spoke-prod', 'landing-zone-spoke-sandbox']);
    expect(JSON.stringify(template('landing-zone-backup'))).toContain('555555555555');
    expect(JSON.stringify(template('landing-zone-backup'))).not.toContain('666666666666');
  });

  test('the rule pack attached to the app refuses an unsafe role added to a tier stack', () => {
    const app = new App();
    const estate = new LandingZoneEstate(app, BASE);
    new iam.Role(estate.tierStack('security', DeployTier.BASE), 'Open', {
      assumedBy: new iam.WebIdentityPrincipal('arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com', {
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' },
      }),
    });
    const { failed, report } = synthWithChecks(app);
    expect(failed).toBe(true);
    expect(report).toMatch(/LZ-GH1/);
    expect(report).toMatch(/Construct Path: security-base\/Open\/Resource/);
  });

  test('tierStack and accountStack refuse what the estate does not have', () => {
    const estate = new LandingZoneEstate(new App(), BASE);
    expect(() => estate.tierStack('management', DeployTier.BASE)).toThrow(/invalid tierStack\(account, tier\): received "management, BASE"; expected an account and one of its tiers below Bootstrap/);
    expect(() => estate.tierStack('security', DeployTier.BOOTSTRAP)).toThrow(LandingZoneInputError);
    expect(() => estate.accountStack('production')).toThrow(/invalid accountStack\(account\): received "production"; expected an account of the landing zone: security, backup, network, management/);
    expect(estate.tierStack('security', DeployTier.BASE)).toBeInstanceOf(Stack);
  });

  test('the tier roles are the boundary\'s exempt principals, by the ARNs the pipelines assume', () => {
    const app = new App();
    const estate = new LandingZoneEstate(app, BASE);
    const boundary = estate.accountStack('security').node.findAll().find((c): c is PermissionBoundary => c instanceof PermissionBoundary)!;
    const text = JSON.stringify(Stack.of(boundary).resolve(boundary.document.toJSON()));
    for (const tier of ['bootstrap', 'base']) {
      expect(text).toContain(`:role/landing-zone/landing-zone-${tier}-deploy`);
    }
  });
});

describe('LandingZoneProject: the files it writes', () => {
  const saved = process.env.PROJEN_DISABLE_POST;
  beforeAll(() => {
    process.env.PROJEN_DISABLE_POST = 'true';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = saved;
  });

  function synthProject(config: Partial<LandingZoneConfig> & Record<string, unknown> = {}) {
    const outdir = tempOutdir();
    new LandingZoneProject({ ...FULL, ...config, outdir } as any).synth();
    const read = (file: string) => fs.readFileSync(path.join(outdir, file), 'utf8');
    const workflow = (file: string) => YAML.parse(read(`.github/workflows/${file}`));
    return { outdir, read, workflow, exists: (file: string) => fs.existsSync(path.join(outdir, file)) };
  }

  test('GitHub: a workflow per tier; tier 1 by hand only; credentials only in deploy jobs, through the tier role of the job\'s account', () => {
    const { workflow, read, exists } = synthProject();
    expect(workflow('deploy-tier-1-bootstrap.yml').on).toEqual({ workflow_dispatch: {} });
    for (const file of ['deploy-tier-2-base.yml', 'deploy-tier-3-infrastructure.yml', 'deploy-tier-4-services.yml']) {
      expect(Object.keys(workflow(file).on)).toEqual(['push']);
    }
    const services = workflow('deploy-tier-4-services.yml').jobs;
    expect(Object.keys(services)).toEqual(['deploy-production', 'deploy-sandbox']);
    const roleOf = (job: any) => job.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@')).with['role-to-assume'];
    expect(roleOf(services['deploy-production'])).toBe('arn:aws:iam::555555555555:role/landing-zone/landing-zone-services-deploy');
    expect(services['deploy-production'].steps.at(-1).run).toBe('npx cdk deploy --app cdk.out --require-approval never production-services');
    // The Bootstrap tier deploys the landing zone's own stacks: the hub before the fleets that name it, the delegation roles before the zones.
    const bootstrap = workflow('deploy-tier-1-bootstrap.yml').jobs;
    expect([bootstrap['deploy-management'].needs].flat()).toEqual(['deploy-security']);
    expect([bootstrap['deploy-production'].needs].flat()).toEqual(['deploy-network']);
    expect(bootstrap['deploy-security'].needs).toBeUndefined();
    expect(bootstrap['deploy-production'].environment).toBe('landing-zone-bootstrap');
    expect(bootstrap['deploy-production'].steps.at(-1).run).toBe(
      'npx cdk deploy --app cdk.out --require-approval never landing-zone-production landing-zone-production-base-bootstrap ' +
        'landing-zone-production-infrastructure-bootstrap landing-zone-production-services-bootstrap landing-zone-production-dns',
    );
    const pr = workflow('pull-request.yml');
    expect(Object.values<any>(pr.jobs).map((j) => j.permissions)).toEqual([{ contents: 'read' }, { contents: 'read' }]);
    expect(read('.github/workflows/pull-request.yml')).not.toMatch(/id-token|configure-aws-credentials/);
    expect(exists('.circleci/config.yml')).toBe(false);
    expect(read('src/landing-zone.generated.ts')).toMatch(/^\/\/ ~~ Generated by projen/);
    expect(read('src/main.ts')).toMatch(/Validations\.of\(app\)\.addPlugins\(new LandingZoneChecks\(\)\)/);
  });

  test('CircleCI: the same pipelines in .circleci/config.yml, no GitHub workflow, the CircleCI trust in the config module', () => {
    const { read, exists } = synthProject({ ci: LandingZoneCi.CIRCLECI, circleCiOrganizationId: '0b3a0d0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', circleCiProjectId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' });
    expect(exists('.github/workflows/deploy-tier-1-bootstrap.yml')).toBe(false);
    const config = YAML.parse(read('.circleci/config.yml'));
    expect(Object.keys(config.workflows)).toEqual(['pull-request', 'deploy-tier-1-bootstrap', 'deploy-tier-2-base', 'deploy-tier-3-infrastructure', 'deploy-tier-4-services']);
    const sandbox = JSON.stringify(config.jobs['deploy-tier-4-services-sandbox']);
    expect(sandbox).toContain('--role-arn \\"arn:aws:iam::666666666666:role/landing-zone/landing-zone-services-deploy\\"');
    expect(JSON.stringify(config.jobs.build)).not.toMatch(/assume-role|OIDC/);
    expect(read('src/landing-zone.generated.ts')).toContain('deployRoles: new CircleCiDeployRoles(),');
  });

  test('projen new passes numbers: ids become strings again, account ids with their leading zeros; a packed library becomes a file: dependency', () => {
    const args = { managementAccountId: 11111111111, githubOwnerId: 1000001, devDeps: ['../pack/cdk-landing-zone-0.0.0.tgz', 'other@1.0.0'] };
    const options = fromCommandLine({ ...args, repositoryId: 2000001, __new__: { args } });
    const expected = {
      managementAccountId: '011111111111',
      githubOwnerId: '1000001',
      devDeps: [`cdk-landing-zone@file:${path.resolve('../pack/cdk-landing-zone-0.0.0.tgz')}`, 'other@1.0.0'],
    };
    // The options the project is built from, and the arguments projen writes the new .projenrc.ts from.
    expect(options).toMatchObject({ ...expected, repositoryId: '2000001' });
    expect(args).toEqual(expected);
    const { read } = synthProject({ managementAccountId: 11111111111 as unknown as string });
    expect(read('src/landing-zone.generated.ts')).toContain('managementAccountId: "011111111111"');
  });

  test('the pinned versions are the ones this library is built and tested with', () => {
    for (const [name, version] of Object.entries(PINNED_VERSIONS)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect({ name, version: require(`${name}/package.json`).version }).toEqual({ name, version });
    }
  });
});
