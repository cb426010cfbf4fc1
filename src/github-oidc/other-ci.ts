// How a subclass of GithubActionsRole trusts another CI system instead of
// GitHub (TieredDeployRole with `circleCi`). Not exported from the package.
import { aws_iam as iam } from 'aws-cdk-lib';

/** The trust of another CI system: its principal, and the synthesis-time audit of the role's trust as synthesized. */
export interface OtherCiTrust {
  readonly principal: iam.IPrincipal;
  /** Findings on the role's trust as synthesized, one message each. */
  readonly audit: (role: iam.Role) => string[];
}

/** The key under which a subclass passes an OtherCiTrust with the props of GithubActionsRole. */
export const OTHER_CI_TRUST = Symbol.for('cdk-landing-zone.github-actions-role.other-ci-trust');
