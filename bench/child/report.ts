// Child processes of the synth-overhead table (bench/overhead.ts), one entry
// file per variant (library.ts, twin.ts, baseline.ts), each importing only its
// own estate. Run from a transpiled copy with plain node (no ts-node), so that
// neither variant pays for TypeScript. Prints one line of JSON.
import { performance } from 'perf_hooks';
import { App } from 'aws-cdk-lib';

/** Synthesizes the estate `build` makes into the directory given as the first argument and reports timings and peak memory. */
export function report(variant: string, build: (app: App) => unknown): void {
  try {
    // Everything since node finished bootstrapping: this file, aws-cdk-lib and the estate module.
    const loaded = performance.now();
    const moduleLoadMs = loaded - performance.nodeTiming.bootstrapComplete;
    const outdir = process.argv[2];
    if (!outdir) {
      throw new Error('usage: node <variant>.js <outdir>');
    }
    const app = new App({ outdir });
    build(app);
    const assembly = app.synth();
    const synthMs = performance.now() - loaded;
    const stacks = assembly.stacks.map((stack) => {
      const resourceTypes: Record<string, number> = {};
      for (const resource of Object.values<any>(stack.template.Resources ?? {})) {
        resourceTypes[resource.Type] = (resourceTypes[resource.Type] ?? 0) + 1;
      }
      return { stackName: stack.stackName, templateFile: stack.templateFile, resourceTypes };
    });
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    process.stdout.write(`${JSON.stringify({ variant, moduleLoadMs, synthMs, cpuMs, maxRssKib: usage.maxRSS, stacks })}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
}
