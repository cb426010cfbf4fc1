import { awscdk, javascript } from 'projen';

// Versions pinned on purpose; see ../shared/docs/toolchain.md for why each one.
const CDK_VERSION = '2.245.0';
const INTEG_RUNNER_VERSION = '2.197.10';
const INTEG_TESTS_ALPHA_VERSION = `${CDK_VERSION}-alpha.0`;
const CFN_LINT_VERSION = '1.58.0';
const PYTEST_VERSION = '9.2.0';

// The integ runner and the example app run offline: no AWS account, no
// credentials. A fixed region stops the SDK from probing instance metadata.
const OFFLINE_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  TS_NODE_TRANSPILE_ONLY: '1',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
};

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-landing-zone',
  packageName: 'cdk-landing-zone',
  description:
    'Secure, composable AWS CDK constructs for a multi-account landing zone: GitHub Actions OIDC, tiered deploy roles, a self-propagating permissions boundary, hub and spoke roles, delegated subdomains and ransomware-proof backups.',
  keywords: ['aws-cdk', 'cdk', 'landing-zone', 'github-actions', 'oidc', 'iam', 'permissions-boundary', 'organizations', 'route53', 'aws-backup'],
  author: 'cdk-landing-zone maintainers',
  authorAddress: 'maintainers@cdk-landing-zone.dev',
  license: 'Apache-2.0',
  repositoryUrl: 'https://github.com/cdk-landing-zone/cdk-landing-zone.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: CDK_VERSION,
  jsiiVersion: '~6.0.0',

  // jsii targets (design.md, "Package identity").
  publishToPypi: {
    distName: 'cdk-landing-zone',
    module: 'cdk_landing_zone',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdklandingzone',
    mavenGroupId: 'io.github.cdklandingzone',
    mavenArtifactId: 'cdk-landing-zone',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-landing-zone/cdk-landing-zone-go',
  },

  // Dev tsconfig at the top level; eslint reads it (toolchain.md, pitfall 1).
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts', 'examples/**/*.ts', 'bench/**/*.ts'],
    exclude: ['lib', 'dist', 'cdk.out', 'test/**/*.snapshot/**'],
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },

  // A new or changed jest snapshot fails the build instead of being written,
  // an empty suite is a failure, not a pass, and a test that writes to the
  // console fails (passing tests print nothing; measurements live in bench/).
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.snapshot/'],
      watchPathIgnorePatterns: ['/cdk.out/', '\\.snapshot/'],
      setupFilesAfterEnv: ['<rootDir>/test/support/quiet-console.ts'],
    },
  },

  bin: { 'landing-zone-access-map': 'lib/cli/access-map.js' },

  devDeps: [
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    'cdk-nag@^2.36.8',
    // AGPL: a dev dependency for the escalation proofs only, never shipped.
    '@cloud-copilot/iam-simulate@^0.1.173',
    // The benchmarks compare against it (bench/ only, never shipped).
    'aws-cdk-github-oidc@2.4.1',
  ],

  gitignore: ['/cdk.out/', '/.venv/', '/test-reports/', '__pycache__/', '.pytest_cache/', 'test/**/*.snapshot/asset.*/'],
});
for (const ignored of ['/examples/', '/scripts/', '/.ci/', '/cdk.out/', '/.venv/', '/test-reports/']) {
  project.addPackageIgnore(ignored);
}

// ---------------------------------------------------------------------------
// Integration snapshot tests (@aws-cdk/integ-runner), offline.
// ---------------------------------------------------------------------------
const integ = project.addTask('integ', {
  description: 'Verify the integ test snapshots (offline; fails on any difference)',
  env: OFFLINE_ENV,
  exec: 'node scripts/integ.js',
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Create or refresh the integ test snapshots without deploying (offline)',
  env: OFFLINE_ENV,
  exec: 'integ-runner --language typescript --update-on-failed --dry-run',
  receiveArgs: true,
});
project.testTask.spawn(integ);

