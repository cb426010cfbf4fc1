// The landing zone's pipelines, one per tier, written from its plan: GitHub
// Actions workflows, or a CircleCI configuration.
import { YamlFile, github } from 'projen';
import { LandingZoneConfig } from './config';
import { PlannedAccount, TIERS, landingZoneStacks, stacksOfTier, tierEnvironment, tierLabel, tierNumber, tierRoleArn } from './plan';
import { DeployTier } from '../tiered-deploy-role';

/** `configure-aws-credentials`, pinned to its major version tag (actionlint checks the inputs). */
export const CONFIGURE_AWS_CREDENTIALS = 'aws-actions/configure-aws-credentials@v4';
const CHECKOUT = 'actions/checkout@v4';
const SETUP_NODE = 'actions/setup-node@v4';
const NODE_VERSION = '20';

/** The paths whose change on main redeploys tiers 2 to 4. */
export const DEPLOY_PATHS = ['src/**', 'cdk.json', 'package.json', 'package-lock.json', '.projenrc.ts'];

/** A tier's workflow file name: `deploy-tier-<n>-<tier>.yml`. */
export const workflowFileName = (tier: DeployTier) => `deploy-tier-${tierNumber(tier)}-${tierLabel(tier)}.yml`;

/** The CLI command that deploys stacks from the synthesized app. */
const deployCommand = (stacks: string[]) => `npx cdk deploy --app cdk.out --require-approval never ${stacks.join(' ')}`;

/** Accounts that deploy a tier, in the order the Bootstrap tier must follow. */
function accountsOf(accounts: PlannedAccount[], tier: DeployTier): PlannedAccount[] {
  return accounts.filter((a) => a.tiers.includes(tier));
}

/** Jobs of the Bootstrap tier that must run first: the hub before the fleets naming it, the network's delegation roles before the zones. */
function bootstrapNeeds(account: PlannedAccount, accounts: PlannedAccount[]): string[] {
  const needs: string[] = [];
  if (account.kind === 'management' && accounts.some((a) => a.kind === 'security')) {
    needs.push(jobId(accounts.find((a) => a.kind === 'security')!));
  }
  if (account.zoneName) {
    needs.push(jobId(accounts.find((a) => a.kind === 'network')!));
  }
  return needs;
}

const jobId = (account: PlannedAccount) => `deploy-${account.name}`;

/**
 * GitHub Actions: `deploy-tier-<n>-<tier>.yml` per tier with accounts, each
 * job deploying one account's stacks of that tier through the tier's role in
 * that account, from the tier's GitHub environment; and `pull-request.yml`,
 * with a read-only token and no AWS credentials: build (synth, the rule pack,
 * the access map), then the access paths the pull request adds to main.
 */
