// Verifies the integ test snapshots (offline) and records the results in
// test-reports/integ.json for .ci/run: {passed, failed, files: [{file, status}]}.
//
// integ-runner (2.197.10) has no machine-readable report and no programmatic
// API (its package exports only cli(), from a bundle), so each test gets a
// run of its own and that run's exit status is the test's result; its human
// output is echoed as it was. The tests are the ones integ-runner itself
// discovers (`--list`); finding none is a failure, and `--strict` makes a run
// fail when its test is not found. The runs go one after another: each run's
// discovery walks test/, and trips over the temporary cdk-integ.out.* folders
// of a run in progress (ENOENT on their synth.lock when run in parallel).
// Arguments naming a listed test select it; any other argument is passed to
// every run (e.g. --inspect-failures, -v).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const bin = path.join(root, 'node_modules', '.bin', 'integ-runner');
const language = ['--language', 'typescript'];

function writeReport(report) {
  const dir = path.join(root, 'test-reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'integ.json'), JSON.stringify(report, null, 2) + '\n');
  console.error(`integ: ${report.passed} passed, ${report.failed} failed`);
  process.exit(report.failed > 0 || report.passed === 0 ? 1 : 0);
}

function fail(message) {
  console.error(`integ: ${message}`);
  writeReport({ passed: 0, failed: 1, files: [], error: message });
}

const listed = spawnSync(bin, [...language, '--list'], { cwd: root, encoding: 'utf8', env: process.env });
if (listed.error || listed.status !== 0) {
  process.stderr.write(listed.stderr ?? '');
  fail(`could not list the integ tests with ${bin}: ${listed.error ? listed.error.message : `exit status ${listed.status}`}`);
}
const discovered = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean);

const args = process.argv.slice(2);
const selected = args.filter((a) => discovered.includes(a) || discovered.includes(path.relative('test', a)));
const passThrough = args.filter((a) => !selected.includes(a));
const files = selected.length > 0 ? discovered.filter((f) => selected.includes(f) || selected.includes(path.join('test', f))) : discovered;
if (files.length === 0) {
  fail('integ-runner found no integ test (test/integ.*.ts); an empty integ suite is a failure');
}

/** One integ-runner run for one test: resolves to its status, after echoing its output. */
function runOne(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const output = [];
    const child = spawn(bin, [...language, '--strict', ...passThrough, file], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => output.push(['stdout', chunk]));
    child.stderr.on('data', (chunk) => output.push(['stderr', chunk]));
    let spawnError;
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, signal) => {
      const status = code === 0 && !spawnError ? 'passed' : 'failed';
      const why = spawnError ? `could not run: ${spawnError.message}` : signal ? `killed by ${signal}` : `exit status ${code}`;
      process.stdout.write(`\n--- ${file}: ${status} (${why}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      for (const [stream, chunk] of output) {
        process[stream].write(chunk);
      }
      resolve({ file, status });
    });
  });
}

async function main() {
  const results = [];
  for (const file of files) {
    results.push(await runOne(file));
  }
  const passed = results.filter((r) => r.status === 'passed').length;
  writeReport({ passed, failed: results.length - passed, files: results });
}

main().catch((error) => fail(`unexpected error: ${error.stack ?? error}`));
