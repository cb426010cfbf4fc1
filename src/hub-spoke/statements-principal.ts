import { aws_iam as iam } from 'aws-cdk-lib';

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
    throw new Error(`${this.construct}: this trust is made of several statements and can only be a role's assumedBy`);
  }

  public addToAssumeRolePolicy(document: iam.PolicyDocument): void {
    document.addStatements(...this.statements);
  }

  public dedupeString(): string | undefined {
    return undefined;
  }
}
