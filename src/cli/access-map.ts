#!/usr/bin/env node
// landing-zone-access-map: prints the access map of a synthesized app, or the
// access paths one app adds to another. Run with --help for the options.
import * as fs from 'fs';
import * as path from 'path';
import { AccessMap } from '../access-map';

const USAGE = `usage: landing-zone-access-map [CLOUD_ASSEMBLY] [--json | --markdown] [--output FILE]
       landing-zone-access-map diff BEFORE AFTER [--json]

Prints who can reach what in a synthesized CDK app. First the roles that any
GitHub repository (or any repository of an owner) can assume; then, by
account, the GitHub subjects that can assume each role and its tier, other web
identities (EKS service accounts, other OIDC, SAML), the hubs that can assume
spokes in other accounts (StackSet spokes included), who may change the
records of a DNS zone, where backups are copied, and which roles carry a
permissions boundary. Nested stacks are read.

  CLOUD_ASSEMBLY   the folder cdk synth wrote (default: cdk.out)
  --json           print the map as JSON (its accessPaths are what diff compares)
  --markdown       print the map as Markdown, with a Mermaid diagram (one
                   subgraph per account)
  --output FILE    write the map to FILE instead of printing it
  --markdown FILE.md  print the text and also write the Markdown to FILE.md
  -h, --help       print this help and exit

diff BEFORE AFTER lists the access paths AFTER adds to BEFORE and those it
removes. BEFORE and AFTER are each a cloud assembly folder or a file saved
with --json. With --json, prints {"added": [...], "removed": [...]}.

Exit status: 0 when the map was printed, or diff found no access path added;
1 when diff found an access path added (gate a pull request on it); 2 on a
usage error or when a folder holds no cloud assembly (run cdk synth first).`;

class UsageError extends Error {}
class NoAssembly extends Error {}

/** Runs the command line; returns the exit status. Output goes through `out` and `err`. */
export function main(args: string[], out: (text: string) => void, err: (text: string) => void): number {
  try {
    return run(args, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`landing-zone-access-map: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof NoAssembly) {
      err(`landing-zone-access-map: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

function run(args: string[], out: (text: string) => void): number {
  let format: 'text' | 'json' | 'markdown' = 'text';
  let output: string | undefined;
  let alsoMarkdown: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      out(USAGE);
      return 0;
    } else if (arg === '--markdown' && /\.(md|markdown)$/i.test(args[i + 1] ?? '') && !isDirectory(args[i + 1])) {
      // The earlier form: print the text and also write Markdown to FILE.
      alsoMarkdown = args[++i];
    } else if (arg === '--json' || arg === '--markdown') {
      const wanted = arg === '--json' ? 'json' : 'markdown';
      if (format !== 'text' && format !== wanted) {
        throw new UsageError('--json and --markdown exclude each other');
      }
      format = wanted;
    } else if (arg === '--output' || arg === '-o') {
      output = args[++i];
      if (!output || output.startsWith('-')) {
        throw new UsageError(`${arg} needs a file name`);
      }
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional[0] === 'diff') {
    if (positional.length !== 3) {
      throw new UsageError(`diff needs BEFORE and AFTER; received ${positional.length - 1} argument(s)`);
    }
    if (format === 'markdown' || output) {
      throw new UsageError('diff prints text or --json');
    }
    return diff(positional[1], positional[2], format === 'json', out);
  }
  if (positional.length > 1) {
    throw new UsageError(`one cloud assembly folder at most; received ${positional.join(', ')}`);
  }
  const map = readMap(positional[0] ?? 'cdk.out');
  const text = format === 'json' ? map.toJson() : format === 'markdown' ? map.toMarkdown() : map.toText();
  if (output) {
    fs.writeFileSync(output, text.endsWith('\n') ? text : `${text}\n`);
    out(`Written to ${output}`);
  } else {
    out(text);
  }
  if (alsoMarkdown) {
    fs.writeFileSync(alsoMarkdown, map.toMarkdown());
    out(`\nMarkdown written to ${alsoMarkdown}`);
  }
  return 0;
}

function isDirectory(location: string): boolean {
  return fs.existsSync(location) && fs.statSync(location).isDirectory();
}

function readMap(directory: string): AccessMap {
  if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
    throw new NoAssembly(`no cloud assembly at ${directory} (run cdk synth first)`);
  }
  return AccessMap.fromDirectory(directory);
}

/** The access paths of a cloud assembly folder, or of a map saved with --json. */
function accessPathsOf(location: string): string[] {
  if (fs.existsSync(location) && fs.statSync(location).isFile()) {
    let saved: any;
    try {
      saved = JSON.parse(fs.readFileSync(location, 'utf8'));
    } catch {
      throw new NoAssembly(`${location} is not JSON saved with --json`);
    }
    if (!Array.isArray(saved?.accessPaths) || !saved.accessPaths.every((p: unknown) => typeof p === 'string')) {
      throw new NoAssembly(`${location} holds no accessPaths (save it with landing-zone-access-map --json)`);
    }
    return saved.accessPaths;
  }
  return readMap(location).accessPaths;
}

function diff(before: string, after: string, json: boolean, out: (text: string) => void): number {
  const { added, removed } = AccessMap.diff(accessPathsOf(before), accessPathsOf(after));
  if (json) {
    out(JSON.stringify({ added, removed }, undefined, 2));
  } else {
    const lines = [`Access paths added: ${added.length}`, ...added.map((p) => `  + ${p}`), `Access paths removed: ${removed.length}`, ...removed.map((p) => `  - ${p}`)];
    if (added.length > 0) {
      lines.push('', `${after} adds access that ${before} does not grant.`);
    }
    out(lines.join('\n'));
  }
  return added.length > 0 ? 1 : 0;
}

if (require.main === module) {
  // eslint-disable-next-line no-console
  process.exitCode = main(process.argv.slice(2), (text) => console.log(text), (text) => console.error(text));
}
