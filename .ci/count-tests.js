// Adds up the tests of every runner from their reports and prints one line
// "N passed, N failed". A runner whose report is missing is named on stderr.
'use strict';
const fs = require('fs');
const path = require('path');

const reports = path.join(__dirname, '..', 'test-reports');
let passed = 0;
let failed = 0;

function junit(file, label) {
  const p = path.join(reports, file);
  if (!fs.existsSync(p)) {
    console.error(`${label}: no report (${file}); it did not run`);
    return;
  }
  const xml = fs.readFileSync(p, 'utf8');
  let p0 = 0;
  let f0 = 0;
  for (const m of xml.matchAll(/<testsuite\s([^>]*)>/g)) {
    const attr = (name) => {
      const a = m[1].match(new RegExp(`\\b${name}="(\\d+)"`));
      return a ? Number(a[1]) : 0;
    };
    const bad = attr('failures') + attr('errors');
    p0 += attr('tests') - bad - attr('skipped');
    f0 += bad;
  }
  console.error(`${label}: ${p0} passed, ${f0} failed`);
  passed += p0;
  failed += f0;
}

// Surefire writes one TEST-<class>.xml per test class into a directory.
function junitDir(dir, label) {
  const d = path.join(reports, dir);
  const files = fs.existsSync(d) ? fs.readdirSync(d).filter((f) => /^TEST-.*\.xml$/.test(f)).sort() : [];
  if (files.length === 0) {
    console.error(`${label}: no report (${dir}/TEST-*.xml); it did not run`);
    return;
  }
  for (const f of files) {
    junit(path.join(dir, f), `${label} ${f}`);
  }
}

function counts(file, label) {
  const p = path.join(reports, file);
  if (!fs.existsSync(p)) {
    console.error(`${label}: no report (${file}); it did not run`);
    return;
  }
  const r = JSON.parse(fs.readFileSync(p, 'utf8'));
  console.error(`${label}: ${r.passed} passed, ${r.failed} failed`);
  passed += r.passed;
  failed += r.failed;
}

junit('junit.xml', 'jest');
junit('junit-node22.xml', 'jest (Node.js 22)');
counts('integ.json', 'integ');
counts('cfn-lint.json', 'cfn-lint (one test per template)');
junit('pytest.xml', 'pytest');
junitDir('java', 'junit (java)');
junit('emulator.xml', 'emulator (CDK CLI against moto)');
console.log(`${passed} passed, ${failed} failed`);
