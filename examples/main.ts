// The main job: synthesize the example landing zone to cdk.out/ and print a report.
import { App } from 'aws-cdk-lib';
import { buildLandingZone } from './landing-zone';
import { assemblyReport } from './report';

const app = new App({ outdir: 'cdk.out' });
buildLandingZone(app);
const assembly = app.synth();
// eslint-disable-next-line no-console
console.log(assemblyReport(assembly));
