// The project type end to end, as a user meets it: the packed library, the
// README's "Start your own landing zone" commands run as written in an empty
// folder without the npm registry (the npm cache `npx projen
// test:project:prepare` fills), the new project's build, its workflows
// checked and linted with actionlint, then its .projenrc.ts changed (an
// account, a repository; then CircleCI) and the pipelines and stacks
// following. Runs after `compile` (lib/ and .jsii), as in `npx projen build`.
// Timings go to test-reports/project-new-timings.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import * as lz from '../src';
import { PINNED_VERSIONS } from '../src/project/versions';

const root = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const ACTIONLINT_VERSION = '1.7.12';
const CIRCLECI_ORG = '0b3a0d0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const CIRCLECI_PROJECT = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

/** The README section "Start your own landing zone" and its code blocks. */
function readmeBlocks(): { sh: string; ts: string } {
  const start = README.indexOf('### Start your own landing zone');
  const end = README.indexOf('\n## ', start);
  if (start < 0 || end < 0) {
    throw new Error('README.md has no section "### Start your own landing zone"');
  }
  const section = README.slice(start, end);
  const block = (lang: string) => {
    const m = section.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
    if (!m) {
      throw new Error(`README.md, "Start your own landing zone": no \`\`\`${lang} block`);
    }
    return m[1];
  };
  return { sh: block('sh'), ts: block('ts') };
}

const timings: Record<string, number> = {};

/** Runs a bash script; throws with its output when it fails. Records its time under `label`. */
function sh(label: string, script: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const started = Date.now();
  const result = spawnSync('bash', ['-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  timings[label] = (timings[label] ?? 0) + (Date.now() - started) / 1000;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    const hint = /ENOTCACHED/.test(output) ? '\n(the npm cache lacks a package: run `npx projen test:project:prepare`)' : '';
    const errors = output.split('\n').filter((line) => /\bERROR\b|\bLZ-[A-Z]+\d/.test(line)).join('\n');
    throw new Error(`${label} failed (exit ${result.status}) in ${cwd}:\n${script}\n${errors}\n${output.slice(-4000)}${hint}`);
  }
  return output;
}

/** The environment of every command: offline npm, no CI (projen would want a lock file), nothing of the parent npm run. */
function offlineEnv(tgz: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !['CI', 'INIT_CWD', 'JEST_WORKER_ID'].includes(key)) {
      env[key] = value;
    }
  }
  return {
    ...env,
    npm_config_offline: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    LANDING_ZONE_TGZ: tgz,
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
  };
}

function actionlintPath(): string {
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).stdout?.trim();
  const bin = gopath ? path.join(gopath, 'bin', 'actionlint') : '';
  const version = bin && fs.existsSync(bin) ? spawnSync(bin, ['-version'], { encoding: 'utf8' }).stdout?.split('\n')[0].trim().replace(/^v/, '') : undefined;
  if (version !== ACTIONLINT_VERSION) {
    throw new Error(
      `actionlint ${ACTIONLINT_VERSION} not found at ${bin || '$(go env GOPATH)/bin/actionlint'} (found ${version ?? 'nothing'}): ` +
        'run `npx projen test:project:prepare` (go install github.com/rhysd/actionlint/cmd/actionlint@v' + ACTIONLINT_VERSION + ')',
    );
  }
  return bin;
}

interface Workflow {
  on: Record<string, any>;
  jobs: Record<string, any>;
}

function workflows(dir: string): Record<string, Workflow> {
  const wfDir = path.join(dir, '.github', 'workflows');
  if (!fs.existsSync(wfDir)) {
    return {};
  }
  return Object.fromEntries(fs.readdirSync(wfDir).filter((f) => f.endsWith('.yml')).map((f) => [f, YAML.parse(fs.readFileSync(path.join(wfDir, f), 'utf8'))]));
}

interface SynthStack {
  account: string;
  tier: string | undefined;
  template: any;
}

function stacks(dir: string): Record<string, SynthStack> {
  const out = path.join(dir, 'cdk.out');
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  const result: Record<string, SynthStack> = {};
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack') {
      result[name] = {
        account: artifact.environment.split('/')[2],
        tier: artifact.properties.tags?.['landing-zone:tier'],
        template: JSON.parse(fs.readFileSync(path.join(out, artifact.properties.templateFile), 'utf8')),
      };
    }
  }
  return result;
}

