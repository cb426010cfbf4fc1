// Reference: aws-cdk-lib loaded, an empty app synthesized.
import { report } from './report';

report('baseline', () => undefined);
