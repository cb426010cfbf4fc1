// Table 3, fleet scale: SpokeFleet (one service-managed StackSet) against one
// stack per account (a SpokeRole in each), at 1, 10, 100 and 1,000 targets.
import { App, Stack } from 'aws-cdk-lib';
import { AccountEnvironment, HubRole, SpokeFleet, SpokeRole } from '../src';
import { summarizeAssembly } from './lib/assembly';
import { int, ms, ratio, seconds, table } from './lib/markdown';
import { interleaved, removeDir, Samples, synthesize, synthesizeTimed } from './lib/measure';
import { estimateRollout, INSTANCE_OPERATION_LIMIT, OperationPreferences } from './rollout';
import { DEFAULT_HUB_ROLE_NAME } from '../src/hub-spoke/names';
import { LANDING_ZONE_PATH } from '../src/private/landing-zone';

export const FLEET_SIZES = [1, 10, 100, 1000];
const REGION = 'eu-west-1';
const HUB = {
  // The hub of the security account at its default path and name.
  hubRoleArn: `arn:aws:iam::222222222222:role${LANDING_ZONE_PATH}${DEFAULT_HUB_ROLE_NAME}`,
  environment: AccountEnvironment.PRODUCTION,
  organizationId: 'o-a1b2c3d4e5',
};

/** The management account's stack with one SpokeFleet targeting `ous` OUs. */
function buildFleet(app: App, ous: number): void {
  const stack = new Stack(app, 'Management', { env: { account: '111111111111', region: REGION } });
  new SpokeFleet(stack, 'Spokes', {
    hub: HubRole.fromHubRoleAttributes(stack, 'Hub', HUB),
    environment: AccountEnvironment.PRODUCTION,
    organizationalUnitIds: Array.from({ length: ous }, (_, i) => `ou-ab12-${String(i).padStart(8, '0')}`),
  });
}

/** The seed's pattern: one stack per account, each with a SpokeRole. */
function buildPerAccount(app: App, accounts: number): void {
  for (let i = 0; i < accounts; i++) {
    const stack = new Stack(app, `Spoke${String(i).padStart(4, '0')}`, { env: { account: String(100000000000 + i), region: REGION } });
    new SpokeRole(stack, 'Spoke', { hub: HubRole.fromHubRoleAttributes(stack, 'Hub', HUB), environment: AccountEnvironment.PRODUCTION });
  }
}

export interface FleetRow {
  readonly size: number;
  readonly fleet: Samples;
  readonly perAccount: Samples;
  readonly fleetTemplateBytes: number;
  readonly fleetStacks: number;
  readonly perAccountTemplateBytes: number;
  readonly perAccountStacks: number;
  readonly perAccountLargestTemplate: number;
}

export interface FleetResult {
  readonly rows: FleetRow[];
  readonly runs: number;
  /** Sizes whose per-account run count was reduced to stay in the time budget, with the count used. */
  readonly reducedRuns: Record<number, number>;
}

/**
 * Measures every size. Each pair is timed once warm first: a size whose slower
 * synthesis takes under 200 ms gets 3 × `runs` runs (a steadier median, for
 * little time); one where `runs` runs would take more than `budgetMs` gets
 * fewer (at least 3). The table gives every count.
 */
export function runFleet(runs: number, budgetMs: number): FleetResult {
  const rows: FleetRow[] = [];
  const reducedRuns: Record<number, number> = {};
  for (const size of FLEET_SIZES) {
    const fleet = synthesize((app) => buildFleet(app, size));
    const fleetSummary = summarizeAssembly(fleet.assembly);
    removeDir(fleet.outdir);
    const perAccount = synthesize((app) => buildPerAccount(app, size));
    // Decide the run count on a warm pair (the first pair also loads modules).
    const warm = [synthesizeTimed((app) => buildFleet(app, size)), synthesizeTimed((app) => buildPerAccount(app, size))];
    const firstMs = Math.max(...warm.map((t) => t.wallMs));
    const perAccountSummary = summarizeAssembly(perAccount.assembly);
    removeDir(perAccount.outdir);
    const fleetAsExpected = fleetSummary.stacks.length === 1 && fleetSummary.resources === 1;
    if (!fleetAsExpected || perAccountSummary.stacks.length !== size || perAccountSummary.resources !== size) {
      throw new Error(`fleet: unexpected assemblies at ${size}: fleet ${fleetSummary.stacks.length} stack(s)/${fleetSummary.resources} resource(s), per-account ${perAccountSummary.stacks.length}/${perAccountSummary.resources}`);
    }
    let sizeRuns = firstMs < 200 ? runs * 3 : runs;
    if (firstMs * runs > budgetMs) {
      sizeRuns = Math.max(3, Math.floor(budgetMs / firstMs));
      if (sizeRuns < runs) {
        reducedRuns[size] = sizeRuns;
      }
    }
    // The warm-up rounds were the syntheses above.
    const samples = interleaved(
      {
        fleet: () => synthesizeTimed((app) => buildFleet(app, size)),
        perAccount: () => synthesizeTimed((app) => buildPerAccount(app, size)),
      },
      sizeRuns,
      0,
    );
    process.stdout.write(`  ${size}: SpokeFleet ${samples.fleet.describe()}\n  ${size}: per-account ${samples.perAccount.describe()}\n`);
    rows.push({
      size,
      fleet: samples.fleet,
      perAccount: samples.perAccount,
      fleetTemplateBytes: fleetSummary.templateBytes,
      fleetStacks: fleetSummary.stacks.length,
      perAccountTemplateBytes: perAccountSummary.templateBytes,
      perAccountStacks: perAccountSummary.stacks.length,
      perAccountLargestTemplate: Math.max(...perAccountSummary.stacks.map((s) => s.templateBytes)),
    });
  }
  return { rows, runs, reducedRuns };
}

