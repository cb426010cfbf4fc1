// Table 1, deploy-time economy: the same configuration (a GitHub OIDC provider
// and 1 or 10 deploy roles, one subject each) written with this library, with
// aws-cdk-github-oidc (its default provider, the only one it has: a
// Lambda-backed custom resource) and with aws-cdk-lib alone.
import * as githubOidc from 'aws-cdk-github-oidc';
import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { GithubActionsRole, GithubOidcProvider, GithubRepository, GithubSubject } from '../src';
import { AssemblySummary, summarizeAssembly } from './lib/assembly';
import { int, ms, ratio, table } from './lib/markdown';
import { interleaved, removeDir, Samples, synthesize, synthesizeTimed } from './lib/measure';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const ISSUER_HOST = 'token.actions.githubusercontent.com';
const AUDIENCE = 'sts.amazonaws.com';

export const ECONOMY_ROLE_COUNTS = [1, 10];

/** `service-001`, `service-002`, ...: one repository per role, its main branch trusted. */
function repositoryName(i: number): string {
  return `service-${String(i + 1).padStart(3, '0')}`;
}

type Variant = 'library' | 'githubOidc' | 'handWritten';

/** Builds one stack with a provider and `roles` deploy roles, each trusting `repo:acme/<repo>:ref:refs/heads/main`. */
const BUILDERS: Record<Variant, (app: App, roles: number) => void> = {
  library: (app, roles) => {
    const stack = new Stack(app, 'Github', { env: ENV });
    const provider = new GithubOidcProvider(stack, 'GithubOidc');
    for (let i = 0; i < roles; i++) {
      new GithubActionsRole(stack, `DeployRole${i + 1}`, {
        provider,
        subjects: [GithubSubject.branch(GithubRepository.named('acme', repositoryName(i)), 'main')],
      });
    }
  },
  githubOidc: (app, roles) => {
    const stack = new Stack(app, 'Github', { env: ENV });
    const provider = new githubOidc.GithubActionsIdentityProvider(stack, 'GithubOidc');
    for (let i = 0; i < roles; i++) {
      // A fresh props object per role: the construct deletes keys from the object it is given.
      new githubOidc.GithubActionsRole(stack, `DeployRole${i + 1}`, { provider, owner: 'acme', repo: repositoryName(i), filter: 'ref:refs/heads/main' });
    }
  },
  handWritten: (app, roles) => {
    const stack = new Stack(app, 'Github', { env: ENV });
    const provider = new iam.OidcProviderNative(stack, 'GithubOidc', { url: `https://${ISSUER_HOST}`, clientIds: [AUDIENCE] });
    for (let i = 0; i < roles; i++) {
      new iam.Role(stack, `DeployRole${i + 1}`, {
        assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
          StringEquals: {
            [`${ISSUER_HOST}:aud`]: AUDIENCE,
            [`${ISSUER_HOST}:sub`]: `repo:acme/${repositoryName(i)}:ref:refs/heads/main`,
          },
        }),
      });
    }
  },
};

export interface EconomyRow {
  readonly roles: number;
  readonly summary: Record<Variant, AssemblySummary>;
  readonly synth: Record<Variant, Samples>;
}

export interface EconomyResult {
  readonly rows: EconomyRow[];
  readonly runs: number;
}

/** Each synthesis takes milliseconds: `runs` is multiplied by this, for a steadier median. */
export const ECONOMY_RUNS_FACTOR = 3;

export function runEconomy(baseRuns: number): EconomyResult {
  const runs = baseRuns * ECONOMY_RUNS_FACTOR;
  const rows = ECONOMY_ROLE_COUNTS.map((roles) => {
    const summary = {} as Record<Variant, AssemblySummary>;
    for (const variant of Object.keys(BUILDERS) as Variant[]) {
      const synthesized = synthesize((app) => BUILDERS[variant](app, roles));
      summary[variant] = summarizeAssembly(synthesized.assembly);
      removeDir(synthesized.outdir);
      const s = summary[variant];
      if (s.stacks.length !== 1 || s.resources < roles + 1) {
        throw new Error(`economy: ${variant} with ${roles} role(s) synthesized ${s.resources} resource(s); expected at least ${roles + 1}`);
      }
      if (s.lambdaFunctions > 0 && s.fileAssets === 0) {
        throw new Error(`economy: ${variant} has ${s.lambdaFunctions} Lambda function(s) but no file asset was found: the asset manifest was not read`);
      }
    }
    const synth = interleaved<Variant>(
      {
        library: () => synthesizeTimed((app) => BUILDERS.library(app, roles)),
        githubOidc: () => synthesizeTimed((app) => BUILDERS.githubOidc(app, roles)),
        handWritten: () => synthesizeTimed((app) => BUILDERS.handWritten(app, roles)),
      },
      runs,
    );
    for (const [variant, samples] of Object.entries<Samples>(synth)) {
      process.stdout.write(`  ${roles} role(s), ${variant}: ${samples.describe()}\n`);
    }
    return { roles, summary, synth };
  });
  return { rows, runs };
}

export function renderEconomy(result: EconomyResult, versions: { githubOidc: string }): string {
  const parts: string[] = [];
  for (const row of result.rows) {
    const { library, githubOidc: other, handWritten } = row.summary;
    const metric = (name: string, pick: (s: AssemblySummary) => number, format: (n: number) => string = int) => [
      name,
      format(pick(library)),
      format(pick(other)),
      ratio(pick(library), pick(other)),
      format(pick(handWritten)),
      ratio(pick(library), pick(handWritten)),
    ];
    const time = (name: string, pick: (s: Samples) => number) => [
      `${name}, median of ${result.runs}`,
      ms(pick(row.synth.library)),
      ms(pick(row.synth.githubOidc)),
      ratio(pick(row.synth.library), pick(row.synth.githubOidc)),
      ms(pick(row.synth.handWritten)),
      ratio(pick(row.synth.library), pick(row.synth.handWritten)),
    ];
    parts.push(`**A GitHub OIDC provider and ${row.roles} deploy role${row.roles === 1 ? '' : 's'}** (one subject per role)`);
    parts.push('');
    parts.push(
      table(
        ['', 'cdk-landing-zone', `aws-cdk-github-oidc ${versions.githubOidc}`, 'ratio', 'aws-cdk-lib, hand-written', 'ratio'],
        [
          metric('CloudFormation resources', (s) => s.resources),
          metric('Lambda functions', (s) => s.lambdaFunctions),
          metric('custom resources', (s) => s.customResources),
          metric('file assets to publish (besides the template)', (s) => s.fileAssets),
          metric('file asset bytes', (s) => s.fileAssetBytes),
          metric('template bytes', (s) => s.templateBytes),
          time('synth wall time', (s) => s.wallMs),
          time('synth CPU time', (s) => s.cpuMs),
        ],
      ),
    );
    parts.push('');
  }
  return parts.join('\n');
}
