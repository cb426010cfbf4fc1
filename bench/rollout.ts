// Estimates (not measurements) of how long a service-managed StackSet
// roll-out takes: a pure model of CloudFormation's documented operation
// preferences (bench/README.md, "6. StackSet roll-out"), a check of the model
// against cases worked out by hand from those rules, and the tables. Nothing
// here is deployed or timed; every number comes from `estimateRollout` with
// the inputs the tables state.
import { int, table } from './lib/markdown';

export type RegionConcurrency = 'SEQUENTIAL' | 'PARALLEL';
export type ConcurrencyMode = 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';

/** A StackSet's operation preferences, as CloudFormation names them (give a percentage or a count, not both). */
export interface OperationPreferences {
  readonly maxConcurrentPercentage?: number;
  readonly maxConcurrentCount?: number;
  readonly failureTolerancePercentage?: number;
  readonly failureToleranceCount?: number;
  /** CloudFormation's default: SEQUENTIAL. */
  readonly regionConcurrencyType?: RegionConcurrency;
  /** CloudFormation's default: STRICT_FAILURE_TOLERANCE. */
  readonly concurrencyMode?: ConcurrencyMode;
}

/** One StackSet of an ordered fleet: its operation starts when the previous StackSet's has finished. */
export interface RolloutStage {
  readonly name: string;
  /** Assumed time for one stack instance (one account, one region) to reach CREATE_COMPLETE. */
  readonly instanceSeconds: number;
  readonly preferences: OperationPreferences;
}

export interface Rollout {
  /** Target accounts: every stage deploys one stack instance per account and region. */
  readonly accounts: number;
  readonly regions: number;
  /** The StackSets, in the order they are deployed. */
  readonly stages: RolloutStage[];
  /**
   * How many stack instances one administrator account may have in operations
   * at the same time (CloudFormation quotas): caps the accounts at once of
   * every region a PARALLEL operation runs in together.
   */
  readonly instanceOperationLimit: number;
}

export interface StageEstimate {
  readonly name: string;
  /** Stack instances the stage creates: accounts × regions. */
  readonly instances: number;
  /** Accounts worked on at once in one region. */
  readonly accountsAtOnce: number;
  /** Waves in one region: ⌈accounts ÷ accounts at once⌉. */
  readonly wavesPerRegion: number;
  /** Regions run one after another: the region count when SEQUENTIAL, else 1. */
  readonly regionPasses: number;
  readonly seconds: number;
}

export interface RolloutEstimate {
  readonly stages: StageEstimate[];
  /** The stages one after another. */
  readonly seconds: number;
}

function whole(name: string, value: number, min: number, max = Infinity): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`rollout: ${name} must be a whole number from ${min}${max === Infinity ? '' : ` to ${max}`}, got ${value}`);
  }
  return value;
}

/** A percentage of `accounts` rounded down, as CloudFormation computes it, or the count; one of the two at most. */
function accountsOf(
  name: string,
  accounts: number,
  percentage: number | undefined,
  count: number | undefined,
  min: number,
  fallback: number,
): number {
  if (percentage !== undefined && count !== undefined) {
    throw new Error(`rollout: give ${name}Percentage or ${name}Count, not both`);
  }
  if (percentage !== undefined) {
    return Math.floor((accounts * whole(`${name}Percentage`, percentage, min, 100)) / 100);
  }
  return count !== undefined ? whole(`${name}Count`, count, min) : fallback;
}

/**
 * Accounts one StackSet operation works on at once in one region. Percentages
 * round down, and a concurrency that rounds to 0 becomes 1; without either
 * setting CloudFormation runs 1 account at a time and tolerates 0 failures. In
 * STRICT_FAILURE_TOLERANCE mode the concurrency is at most the failure
 * tolerance + 1. A PARALLEL operation runs every region at once, so the
 * administrator account's limit on stack instances in operations is shared by
 * the regions.
 */
export function accountsAtOnce(accounts: number, preferences: OperationPreferences, regions: number, instanceOperationLimit: number): number {
  whole('accounts', accounts, 1);
  whole('regions', regions, 1);
  whole('instanceOperationLimit', instanceOperationLimit, 1);
  const maxConcurrent = Math.max(1, accountsOf('maxConcurrent', accounts, preferences.maxConcurrentPercentage, preferences.maxConcurrentCount, 1, 1));
  const failureTolerance = accountsOf('failureTolerance', accounts, preferences.failureTolerancePercentage, preferences.failureToleranceCount, 0, 0);
  const strict = (preferences.concurrencyMode ?? 'STRICT_FAILURE_TOLERANCE') === 'STRICT_FAILURE_TOLERANCE';
  const wanted = Math.min(accounts, strict ? Math.min(maxConcurrent, failureTolerance + 1) : maxConcurrent);
  const regionsTogether = (preferences.regionConcurrencyType ?? 'SEQUENTIAL') === 'PARALLEL' ? regions : 1;
  return Math.max(1, Math.min(wanted, Math.floor(instanceOperationLimit / regionsTogether)));
}

