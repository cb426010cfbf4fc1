import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReadmeApp } from '../examples/readme-app';
import { LandingZoneChecks } from '../src';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const COMBINED = fs.readFileSync(path.join(__dirname, '..', 'examples', 'readme-app.ts'), 'utf8');

/**
 * The TypeScript examples of the README, as lists of lines. A `.projenrc.ts`
 * (a LandingZoneProject, "Start your own landing zone") is no app:
 * test/project.new.test.ts runs it in a new project.
 */
function readmeExamples(): string[][] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => !code.includes('new LandingZoneProject(')).map((code) => code.split('\n'));
}

/** A line that says something of its own: not an import, a declaration for rosetta, a comment or punctuation. */
function meaningful(line: string): boolean {
  const t = line.trim();
  return (
    t !== '' &&
    !t.startsWith('import ') &&
    !t.startsWith('declare const ') &&
    !t.startsWith('//') &&
    t !== 'const app = new App();' &&
    !/^[\])};,]+$/.test(t)
  );
}

describe('the README examples, combined in one app', () => {
  test('every line of every README TypeScript example is in examples/readme-app.ts', () => {
    const combined = new Set(COMBINED.split('\n').map((l) => l.trim()));
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(6);
    const missing = examples.flatMap((lines, i) => lines.filter(meaningful).filter((l) => !combined.has(l.trim())).map((l) => `example ${i + 1}: ${l.trim()}`));
    expect(missing).toEqual([]);
  });

  test('synthesizes with LandingZoneChecks attached, with no finding and no warning', () => {
    const app = buildReadmeApp(fs.mkdtempSync(path.join(os.tmpdir(), 'readme-app-')));
    // aws-cdk-lib prints the plugin's report; capture it and read it.
    const printed: string[] = [];
    const capture = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    };
    const log = jest.spyOn(console, 'log').mockImplementation(capture);
    const error = jest.spyOn(console, 'error').mockImplementation(capture);
    let assembly;
    try {
      assembly = app.synth();
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    expect(printed.join('\n')).toMatch(/cdk-landing-zone-checks[^\n]*success/);
    expect(printed.join('\n')).toContain('Policy Validation Successful!');
    const checks = new LandingZoneChecks({
      organizationAccounts: ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'],
    });
    expect(checks.checkAssembly(assembly)).toEqual([]);
    // The suppression example is needed: each of its three rules finds the plain vault.
    expect(checks.suppressedFindings(assembly).map((f) => f.finding.ruleId).sort()).toEqual(['LZ-BK1', 'LZ-BK2', 'LZ-BK3']);
    const warnings = assembly.stacksRecursively.flatMap((s) => s.messages.filter((m) => m.level === 'warning' || m.level === 'error'));
    expect(warnings.map((w) => `${w.id}: ${w.entry.data}`)).toEqual([]);
    // IAM names are account-wide: two stacks of one account must not create
    // the same managed policy (the second deployment would fail).
    const policies = assembly.stacksRecursively.flatMap((stack) =>
      Object.values<any>(stack.template.Resources ?? {})
        .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && typeof r.Properties?.ManagedPolicyName === 'string')
        .map((r) => `${stack.environment.account} ${r.Properties.Path ?? '/'}${r.Properties.ManagedPolicyName}`),
    );
    expect(policies.filter((p, i) => policies.indexOf(p) !== i)).toEqual([]);
    expect(assembly.stacksRecursively.map((s) => s.stackName).sort()).toEqual(
      ['Backup', 'Management', 'Network', 'Production', 'ProductionDns', 'Sandbox', 'Security', 'ServicesBootstrap', 'ShopAccount', 'ShopService'],
    );
  });
});