function targets(size: number): string {
  return `${int(size)} OU${size === 1 ? '' : 's'} / ${int(size)} account${size === 1 ? '' : 's'}`;
}

export function renderFleetSynthesis(result: FleetResult): string {
  return table(
    [
      'targets',
      'runs',
      'SpokeFleet: synth wall time, median',
      'per-account stacks: synth wall time, median',
      'ratio',
      'SpokeFleet: synth CPU time, median',
      'per-account stacks: synth CPU time, median',
      'ratio',
    ],
    result.rows.map((r) => [
      targets(r.size),
      int(r.fleet.runs),
      ms(r.fleet.wallMs),
      ms(r.perAccount.wallMs),
      ratio(r.fleet.wallMs, r.perAccount.wallMs),
      ms(r.fleet.cpuMs),
      ms(r.perAccount.cpuMs),
      ratio(r.fleet.cpuMs, r.perAccount.cpuMs),
    ]),
  );
}

export function renderFleetSize(result: FleetResult): string {
  return table(
    [
      'targets',
      'SpokeFleet: template bytes',
      'per-account stacks: template bytes, all stacks',
      'ratio',
      'per-account stacks: largest template',
      'stacks a deploy creates: SpokeFleet',
      'stacks a deploy creates: per-account',
    ],
    result.rows.map((r) => [
      targets(r.size),
      int(r.fleetTemplateBytes),
      int(r.perAccountTemplateBytes),
      ratio(r.fleetTemplateBytes, r.perAccountTemplateBytes),
      int(r.perAccountLargestTemplate),
      `${int(r.fleetStacks)} stack + ${int(r.size)} stack instance${r.size === 1 ? '' : 's'}`,
      `${int(r.perAccountStacks)} stack${r.perAccountStacks === 1 ? '' : 's'}`,
    ]),
  );
}

// ---------------------------------------------------------------------------
// Estimates (not measurements): deploy time from documented concurrency rules
// and an assumed time per stack.
// ---------------------------------------------------------------------------

/** Assumed wall time to create one stack instance holding one IAM role (StackSets). */
export const ASSUMED_STACK_INSTANCE_SECONDS = 60;
/** Assumed wall time of `cdk deploy` for one stack holding one IAM role (change set, create, wait). */
export const ASSUMED_CDK_STACK_SECONDS = 60;
/** `cdk deploy --concurrency` default, and one higher value for comparison. */
export const CDK_CONCURRENCY_DEFAULT = 1;
export const CDK_CONCURRENCY_RAISED = 10;

/** SpokeFleet's operation preferences when none is given, read from a SpokeFleet built with defaults. */
export function spokeFleetDefaults(): OperationPreferences {
  const stack = new Stack(new App(), 'Management', { env: { account: '111111111111', region: REGION } });
  const fleet = new SpokeFleet(stack, 'Spokes', {
    hub: HubRole.fromHubRoleAttributes(stack, 'Hub', HUB),
    environment: AccountEnvironment.PRODUCTION,
    organizationalUnitIds: ['ou-ab12-00000000'],
  });
  const p = stack.resolve(fleet.stackSet.operationPreferences) as Record<string, unknown>;
  const known = ['maxConcurrentPercentage', 'maxConcurrentCount', 'failureTolerancePercentage', 'failureToleranceCount', 'regionConcurrencyType', 'concurrencyMode'];
  const unknown = Object.keys(p).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new Error(`fleet: SpokeFleet sets operation preferences the roll-out model does not read: ${unknown.join(', ')}`);
  }
  return p as OperationPreferences;
}

export function renderFleetEstimates(defaults: OperationPreferences): string {
  return table(
    [
      'accounts',
      'SpokeFleet: accounts at once',
      'SpokeFleet: waves',
      'SpokeFleet: ESTIMATED deploy time',
      `per-account stacks, --concurrency ${CDK_CONCURRENCY_DEFAULT} (default): ESTIMATED`,
      'ratio',
      `per-account stacks, --concurrency ${CDK_CONCURRENCY_RAISED}: ESTIMATED`,
      'ratio',
    ],
    FLEET_SIZES.map((n) => {
      const [spoke] = estimateRollout({
        accounts: n,
        regions: 1,
        instanceOperationLimit: INSTANCE_OPERATION_LIMIT,
        stages: [{ name: 'spoke', instanceSeconds: ASSUMED_STACK_INSTANCE_SECONDS, preferences: defaults }],
      }).stages;
      const concurrency = spoke.accountsAtOnce;
      const waves = spoke.wavesPerRegion;
      const fleet = spoke.seconds * 1000;
      const sequential = Math.ceil(n / CDK_CONCURRENCY_DEFAULT) * ASSUMED_CDK_STACK_SECONDS * 1000;
      const parallel = Math.ceil(n / CDK_CONCURRENCY_RAISED) * ASSUMED_CDK_STACK_SECONDS * 1000;
      return [
        int(n),
        int(concurrency),
        int(waves),
        duration(fleet),
        duration(sequential),
        ratio(fleet, sequential),
        duration(parallel),
        ratio(fleet, parallel),
      ];
    }),
  );
}

function duration(valueMs: number): string {
  const s = valueMs / 1000;
  if (s < 120) {
    return seconds(valueMs);
  }
  if (s < 7200) {
    return `${Math.round(s / 60)} min`;
  }
  return `${(s / 3600).toFixed(1)} h`;
}
