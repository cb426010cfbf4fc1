// Runs cfn-lint (from .venv/cfn-lint, see the cfn-lint:install task) over every
// CloudFormation template that the example app (cdk.out/) and the integ
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
collect(path.join(root, 'cdk.out'));
for (const f of fs.readdirSync(path.join(root, 'test'))) {
  if (f.endsWith('.snapshot')) collect(path.join(root, 'test', f));
}
if (templates.length === 0) {
  console.error('cfn-lint: no template found in cdk.out/ or test/*.snapshot/; run the example task first');
  process.exit(1);
}
const bin = path.join(root, '.venv', 'cfn-lint', 'bin', 'cfn-lint');
const result = spawnSync(bin, ['--non-zero-exit-code', 'error', '--', ...templates], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`cfn-lint: errors in the templates above (exit ${result.status}); ${templates.length} templates checked`);
  process.exit(result.status || 1);
}
console.log(`cfn-lint: ${templates.length} templates, no errors`);
