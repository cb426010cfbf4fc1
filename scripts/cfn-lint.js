// Runs cfn-lint (from .venv/cfn-lint, see the cfn-lint:install task) over every
// CloudFormation template that the example app (cdk.out/, with its StackSet
// bodies and its fleets variant), the estate (cdk.out/estate/) and the integ
// snapshots (test/*.snapshot/) hold. Errors fail; warnings are shown.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const templates = [];
const collect = (dir) => {
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.template.json')) templates.push(path.relative(root, path.join(dir, f)));
  }
};
// The example estate, its StackSet bodies, the same estate with fleets (examples/main.ts writes them),
// and the estate LandingZoneEstate builds from every configuration input (examples/estate.ts).
for (const dir of ['cdk.out', 'cdk.out/stacksets', 'cdk.out/fleets', 'cdk.out/fleets/stacksets', 'cdk.out/estate']) {
  collect(path.join(root, dir));
}
for (const f of fs.readdirSync(path.join(root, 'test'))) {
  if (f.endsWith('.snapshot')) collect(path.join(root, 'test', f));
}
if (templates.length === 0) {
  console.error('cfn-lint: no template found in cdk.out/ or test/*.snapshot/; run the example task first');
  process.exit(1);
}
const bin = path.join(root, '.venv', 'cfn-lint', 'bin', 'cfn-lint');
const result = spawnSync(bin, ['--format', 'json', '--', ...templates], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (result.error || (result.status !== 0 && !result.stdout)) {
  console.error(`cfn-lint: could not run ${bin}: ${result.error ? result.error.message : result.stderr}`);
  process.exit(1);
}
let matches;
try {
  matches = JSON.parse(result.stdout || '[]');
} catch (e) {
  console.error(`cfn-lint: unreadable output: ${result.stdout.slice(0, 500)}`);
  process.exit(1);
}
const failedTemplates = new Set();
for (const m of matches) {
  const where = `${m.Filename}:${m.Location.Start.LineNumber}:${m.Location.Start.ColumnNumber}`;
  console.log(`${m.Level.padEnd(13)} ${m.Rule.Id} ${where} ${m.Message}`);
  if (m.Level === 'Error') failedTemplates.add(path.normalize(m.Filename));
}
const failed = templates.filter((t) => failedTemplates.has(path.normalize(t))).length;
fs.mkdirSync(path.join(root, 'test-reports'), { recursive: true });
fs.writeFileSync(path.join(root, 'test-reports', 'cfn-lint.json'), JSON.stringify({ passed: templates.length - failed, failed, templates }, null, 2));
if (failed > 0) {
  console.error(`cfn-lint: errors in ${failed} of ${templates.length} templates`);
  process.exit(1);
}
console.log(`cfn-lint: ${templates.length} templates, no errors${matches.length ? ` (${matches.length} warnings/informational above)` : ''}`);
