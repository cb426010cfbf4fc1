import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly os: string;
  readonly node: string;
}

export interface Versions {
  readonly package: string;
  readonly commit: string;
  /** The full hash of the commit. */
  readonly commitHash: string;
  /** Paths under src/, examples/ or bench/ that differ from the commit (measured as they are). */
  readonly uncommitted: string[];
  readonly awsCdkLib: string;
  readonly constructs: string;
  readonly githubOidc: string;
  readonly typescript: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  let distribution = `${os.type()} ${os.release()}`;
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release);
    if (pretty) {
      distribution = `${pretty[1]} (${os.type()} ${os.release()}, ${os.arch()})`;
    }
  } catch {
    // not Linux: os.type() and os.release() say enough
  }
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: distribution,
    node: process.version,
  };
}

function packageVersion(root: string, name: string): string {
  const file = name === '.' ? path.join(root, 'package.json') : path.join(root, 'node_modules', name, 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

export function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trimEnd();
}

export function versions(root: string): Versions {
  return {
    package: packageVersion(root, '.'),
    commit: git(root, 'rev-parse', '--short=12', 'HEAD'),
    commitHash: git(root, 'rev-parse', 'HEAD'),
    uncommitted: git(root, 'status', '--porcelain', '--', 'src', 'examples', 'bench')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.slice(3)),
    awsCdkLib: packageVersion(root, 'aws-cdk-lib'),
    constructs: packageVersion(root, 'constructs'),
    githubOidc: packageVersion(root, 'aws-cdk-github-oidc'),
    typescript: packageVersion(root, 'typescript'),
  };
}