/**
 * The roll-out time of an ordered fleet of StackSets, none failing and none
 * throttled: in each region, ⌈accounts ÷ accounts at once⌉ waves of one
 * per-instance time each; SEQUENTIAL regions one after another, PARALLEL
 * regions together; each stage after the previous one.
 */
export function estimateRollout(rollout: Rollout): RolloutEstimate {
  if (rollout.stages.length === 0) {
    throw new Error('rollout: at least one stage');
  }
  const stages = rollout.stages.map((stage): StageEstimate => {
    if (!(stage.instanceSeconds > 0)) {
      throw new Error(`rollout: stage ${stage.name}: instanceSeconds must be positive, got ${stage.instanceSeconds}`);
    }
    const atOnce = accountsAtOnce(rollout.accounts, stage.preferences, rollout.regions, rollout.instanceOperationLimit);
    const wavesPerRegion = Math.ceil(rollout.accounts / atOnce);
    const regionPasses = (stage.preferences.regionConcurrencyType ?? 'SEQUENTIAL') === 'SEQUENTIAL' ? rollout.regions : 1;
    return {
      name: stage.name,
      instances: rollout.accounts * rollout.regions,
      accountsAtOnce: atOnce,
      wavesPerRegion,
      regionPasses,
      seconds: regionPasses * wavesPerRegion * stage.instanceSeconds,
    };
  });
  return { stages, seconds: stages.reduce((total, s) => total + s.seconds, 0) };
}

/**
 * Checks the model against cases worked out by hand from the documented rules
 * (the expected values are arithmetic on the rules, not outputs of the model);
 * the bench fails, writing nothing, if one disagrees.
 */
