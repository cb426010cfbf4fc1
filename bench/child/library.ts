// The example landing zone, with cdk-landing-zone, without its tier bootstrap
// stacks: the aws-cdk-lib-only twin (bench/twin/) has none yet, and the two
// estates must hold the same resources to be compared.
import { report } from './report';
import { buildLandingZone } from '../../examples/landing-zone';

report('library', (app) => buildLandingZone(app, { tierBootstraps: false }));
