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
writeStackSetBodies(assembly);

// The same estate with the workload accounts' baseline delivered by StackSet
// fleets from the management account, in cdk.out/fleets/ (README, "Baseline fleets").
const fleetApp = new App({ outdir: path.join(assembly.directory, 'fleets') });
buildLandingZone(fleetApp, { workloads: 'fleets' });
const fleetAssembly = fleetApp.synth();
writeStackSetBodies(fleetAssembly);
const fleetMarkdown = path.join(fleetAssembly.directory, 'access-map.md');
fs.writeFileSync(fleetMarkdown, AccessMap.fromAssembly(fleetAssembly).toMarkdown());
// eslint-disable-next-line no-console
console.log(
  `${assemblyReport(assembly)}\n\n${map.toText()}\n\nThe access map, with a Mermaid diagram: ${markdown}\n` +
    `The estate with fleets: ${fleetAssembly.directory} (its access map: ${fleetMarkdown}; StackSet bodies in ${path.join(fleetAssembly.directory, 'stacksets')})`,
);

/** Writes each StackSet's body to <assembly>/stacksets/<StackSet name>.template.json, for cfn-lint and for reading. */
function writeStackSetBodies(cloudAssembly: typeof assembly) {
  const dir = path.join(cloudAssembly.directory, 'stacksets');
  fs.mkdirSync(dir, { recursive: true });
  for (const stack of cloudAssembly.stacks) {
    for (const resource of Object.values<any>(stack.template.Resources ?? {})) {
      if (resource.Type === 'AWS::CloudFormation::StackSet') {
        fs.writeFileSync(path.join(dir, `${resource.Properties.StackSetName}.template.json`), JSON.stringify(JSON.parse(resource.Properties.TemplateBody), undefined, 1));
      }
    }
  }
}
