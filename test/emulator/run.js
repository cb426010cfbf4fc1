// Emulator test: the real AWS CDK CLI (the aws-cdk dev dependency) follows the
// README's deploy order against moto's server: it deploys the account's own
// stack (the boundary and the GitHub provider) without a bootstrap, then
// bootstraps two qualifiers ("tiers") with a bootstrap template file and
// deploys a small stack into each, all against moto (a local AWS API emulator from PyPI,
// installed into .venv/moto by the emulator:install task) listening on
// 127.0.0.1 only. Then it reads the emulator's state (test/emulator/
// inspect_state.py, boto3) and checks that the CLI used each qualifier's
// staging bucket, roles and version parameter.
//
// Run by `npx projen test:emulator` (part of `npx projen test`). Writes a
// JUnit report to test-reports/emulator.xml, one <testcase> per check. Prints
// one summary line on stderr; on a failure, also what failed, the CLI's
// output and the end of the emulator's log. moto is always stopped: at the
// end, on an error, on the overall time limit and on SIGINT/SIGTERM.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const venv = path.join(root, '.venv', 'moto');
const cdkCli = path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const reportFile = path.join(root, 'test-reports', 'emulator.xml');

// moto's default account; set explicitly so the expected names are fixed.
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
// Two tiers of one account: each its own qualifier and its own bounded
// bootstrap (a TierBootstrap template in its own toolkit stack).
const TIERS = [
  { tier: 'INFRASTRUCTURE', qualifier: 'lzinfra', toolkitStackName: 'LzBootstrap-lzinfra', stackName: 'LzEmulatorInfrastructure' },
  { tier: 'SERVICES', qualifier: 'lzsvc', toolkitStackName: 'LzBootstrap-lzsvc', stackName: 'LzEmulatorServices' },
];
// The account's own stack (boundary, GitHub provider), deployed first with the administrator's credentials.
const ACCOUNT_STACK = 'LzEmulatorAccount';
const TIER_TAG = 'landing-zone:tier';
// Where TierBootstrap puts its roles (the landing zone's protected path).
const ROLE_PATH = '/landing-zone/';
// The roles every bootstrap template of this kind must create for a qualifier.
const ROLE_KINDS = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role', 'cfn-exec-role'];

const TOTAL_TIMEOUT_MS = 5 * 60 * 1000;
const CLI_TIMEOUT_MS = 2 * 60 * 1000;
const START_TIMEOUT_MS = 30 * 1000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-emulator-'));
const cases = [];
const transcript = [];
let moto; // the moto_server child process, while it runs
const running = new Set(); // every other child process, while it runs
let port;

/**
 * The bootstrap template of a tier (a file path): the landing zone's boundary
 * and the tier's TierBootstrap, written by test/support/tier-bootstrap-template.ts
 * as `cdk bootstrap --template` expects it. To try another template once, set
 * LZ_EMULATOR_TEMPLATE to its path.
 */
async function bootstrapTemplate(tier) {
  if (process.env.LZ_EMULATOR_TEMPLATE) return path.resolve(process.env.LZ_EMULATOR_TEMPLATE);
  const file = path.join(work, `bootstrap-${tier.qualifier}.json`);
  const writer = path.join(root, 'test', 'support', 'tier-bootstrap-template');
  // The boundary is the account stack's (deployed first); every bootstrap refers to it.
  const options = { tier: tier.tier, qualifier: tier.qualifier, includeBoundary: false, executionPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'] };
  const script = `require(${JSON.stringify(writer)}).writeTierBootstrapTemplate(${JSON.stringify(file)}, ${JSON.stringify(options)})`;
  await run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { quiet: true, cwd: root });
  return file;
}

const CLI_FLAGS = ['--ci', '--no-notices', '--no-color'];

// ---------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------

