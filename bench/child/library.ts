// The example landing zone, with cdk-landing-zone.
import { report } from './report';
import { buildLandingZone } from '../../examples/landing-zone';

report('library', buildLandingZone);
