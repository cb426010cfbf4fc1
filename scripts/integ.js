// Runs integ-runner over test/integ.*.ts (snapshot verification, offline),
// echoes its output, and records the counts in test-reports/integ.json for
// .ci/run. An empty suite is a failure.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const testDir = path.join(__dirname, '..', 'test');
const integFiles = fs.readdirSync(testDir).filter((f) => /^integ\..+\.ts$/.test(f));
if (integFiles.length === 0) {
  console.error('integ: no test/integ.*.ts file found; an empty integ suite is a failure');
  process.exit(1);
}

const bin = path.join(__dirname, '..', 'node_modules', '.bin', 'integ-runner');
const result = spawnSync(bin, ['--language', 'typescript', ...process.argv.slice(2)], {
  encoding: 'utf8',
  shell: false,
  env: process.env,
});
if (result.error) {
  console.error(`integ: could not run ${bin}: ${result.error.message}`);
}
process.stdout.write(result.stdout ?? '');
process.stderr.write(result.stderr ?? '');

const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
const summary = output.match(/Snapshot Results:[\s\S]*?Tests:\s+([^\n]*)/);
const count = (word) => {
  const m = summary && summary[1].match(new RegExp(`(\\d+) ${word}`));
  return m ? Number(m[1]) : 0;
};
let failed = count('failed');
// integ-runner prints "1 failed, 2 total" without a passed count when some fail.
let passed = Math.max(count('total') - failed, count('passed'));
if (!summary || passed + failed === 0) {
  // integ-runner stopped before its summary (a synth error, a crash).
  passed = 0;
  failed = Math.max(failed, integFiles.length);
}
fs.mkdirSync(path.join(__dirname, '..', 'test-reports'), { recursive: true });
fs.writeFileSync(path.join(__dirname, '..', 'test-reports', 'integ.json'), JSON.stringify({ passed, failed, files: integFiles }, null, 2));
const code = result.status === null ? 1 : result.status;
process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
