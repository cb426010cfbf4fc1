// The main job: synthesize the example landing zone to cdk.out/, print its
// stacks and its access map, and write the map to cdk.out/access-map.md.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildLandingZone } from './landing-zone';
import { assemblyReport } from './report';
import { AccessMap } from '../src';

// LZ_OUTDIR lets the Python twin test synthesize this estate next to its own.
const app = new App({ outdir: process.env.LZ_OUTDIR ?? 'cdk.out' });
buildLandingZone(app);
const assembly = app.synth();
const map = AccessMap.fromAssembly(assembly);
const markdown = path.join(assembly.directory, 'access-map.md');
fs.writeFileSync(markdown, map.toMarkdown());
// eslint-disable-next-line no-console
console.log(`${assemblyReport(assembly)}\n\n${map.toText()}\n\nThe access map, with a Mermaid diagram: ${markdown}`);
