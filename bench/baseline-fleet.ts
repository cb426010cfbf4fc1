// Table 7, baseline fleet: the workload baseline (boundary, GitHub provider
// and three tier roles, three tier bootstraps, a locked vault with a daily
// plan copying to the backup account) delivered by one BaselineFleet to the
// accounts of one OU, at 1, 10, 100 and 1,000 accounts, against the same
// baseline written per account (one stack, and one per tier bootstrap).
import { App, Duration, Stack, aws_backup as backup, aws_events as events } from 'aws-cdk-lib';
import {
  BackupCopyDestination,
  BackupVault,
  BaselineFleet,
  DeployTier,
  GithubOidcProvider,
  GithubRepository,
  GithubSubject,
  PermissionBoundary,
  TierBootstrap,
  TieredDeployRole,
  VaultLock,
} from '../src';
import { summarizeAssembly } from './lib/assembly';
import { int, ms, table } from './lib/markdown';
import { interleaved, removeDir, Samples, synthesize, synthesizeTimed } from './lib/measure';
import { OperationPreferences } from './rollout';

export const BASELINE_SIZES = [1, 10, 100, 1000];
/** The per-account baseline is synthesized up to this many accounts (100 takes some 40 s a run on 2 cores; it grows linearly). */
export const PER_ACCOUNT_MAX = 10;
const REGION = 'eu-west-1';
const OU = 'ou-ab12-prod0001';
const TIERS = [
  { tier: DeployTier.BASE, qualifier: 'lzbase', environment: 'production-base' },
  { tier: DeployTier.INFRASTRUCTURE, qualifier: 'lzinfra', environment: 'production-infrastructure' },
  { tier: DeployTier.SERVICES, qualifier: 'lzsvc', environment: 'production' },
];
const REPOSITORY = GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'platform', repositoryId: '2000001' });
const CENTRAL = 'arn:aws:backup:eu-west-1:444444444444:backup-vault:central';

/** The baseline of one account, composed into the scopes given (one stack, or a fleet's stages). */
function baseline(scopes: { boundary: Stack; access: Stack; bootstrap: (tier: DeployTier) => Stack; backup: Stack }): void {
  const boundary = new PermissionBoundary(scopes.boundary, 'PermissionBoundary');
  const provider = new GithubOidcProvider(scopes.access, 'GithubOidc');
  for (const { tier, qualifier, environment } of TIERS) {
    const bootstrap = new TierBootstrap(scopes.bootstrap(tier), `${tier}Bootstrap`, { tier, qualifier, boundary });
    new TieredDeployRole(scopes.access, `${tier}DeployRole`, { tier, provider, boundary, bootstrap, subjects: [GithubSubject.environment(REPOSITORY, environment)] });
  }
  const vault = new BackupVault(scopes.backup, 'Vault', { lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }) });
  vault.addPlan('Daily', {
    rules: [new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(35) })],
    selectionTags: { backup: 'daily' },
    copyTo: BackupCopyDestination.fromVaultArn(CENTRAL),
  });
}

/**
 * The management account's BaselineFleet for the `accounts` accounts of one
 * OU. Nothing of its input names an account: the program is the same for
 * every count, which is the point being measured.
 */
function buildFleet(app: App, _accounts: number): void {
  const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: REGION } });
  const fleet = new BaselineFleet(stack, 'Baseline', { name: 'landing-zone-production', targets: [{ organizationalUnitIds: [OU] }] });
  const boundary = fleet.addStage('Boundary');
  const access = fleet.addStage('Access');
  const bootstraps = new Map(TIERS.map(({ tier }) => [tier, fleet.addStage(`${tier}Bootstrap`)]));
  baseline({ boundary, access, bootstrap: (tier) => bootstraps.get(tier)!, backup: fleet.addStage('Backup') });
}

/** The same baseline as the example estate writes it per account: one stack, and one stack per tier bootstrap. */
function buildPerAccount(app: App, accounts: number): void {
  for (let i = 0; i < accounts; i++) {
    const id = `Account${String(i).padStart(4, '0')}`;
    const env = { account: String(100000000000 + i), region: REGION };
    const stack = new Stack(app, id, { env });
    baseline({ boundary: stack, access: stack, bootstrap: (tier) => new Stack(app, `${id}${tier}Bootstrap`, { env }), backup: stack });
  }
}

