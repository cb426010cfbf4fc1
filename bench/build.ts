// Table 5, build and test: the README's test command (`npm install && npx
// projen build`, CI=true) on a fresh clone. Opt-in (--with-build): it takes
// minutes. The clone holds what is committed, not the working tree.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { git } from './lib/machine';
import { seconds, table } from './lib/markdown';
import { median, nowMs, removeDir } from './lib/measure';

export interface BuildMeasurement {
  readonly runs: number;
  readonly commit: string;
  /** ISO date of the measurement. */
  readonly date: string;
  readonly cloneMs: number[];
  readonly installMs: number[];
  readonly buildMs: number[];
  /** `npm install && npx projen build`. */
  readonly commandMs: number[];
}

/** Where a measurement is recorded in BENCHMARKS.md, for later runs without --with-build. */
const MARKER = /<!-- bench:build-measurement (\{.*?\}) -->/;

export function buildMarker(measurement: BuildMeasurement): string {
  return `<!-- bench:build-measurement ${JSON.stringify(measurement)} -->`;
}

/** The measurement recorded in an earlier BENCHMARKS.md by a run with --with-build, if any. */
export function previousBuild(benchmarksFile: string): BuildMeasurement | undefined {
  if (!fs.existsSync(benchmarksFile)) {
    return undefined;
  }
  const match = MARKER.exec(fs.readFileSync(benchmarksFile, 'utf8'));
  if (!match) {
    return undefined;
  }
  const parsed = JSON.parse(match[1]) as BuildMeasurement;
  if (!Array.isArray(parsed.commandMs) || parsed.commandMs.length === 0 || typeof parsed.date !== 'string') {
    throw new Error(`build: the measurement recorded in ${benchmarksFile} is malformed: ${match[1]}`);
  }
  return parsed;
}

/**
 * The environment of the build: this process's, without what the bench task
 * and npm add to it (so the build sees what a shell would), plus CI=true.
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const added = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION', 'TS_NODE_TRANSPILE_ONLY', 'JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', 'INIT_CWD']);
  for (const [key, value] of Object.entries(process.env)) {
    if (added.has(key) || /^npm_(lifecycle|package|command|execpath|node_execpath)/.test(key) || key.startsWith('PROJEN_')) {
      continue;
    }
    env[key] = value;
  }
  env.CI = 'true';
  return env;
}

function step(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: string): number {
  const fd = fs.openSync(log, 'a');
  fs.writeSync(fd, `\n$ ${command} ${args.join(' ')}\n`);
  const started = nowMs();
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
  const elapsed = nowMs() - started;
  fs.closeSync(fd);
  if (result.status !== 0) {
    const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-60).join('\n');
    throw new Error(`build: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}) in ${cwd}; log ${log}:\n${tail}`);
  }
  return elapsed;
}

/**
 * Measures the README command `runs` times, each on a fresh clone checked out
 * at `commitHash` (the commit the rest of the bench ran on, even if others
 * commit meanwhile).
 */
export function runBuild(root: string, runs: number, commitHash: string): BuildMeasurement {
  const measurement = { cloneMs: [] as number[], installMs: [] as number[], buildMs: [] as number[], commandMs: [] as number[] };
  for (let run = 0; run < runs; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-lz-build-'));
    const log = path.join(dir, 'build.log');
    const repo = path.join(dir, 'repo');
    const env = buildEnvironment();
    process.stdout.write(`  build run ${run + 1}/${runs}: clone into ${repo} (log ${log})\n`);
    measurement.cloneMs.push(step('git', ['clone', '--quiet', root, repo], dir, env, log));
    step('git', ['checkout', '--quiet', '--detach', commitHash], repo, env, log);
    if (git(repo, 'rev-parse', 'HEAD') !== commitHash) {
      throw new Error(`build: the clone in ${repo} is not at ${commitHash}`);
    }
    const install = step('npm', ['install'], repo, env, log);
    process.stdout.write(`  build run ${run + 1}/${runs}: npm install ${seconds(install)}\n`);
    const build = step('npx', ['projen', 'build'], repo, env, log);
    process.stdout.write(`  build run ${run + 1}/${runs}: npx projen build ${seconds(build)}\n`);
    measurement.installMs.push(install);
    measurement.buildMs.push(build);
    measurement.commandMs.push(install + build);
    removeDir(dir);
  }
  return { runs, commit: commitHash.slice(0, 12), date: new Date().toISOString(), ...measurement };
}

export function renderBuild(measured: BuildMeasurement | undefined, previous: BuildMeasurement | undefined): string {
  if (!measured) {
    return previous
      ? `Not measured in this run; last measured: **${seconds(median(previous.commandMs))}** ` +
          `(${previous.runs === 1 ? '1 run, not a median' : `median of ${previous.runs} runs`}: npm install ${seconds(median(previous.installMs))}, npx projen build ${seconds(median(previous.buildMs))}) ` +
          `on ${previous.date.slice(0, 10)}, commit ${previous.commit}, by \`npx projen bench -- --with-build\`.`
      : 'Not measured in this run, and no earlier measurement is recorded: run `npx projen bench -- --with-build`.';
  }
  const n = measured.runs;
  return [
    table(
      ['step (fresh clone, CI=true)', n === 1 ? '1 run (not a median)' : `median of ${n} runs`],
      [
        ['`git clone` (local; not part of the command)', seconds(median(measured.cloneMs))],
        ['`npm install`', seconds(median(measured.installMs))],
        ['`npx projen build`', seconds(median(measured.buildMs))],
        ['**the README command: `npm install && npx projen build`**', `**${seconds(median(measured.commandMs))}**`],
      ],
    ),
    '',
    `Measured on ${measured.date.slice(0, 10)} from a clone of commit ${measured.commit} (what is committed, not the working tree).`,
  ].join('\n');
}