/** The environment for every child: fake credentials, the emulator's endpoints, nothing from the caller's AWS setup. */
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_)/.test(k)) env[k] = v;
  }
  Object.assign(env, {
    HOME: work, // the CLI's ~/.cdk cache stays in the temporary directory
    CI: 'true',
    NODE_NO_WARNINGS: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_CONFIG_FILE: path.join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    MOTO_ACCOUNT_ID: ACCOUNT,
  });
  if (port) {
    // Every service on the IP address (S3 path-style: no bucket host names).
    // The CLI builds each stack's TemplateURL on the endpoint this variable
    // names, and moto's CloudFormation reads a URL on "localhost" as
    // path-style (it only parses the URL; nothing connects to "localhost").
    env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
    env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${port}`;
    env.AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION = `http://localhost:${port}`;
  }
  return Object.assign(env, extra);
}

/** Runs a command in its own process group, killed (with its children) after the time limit. Rejects on a non-zero exit. */
function run(cmd, args, opts = {}) {
  const timeoutMs = opts.timeoutMs ?? CLI_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? work, env: childEnv(opts.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    running.add(child);
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
    const label = [path.basename(cmd), ...args.map((a) => (a.startsWith(root) ? path.relative(root, a) : a))].join(' ');
    child.on('error', (e) => {
      running.delete(child);
      clearTimeout(timer);
      reject(new Error(`${label}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      if (!opts.quiet || code !== 0) transcript.push(`$ ${label}\n${stderr}${opts.quiet ? '' : stdout}`);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${label}: ${signal ? `killed (${signal}) by a time limit` : `exit code ${code}`}\n${tail(stderr + stdout, 30)}`));
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function tail(text, lines) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
  });
}

function answers(p) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: p, path: '/moto-api/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Starts moto_server on a free loopback port and waits until it answers; tries three ports. */
async function startMoto(extraEnv) {
  const bin = path.join(venv, 'bin', 'moto_server');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing; run \`npx projen emulator:install\``);
  for (let attempt = 1; ; attempt++) {
    const p = await freePort();
    const log = fs.openSync(path.join(work, `moto-${p}.log`), 'w');
    const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(p)], { env: childEnv(extraEnv), detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    moto = child;
    let exited = false;
    child.on('exit', () => (exited = true));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!exited && Date.now() < deadline) {
      if (await answers(p)) {
        port = p;
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await stopMoto();
    if (attempt === 3) throw new Error(`moto_server did not answer on 127.0.0.1:${p} within ${START_TIMEOUT_MS / 1000}s\n${motoLog(p)}`);
  }
}

function motoLog(p = port) {
  const f = path.join(work, `moto-${p}.log`);
  return fs.existsSync(f) ? tail(fs.readFileSync(f, 'utf8'), 20) : '';
}

async function stopMoto() {
  const child = moto;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGTERM');
  const killed = await Promise.race([gone.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
  if (!killed) killGroup(child, 'SIGKILL');
  moto = undefined;
}

// Last resort: whatever way this process ends, neither moto nor a CLI run
// (each in its own process group) outlives it.
function killAll() {
  for (const child of running) killGroup(child, 'SIGKILL');
  if (moto) killGroup(moto, 'SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(1);
  });
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/** Runs one check and records it; when `ready` is false it records a failure without running it (a step it needs failed). */
async function check(name, fn, ready = true) {
  if (!ready) {
    cases.push({ name, seconds: 0, error: 'not run: a step it needs failed (see the failures above)' });
    return false;
  }
  const start = Date.now();
  try {
    await fn();
    cases.push({ name, seconds: (Date.now() - start) / 1000 });
    return true;
  } catch (e) {
    cases.push({ name, seconds: (Date.now() - start) / 1000, error: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function equal(actual, expected, what) {
  assert(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// The names of a qualifier's bootstrap resources, by default in the small app's account and region.
const roleName = (q, kind, account = ACCOUNT, region = REGION) => `cdk-${q}-${kind}-${account}-${region}`;
const roleArn = (q, kind, account = ACCOUNT, region = REGION) => `arn:aws:iam::${account}:role${ROLE_PATH}${roleName(q, kind, account, region)}`;
const stagingBucket = (q, account = ACCOUNT, region = REGION) => `cdk-${q}-assets-${account}-${region}`;
/** Fills in the pseudo parameters an asset manifest leaves to the CLI. */
const resolvePseudo = (s) => s.replaceAll('${AWS::Partition}', 'aws').replaceAll('${AWS::AccountId}', ACCOUNT).replaceAll('${AWS::Region}', REGION);

async function inspectState(env) {
  const r = await run(path.join(venv, 'bin', 'python'), [path.join(__dirname, 'inspect_state.py')], { quiet: true, timeoutMs: 60 * 1000, env });
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------------------
// The README's deploy guide, run as written
// ---------------------------------------------------------------------------

/**
 * The commands of the README's "Deploying the estate" block, in order: each
 * line without its comment, continuation lines joined. Only `npx projen
 * example` and `npx cdk ...` are expected there; anything else fails the
 * check that reads them.
 */
function readmeDeploySteps() {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Deploying the estate'));
  if (!section) throw new Error('README.md has no section "Deploying the estate"');
  const block = section.match(/```sh\n([\s\S]*?)```/);
  if (!block) throw new Error('the section "Deploying the estate" has no sh block');
  const steps = block[1].replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const step of steps) {
    if (step !== 'npx projen example' && !step.startsWith('npx cdk ')) throw new Error(`the deploy guide runs a command the test does not know: ${step}`);
  }
  return steps;
}

/** The account whose commands the README's guide shows: the one its `cdk bootstrap` lines name. */
function readmeAccount(steps) {
  const env = steps.map((s) => s.match(/ aws:\/\/(\d{12})\/([a-z0-9-]+) /)).find((m) => m);
  if (!env) throw new Error('the deploy guide bootstraps no aws://ACCOUNT/REGION');
  return { account: env[1], region: env[2] };
}

/** The file assets of a synthesized stack (its asset manifest in the cloud assembly). */
function fileAssets(outdir, stackName) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, `${stackName}.assets.json`), 'utf8'));
  return Object.values(manifest.files ?? {}).flatMap((f) => Object.values(f.destinations));
}

async function main() {
  const env = `aws://${ACCOUNT}/${REGION}`;
  const ok = {};

  if (!(await check('moto_server starts on 127.0.0.1 and answers', startMoto))) return;

  // 1. The account's own stack, without a bootstrap: the administrator's credentials deploy it.
  const accountOutdir = path.join(work, 'cdk.out-account');
  const accountDeployed = await check(`cdk deploy ${ACCOUNT_STACK} (LegacyStackSynthesizer, no bootstrap in the account yet) completes`, () =>
    run(process.execPath, [
      cdkCli, 'deploy', ACCOUNT_STACK,
      '--app', `node ${JSON.stringify(path.join(__dirname, 'app.js'))}`,
      '--context', 'account=true', '--context', `stackName=${ACCOUNT_STACK}`,
      '--output', accountOutdir,
      '--require-approval', 'never', '--no-version-reporting', ...CLI_FLAGS,
    ]),
  );
  if (!accountDeployed) return;

  for (const tier of TIERS) {
    const q = tier.qualifier;
    const outdir = path.join(work, `cdk.out-${q}`);
    ok[q] = { outdir };
    let template;
    const haveTemplate = await check(`[${q}] the tier's bootstrap template (TierBootstrap, ${tier.tier}) is written`, async () => {
      template = await bootstrapTemplate(tier);
      assert(fs.existsSync(template) && fs.statSync(template).size > 0, `no bootstrap template at ${template}`);
    });
    if (!haveTemplate) return;
    ok[q].bootstrapped = await check(`[${q}] cdk bootstrap --template FILE --qualifier ${q} completes`, () =>
      run(process.execPath, [
        cdkCli, 'bootstrap', env, '--template', template, '--qualifier', q, '--toolkit-stack-name', tier.toolkitStackName,
        '--tags', `${TIER_TAG}=BOOTSTRAP`, ...CLI_FLAGS,
      ]),
    );
    ok[q].deployed = await check(
      `[${q}] cdk deploy of a stack synthesized for qualifier ${q} completes`,
      () =>
        run(process.execPath, [
          cdkCli, 'deploy', tier.stackName,
          '--app', `node ${JSON.stringify(path.join(__dirname, 'app.js'))}`,
          '--context', `qualifier=${q}`, '--context', `stackName=${tier.stackName}`, '--context', `tier=${tier.tier}`,
          '--output', outdir,
          '--toolkit-stack-name', tier.toolkitStackName,
          '--require-approval', 'never', '--no-version-reporting', ...CLI_FLAGS,
        ]),
      ok[q].bootstrapped,
    );
  }

  let state;
  if (!(await check('the emulator state can be read (CloudFormation, SSM, IAM, S3)', async () => (state = await inspectState())))) return;

  await check(`the account stack ${ACCOUNT_STACK} ran with the caller's credentials (no execution role), created the boundary and carries the Bootstrap tier's tag`, () => {
    const account = state.stacks[ACCOUNT_STACK];
    assert(account, `no stack ${ACCOUNT_STACK}`);
    equal(account.status, 'CREATE_COMPLETE', 'stack status');
    assert(!account.roleArn, `RoleARN: expected none, got ${account.roleArn}`);
    equal(account.tags[TIER_TAG], 'BOOTSTRAP', `the stack's ${TIER_TAG} tag`);
    equal(state.policies.LandingZonePermissionBoundary, `arn:aws:iam::${ACCOUNT}:policy/landing-zone/LandingZonePermissionBoundary`, 'the boundary policy');
    assert(!fs.existsSync(path.join(accountOutdir, `${ACCOUNT_STACK}.assets.json`)) || fileAssets(accountOutdir, ACCOUNT_STACK).length === 0, 'the account stack has no assets to publish');
  });

  for (const tier of TIERS) {
    const q = tier.qualifier;
    const boot = state.stacks[tier.toolkitStackName];
    await check(`[${q}] the bootstrap stack ${tier.toolkitStackName} exists and declares the BucketName and BootstrapVersion outputs`, () => {
      assert(boot, `no stack ${tier.toolkitStackName}; stacks: ${Object.keys(state.stacks).join(', ')}`);
      equal(boot.status, 'CREATE_COMPLETE', 'stack status');
      // moto leaves Outputs empty on a stack made through a change set, so
      // the template CloudFormation holds and the resources stand in.
      for (const output of ['BucketName', 'BootstrapVersion']) {
        assert(boot.templateOutputs[output], `the template declares no ${output} output; it has ${Object.keys(boot.templateOutputs).join(', ')}`);
      }
      const buckets = Object.values(boot.resources).filter((r) => r.type === 'AWS::S3::Bucket').map((r) => r.physicalId);
      assert(buckets.includes(stagingBucket(q)), `the stack's buckets ${JSON.stringify(buckets)} do not include ${stagingBucket(q)}`);
      assert(state.buckets[stagingBucket(q)], `S3 does not list ${stagingBucket(q)}`);
    }, ok[q].bootstrapped);
    await check(`[${q}] the SSM parameter /cdk-bootstrap/${q}/version holds the template's BootstrapVersion`, () => {
      const value = state.parameters[`/cdk-bootstrap/${q}/version`];
      assert(value !== undefined, `no parameter /cdk-bootstrap/${q}/version; parameters: ${Object.keys(state.parameters).join(', ')}`);
      equal(value, String(boot.templateOutputs.BootstrapVersion?.Value), 'version parameter');
    }, ok[q].bootstrapped);
    await check(`[${q}] IAM lists the qualifier's ${ROLE_KINDS.join(', ')} roles`, () => {
      for (const kind of ROLE_KINDS) equal(state.roles[roleName(q, kind)], roleArn(q, kind), `role ${roleName(q, kind)}`);
    }, ok[q].bootstrapped);
    const stack = state.stacks[tier.stackName];
    await check(`[${q}] the bootstrap stack carries the Bootstrap tier's tag and the deployed stack its own tier's (${tier.tier}), which the deploy role requires`, () => {
      equal(boot?.tags?.[TIER_TAG], 'BOOTSTRAP', `${tier.toolkitStackName}'s ${TIER_TAG} tag`);
      equal(stack?.tags?.[TIER_TAG], tier.tier, `${tier.stackName}'s ${TIER_TAG} tag`);
    }, ok[q].deployed);
    await check(`[${q}] the deployed stack ran with the qualifier's CloudFormation execution role (RoleARN), through its deploy role`, () => {
      assert(stack, `no stack ${tier.stackName}`);
      equal(stack.status, 'CREATE_COMPLETE', 'stack status');
      equal(stack.roleArn, roleArn(q, 'cfn-exec-role'), 'RoleARN');
      // The role the CLI assumes to deploy: named by the cloud assembly,
      // created by this qualifier's bootstrap (moto does not record the
      // AssumeRole call itself).
      const manifest = JSON.parse(fs.readFileSync(path.join(ok[q].outdir, 'manifest.json'), 'utf8'));
      const props = manifest.artifacts[tier.stackName].properties;
      equal(resolvePseudo(props.assumeRoleArn), roleArn(q, 'deploy-role'), 'the deploy role the CLI assumes');
      equal(resolvePseudo(props.cloudFormationExecutionRoleArn), roleArn(q, 'cfn-exec-role'), 'the execution role the CLI passes');
    }, ok[q].deployed);
    await check(`[${q}] the deployed stack reads its bootstrap version from /cdk-bootstrap/${q}/version`, () => {
      equal(stack.templateParameters.BootstrapVersion?.Default, `/cdk-bootstrap/${q}/version`, 'BootstrapVersion parameter');
      equal(stack.parameters.BootstrapVersion, state.parameters[`/cdk-bootstrap/${q}/version`], 'resolved BootstrapVersion');
    }, ok[q].deployed);
    await check(`[${q}] the CLI uploaded the template and the file asset to the qualifier's staging bucket`, () => {
      const destinations = fileAssets(ok[q].outdir, tier.stackName);
      assert(destinations.length >= 2, `expected the template and a file asset, the asset manifest has ${destinations.length}`);
      for (const d of destinations) {
        equal(resolvePseudo(d.bucketName), stagingBucket(q), 'asset destination bucket');
        equal(resolvePseudo(d.assumeRoleArn), roleArn(q, 'file-publishing-role'), 'asset publishing role');
        assert((state.buckets[stagingBucket(q)] ?? []).includes(d.objectKey), `${stagingBucket(q)} has no object ${d.objectKey}; it has ${JSON.stringify(state.buckets[stagingBucket(q)])}`);
      }
    }, ok[q].deployed);
    await check(`[${q}] the stack's bucket and role exist in the emulator`, () => {
      const byType = (t) => Object.values(stack.resources).filter((r) => r.type === t).map((r) => r.physicalId);
      const [bucket] = byType('AWS::S3::Bucket');
      const [role] = byType('AWS::IAM::Role');
      assert(bucket && state.buckets[bucket], `S3 does not list the stack's bucket ${bucket}`);
      assert(role && state.roles[role], `IAM does not list the stack's role ${role}`);
    }, ok[q].deployed);
  }

  await readmeGuide();

  await check('the two tiers coexist: each has its own bootstrap stack, staging bucket, roles and version parameter', () => {
    for (const tier of TIERS) {
      const q = tier.qualifier;
      assert(ok[q].deployed, `tier ${q} was not bootstrapped and deployed`);
      equal(state.stacks[tier.toolkitStackName]?.status, 'CREATE_COMPLETE', `${tier.toolkitStackName} status`);
      equal(state.stacks[tier.stackName]?.status, 'CREATE_COMPLETE', `${tier.stackName} status`);
      assert(state.parameters[`/cdk-bootstrap/${q}/version`], `no /cdk-bootstrap/${q}/version`);
      for (const other of TIERS.filter((t) => t !== tier)) {
        const keys = state.buckets[stagingBucket(q)] ?? [];
        const theirs = fileAssets(ok[other.qualifier].outdir, other.stackName).map((d) => d.objectKey);
        const ourTemplate = fileAssets(ok[q].outdir, tier.stackName).map((d) => d.objectKey);
        // The same file asset hashes alike in both tiers; the templates differ.
        const stray = theirs.filter((k) => k.endsWith('.json') && !ourTemplate.includes(k) && keys.includes(k));
        assert(stray.length === 0, `${stagingBucket(q)} holds ${other.stackName}'s template ${stray.join(', ')}`);
        assert(state.stacks[other.stackName].roleArn !== roleArn(q, 'cfn-exec-role'), `${other.stackName} ran with ${q}'s execution role`);
      }
    }
  });
}

/**
 * Runs the README's deploy guide as written, for the account it shows, against
 * the same emulator: the example estate synthesized into a cdk.out of its
 * own, then every `npx cdk` line with the credentials of that account (moto
 * takes a 12-digit access key id as the account). Then checks what the guide
 * promises: the account's own stack and DNS stack ran with the caller's
 * credentials, every tier of the account is bootstrapped under its own
 * qualifier, and every stack carries the Bootstrap tier's tag.
 */
async function readmeGuide() {
  let steps;
  let target;
  if (!(await check('the README\'s deploy guide lists its commands (npx projen example, npx cdk ...)', () => {
    steps = readmeDeploySteps();
    target = readmeAccount(steps);
  }))) return;
  // A fresh emulator whose default account is the guide's: moto's CloudFormation creates IAM resources in
  // its default account, whatever the caller's, and keeps IAM names (the boundary policy) across accounts.
  await stopMoto();
  if (!(await check(`a fresh moto_server starts for the README's deploy guide (account ${target.account})`, () => startMoto({ MOTO_ACCOUNT_ID: target.account })))) return;
  const dir = path.join(work, 'readme');
  fs.mkdirSync(dir, { recursive: true });
  const env = { AWS_ACCESS_KEY_ID: target.account, AWS_REGION: target.region, AWS_DEFAULT_REGION: target.region };
  const ran = [];
  for (const step of steps) {
    const ok = await check(`README deploy guide: ${step}`, async () => {
      if (step === 'npx projen example') {
        // The projen task, without projen: the example app, written into this directory's cdk.out.
        await run(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'examples', 'main.ts')], {
          quiet: true,
          cwd: root,
          env: { LZ_OUTDIR: path.join(dir, 'cdk.out'), TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json') },
        });
      } else {
        const args = step.slice('npx cdk '.length).split(/\s+/);
        await run(process.execPath, [cdkCli, ...args, ...(args[0] === 'deploy' ? ['--require-approval', 'never', '--no-version-reporting'] : []), ...CLI_FLAGS], { cwd: dir, env });
      }
    });
    ran.push(ok);
    if (!ok) break;
  }
  const allRan = ran.length === steps.length && ran.every((r) => r);
  const deployed = steps.filter((s) => s.startsWith('npx cdk deploy ')).map((s) => s.split(/\s+/)[3]);
  // Each deployed stack's region, from the cloud assembly the guide deployed (the DNS stacks live in us-east-1).
  const manifest = allRan ? JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'manifest.json'), 'utf8')) : { artifacts: {} };
  const regionOf = (name) => manifest.artifacts[name]?.environment?.split('/')[3];
  let state;
  const readState = async () => {
    const regions = [...new Set([target.region, ...deployed.map(regionOf)])];
    const states = [];
    for (const region of regions) states.push(await inspectState({ ...env, AWS_REGION: region, AWS_DEFAULT_REGION: region }));
    state = { ...states[0], stacks: Object.assign({}, ...states.map((x) => x.stacks)) };
  };
  if (!(await check(`the emulator state of account ${target.account} can be read`, readState, allRan))) return;
  const bootstrapped = steps.filter((s) => s.startsWith('npx cdk bootstrap ')).map((s) => ({
    stack: s.match(/--toolkit-stack-name (\S+)/)[1],
    qualifier: s.match(/--qualifier (\S+)/)[1],
  }));
  await check(`README deploy guide: the account's own stacks (${deployed.join(', ')}) ran with the caller's credentials and carry the Bootstrap tier's tag`, () => {
    for (const name of deployed) {
      const stack = state.stacks[name];
      assert(stack, `no stack ${name} in ${regionOf(name)}; stacks: ${Object.keys(state.stacks).join(', ')}`);
      equal(stack.status, 'CREATE_COMPLETE', `${name} status`);
      assert(!stack.roleArn, `${name} ran with the execution role ${stack.roleArn}`);
      equal(stack.tags[TIER_TAG], 'BOOTSTRAP', `${name}'s ${TIER_TAG} tag`);
    }
    equal(state.policies.LandingZonePermissionBoundary, `arn:aws:iam::${target.account}:policy/landing-zone/LandingZonePermissionBoundary`, 'the boundary policy');
  });
  await check(`README deploy guide: each tier of the account is bootstrapped under its own qualifier (${bootstrapped.map((b) => b.qualifier).join(', ')}), tagged with the Bootstrap tier`, () => {
    assert(bootstrapped.length > 0, 'the guide bootstraps no tier');
    for (const { stack: name, qualifier } of bootstrapped) {
      const stack = state.stacks[name];
      assert(stack, `no bootstrap stack ${name}`);
      equal(stack.status, 'CREATE_COMPLETE', `${name} status`);
      equal(stack.tags[TIER_TAG], 'BOOTSTRAP', `${name}'s ${TIER_TAG} tag`);
      assert(state.parameters[`/cdk-bootstrap/${qualifier}/version`], `no /cdk-bootstrap/${qualifier}/version`);
      assert(state.buckets[stagingBucket(qualifier, target.account, target.region)], `no staging bucket of ${qualifier}`);
      for (const kind of ROLE_KINDS) {
        const role = roleName(qualifier, kind, target.account, target.region);
        equal(state.roles[role], roleArn(qualifier, kind, target.account, target.region), `role ${role}`);
      }
    }
  });
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

function xmlEscape(s) {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]).replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]/g, '');
}

