// Prepares test/project.new.test.ts, which creates a landing-zone project
// with `npx projen new --from <packed library>` and builds it offline:
// 1. installs actionlint (Go module proxy) into $(go env GOPATH)/bin, unless
//    that version is there already;
// 2. fills the npm cache with every package such a project installs, resolved
//    the way the offline run resolves them (the pinned versions of
//    src/project/versions.ts, the library's peer ranges, the latest projen
//    for npx), so that the test itself needs no registry.
// Quiet unless something fails.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ACTIONLINT_VERSION = '1.7.12';
const root = path.join(__dirname, '..');

function run(cmd, args, options = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  } catch (e) {
    process.stderr.write(`project-test-prepare: ${cmd} ${args.join(' ')} failed\n${e.stdout || ''}${e.stderr || ''}\n`);
    process.exit(1);
  }
}

// 1. actionlint
const gopath = run('go', ['env', 'GOPATH']).trim();
const actionlint = path.join(gopath, 'bin', 'actionlint');
let installed = '';
try {
  installed = execFileSync(actionlint, ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim().replace(/^v/, '');
} catch {
  installed = '';
}
if (installed !== ACTIONLINT_VERSION) {
  run('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@v${ACTIONLINT_VERSION}`], { env: { ...process.env, GOFLAGS: '-mod=mod' } });
}

// 2. the npm cache
const versions = {};
const source = fs.readFileSync(path.join(root, 'src', 'project', 'versions.ts'), 'utf8');
for (const m of source.matchAll(/^\s*'([@\w/.-]+)':\s*'([^']+)',$/gm)) {
  versions[m[1]] = m[2];
}
const peers = require(path.join(root, 'package.json')).peerDependencies;
const pinned = ['aws-cdk', 'projen', 'typescript', 'ts-node', '@types/node'].map((name) => {
  if (!versions[name]) {
    process.stderr.write(`project-test-prepare: no version of ${name} in src/project/versions.ts\n`);
    process.exit(1);
  }
  return `${name}@${versions[name]}`;
});
const groups = [
  // What `npx projen new` runs, and the projen it installs first.
  ['projen@latest'],
  // The library's peers, as `npm install <tgz>` resolves them, and the new project's dependencies.
  [`aws-cdk-lib@${peers['aws-cdk-lib']}`, `constructs@${peers.constructs}`, ...pinned, 'esbuild'],
];
for (const specs of groups) {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-npm-cache-'));
  try {
    run('npm', ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, ...specs], { cwd: prefix });
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}
