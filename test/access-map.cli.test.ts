import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { main } from '../src/cli/access-map';

const PROVIDER = 'arn:aws:iam::555555555555:oidc-provider/token.actions.githubusercontent.com';
const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

/** Synthesizes an app with one GitHub role per entry (name -> trust condition) and returns its cloud assembly folder. */
function assembly(roles: Record<string, Record<string, unknown>>): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-map-cli-')) });
  const stack = new Stack(app, 'Deploy', { env: { account: '555555555555', region: 'eu-west-1' } });
  for (const [name, condition] of Object.entries(roles)) {
    new iam.CfnRole(stack, name, {
      roleName: name,
      assumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
      },
    });
  }
  return app.synth().directory;
}

/** Runs the CLI in-process; returns its exit status and what it printed. */
function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(args, (t) => out.push(t), (t) => err.push(t));
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

const PINNED = { deploy: { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:environment:production' } } };
const WITH_OPEN = { ...PINNED, preview: { StringEquals: AUD } };

describe('landing-zone-access-map', () => {
  test('--help prints the usage and exits 0, from the installed bin as well', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: landing-zone-access-map [CLOUD_ASSEMBLY] [--json | --markdown] [--output FILE]');
    expect(help.stdout).toContain('landing-zone-access-map diff BEFORE AFTER');
    const bin = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', 'src', 'cli', 'access-map.ts'), '-h'], { encoding: 'utf8' });
    expect(bin.status).toBe(0);
    expect(bin.stdout).toContain('usage: landing-zone-access-map');
  });

  test('prints text by default, Markdown with --markdown, JSON with --json, and writes --output', () => {
    const dir = assembly(WITH_OPEN);
    const text = cli(dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('any GitHub repository can assume arn:aws:iam::555555555555:role/preview [Deploy/preview]');
    expect(cli(dir, '--markdown').stdout).toContain('```mermaid');
    const json = JSON.parse(cli(dir, '--json').stdout);
    expect(json.accessPaths).toEqual([
      'any GitHub repository can assume arn:aws:iam::555555555555:role/preview',
      'GitHub repo:acme/shop:environment:production (StringEquals) can assume arn:aws:iam::555555555555:role/deploy',
    ]);
    const file = path.join(dir, 'map.md');
    expect(cli(dir, '--markdown', '--output', file).stdout).toBe(`Written to ${file}`);
    expect(fs.readFileSync(file, 'utf8')).toContain('## Open roles');
    // The earlier form, --markdown FILE.md: the text, and the Markdown written beside it.
    const earlier = cli(dir, '--markdown', path.join(dir, 'earlier.md'));
    expect(earlier.stdout).toContain('Access map (computed from the synthesized templates)');
    expect(fs.readFileSync(path.join(dir, 'earlier.md'), 'utf8')).toContain('```mermaid');
  });

  test('usage errors and a missing assembly exit 2', () => {
    expect(cli('--bogus')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown option --bogus') });
    expect(cli('a', 'b')).toMatchObject({ status: 2, stderr: expect.stringContaining('one cloud assembly folder at most') });
    expect(cli('--json', '--markdown')).toMatchObject({ status: 2, stderr: expect.stringContaining('exclude each other') });
    expect(cli('cdk.out', '--output')).toMatchObject({ status: 2, stderr: expect.stringContaining('--output needs a file name') });
    expect(cli(path.join(os.tmpdir(), 'no-such-assembly'))).toMatchObject({ status: 2, stderr: expect.stringContaining('no cloud assembly at') });
    expect(cli('diff', 'only-one')).toMatchObject({ status: 2, stderr: expect.stringContaining('diff needs BEFORE and AFTER') });
  });
});

describe('landing-zone-access-map diff', () => {
  let before: string;
  let after: string;
  beforeAll(() => {
    before = assembly(PINNED);
    after = assembly(WITH_OPEN);
  });

  test('an added access path is listed and exits 1', () => {
    const result = cli('diff', before, after);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Access paths added: 1\n  + any GitHub repository can assume arn:aws:iam::555555555555:role/preview\nAccess paths removed: 0');
    expect(result.stdout).toContain(`${after} adds access that ${before} does not grant.`);
  });

  test('a removed access path is listed and exits 0', () => {
    const result = cli('diff', after, before);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Access paths added: 0\nAccess paths removed: 1\n  - any GitHub repository can assume arn:aws:iam::555555555555:role/preview');
  });

  test('unchanged access exits 0, between two syntheses and against a saved --json map', () => {
    const again = assembly(PINNED);
    expect(cli('diff', before, again)).toMatchObject({ status: 0, stdout: 'Access paths added: 0\nAccess paths removed: 0' });
    const saved = path.join(before, 'access-map.json');
    expect(cli(before, '--json', '--output', saved).status).toBe(0);
    expect(cli('diff', saved, again).status).toBe(0);
    expect(cli('diff', saved, after).status).toBe(1);
  });

  test('a changed subject is one path removed and one added; --json prints both lists', () => {
    const moved = assembly({ deploy: { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:environment:staging' } } });
    const result = cli('diff', before, moved, '--json');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      added: ['GitHub repo:acme/shop:environment:staging (StringEquals) can assume arn:aws:iam::555555555555:role/deploy'],
      removed: ['GitHub repo:acme/shop:environment:production (StringEquals) can assume arn:aws:iam::555555555555:role/deploy'],
    });
  });

  test('a file that is not a saved map is refused with exit 2', () => {
    const file = path.join(before, 'not-a-map.json');
    fs.writeFileSync(file, '{"roles": []}');
    expect(cli('diff', file, after)).toMatchObject({ status: 2, stderr: expect.stringContaining('holds no accessPaths') });
  });
});