function writeReport(seconds) {
  const failures = cases.filter((c) => c.error).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="emulator" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="CDK CLI bootstrap and deploy against moto" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="emulator" name="${xmlEscape(c.name)}" time="${c.seconds}"`;
    lines.push(c.error ? `${open}>\n      <failure message="${xmlEscape(c.error.split('\n')[0])}">${xmlEscape(c.error)}</failure>\n    </testcase>` : `${open}/>`);
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.writeFileSync(reportFile, lines.join('\n'));
  return failures;
}

const started = Date.now();
const overall = setTimeout(() => {
  cases.push({ name: 'the emulator test finishes in time', seconds: TOTAL_TIMEOUT_MS / 1000, error: `not finished after ${TOTAL_TIMEOUT_MS / 1000}s` });
  finish();
}, TOTAL_TIMEOUT_MS);

let finished = false;
async function finish() {
  if (finished) return;
  finished = true;
  clearTimeout(overall);
  for (const child of running) killGroup(child, 'SIGKILL');
  const log = motoLog();
  await stopMoto();
  const seconds = (Date.now() - started) / 1000;
  const failed = writeReport(seconds);
  const passed = cases.length - failed;
  if (failed > 0 || passed === 0) {
    for (const c of cases.filter((x) => x.error)) console.error(`FAILED ${c.name}\n${c.error}\n`);
    console.error(`--- CLI transcript ---\n${tail(transcript.join('\n'), 80)}\n--- end of the moto log ---\n${log}`);
  }
  if (!process.env.LZ_EMULATOR_KEEP) fs.rmSync(work, { recursive: true, force: true });
  else console.error(`emulator: kept ${work}`);
  console.error(`emulator: ${passed} passed, ${failed} failed (${seconds.toFixed(1)}s)`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main()
  .catch((e) => cases.push({ name: 'the emulator test runs', seconds: 0, error: e instanceof Error ? e.stack : String(e) }))
  .finally(finish);
