// The main job: synthesize the example landing zone to cdk.out/, print its
// stacks and its access map, write the map to cdk.out/access-map.md, and
// write each tier bootstrap as a template for `cdk bootstrap --template` to
// cdk.out/bootstrap/<stack>.json (README, "Deploying the estate").
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildLandingZone } from './landing-zone';
import { assemblyReport } from './report';
import { AccessMap, TierBootstrap } from '../src';

// LZ_OUTDIR lets the Python twin test synthesize this estate next to its own.
const app = new App({ outdir: process.env.LZ_OUTDIR ?? 'cdk.out' });
buildLandingZone(app);
const assembly = app.synth();
const bootstrapDir = path.join(assembly.directory, 'bootstrap');
fs.mkdirSync(bootstrapDir, { recursive: true });
for (const stack of app.node.children.filter((c): c is Stack => c instanceof Stack)) {
  if (stack.node.findAll().some((c) => c instanceof TierBootstrap)) {
    fs.writeFileSync(path.join(bootstrapDir, `${stack.stackName}.json`), TierBootstrap.cliTemplate(stack));
  }
}
const map = AccessMap.fromAssembly(assembly);
const markdown = path.join(assembly.directory, 'access-map.md');
fs.writeFileSync(markdown, map.toMarkdown());
// eslint-disable-next-line no-console
console.log(`${assemblyReport(assembly)}\n\n${map.toText()}\n\nThe access map, with a Mermaid diagram: ${markdown}`);
