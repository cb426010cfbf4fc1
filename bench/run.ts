// Regenerates BENCHMARKS.md from scratch: `npx projen bench` (add
// `-- --with-build` for the build-and-test table). Every section is measured
// before anything is written; any failure exits non-zero and leaves
// BENCHMARKS.md as it was. Method and tables: bench/README.md.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BaselineRow, PER_ACCOUNT_MAX, baselineFleetDefaults, renderBaselineFleet, runBaselineFleet } from './baseline-fleet';
import { BuildMeasurement, buildMarker, previousBuild, renderBuild, runBuild } from './build';
import { DensityRow, renderClaimDensity, renderDensity, runClaimDensity, runDensity } from './density';
import { EconomyResult, renderEconomy, runEconomy } from './economy';
import {
  ASSUMED_CDK_STACK_SECONDS,
  ASSUMED_STACK_INSTANCE_SECONDS,
  CDK_CONCURRENCY_DEFAULT,
  FleetResult,
  renderFleetEstimates,
  renderFleetSize,
  renderFleetSynthesis,
  runFleet,
  spokeFleetDefaults,
} from './fleet';
import { machine, versions } from './lib/machine';
import { int, mib, ms, ratio, seconds, table } from './lib/markdown';
import { median, nowMs } from './lib/measure';
import { OverheadResult, renderOverhead, runOverhead } from './overhead';
import {
  BASELINE_STAGES,
  checkRolloutModel,
  describePreferences,
  INSTANCE_OPERATION_LIMIT,
  renderRolloutAssumptions,
  renderRolloutBaseline,
  renderRolloutVariants,
  ROLLOUT_ACCOUNTS,
} from './rollout';

const ROOT = path.resolve(__dirname, '..');

interface Options {
  readonly runs: number;
  readonly withBuild: boolean;
  readonly buildRuns: number;
  readonly out: string;
}

function parseOptions(argv: string[]): Options {
  const options = { runs: 7, withBuild: false, buildRuns: 3, out: path.join(ROOT, 'BENCHMARKS.md') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${arg} needs a value`);
      }
      return v;
    };
    const count = (v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        throw new Error(`${arg} needs a whole number of at least ${min}, got ${v}`);
      }
      return n;
    };
    if (arg === '--') {
      // `npx projen bench -- --with-build` passes the separator through.
      continue;
    } else if (arg === '--with-build') {
      options.withBuild = true;
    } else if (arg === '--runs') {
      options.runs = count(value(), 3);
    } else if (arg === '--build-runs') {
      options.buildRuns = count(value(), 1);
    } else if (arg === '--out') {
      options.out = path.resolve(value());
    } else {
      throw new Error(`unknown option ${arg}; options: --with-build, --runs N (default 7, at least 3), --build-runs N (default 3), --out FILE`);
    }
  }
  return options;
}

function section<T>(title: string, run: () => T): T {
  process.stdout.write(`${title}...\n`);
  const started = nowMs();
  const result = run();
  process.stdout.write(`${title}: ${seconds(nowMs() - started)}\n`);
  return result;
}

function headlines(economy: EconomyResult, density: DensityRow[], fleet: FleetResult, overhead: OverheadResult): string[] {
  const ten = economy.rows[economy.rows.length - 1];
  const { library, githubOidc } = ten.summary;
  const branch2048 = density.find((r) => r.shape.startsWith('main branch') && r.limit === 2048)!;
  const largest = fleet.rows[fleet.rows.length - 1];
  const o = (variant: 'library' | 'twin', pick: (s: OverheadResult['samples']['library'][number]) => number) => median(overhead.samples[variant].map(pick));
  return [
    `- **Deploy-time economy** (provider + ${ten.roles} roles): ${int(library.resources)} CloudFormation resources and ${library.lambdaFunctions} Lambda functions, ` +
      `against ${int(githubOidc.resources)} and ${githubOidc.lambdaFunctions} with aws-cdk-github-oidc (${ratio(library.resources, githubOidc.resources)} the resources, no file asset to publish against ${githubOidc.fileAssets}); ` +
      `template ${int(library.templateBytes)} bytes against ${int(githubOidc.templateBytes)} (${ratio(library.templateBytes, githubOidc.templateBytes)}).`,
    `- **Trust-policy density**: one role holds ${branch2048.measuredMax} subjects \`${branch2048.example.replace('001', 'NNN')}\` at 2,048 characters ` +
      `(physical maximum for the shape: ${branch2048.physicalMax}); aws-cdk-github-oidc holds 1 per role (${branch2048.measuredMax}×).`,
    `- **Fleet scale** (${int(largest.size)} targets): SpokeFleet synthesizes in ${ms(largest.fleet.wallMs)} to one ${int(largest.fleetTemplateBytes)}-byte template and 1 stack; ` +
      `one stack per account takes ${ms(largest.perAccount.wallMs)} (${ratio(largest.fleet.wallMs, largest.perAccount.wallMs)}) ` +
      `and ${int(largest.perAccountTemplateBytes)} bytes (${ratio(largest.fleetTemplateBytes, largest.perAccountTemplateBytes)}) in ${int(largest.perAccountStacks)} stacks.`,
    '- **Synth overhead** of the example landing zone against its aws-cdk-lib-only twin: ' +
      `${ms(o('library', (s) => s.processMs))} vs ${ms(o('twin', (s) => s.processMs))} process wall time (${ratio(o('library', (s) => s.processMs), o('twin', (s) => s.processMs))}), ` +
      `${mib(o('library', (s) => s.maxRssKib))} vs ${mib(o('twin', (s) => s.maxRssKib))} peak memory (${ratio(o('library', (s) => s.maxRssKib), o('twin', (s) => s.maxRssKib))}).`,
  ];
}

