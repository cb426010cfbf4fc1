// The example landing zone's twin, aws-cdk-lib only.
import { report } from './report';
import { buildLandingZoneTwin } from '../twin/landing-zone-twin';

report('twin', buildLandingZoneTwin);
