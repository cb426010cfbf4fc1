#!/usr/bin/env node
// landing-zone-access-map: prints the access map of a synthesized app.
// Run with --help for the options.
import * as fs from 'fs';
import { AccessMap } from '../access-map';

const USAGE = `usage: landing-zone-access-map [CLOUD_ASSEMBLY] [--markdown FILE]

Prints who can reach what in a synthesized CDK app: the GitHub subjects that
can assume each role and its tier, the hubs that can assume spokes (StackSet
spokes included), and which roles carry a permissions boundary.

  CLOUD_ASSEMBLY   the folder cdk synth wrote (default: cdk.out)
  --markdown FILE  also write the map to FILE as Markdown, with a Mermaid diagram
  -h, --help       print this help and exit

Exit status: 0 when the map was printed, 2 on a usage error or when the
folder holds no cloud assembly (run cdk synth first).`;

function fail(message: string): never {
  console.error(`landing-zone-access-map: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let markdownFile: string | undefined;
const positional: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '-h' || arg === '--help') {
    console.log(USAGE);
    process.exit(0);
  } else if (arg === '--markdown') {
    markdownFile = args[++i];
    if (!markdownFile || markdownFile.startsWith('-')) {
      fail('--markdown needs a file name');
    }
  } else if (arg.startsWith('-')) {
    fail(`unknown option ${arg}`);
  } else {
    positional.push(arg);
  }
}
if (positional.length > 1) {
  fail(`one cloud assembly folder at most; received ${positional.join(', ')}`);
}
const directory = positional[0] ?? 'cdk.out';
if (!fs.existsSync(`${directory}/manifest.json`)) {
  console.error(`landing-zone-access-map: no cloud assembly at ${directory} (run cdk synth first)`);
  process.exit(2);
}
const map = AccessMap.fromDirectory(directory);
console.log(map.toText());
if (markdownFile) {
  fs.writeFileSync(markdownFile, map.toMarkdown());
  console.log(`\nWritten to ${markdownFile}`);
}
