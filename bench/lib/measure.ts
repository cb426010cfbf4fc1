import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { App, cx_api } from 'aws-cdk-lib';

// A full garbage collection before each timed run keeps the garbage of one run
// out of the next one's time (the bench task cannot pass --expose-gc to node).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** The median of a non-empty list of numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) {
    throw new Error('median of no values');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** One timed run: wall-clock time, and the CPU time (user + system) this process spent in it. */
export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Times `fn` in wall-clock and CPU time. */
export function timed(fn: () => void): Timing {
  const cpu = process.cpuUsage();
  const start = nowMs();
  fn();
  const wallMs = nowMs() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** The samples of one variant, and their medians. */
export class Samples {
  constructor(public readonly timings: Timing[]) {}
  public get runs(): number {
    return this.timings.length;
  }
  public get wallMs(): number {
    return median(this.timings.map((t) => t.wallMs));
  }
  public get cpuMs(): number {
    return median(this.timings.map((t) => t.cpuMs));
  }
  /** For the console: median, min and max wall time. */
  public describe(): string {
    const wall = this.timings.map((t) => t.wallMs);
    return `wall median ${this.wallMs.toFixed(1)} ms (min ${Math.min(...wall).toFixed(1)}, max ${Math.max(...wall).toFixed(1)}), CPU median ${this.cpuMs.toFixed(1)} ms, ${this.runs} runs`;
  }
}

/**
 * Runs every variant `runs` times, round-robin (A B C, A B C, ...) so that a
 * drift of the machine spreads over all variants, after `warmup` rounds whose
 * samples are discarded (module loading, JIT, file cache), with a full garbage
 * collection before each run.
 */
export function interleaved<T extends string>(variants: Record<T, () => Timing>, runs: number, warmup = 1): Record<T, Samples> {
  const names = Object.keys(variants) as T[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as Timing[]])) as unknown as Record<T, Timing[]>;
  for (let round = 0; round < warmup + runs; round++) {
    for (const name of names) {
      collectGarbage();
      const timing = variants[name]();
      if (round >= warmup) {
        samples[name].push(timing);
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, new Samples(samples[n])])) as unknown as Record<T, Samples>;
}

/** A synthesized cloud assembly in a temporary directory. */
export interface Synthesized {
  /** From `new App()` to the end of `app.synth()` (files written). */
  readonly timing: Timing;
  readonly assembly: cx_api.CloudAssembly;
  readonly outdir: string;
}

/** Creates an App writing to a fresh temporary directory, builds it, synthesizes it, and times both. */
export function synthesize(build: (app: App) => void): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-lz-bench-'));
  let assembly: cx_api.CloudAssembly | undefined;
  const timing = timed(() => {
    const app = new App({ outdir });
    build(app);
    assembly = app.synth();
  });
  return { timing, assembly: assembly!, outdir };
}

/** Synthesizes, returns the timing, and removes the output. */
export function synthesizeTimed(build: (app: App) => void): Timing {
  const result = synthesize(build);
  removeDir(result.outdir);
  return result.timing;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