export function githubPipelines(gh: github.GitHub, config: LandingZoneConfig, accounts: PlannedAccount[]): void {
  const region = config.regions[0];
  const setup: github.workflows.JobStep[] = [
    { uses: CHECKOUT, with: { 'persist-credentials': false } },
    { uses: SETUP_NODE, with: { 'node-version': NODE_VERSION } },
    { run: 'npm ci' },
  ];
  for (const tier of TIERS) {
    const deploying = accountsOf(accounts, tier);
    if (deploying.length === 0) {
      continue;
    }
    const workflow = new github.GithubWorkflow(gh, `deploy-tier-${tierNumber(tier)}-${tierLabel(tier)}`, { fileName: workflowFileName(tier) });
    if (tier === DeployTier.BOOTSTRAP) {
      // The landing zone's own stacks: only by hand, after an approval in the protected environment.
      workflow.on({ workflowDispatch: {} });
    } else {
      workflow.on({ push: { branches: ['main'], paths: DEPLOY_PATHS } });
    }
    for (const account of deploying) {
      workflow.addJob(jobId(account), {
        name: `Deploy the ${tierLabel(tier)} tier to ${account.name} (${account.accountId})`,
        runsOn: ['ubuntu-latest'],
        environment: tierEnvironment(tier),
        needs: tier === DeployTier.BOOTSTRAP && bootstrapNeeds(account, accounts).length > 0 ? bootstrapNeeds(account, accounts) : undefined,
        concurrency: { 'group': `${tierEnvironment(tier)}-${account.name}`, 'cancel-in-progress': false },
        permissions: { idToken: github.workflows.JobPermission.WRITE, contents: github.workflows.JobPermission.READ },
        steps: [
          ...setup,
          { name: 'Synthesize (the rule pack runs at synthesis)', run: 'npx projen synth:silent' },
          {
            name: `Credentials of the ${tierLabel(tier)} tier role`,
            uses: CONFIGURE_AWS_CREDENTIALS,
            with: {
              'role-to-assume': tierRoleArn(account.accountId, tier),
              'role-session-name': `${tierLabel(tier)}-${account.name}-\${{ github.run_id }}`,
              'aws-region': region,
            },
          },
          { name: `Deploy ${stacksOfTier(account, tier).join(', ')}`, run: deployCommand(stacksOfTier(account, tier)) },
        ],
      });
    }
  }

  const pr = new github.GithubWorkflow(gh, 'pull-request', { fileName: 'pull-request.yml' });
  pr.on({ pullRequest: {} });
  pr.addJob('build', {
    name: 'Build: synth, the rule pack and the access map',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    steps: [
      ...setup,
      { run: 'npx projen build' },
      { uses: 'actions/upload-artifact@v4', with: { name: 'head.out', path: 'cdk.out' } },
    ],
  });
  pr.addJob('access-map', {
    name: 'Access paths this pull request adds to the base branch',
    needs: ['build'],
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    steps: [
      // The base branch's code and copy of the tool judge the pull request's cloud assembly.
      { uses: CHECKOUT, with: { 'ref': '${{ github.event.pull_request.base.sha }}', 'persist-credentials': false } },
      { uses: SETUP_NODE, with: { 'node-version': NODE_VERSION } },
      { run: 'npm ci' },
      { name: 'Synthesize the base branch', run: 'npx cdk synth --quiet --output base.out' },
      { uses: 'actions/download-artifact@v4', with: { name: 'head.out', path: 'head.out' } },
      {
        name: 'Access paths added (fails when there is one)',
        shell: 'bash',
        run: 'npx landing-zone-access-map diff base.out head.out | tee -a "$GITHUB_STEP_SUMMARY"',
      },
    ],
  });
}

/**
 * The branch each tier deploys from with CircleCI. A CircleCI token carries
 * no environment, so the tier roles tell the tiers apart by branch (one
 * branch trusted by one tier only): the Services tier deploys from `main`,
 * the tiers above from a branch of their own that changes reach by a merge.
 */
export const CIRCLECI_TIER_BRANCHES: Record<DeployTier, string> = {
  [DeployTier.BOOTSTRAP]: 'deploy/bootstrap',
  [DeployTier.BASE]: 'deploy/base',
  [DeployTier.INFRASTRUCTURE]: 'deploy/infrastructure',
  [DeployTier.SERVICES]: 'main',
};

/** The CircleCI image the jobs run in: Node.js for the CDK, Python for the AWS CLI. */
export const CIRCLECI_IMAGE = 'cimg/python:3.12-node';

/**
 * CircleCI: the same pipelines in `.circleci/config.yml`. Each deploy job
 * exchanges the job's OIDC token (`$CIRCLE_OIDC_TOKEN_V2`) for the tier
 * role's credentials with `aws sts assume-role-with-web-identity`. Each
 * tier runs on its own branch (`CIRCLECI_TIER_BRANCHES`), the one its roles
 * trust; the Bootstrap tier only when the pipeline is also triggered with
 * `deploy-bootstrap: true`, and then only after an approval job; the
 * pull-request job (every other branch) builds without credentials.
 */
