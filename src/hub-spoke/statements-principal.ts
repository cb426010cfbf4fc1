import { aws_iam as iam } from 'aws-cdk-lib';
import { LandingZoneInputError } from '../private/errors';

/**
 * A principal that writes a role's trust policy as the given statements,
 * for trusts that need one statement per principal (each with its own
 * conditions). Only usable as a role's `assumedBy`.
 */
export class StatementsPrincipal extends iam.PrincipalBase {
  constructor(private readonly construct: string, private readonly statements: iam.PolicyStatement[]) {
    super();
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    throw new LandingZoneInputError({
      construct: this.construct,
      input: 'principal',
      received: 'a trust made of several statements',
      expected: 'its use as a role\'s assumedBy only',
      reason: 'Each statement has its own conditions; a single principal fragment cannot hold them.',
    });
  }

  public addToAssumeRolePolicy(document: iam.PolicyDocument): void {
    document.addStatements(...this.statements);
  }

  public dedupeString(): string | undefined {
    return undefined;
  }
}