const TIER_FILES: Record<string, string> = {
  'deploy-tier-1-bootstrap.yml': 'BOOTSTRAP',
  'deploy-tier-2-base.yml': 'BASE',
  'deploy-tier-3-infrastructure.yml': 'INFRASTRUCTURE',
  'deploy-tier-4-services.yml': 'SERVICES',
};

/**
 * The pipelines against the synthesized app: each tier's jobs assume that
 * tier's role in the job's account, from the tier's environment, with the
 * only id-token permission of the repository, and deploy stacks of that
 * account carrying that tier's tag; every stack is deployed by exactly one
 * job; pull requests get a read-only token and no AWS credentials.
 */
function expectPipelinesFollowTheApp(dir: string): void {
  const wfs = workflows(dir);
  const synthesized = stacks(dir);
  const deployedBy = new Map<string, string>();
  for (const [file, wf] of Object.entries(wfs)) {
    const tier = TIER_FILES[file];
    if (file === 'pull-request.yml') {
      expect(Object.keys(wf.on)).toEqual(['pull_request']);
      for (const job of Object.values<any>(wf.jobs)) {
        expect(job.permissions).toEqual({ contents: 'read' });
        expect(job.steps.map((s: any) => s.uses ?? '').join(' ')).not.toMatch(/configure-aws-credentials/);
      }
      expect(fs.readFileSync(path.join(dir, '.github', 'workflows', file), 'utf8')).not.toMatch(/id-token/);
      expect(wf.jobs['access-map'].steps.map((s: any) => s.run ?? '').join('\n')).toMatch(/landing-zone-access-map diff base\.out head\.out/);
      continue;
    }
    expect(tier).toBeDefined();
    if (tier === 'BOOTSTRAP') {
      expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    } else {
      expect(Object.keys(wf.on)).toEqual(['push']);
      expect(wf.on.push.branches).toEqual(['main']);
    }
    const roleName = `landing-zone-${tier.toLowerCase()}-deploy`;
    for (const [id, job] of Object.entries<any>(wf.jobs)) {
      expect(job.environment).toBe(`landing-zone-${tier.toLowerCase()}`);
      expect(job.permissions).toEqual({ 'id-token': 'write', 'contents': 'read' });
      const credentials = job.steps.find((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@'));
      const account = /^arn:aws:iam::(\d{12}):role\/landing-zone\/(.+)$/.exec(credentials?.with?.['role-to-assume'] ?? '');
      expect(account?.[2]).toBe(roleName);
      const deploy = job.steps.map((s: any) => s.run ?? '').find((r: string) => r.startsWith('npx cdk deploy --app cdk.out'));
      const names: string[] = deploy.replace('npx cdk deploy --app cdk.out --require-approval never ', '').split(' ');
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const stack = synthesized[name];
        expect({ job: `${file}/${id}`, name, exists: stack !== undefined }).toEqual({ job: `${file}/${id}`, name, exists: true });
        expect({ name, tier: stack.tier, account: stack.account === account![1] ? 'the job\'s' : stack.account })
          .toEqual({ name, tier, account: 'the job\'s' });
        expect({ name, deployedTwice: deployedBy.get(name) }).toEqual({ name, deployedTwice: undefined });
        deployedBy.set(name, `${file}/${id}`);
      }
    }
  }
  // Every synthesized stack has its pipeline (the DNS zones' only with a domain).
  expect([...deployedBy.keys()].sort()).toEqual(Object.keys(synthesized).sort());
}

function expectActionlintClean(dir: string, env: NodeJS.ProcessEnv, label: string): void {
  const files = Object.keys(workflows(dir)).map((f) => `.github/workflows/${f}`);
  expect(files.length).toBeGreaterThan(0);
  sh(label, `"${actionlintPath()}" -no-color ${files.join(' ')}`, dir, env);
}

/** The GitHub subjects a stack's roles trust, by role name. */
function trustedSubjects(template: any): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const subjects = (resource.Properties.AssumeRolePolicyDocument.Statement as any[]).flatMap((s) => {
      const sub = s.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub'] ?? s.Condition?.StringLike?.['token.actions.githubusercontent.com:sub'];
      return sub === undefined ? [] : [sub].flat();
    });
    result[resource.Properties.RoleName] = subjects;
  }
  return result;
}