export function circleCiConfig(project: import('projen').Project, config: LandingZoneConfig, accounts: PlannedAccount[]): YamlFile {
  const region = config.regions[0];
  const setup = [
    'checkout',
    { run: { name: 'Install', command: 'npm ci && pip install --quiet --disable-pip-version-check awscli' } },
  ];
  const jobs: Record<string, unknown> = {
    build: {
      docker: [{ image: CIRCLECI_IMAGE }],
      steps: [...setup, { run: { name: 'Build: synth, the rule pack and the access map', command: 'npx projen build' } }],
    },
  };
  const workflows: Record<string, unknown> = {
    'pull-request': {
      when: { and: Object.values(CIRCLECI_TIER_BRANCHES).map((branch) => ({ not: { equal: [branch, '<< pipeline.git.branch >>'] } })) },
      jobs: ['build'],
    },
  };
  for (const tier of TIERS) {
    const deploying = accountsOf(accounts, tier);
    if (deploying.length === 0) {
      continue;
    }
    const names: string[] = [];
    for (const account of deploying) {
      const name = `deploy-tier-${tierNumber(tier)}-${tierLabel(tier)}-${account.name}`;
      names.push(name);
      const stacks = tier === DeployTier.BOOTSTRAP ? landingZoneStacks(account) : stacksOfTier(account, tier);
      jobs[name] = {
        docker: [{ image: CIRCLECI_IMAGE }],
        environment: { AWS_REGION: region, AWS_DEFAULT_REGION: region },
        steps: [
          ...setup,
          { run: { name: 'Synthesize (the rule pack runs at synthesis)', command: 'npx projen synth:silent' } },
          {
            run: {
              name: `Credentials of the ${tierLabel(tier)} tier role`,
              command: [
                'creds=$(aws sts assume-role-with-web-identity \\',
                `  --role-arn "${tierRoleArn(account.accountId, tier)}" \\`,
                `  --role-session-name "${tierLabel(tier)}-${account.name}-$CIRCLE_BUILD_NUM" \\`,
                '  --web-identity-token "$CIRCLE_OIDC_TOKEN_V2" \\',
                "  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)",
                'read -r key secret token <<< "$creds"',
                'echo "export AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_SESSION_TOKEN=$token" >> "$BASH_ENV"',
              ].join('\n'),
            },
          },
          { run: { name: `Deploy ${stacks.join(', ')}`, command: deployCommand(stacks) } },
        ],
      };
    }
    const workflowJobs: unknown[] = [];
    if (tier === DeployTier.BOOTSTRAP) {
      workflowJobs.push({ 'approve-bootstrap': { type: 'approval' } });
      for (const account of deploying) {
        const needs = bootstrapNeeds(account, accounts).map((id) => `deploy-tier-1-bootstrap-${id.replace(/^deploy-/, '')}`);
        workflowJobs.push({ [`deploy-tier-1-bootstrap-${account.name}`]: { requires: ['approve-bootstrap', ...needs] } });
      }
      workflows[`deploy-tier-${tierNumber(tier)}-${tierLabel(tier)}`] = {
        when: { and: [{ equal: [CIRCLECI_TIER_BRANCHES[tier], '<< pipeline.git.branch >>'] }, '<< pipeline.parameters.deploy-bootstrap >>'] },
        jobs: workflowJobs,
      };
    } else {
      workflows[`deploy-tier-${tierNumber(tier)}-${tierLabel(tier)}`] = {
        when: { and: [{ equal: [CIRCLECI_TIER_BRANCHES[tier], '<< pipeline.git.branch >>'] }, { not: '<< pipeline.parameters.deploy-bootstrap >>' }] },
        jobs: names,
      };
    }
  }
  return new YamlFile(project, '.circleci/config.yml', {
    obj: {
      version: 2.1,
      parameters: { 'deploy-bootstrap': { type: 'boolean', default: false, description: 'Deploy the landing zone\'s own stacks (tier 1), after an approval' } },
      jobs,
      workflows,
    },
  });
}