// ---------------------------------------------------------------------------
// The example app: synthesize to cdk.out/ and print a report.
// ---------------------------------------------------------------------------
const example = project.addTask('example', {
  description: 'Synthesize the example landing zone to cdk.out/ and print its report',
  env: OFFLINE_ENV,
  exec: 'ts-node --project tsconfig.dev.json examples/main.ts',
});

// ---------------------------------------------------------------------------
// Every TypeScript example in the README and the API docs must compile
// (jsii-rosetta, strict): a broken example fails the build.
// ---------------------------------------------------------------------------
project.postCompileTask.exec('jsii-rosetta extract --compile --fail .jsii', { env: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' } });
project.gitignore.addPatterns('.jsii.tabl.json');
project.addPackageIgnore('.jsii.tabl.json');

// ---------------------------------------------------------------------------
// Benchmarks: regenerate BENCHMARKS.md (see bench/README.md).
// ---------------------------------------------------------------------------
project.addTask('bench', {
  description: 'Run the benchmarks and regenerate BENCHMARKS.md (offline, under 5 minutes on 2 cores)',
  env: OFFLINE_ENV,
  exec: 'ts-node --project tsconfig.dev.json bench/run.ts',
  receiveArgs: true,
});
for (const ignored of ['/bench/']) {
  project.addPackageIgnore(ignored);
}

// ---------------------------------------------------------------------------
// cfn-lint over every template the example app and the integ snapshots hold.
// Installed from PyPI into a project-local virtual environment.
// ---------------------------------------------------------------------------
const cfnLintInstall = project.addTask('cfn-lint:install', {
  description: `Install cfn-lint ${CFN_LINT_VERSION} into .venv/cfn-lint`,
  condition: `! .venv/cfn-lint/bin/cfn-lint --version 2>/dev/null | grep -qx 'cfn-lint ${CFN_LINT_VERSION}'`,
});
cfnLintInstall.exec('rm -rf .venv/cfn-lint && python3 -m venv .venv/cfn-lint');
cfnLintInstall.exec(`.venv/cfn-lint/bin/pip install --quiet --disable-pip-version-check cfn-lint==${CFN_LINT_VERSION}`);

const cfnLint = project.addTask('cfn-lint', {
  description: 'Run cfn-lint over the example app and the integ snapshots (fails on errors)',
});
cfnLint.spawn(cfnLintInstall);
cfnLint.spawn(example);
cfnLint.exec('node scripts/cfn-lint.js');
project.testTask.spawn(cfnLint);

// ---------------------------------------------------------------------------
// jsii packages: the build packages JavaScript and the Python wheel, locally
// and in CI alike, so that the README's test command is the same everywhere.
// Java and Go are packaged by `package-all` and by the release workflow.
// ---------------------------------------------------------------------------
const packagePython = project.tasks.tryFind('package:python');
if (!packagePython) {
  throw new Error('projen did not create the package:python task');
}
const packageJs = project.tasks.tryFind('package:js')!;
project.packageTask.reset();
project.packageTask.spawn(packageJs);
project.packageTask.spawn(packagePython);

// ---------------------------------------------------------------------------
// Python consumer test: the built wheel in a fresh virtual environment.
// ---------------------------------------------------------------------------
const testPython = project.addTask('test:python', {
  description: 'Install the built wheel into a fresh venv and run the Python consumer tests (pytest)',
  env: OFFLINE_ENV,
});
testPython.exec('rm -rf .venv/python-test && python3 -m venv .venv/python-test');
testPython.exec(
  `.venv/python-test/bin/pip install --quiet --disable-pip-version-check dist/python/*.whl aws-cdk-lib==${CDK_VERSION} pytest==${PYTEST_VERSION}`,
);
testPython.exec('mkdir -p test-reports && .venv/python-test/bin/pytest test/python -q --junitxml=test-reports/pytest.xml');
// The build task is locked by projen; the consumer test runs as the last step
// of `package`, right after the wheel is built (CI and local builds alike).
project.packageTask.spawn(testPython);

project.synth();