describe('npx projen new --from <the packed library>, offline, as the README writes it', () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  let app: string;

  beforeAll(() => {
    for (const built of ['.jsii', 'lib/index.js', 'lib/project/landing-zone-project.js']) {
      if (!fs.existsSync(path.join(root, built))) {
        throw new Error(`${built} is missing: compile the library first (npx projen compile), as npx projen build does before the tests`);
      }
    }
    actionlintPath();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-project-new-'));
    const packDir = path.join(work, 'pack');
    fs.mkdirSync(packDir);
    env = offlineEnv('');
    const packed = sh('npm pack', `npm pack --silent --pack-destination "${packDir}"`, root, env).trim().split('\n').pop()!;
    const tgz = path.join(packDir, packed);
    env = offlineEnv(tgz);
    app = path.join(work, 'my-landing-zone');
  }, 120_000);

  afterAll(() => {
    fs.mkdirSync(path.join(root, 'test-reports'), { recursive: true });
    fs.writeFileSync(path.join(root, 'test-reports', 'project-new-timings.json'), `${JSON.stringify(timings, undefined, 2)}\n`);
    if (work && !process.env.LZ_PROJECT_KEEP) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('the README block creates the project and builds it: one stack per account and tier, the access map written', () => {
    const { sh: block } = readmeBlocks();
    expect(block).toMatch(/^npx projen new --from "\$LANDING_ZONE_TGZ"/m);
    expect(block).toMatch(/^npx projen build$/m);
    const [create, build] = block.split(/^(?=npx projen build$)/m);
    expect(create).toMatch(/^mkdir my-landing-zone && cd my-landing-zone$/m);
    sh('README: mkdir, npx projen new', create, work, env);
    // The block's `cd` put the rest of it in the new folder.
    sh('README: npx projen build', build, app, env);
    // The build type-checked .projenrc.ts and the app; later steps only change them and run them again.
    env = { ...env, TS_NODE_TRANSPILE_ONLY: '1' };

    const rc = fs.readFileSync(path.join(app, '.projenrc.ts'), 'utf8');
    expect(rc).toMatch(/new LandingZoneProject\(/);
    expect(rc).toMatch(/managementAccountId: "111111111111"/);
    expect(fs.readFileSync(path.join(app, 'src', 'landing-zone.generated.ts'), 'utf8')).toMatch(/~~ Generated by projen/);
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['cdk-landing-zone']).toMatch(/^file:.*cdk-landing-zone-.*\.tgz$/);
    expect(pkg.devDependencies.projen).toBe(PINNED_VERSIONS.projen);

    const synthesized = stacks(app);
    expect(Object.keys(synthesized).sort()).toEqual([
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
    expect(synthesized['landing-zone-management'].account).toBe('111111111111');
    expect(synthesized['security-base']).toMatchObject({ account: '222222222222', tier: 'BASE' });
    const map = fs.readFileSync(path.join(app, 'cdk.out', 'access-map.md'), 'utf8');
    expect(map).toContain('repo:acme@1000001/landing-zone@2000001:environment:landing-zone-bootstrap');
  }, 420_000);

  test('one workflow per tier with accounts, each deploying only its tier\'s stacks through its role; pull requests without credentials', () => {
    expect(Object.keys(workflows(app)).sort()).toEqual([
      'deploy-tier-1-bootstrap.yml',
      'deploy-tier-2-base.yml',
      'deploy-tier-3-infrastructure.yml',
      'pull-request.yml',
    ]);
    expectPipelinesFollowTheApp(app);
  });

  test('actionlint finds nothing in the workflows', () => {
    expectActionlintClean(app, env, 'actionlint');
  }, 60_000);

  test('an account and a repository added to .projenrc.ts: the workflows and the stacks follow', () => {
    const { ts } = readmeBlocks();
    const added = ts.split('\n').filter((line) => /^ {2}(workloads|repositories): /.test(line));
    expect(added).toHaveLength(2);
    const rcFile = path.join(app, '.projenrc.ts');
    const rc = fs.readFileSync(rcFile, 'utf8');
    fs.writeFileSync(rcFile, rc.replace(/\n\}\);\nproject\.synth\(\);/, `\n${added.join('\n')}\n});\nproject.synth();`));
    sh('npx projen (an account and a repository added)', 'npx projen', app, env);
    sh('npx projen synth:silent (an account and a repository added)', 'npx projen synth:silent', app, env);

    const wfs = workflows(app);
    expect(Object.keys(wfs)).toContain('deploy-tier-4-services.yml');
    expect(Object.keys(wfs['deploy-tier-4-services.yml'].jobs)).toEqual(['deploy-production']);
    expect(Object.keys(wfs['deploy-tier-1-bootstrap.yml'].jobs)).toContain('deploy-production');
    const synthesized = stacks(app);
    for (const name of ['landing-zone-production', 'production-base', 'production-infrastructure', 'production-services', 'landing-zone-production-services-bootstrap']) {
      expect({ name, account: synthesized[name]?.account }).toEqual({ name, account: '555555555555' });
    }
    // The application repository deploys the production account's Services tier from its `production` environment, and nothing else.
    const subjects = trustedSubjects(synthesized['landing-zone-production'].template);
    expect(subjects['landing-zone-services-deploy']).toEqual(expect.arrayContaining(['repo:acme@1000001/shop@2000002:environment:production']));
    for (const [role, subs] of Object.entries(subjects)) {
      if (role !== 'landing-zone-services-deploy') {
        expect({ role, shop: subs.filter((s) => s.includes('/shop@')) }).toEqual({ role, shop: [] });
      }
    }
    // The production workload's backups go to the backup account's central vault, which now exists.
    const vaults = Object.values<any>(synthesized['landing-zone-backup'].template.Resources).filter((r) => r.Type === 'AWS::Backup::BackupVault');
    expect(vaults.length).toBeGreaterThan(0);
    expectPipelinesFollowTheApp(app);
    expectActionlintClean(app, env, 'actionlint (after the change)');
  }, 300_000);

  test('the rule pack runs at the app\'s synthesis: an unsafe GitHub trust in src/main.ts fails it', () => {
    const mainFile = path.join(app, 'src', 'main.ts');
    const main = fs.readFileSync(mainFile, 'utf8');
    const unsafe = [
      "import { aws_iam as iam } from 'aws-cdk-lib';",
      "import { DeployTier } from 'cdk-landing-zone';",
      "new iam.Role(estate.tierStack('production', DeployTier.SERVICES), 'Open', {",
      "  assumedBy: new iam.WebIdentityPrincipal('arn:aws:iam::555555555555:oidc-provider/token.actions.githubusercontent.com', {",
      "    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' },",
      '  }),',
      '});',
    ].join('\n');
    expect(main).toMatch(/^app\.synth\(\);$/m);
    fs.writeFileSync(mainFile, main.replace(/^app\.synth\(\);$/m, `${unsafe}\napp.synth();`));
    try {
      expect(() => sh('npx projen synth:silent (an unsafe trust)', 'npx projen synth:silent', app, env)).toThrow(/LZ-GH1|does not pin one repository/);
    } finally {
      fs.writeFileSync(mainFile, main);
    }
  }, 300_000);

  test('ci CIRCLECI: .circleci/config.yml parses with CircleCI\'s own parser; OIDC credentials only in deploy jobs, tier 1 behind an approval', () => {
    const rcFile = path.join(app, '.projenrc.ts');
    const rc = fs.readFileSync(rcFile, 'utf8');
    fs.writeFileSync(
      rcFile,
      rc
        .replace('import { LandingZoneProject } from "cdk-landing-zone";', 'import { LandingZoneCi, LandingZoneProject } from "cdk-landing-zone";')
        .replace(/\n\}\);\nproject\.synth\(\);/, `\n  ci: LandingZoneCi.CIRCLECI,\n  circleCiOrganizationId: '${CIRCLECI_ORG}',\n  circleCiProjectId: '${CIRCLECI_PROJECT}',\n});\nproject.synth();`),
    );
    sh('npx projen (CircleCI)', 'npx projen', app, env);
    expect(Object.keys(workflows(app))).toEqual([]);
    const text = fs.readFileSync(path.join(app, '.circleci', 'config.yml'), 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parser = require('@circleci/circleci-config-parser');
    const config = parser.parseConfig(YAML.parse(text));
    expect(config.workflows.map((w: any) => w.name)).toEqual([
      'pull-request', 'deploy-tier-1-bootstrap', 'deploy-tier-2-base', 'deploy-tier-3-infrastructure', 'deploy-tier-4-services',
    ]);
    const raw = YAML.parse(text);
    const commands = (job: any) => job.steps.map((s: any) => s.run?.command ?? '').join('\n');
    expect(commands(raw.jobs.build)).not.toMatch(/assume-role|CIRCLE_OIDC_TOKEN/);
    for (const [name, job] of Object.entries<any>(raw.jobs)) {
      const m = /^deploy-tier-\d-(\w+)-(\w+)$/.exec(name);
      if (!m) continue;
      const [, tier, account] = m;
      expect(commands(job)).toContain('aws sts assume-role-with-web-identity');
      expect(commands(job)).toContain('--web-identity-token "$CIRCLE_OIDC_TOKEN_V2"');
      expect(commands(job)).toMatch(new RegExp(`--role-arn "arn:aws:iam::\\d{12}:role/landing-zone/landing-zone-${tier}-deploy"`));
      expect(commands(job)).toMatch(new RegExp(`npx cdk deploy --app cdk.out --require-approval never .*\\b${account}\\b`));
    }
    const bootstrap = raw.workflows['deploy-tier-1-bootstrap'];
    // Each tier runs on the branch its roles trust (a CircleCI token names no environment); tier 1 also needs the parameter.
    expect(bootstrap.when).toEqual({ and: [{ equal: ['deploy/bootstrap', '<< pipeline.git.branch >>'] }, '<< pipeline.parameters.deploy-bootstrap >>'] });
    expect(raw.workflows['deploy-tier-4-services'].when.and[0]).toEqual({ equal: ['main', '<< pipeline.git.branch >>'] });
    expect(bootstrap.jobs[0]).toEqual({ 'approve-bootstrap': { type: 'approval' } });
    for (const entry of bootstrap.jobs.slice(1)) {
      expect(Object.values<any>(entry)[0].requires).toContain('approve-bootstrap');
    }
    const generated = fs.readFileSync(path.join(app, 'src', 'landing-zone.generated.ts'), 'utf8');
    expect(generated).toContain("new CircleCiOidcProvider(scope, 'CircleCiOidc', { organizationId })");
    expect(generated).toMatch(new RegExp(`CircleCiProject\\.of\\(\\{ organizationId, projectId: "${CIRCLECI_PROJECT}", vcsOrigin: "github\\.com/[^"]+", branches: \\[TIER_BRANCHES\\[request\\.tier\\]\\] \\}\\)`));
  }, 120_000);

  // Waits for CircleCiOidcProvider, CircleCiProject and TieredDeployRole's circleCi prop in the library.
  const circleCiInLibrary = 'CircleCiOidcProvider' in lz && 'CircleCiProject' in lz;
  (circleCiInLibrary ? test : test.skip)('ci CIRCLECI: the app synthesizes with the CircleCI trust', () => {
    sh('npx projen synth:silent (CircleCI)', 'npx projen synth:silent', app, env);
    const synthesized = stacks(app);
    const providers = Object.values(synthesized).flatMap((s) => Object.values<any>(s.template.Resources ?? {}))
      .filter((r) => r.Type === 'AWS::IAM::OIDCProvider');
    expect(providers.length).toBeGreaterThan(0);
    expect(JSON.stringify(providers)).toContain(CIRCLECI_ORG);
    // Each tier role admits its own branch of the landing zone's project only.
    const roles = Object.values(synthesized).flatMap((s) => Object.values<any>(s.template.Resources ?? {}))
      .filter((r) => r.Type === 'AWS::IAM::Role' && /^landing-zone-(bootstrap|base|infrastructure|services)-deploy$/.test(r.Properties.RoleName));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      const tier = role.Properties.RoleName.split('-')[2];
      const subjects = JSON.stringify(role.Properties.AssumeRolePolicyDocument);
      expect(subjects).toContain(`vcs-ref/refs/heads/${tier === 'services' ? 'main' : `deploy/${tier}`}`);
    }
  }, 300_000);
});