export interface BaselineRow {
  readonly accounts: number;
  /** The fleet for this many accounts, timed interleaved with the fleet for one account. */
  readonly fleet: Samples;
  readonly fleetAtOne: Samples;
  readonly fleetTemplateBytes: number;
  readonly fleetStackSets: number;
  readonly perAccount?: Samples;
  readonly perAccountTemplateBytes?: number;
}

export function runBaselineFleet(runs: number): BaselineRow[] {
  const rows: BaselineRow[] = [];
  for (const accounts of BASELINE_SIZES) {
    const fleet = synthesize((app) => buildFleet(app, accounts));
    const summary = summarizeAssembly(fleet.assembly);
    const stackSets = Object.values<any>(fleet.assembly.getStackByName('Management').template.Resources).filter((r) => r.Type === 'AWS::CloudFormation::StackSet').length;
    removeDir(fleet.outdir);
    let perAccountBytes: number | undefined;
    if (accounts <= PER_ACCOUNT_MAX) {
      const perAccount = synthesize((app) => buildPerAccount(app, accounts));
      perAccountBytes = summarizeAssembly(perAccount.assembly).templateBytes;
      removeDir(perAccount.outdir);
    }
    // The fleet and the fleet for one account, interleaved and apart from the per-account
    // variant (whose memory would weigh on the runs after it), with three times the runs: they are short.
    const samples = interleaved(
      {
        fleet: () => synthesizeTimed((app) => buildFleet(app, accounts)),
        fleetAtOne: () => synthesizeTimed((app) => buildFleet(app, 1)),
      },
      runs * 3,
    );
    const perAccountRun = () => synthesizeTimed((app) => buildPerAccount(app, accounts));
    const perAccountSamples = accounts <= PER_ACCOUNT_MAX ? interleaved({ perAccount: perAccountRun }, runs).perAccount : undefined;
    process.stdout.write(`  ${accounts}: BaselineFleet ${samples.fleet.describe()} (at 1 account ${samples.fleetAtOne.describe()})\n`);
    rows.push({
      accounts,
      fleet: samples.fleet,
      fleetAtOne: samples.fleetAtOne,
      fleetTemplateBytes: summary.templateBytes,
      fleetStackSets: stackSets,
      perAccount: perAccountSamples,
      perAccountTemplateBytes: perAccountBytes,
    });
  }
  const first = rows[0].fleetTemplateBytes;
  const grown = rows.find((r) => r.fleetTemplateBytes !== first);
  if (grown) {
    throw new Error(`baseline fleet: the template grew with the number of accounts (${first} bytes at 1, ${grown.fleetTemplateBytes} at ${grown.accounts})`);
  }
  return rows;
}

export function renderBaselineFleet(rows: BaselineRow[]): string {
  return table(
    [
      'accounts (one OU)',
      'runs',
      'BaselineFleet: template bytes',
      'bytes ÷ bytes at 1 account',
      'BaselineFleet: synth wall time, median',
      'the same at 1 account, interleaved',
      'time ÷ time at 1 account',
      'per account (4 stacks each): template bytes',
      'per account: synth wall time, median',
    ],
    rows.map((r) => [
      int(r.accounts),
      int(r.fleet.runs),
      int(r.fleetTemplateBytes),
      (r.fleetTemplateBytes / rows[0].fleetTemplateBytes).toFixed(3),
      ms(r.fleet.wallMs),
      ms(r.fleetAtOne.wallMs),
      (r.fleet.wallMs / r.fleetAtOne.wallMs).toFixed(3),
      r.perAccountTemplateBytes === undefined ? `not synthesized (over ${int(PER_ACCOUNT_MAX)})` : int(r.perAccountTemplateBytes),
      r.perAccount === undefined ? `not synthesized (over ${int(PER_ACCOUNT_MAX)})` : ms(r.perAccount.wallMs),
    ]),
  );
}

/** BaselineFleet's operation preferences when none is given, read from a fleet built with defaults. */
export function baselineFleetDefaults(): OperationPreferences {
  const app = new App();
  buildFleet(app, 1);
  const stack = app.node.findChild('Management') as Stack;
  const fleet = stack.node.findChild('Baseline') as BaselineFleet;
  const p = stack.resolve(fleet.stackSets[0].operationPreferences) as Record<string, unknown>;
  const known = ['maxConcurrentPercentage', 'maxConcurrentCount', 'failureTolerancePercentage', 'failureToleranceCount', 'regionConcurrencyType', 'concurrencyMode'];
  const unknown = Object.keys(p).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new Error(`baseline fleet: BaselineFleet sets operation preferences the roll-out model does not read: ${unknown.join(', ')}`);
  }
  return p as OperationPreferences;
}
