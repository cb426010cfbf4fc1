// Table 4, synth overhead: the example landing zone synthesized with this
// library against its aws-cdk-lib-only twin (bench/twin/), each in a fresh
// child process running plain JavaScript, for wall time and peak memory.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { int, mib, ms, ratio, table } from './lib/markdown';
import { median, nowMs, removeDir } from './lib/measure';

const VARIANTS = ['library', 'twin', 'baseline'] as const;
type Variant = (typeof VARIANTS)[number];

interface ChildReport {
  readonly variant: Variant;
  /** From the end of node's bootstrap to the estate being ready to build: aws-cdk-lib and the estate module loaded. */
  readonly moduleLoadMs: number;
  readonly synthMs: number;
  /** User + system CPU time of the whole process. */
  readonly cpuMs: number;
  readonly maxRssKib: number;
  readonly stacks: Array<{ stackName: string; templateFile: string; resourceTypes: Record<string, number> }>;
}

interface Sample extends ChildReport {
  /** Spawn to exit, measured by the parent. */
  readonly processMs: number;
}

export interface OverheadResult {
  readonly runs: number;
  readonly samples: Record<Variant, Sample[]>;
  /** Stack name → resource type → count, identical for the example and the twin (checked). */
  readonly resourceTypes: Record<string, Record<string, number>>;
  readonly templateBytes: { library: number; twin: number };
  readonly identicalTemplates: number;
  /** Stacks whose templates are equal once logical ids and trust-statement Sids are set aside. */
  readonly equivalentTemplates: string[];
}

/**
 * Transpiles src/, examples/ and bench/ to CommonJS in a temporary directory
 * (type-stripping only, as ts-node's transpile-only mode does), so that the
 * children run plain node. Returns that directory.
 */
function transpile(root: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-lz-bench-js-'));
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === 'node_modules' ? [] : walk(p);
      }
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [p] : [];
    });
  for (const dir of ['src', 'examples', 'bench']) {
    for (const file of walk(path.join(root, dir))) {
      const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
      });
      const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, outputText);
    }
  }
  return out;
}

function runChild(js: string, variant: Variant, root: string): { sample: Sample; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-lz-bench-${variant}-`));
  const started = nowMs();
  const child = spawnSync(process.execPath, [path.join(js, 'bench', 'child', `${variant}.js`), outdir], {
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const processMs = nowMs() - started;
  if (child.status !== 0) {
    throw new Error(`overhead: the ${variant} child failed (exit ${child.status ?? child.signal}):\n${child.stderr}`);
  }
  const lines = child.stdout.trim().split('\n');
  const report = JSON.parse(lines[lines.length - 1]) as ChildReport;
  return { sample: { ...report, processMs }, outdir };
}

function typesByStack(report: ChildReport): Record<string, Record<string, number>> {
  return Object.fromEntries(report.stacks.map((s) => [s.stackName, s.resourceTypes]));
}

/** Fails, naming every difference, if the twin's resource types per stack differ from the example's. */
function checkTwin(library: ChildReport, twin: ChildReport): void {
  const a = typesByStack(library);
  const b = typesByStack(twin);
  const problems: string[] = [];
  for (const stack of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!a[stack] || !b[stack]) {
      problems.push(`stack ${stack}: ${a[stack] ? 'missing from the twin' : 'only in the twin'}`);
      continue;
    }
    for (const type of new Set([...Object.keys(a[stack]), ...Object.keys(b[stack])])) {
      if ((a[stack][type] ?? 0) !== (b[stack][type] ?? 0)) {
        problems.push(`stack ${stack}: ${type}: example ${a[stack][type] ?? 0}, twin ${b[stack][type] ?? 0}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      'overhead: the aws-cdk-lib twin (bench/twin/landing-zone-twin.ts) no longer matches the example landing zone ' +
        '(examples/landing-zone.ts); the comparison would be unfair. Extend the twin:\n  ' +
        problems.join('\n  '),
    );
  }
}

export function runOverhead(root: string, runs: number): OverheadResult {
  const js = transpile(root);
  const samples = Object.fromEntries(VARIANTS.map((v) => [v, [] as Sample[]])) as unknown as Record<Variant, Sample[]>;
  const lastOutdirs: Partial<Record<Variant, string>> = {};
  try {
    // One warm-up round (file cache), then `runs` rounds, variants interleaved.
    for (let round = 0; round <= runs; round++) {
      const thisRound: Partial<Record<Variant, Sample>> = {};
      for (const variant of VARIANTS) {
        const { sample, outdir } = runChild(js, variant, root);
        thisRound[variant] = sample;
        if (variant === 'twin') {
          // Every run, the warm-up first: a twin that drifted from the example fails the bench.
          checkTwin(thisRound.library!, sample);
        }
        if (lastOutdirs[variant]) {
          removeDir(lastOutdirs[variant]!);
        }
        lastOutdirs[variant] = outdir;
        if (round > 0) {
          samples[variant].push(sample);
        }
      }
    }
    for (const variant of VARIANTS) {
      const xs = samples[variant].map((x) => x.processMs);
      process.stdout.write(`  ${variant}: process median ${ms(median(xs))} (min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))})\n`);
    }
    const library = samples.library[samples.library.length - 1];
    const twin = samples.twin[samples.twin.length - 1];
    const bytes = (variant: 'library' | 'twin', report: ChildReport) =>
      report.stacks.map((s) => fs.readFileSync(path.join(lastOutdirs[variant]!, s.templateFile)));
    const libraryTemplates = bytes('library', library);
    const twinTemplates = bytes('twin', twin);
    const twinByName = new Map(twin.stacks.map((s, i) => [s.stackName, twinTemplates[i]]));
    const identicalTemplates = library.stacks.filter((s, i) => twinByName.get(s.stackName)?.equals(libraryTemplates[i])).length;
    const equivalentTemplates = library.stacks
      .filter((s, i) => canonical(JSON.parse(libraryTemplates[i].toString('utf8'))) === canonical(JSON.parse(twinByName.get(s.stackName)!.toString('utf8'))))
      .map((s) => s.stackName);
    return {
      runs,
      samples,
      resourceTypes: typesByStack(library),
      templateBytes: {
        library: libraryTemplates.reduce((t, b) => t + b.length, 0),
        twin: twinTemplates.reduce((t, b) => t + b.length, 0),
      },
      identicalTemplates,
      equivalentTemplates,
    };
  } finally {
    for (const dir of Object.values(lastOutdirs)) {
      removeDir(dir!);
    }
    removeDir(js);
  }
}

