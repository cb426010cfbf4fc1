#!/usr/bin/env node
// landing-zone-access-map [cdk.out] [--markdown FILE]
// Prints the access map of a synthesized app; optionally writes it as Markdown.
import * as fs from 'fs';
import { AccessMap } from '../access-map';

const args = process.argv.slice(2);
const markdownAt = args.indexOf('--markdown');
const markdownFile = markdownAt >= 0 ? args[markdownAt + 1] : undefined;
if (markdownAt >= 0 && !markdownFile) {
  console.error('usage: landing-zone-access-map [cdk.out] [--markdown FILE]');
  process.exit(2);
}
const positional = markdownAt >= 0 ? args.filter((_, i) => i !== markdownAt && i !== markdownAt + 1) : args;
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