function baselineHeadline(rows: BaselineRow[]): string {
  const last = rows[rows.length - 1];
  const measured = [...rows].reverse().find((r) => r.perAccount !== undefined)!;
  return (
    `- **Baseline fleet** (boundary, GitHub access, 3 tier bootstraps, backups; 6 StackSets): ${int(last.fleetTemplateBytes)} template bytes at 1 and at ${int(last.accounts)} accounts; ` +
    `synth time at ${int(last.accounts)} accounts ÷ at 1, interleaved: ${(last.fleet.wallMs / last.fleetAtOne.wallMs).toFixed(3)}; ` +
    `the same baseline per account (4 stacks each) at ${int(measured.accounts)} accounts: ${int(measured.perAccountTemplateBytes!)} bytes and ${ms(measured.perAccount!.wallMs)}.`
  );
}

function main(): void {
  const started = nowMs();
  const options = parseOptions(process.argv.slice(2));
  const date = new Date();
  const loadBefore = os.loadavg()[0];
  const host = machine();
  const version = versions(ROOT);
  const previous = previousBuild(options.out);

  // Estimates, not measurements: the model is checked against hand-worked cases first,
  // before anything is measured, so that a wrong model fails the bench at once.
  const [fleetDefaults, baselineDefaults] = section('6. StackSet roll-out (estimates)', () => {
    checkRolloutModel();
    return [spokeFleetDefaults(), baselineFleetDefaults()] as const;
  });
  const economy = section('1. deploy-time economy', () => runEconomy(options.runs));
  const density = section('2. trust-policy density', () => runDensity());
  const claimDensity = section('2b. trust-policy density, claim keys', () => runClaimDensity());
  const fleet = section('3. fleet scale', () => runFleet(options.runs, 60_000));
  const baselineFleet = section('7. baseline fleet', () => runBaselineFleet(options.runs));
  const overhead = section('4. synth overhead', () => runOverhead(ROOT, options.runs * 2));
  const build: BuildMeasurement | undefined = options.withBuild ? section('5. build and test', () => runBuild(ROOT, options.buildRuns, version.commitHash)) : undefined;
  const buildRecord = build ?? previous;
  const elapsed = nowMs() - started;
  const loadAfter = os.loadavg()[0];

  const reduced = Object.entries(fleet.reducedRuns);
  const doc = [
    '# Benchmarks',
    '',
    `Generated by \`npx projen bench\` (\`bench/run.ts\`) on ${date.toISOString().slice(0, 10)}; regenerate, never edit by hand. ` +
      'Method, and what each table means: [bench/README.md](bench/README.md).',
    '',
    'Every timing is a median over several runs (each table gives the count), measured in the same bench run as its comparison, the variants interleaved. ' +
      'A ratio is this library ÷ the comparison: below 1 means smaller or faster. Timings are wall-clock on a shared machine (see the load average below): ' +
      'read the ratios, not the milliseconds.',
    '',
    '## Headlines',
    '',
    ...headlines(economy, density, fleet, overhead),
    baselineHeadline(baselineFleet),
    '',
    '## Machine and versions',
    '',
    table(
      ['', ''],
      [
        ['date', date.toISOString()],
        ['CPU', `${host.cpu}, ${host.cores} cores`],
        ['memory', host.memory],
        ['OS', host.os],
        ['Node.js', host.node],
        ['load average (1 min) at start / end of the run', `${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)}`],
        ['cdk-landing-zone', `${version.package} (commit ${version.commit}${version.uncommitted.length > 0 ? `, with uncommitted changes measured as they are: ${version.uncommitted.join(', ')}` : ''})`],
        ['aws-cdk-lib', version.awsCdkLib],
        ['constructs', version.constructs],
        ['aws-cdk-github-oidc', version.githubOidc],
        ['TypeScript (transpiles the bench children)', version.typescript],
      ],
      2,
    ),
    '',
    '## 1. Deploy-time economy',
    '',
    'One stack in one account: a GitHub OIDC provider and deploy roles, each trusting the `main` branch of its own repository. ' +
      `aws-cdk-github-oidc ${version.githubOidc} has one provider construct, \`GithubActionsIdentityProvider\`, an \`iam.OpenIdConnectProvider\`: ` +
      'a Lambda-backed custom resource (no native variant), measured as such. The hand-written aws-cdk-lib version uses `iam.OidcProviderNative` ' +
      'and `iam.Role` with `iam.WebIdentityPrincipal` and hand-written `aud`/`sub` conditions. This library also retains the provider on stack deletion (`DeletionPolicy: Retain`).',
    '',
    renderEconomy(economy, version),
    '## 2. Trust-policy density',
    '',
    'The largest number of subjects one `GithubActionsRole` holds, found by synthesizing it with `maxTrustPolicySize` set to the limit ' +
      '(synthesis fails past it) and cross-checked with `measurePolicySize` (`src/private/policy-size.ts`), which counts the policy as IAM does: minified, ' +
      'the provider ARN at its longest partition (`aws-us-gov`). The physical maximum is computed from the shape: the smallest policy a person could write ' +
      '(one statement, no `Sid`, `aud` and `sub` checked, the same ARN) has a fixed overhead, and each subject costs its quoted length plus a comma: ' +
      'max = ⌊(limit − overhead + 1) ÷ per-subject⌋. aws-cdk-github-oidc takes one `owner`/`repo`/`filter` per role: 1 subject per role, whatever the limit ' +
      '(a wider `filter` such as `environment:*` trusts more than the listed subjects, so it is not the same configuration).',
    '',
    renderDensity(density, version),
    '',
    'With GitHub\'s own claims (`GithubSubject.fromClaimConditions`, `GithubRepository.namedWithIds`), each repository\'s claims sit in a statement of their own, ' +
      'so a role holds fewer repositories than with `sub` values alone:',
    '',
    renderClaimDensity(claimDensity),
    '',
    '## 3. Fleet scale',
    '',
    '### Measurements',
    '',
    'SpokeFleet: the management account\'s stack with one service-managed StackSet targeting N OUs (the worst case for N accounts: one OU each; the template never lists accounts). ' +
      'Per-account stacks: the seed\'s pattern, one stack per account holding a `SpokeRole`, N stacks in one app. ' +
      'Template bytes are the template files as written to the cloud assembly. ' +
      `Runs per size: ${options.runs}, or ${options.runs * 3} where one synthesis takes under 200 ms; ` +
      (reduced.length === 0
        ? 'every size was measured, 1,000 accounts included.'
        : `fewer where the 5-minute budget required it: ${reduced.map(([size, n]) => `${int(Number(size))} targets, ${n} runs`).join('; ')}.`),
    '',
    renderFleetSynthesis(fleet),
    '',
    renderFleetSize(fleet),
    '',
    'Stacks a deploy creates, for N accounts: SpokeFleet, 1 stack in the management account, which creates 1 stack instance per account (and one in each account that joins the OUs later, with no redeploy); ' +
      'per-account, N stacks, each deployed by `cdk deploy` into an account that must first be CDK-bootstrapped (one more stack each) and reachable by the deploying principal.',
    '',
    '### Estimates (not measurements)',
    '',
    '**ESTIMATES, derived from documented concurrency rules and assumed per-stack times; nothing here was deployed or timed.** Assumptions: ' +
      `one stack instance holding one IAM role takes **${ASSUMED_STACK_INSTANCE_SECONDS} s** (assumed); one \`cdk deploy\` of a stack holding one IAM role takes **${ASSUMED_CDK_STACK_SECONDS} s** (assumed); one region; no failures, no throttling. ` +
      `SpokeFleet: ${describePreferences(fleetDefaults)} (the construct's defaults, read from a SpokeFleet built without settings); ` +
      'CloudFormation rounds percentages down (a concurrency of 0 becomes 1), and in the default `STRICT_FAILURE_TOLERANCE` concurrency mode runs at most failure tolerance + 1 accounts at once ' +
      '([StackSetOperationPreferences](https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html)); ' +
      'estimate = ⌈N ÷ accounts at once⌉ waves × the per-instance time. Per-account stacks: `cdk deploy --all` deploys ' +
      `${CDK_CONCURRENCY_DEFAULT} stack at a time by default ([cdk deploy](https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-deploy.html), \`--concurrency\`); ` +
      'estimate = ⌈N ÷ concurrency⌉ × the per-stack time. Accounts that join an OU later get the spoke from StackSets auto-deployment, which these rules do not govern.',
    '',
    renderFleetEstimates(fleetDefaults),
    '',
    'Several ordered StackSets (a baseline fleet) and other operation preferences: section 6.',
    '',
    '## 4. Synth overhead',
    '',
    'The example landing zone (`buildLandingZone`, examples/landing-zone.ts), without its nine tier bootstrap stacks (`tierBootstraps: false`: the twin has none yet), against its twin written with aws-cdk-lib only (bench/twin/landing-zone-twin.ts: ' +
      'the same stacks, accounts, roles, trust conditions, boundary statements, StackSets, backup vaults and plans, backup audit frameworks with their report buckets, ' +
      'delegated zones with their delegation functions, and DNSSEC, hand-written with aws-cdk-lib\'s own constructs; the same cdk-nag suppressions; ' +
      'the names the example generates for its vaults, audit frameworks, delegation roles and functions copied as literals, and the delegation function\'s code ' +
      'read from the library\'s import-free module that holds it). ' +
      `Each run (${overhead.runs} per variant, interleaved, after a warm-up round) is a fresh \`node\` process running ` +
      'JavaScript transpiled once from the TypeScript sources (no ts-node), which loads aws-cdk-lib, then the estate module, builds the app and synthesizes it to a ' +
      'temporary directory; it reports its timings and `process.resourceUsage().maxRSS`. The reference column is a process that loads aws-cdk-lib and synthesizes an empty app. ' +
      'The bench fails if the twin\'s resource types and counts per stack stop matching the example\'s.',
    '',
    renderOverhead(overhead),
    '',
    '## 5. Build and test',
    '',
    'The README\'s test command, `npm install && npx projen build` with `CI=true`, on a fresh `git clone` of this repository in a temporary directory, ' +
      'checked out at the measured commit (what is committed, not the working tree; the npm cache of the machine is used as it is). ' +
      'Measured only with `npx projen bench -- --with-build`; a run without it carries the last measurement forward, labelled as such.',
    '',
    renderBuild(build, previous),
    ...(buildRecord ? ['', buildMarker(buildRecord)] : []),
    '',
    '## 6. StackSet roll-out time (estimates)',
    '',
    '**ESTIMATES from a model of the documented StackSet operation rules (bench/rollout.ts) with the assumed per-instance times below; nothing here was deployed or timed.** ' +
      `A baseline fleet of ${BASELINE_STAGES.length} service-managed StackSets deployed one after another (each waits for the previous one's operation to finish, ` +
      'as CloudFormation does for `AWS::CloudFormation::StackSet` resources chained by `DependsOn`), each creating one stack instance per target account and region. ' +
      'In each region an operation works on *accounts at once* accounts: `MaxConcurrentPercentage` of the accounts rounded down (0 becomes 1), ' +
      'and in the default `STRICT_FAILURE_TOLERANCE` mode at most `FailureTolerancePercentage` of them rounded down, + 1; ' +
      `a PARALLEL operation shares the administrator account's limit of ${int(INSTANCE_OPERATION_LIMIT)} stack instances in operations at the same time among its regions. ` +
      'Time of one StackSet = ⌈accounts ÷ accounts at once⌉ waves × the per-instance time, × the number of regions when SEQUENTIAL; the fleet = the sum of its StackSets. ' +
      'Assumed: every stack instance of a stage takes the same time (a wave ends when its accounts end), no failure, no throttling, no retry, ' +
      'no time between operations, and no other StackSet operation of the administrator account running meanwhile. ' +
      `Each time is given at both ends of its assumed range. Accounts: ${ROLLOUT_ACCOUNTS.map((n) => int(n)).join(', ')}. Sources of the rules: bench/README.md.`,
    '',
    renderRolloutAssumptions(),
    '',
    `With BaselineFleet's defaults (${describePreferences(baselineDefaults)}, read from a BaselineFleet built without settings) for every StackSet, one region:`,
    '',
    renderRolloutBaseline(baselineDefaults),
    '',
    'The same fleet under other inputs (the accounts at once of one StackSet, and the total of the four):',
    '',
    renderRolloutVariants(baselineDefaults),
    '',
    '## 7. Baseline fleet: flat from 1 to 1,000 accounts',
    '',
    'The workload baseline (boundary; GitHub provider and three tier roles; three tier bootstraps; a locked vault whose daily plan copies to the backup account) ' +
      'delivered by one `BaselineFleet` (6 StackSets) to the accounts of one OU, against the same baseline as one stack per account. ' +
      'A fleet never lists accounts: its program is the same for every count, so its bytes must not change (the bench fails if they do) ' +
      'and its synth time is measured interleaved with the fleet for one account. ' +
      `The fleet runs three times the bench's run count; the per-account baseline (4 stacks an account, as the example estate writes it) is synthesized up to ${int(PER_ACCOUNT_MAX)} accounts ` +
      '(100 accounts take some 40 s a run on this machine, and the cost grows linearly).',
    '',
    renderBaselineFleet(baselineFleet),
    '',
    '---',
    '',
    `This run took ${seconds(elapsed)}${build ? '' : ' (without the build-and-test measurement)'}.`,
    '',
  ].join('\n');

  const temporary = `${options.out}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, doc);
  fs.renameSync(temporary, options.out);
  process.stdout.write(`\nWrote ${path.relative(process.cwd(), options.out) || options.out}\nTotal bench time: ${seconds(nowMs() - started)}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`\nbench FAILED, nothing written: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
}