/**
 * A template in a form where the example and its twin can be compared: no
 * `Sid` in trust policies (the library names its GitHub statements), logical
 * ids replaced by names derived from the resources' content and from what
 * they reference (the twin's construct paths, hence its logical ids, differ
 * from the library's), StackSet template bodies normalized the same way, keys
 * and `DependsOn` lists sorted.
 */
export function canonical(template: any): string {
  const withoutTrustSids = (value: any, inTrust: boolean): any => {
    if (Array.isArray(value)) {
      return value.map((v) => withoutTrustSids(v, inTrust));
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, any> = {};
      for (const [k, v] of Object.entries(value)) {
        if (inTrust && k === 'Sid') {
          continue;
        }
        out[k] = k === 'TemplateBody' && typeof v === 'string' ? JSON.parse(canonical(JSON.parse(v))) : withoutTrustSids(v, inTrust || k === 'AssumeRolePolicyDocument');
      }
      return out;
    }
    return value;
  };
  const stripped = withoutTrustSids(template, false);
  const resources: Record<string, any> = stripped.Resources ?? {};
  const ids = Object.keys(resources);
  // Names from content, refined three times with the names of what each resource references.
  let names = new Map(ids.map((id) => [id, '']));
  for (let round = 0; round < 3; round++) {
    names = new Map(ids.map((id) => [id, `${resources[id].Type}:${hash(stableStringify(rename(resources[id], names)))}`]));
  }
  const taken = new Map<string, number>();
  for (const id of [...ids].sort((a, b) => names.get(a)!.localeCompare(names.get(b)!))) {
    const name = names.get(id)!;
    const n = taken.get(name) ?? 0;
    taken.set(name, n + 1);
    names.set(id, n === 0 ? name : `${name}#${n}`);
  }
  return stableStringify(rename(stripped, names));
}

/** Replaces logical ids (as keys and as whole strings) by their names, and sorts `DependsOn` lists. */
function rename(value: any, names: Map<string, string>): any {
  if (Array.isArray(value)) {
    return value.map((v) => rename(v, names));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value)) {
      const renamed = rename(v, names);
      out[names.get(k) ?? k] = k === 'DependsOn' && Array.isArray(renamed) ? [...renamed].sort() : renamed;
    }
    return out;
  }
  return typeof value === 'string' && names.has(value) ? names.get(value) : value;
}

function stableStringify(value: any): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function renderOverhead(result: OverheadResult): string {
  const m = (variant: Variant, pick: (s: Sample) => number) => median(result.samples[variant].map(pick));
  const row = (name: string, pick: (s: Sample) => number, format: (n: number) => string) => [
    name,
    format(m('library', pick)),
    format(m('twin', pick)),
    ratio(m('library', pick), m('twin', pick)),
    format(m('baseline', pick)),
  ];
  const stacks = Object.keys(result.resourceTypes);
  const resources = stacks.reduce((t, s) => t + Object.values(result.resourceTypes[s]).reduce((a, b) => a + b, 0), 0);
  return [
    table(
      [`median of ${result.runs} child processes`, 'example (cdk-landing-zone)', 'twin (aws-cdk-lib only)', 'ratio', 'reference: empty app'],
      [
        row('process wall time (spawn to exit)', (s) => s.processMs, ms),
        row('loading modules (aws-cdk-lib and the estate module)', (s) => s.moduleLoadMs, ms),
        row('building and synthesizing the app', (s) => s.synthMs, ms),
        row('CPU time of the process (user + system)', (s) => s.cpuMs, ms),
        row('peak memory (maxRSS at exit)', (s) => s.maxRssKib, mib),
      ],
    ),
    '',
    `Both apps synthesize ${stacks.length} stacks (${stacks.join(', ')}) with ${int(resources)} resources, the same resource types and counts per stack (checked on every run). ` +
      `Template bytes: ${int(result.templateBytes.library)} (example) vs ${int(result.templateBytes.twin)} (twin), ${ratio(result.templateBytes.library, result.templateBytes.twin)}; ` +
      `${result.identicalTemplates} of ${stacks.length} templates are byte-identical, and ${result.equivalentTemplates.length} of ${stacks.length} are equal once logical ids ` +
      '(the twin\'s construct paths differ), key order and the `Sid`s this library gives its GitHub trust statements are set aside' +
      (result.equivalentTemplates.length === stacks.length ? '.' : ` (equal: ${result.equivalentTemplates.join(', ') || 'none'}).`),
  ].join('\n');
}