export function checkRolloutModel(): void {
  const limit = 3500;
  const spoke: OperationPreferences = { maxConcurrentPercentage: 25, failureTolerancePercentage: 10, regionConcurrencyType: 'PARALLEL' };
  const problems: string[] = [];
  const expect = (what: string, actual: number, expected: number) => {
    if (actual !== expected) {
      problems.push(`${what}: model ${actual}, by hand ${expected}`);
    }
  };
  // 25 % of 10 = 2.5 → 2; 10 % of 10 = 1 → at most 2 at once.
  expect('10 accounts, 25 %/10 %, strict', accountsAtOnce(10, spoke, 1, limit), 2);
  // 25 % of 100 = 25; 10 % of 100 = 10 → 11.
  expect('100 accounts, 25 %/10 %, strict', accountsAtOnce(100, spoke, 1, limit), 11);
  // 250 and 100 → 101.
  expect('1,000 accounts, 25 %/10 %, strict', accountsAtOnce(1000, spoke, 1, limit), 101);
  // 25 % of 1 = 0 → 1; tolerance 0 → 1.
  expect('1 account, 25 %/10 %, strict', accountsAtOnce(1, spoke, 1, limit), 1);
  // Soft mode ignores the tolerance: 25 % of 100.
  expect('100 accounts, soft', accountsAtOnce(100, { ...spoke, concurrencyMode: 'SOFT_FAILURE_TOLERANCE' }, 1, limit), 25);
  // Nothing set: one account at a time.
  expect('100 accounts, CloudFormation defaults', accountsAtOnce(100, {}, 1, limit), 1);
  // Counts: 5 at once asked, 0 failures tolerated → 1 in strict mode, 5 in soft mode.
  expect('counts 5/0, strict', accountsAtOnce(100, { maxConcurrentCount: 5, failureToleranceCount: 0 }, 1, limit), 1);
  expect('counts 5/0, soft', accountsAtOnce(100, { maxConcurrentCount: 5, failureToleranceCount: 0, concurrencyMode: 'SOFT_FAILURE_TOLERANCE' }, 1, limit), 5);
  // The limit, shared by 10 parallel regions: 3,500 ÷ 10 = 350 of the 1,000 asked.
  const all: OperationPreferences = { maxConcurrentPercentage: 100, failureTolerancePercentage: 100, regionConcurrencyType: 'PARALLEL' };
  expect('1,000 accounts, 100 %, 10 parallel regions', accountsAtOnce(1000, all, 10, limit), 350);
  expect('1,000 accounts, 100 %, 10 sequential regions', accountsAtOnce(1000, { ...all, regionConcurrencyType: 'SEQUENTIAL' }, 10, limit), 1000);
  // 100 accounts, 11 at once → 10 waves of 60 s; 3 sequential regions → 30 waves; parallel → 10.
  const one = (preferences: OperationPreferences, regions: number) =>
    estimateRollout({ accounts: 100, regions, instanceOperationLimit: limit, stages: [{ name: 'one', instanceSeconds: 60, preferences }] }).seconds;
  expect('100 accounts, 1 region, 60 s', one(spoke, 1), 600);
  expect('100 accounts, 3 parallel regions, 60 s', one(spoke, 3), 600);
  expect('100 accounts, 3 sequential regions, 60 s', one({ ...spoke, regionConcurrencyType: 'SEQUENTIAL' }, 3), 1800);
  // Stages add up: 10 waves × (90 + 90 + 150 + 210) s.
  const fleet = estimateRollout({
    accounts: 100,
    regions: 1,
    instanceOperationLimit: limit,
    stages: [90, 90, 150, 210].map((instanceSeconds, i) => ({ name: `stage ${i}`, instanceSeconds, preferences: spoke })),
  });
  expect('4 stages, 100 accounts', fleet.seconds, 5400);
  // Refusals.
  for (const [what, run] of [
    ['a percentage and a count', () => accountsAtOnce(10, { maxConcurrentPercentage: 10, maxConcurrentCount: 1 }, 1, limit)],
    ['a percentage above 100', () => accountsAtOnce(10, { failureTolerancePercentage: 101 }, 1, limit)],
    ['no account', () => accountsAtOnce(0, spoke, 1, limit)],
  ] as const) {
    try {
      run();
      problems.push(`${what}: accepted, should be refused`);
    } catch {
      // refused, as it should be
    }
  }
  if (problems.length > 0) {
    throw new Error(`rollout: the model disagrees with the documented rules:\n  ${problems.join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------
// The section: a baseline fleet of ordered StackSets at 10, 100 and 1,000
// accounts, with the inputs it assumes.
// ---------------------------------------------------------------------------

export const ROLLOUT_ACCOUNTS = [10, 100, 1000];

/**
 * CloudFormation quota: stack instances, across all StackSets, in operations
 * at the same time per administrator account and Region (bench/README.md cites the page).
 */
export const INSTANCE_OPERATION_LIMIT = 3500;

/** An assumed per-instance time, as a range: the model runs at both ends. */
export interface AssumedSeconds {
  readonly low: number;
  readonly high: number;
  /** What the stack holds, and why the range. */
  readonly why: string;
}

/** The baseline fleet's stages in deployment order, with their assumed per-instance times. */
export const BASELINE_STAGES: Array<{ name: string; holds: string; seconds: AssumedSeconds }> = [
  {
    name: 'boundary',
    holds: 'the permissions boundary (one managed policy)',
    seconds: { low: 60, high: 120, why: 'IAM only: creation plus IAM\'s propagation wait and the StackSet\'s own per-instance overhead' },
  },
  {
    name: 'access',
    holds: 'the spoke and deploy roles',
    seconds: { low: 60, high: 120, why: 'IAM only, as the boundary stage' },
  },
  {
    name: 'tier bootstraps',
    holds: 'each tier\'s staging bucket, container repository, five roles and version parameter',
    seconds: { low: 120, high: 180, why: 'IAM roles plus an S3 bucket and an ECR repository, which add their own creation time' },
  },
  {
    name: 'backups',
    holds: 'a KMS key, a locked vault and a plan',
    seconds: { low: 180, high: 240, why: 'a KMS key and a backup vault with its lock: the slowest resources of the fleet' },
  },
];

/** The model's inputs for one table row: the baseline at `accounts`, per-instance times at one end of their range. */
function baseline(accounts: number, regions: number, preferences: OperationPreferences, end: 'low' | 'high', stages = BASELINE_STAGES): Rollout {
  return {
    accounts,
    regions,
    instanceOperationLimit: INSTANCE_OPERATION_LIMIT,
    stages: stages.map((s) => ({ name: s.name, instanceSeconds: s.seconds[end], preferences })),
  };
}

/** A duration range, `7.5–15 min`. */
function range(lowSeconds: number, highSeconds: number): string {
  const unit = Math.max(lowSeconds, highSeconds) >= 7200 ? 3600 : 60;
  const f = (s: number) => {
    const v = s / unit;
    return Number.isInteger(v) ? String(v) : v.toFixed(1);
  };
  const name = unit === 3600 ? 'h' : 'min';
  return lowSeconds === highSeconds ? `${f(lowSeconds)} ${name}` : `${f(lowSeconds)}–${f(highSeconds)} ${name}`;
}

export function describePreferences(p: OperationPreferences): string {
  const part = (name: string, percentage?: number, count?: number) =>
    percentage !== undefined ? `${name}Percentage ${percentage}` : count !== undefined ? `${name}Count ${count}` : `${name} unset`;
  return [
    part('MaxConcurrent', p.maxConcurrentPercentage, p.maxConcurrentCount),
    part('FailureTolerance', p.failureTolerancePercentage, p.failureToleranceCount),
    p.regionConcurrencyType ?? 'SEQUENTIAL',
    p.concurrencyMode ?? 'STRICT_FAILURE_TOLERANCE',
  ].join(', ');
}

/** The baseline at 10, 100 and 1,000 accounts with `preferences` (SpokeFleet's defaults), one region. */
export function renderRolloutBaseline(preferences: OperationPreferences): string {
  const stageTimes = (accounts: number) => {
    const low = estimateRollout(baseline(accounts, 1, preferences, 'low'));
    const high = estimateRollout(baseline(accounts, 1, preferences, 'high'));
    return { low, high };
  };
  return table(
    [
      'accounts (stack instances per StackSet)',
      'accounts at once',
      'waves per StackSet',
      ...BASELINE_STAGES.map((s, i) => `${i + 1}. ${s.name}: ESTIMATED`),
      `all ${BASELINE_STAGES.length}, one after another: ESTIMATED`,
    ],
    ROLLOUT_ACCOUNTS.map((accounts) => {
      const { low, high } = stageTimes(accounts);
      return [
        int(accounts),
        int(low.stages[0].accountsAtOnce),
        int(low.stages[0].wavesPerRegion),
        ...low.stages.map((s, i) => range(s.seconds, high.stages[i].seconds)),
        range(low.seconds, high.seconds),
      ];
    }),
  );
}

/** The baseline's total under other inputs, each row stating what it changes. */
export function renderRolloutVariants(defaults: OperationPreferences): string {
  const variants: Array<{ what: string; regions: number; preferences: OperationPreferences }> = [
    { what: 'SpokeFleet\'s defaults (the table above)', regions: 1, preferences: defaults },
    { what: '3 regions at once', regions: 3, preferences: defaults },
    { what: '3 regions one after another (CloudFormation\'s default)', regions: 3, preferences: { ...defaults, regionConcurrencyType: 'SEQUENTIAL' } },
    { what: 'concurrency no longer capped by the tolerance', regions: 1, preferences: { ...defaults, concurrencyMode: 'SOFT_FAILURE_TOLERANCE' } },
    { what: 'no failure tolerated (strict mode: one account at a time)', regions: 1, preferences: { ...defaults, failureTolerancePercentage: 0 } },
    { what: 'every account at once', regions: 1, preferences: { ...defaults, maxConcurrentPercentage: 100, failureTolerancePercentage: 100 } },
    {
      what: 'every account at once, 5 regions at once (the instance-operation limit shared)',
      regions: 5,
      preferences: { ...defaults, maxConcurrentPercentage: 100, failureTolerancePercentage: 100 },
    },
  ];
  return table(
    ['inputs (every StackSet of the fleet)', ...ROLLOUT_ACCOUNTS.map((n) => `${int(n)} accounts: accounts at once, ESTIMATED ${BASELINE_STAGES.length}-stage total`)],
    variants.map((v) => [
      `${v.what}: ${describePreferences(v.preferences)}; ${v.regions} region${v.regions === 1 ? '' : 's'}`,
      ...ROLLOUT_ACCOUNTS.map((accounts) => {
        const low = estimateRollout(baseline(accounts, v.regions, v.preferences, 'low'));
        const high = estimateRollout(baseline(accounts, v.regions, v.preferences, 'high'));
        return `${int(low.stages[0].accountsAtOnce)}: ${range(low.seconds, high.seconds)}`;
      }),
    ]),
  );
}

/** The assumed per-instance times, one row per stage. */
export function renderRolloutAssumptions(): string {
  return table(
    ['stage (one StackSet each, in this order)', 'each stack instance holds', 'why this range', 'ASSUMED time per stack instance'],
    BASELINE_STAGES.map((s, i) => [`${i + 1}. ${s.name}`, s.holds, s.seconds.why, range(s.seconds.low, s.seconds.high)]),
    3,
  );
}
