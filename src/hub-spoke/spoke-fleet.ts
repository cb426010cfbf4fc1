import { App, BootstraplessSynthesizer, CfnParameter, Resource, Stack, Token, aws_cloudformation as cloudformation, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountEnvironment } from './environment';
import { hubRoleArnFor } from './hub-arn';
import { HubRole } from './hub-role';
import { requireProductionHub, validateExternalId } from './hub-trust';
import { HubTrustCommonOptions } from './hub-trust-options';
import { SpokeRole } from './spoke-role';
import { BaselineFleet } from '../fleet/baseline-fleet';
import { FleetAccountFilter, StackSetCallAs } from '../fleet/targets';
import { PermissionBoundary } from '../permission-boundary/permission-boundary';
import { LandingZoneInputError, refuseAt, requireProps, validateMatch } from '../private/errors';
import { TIER_TAG } from '../private/landing-zone';
import { validateOrganizationalUnitIds } from '../private/org-ids';
import { isRegionName } from '../private/regions';
import { STACK_SET_NAME, deploymentFilter, percentage, refusedFilterTypes, stackSetArn } from '../private/stack-sets';
import { DeployTier } from '../tiered-deploy-role/tiered-deploy-role';

const MANAGED_POLICY_NAME = /^[\w+=,.@/-]{1,128}$/;

/**
 * Properties of a spoke fleet. The hub and the trust options are those of
 * `SpokeRole`, but for the permissions boundary: the spoke template is
 * synthesized on its own and cannot refer to a policy of this app.
 */
export interface SpokeFleetProps extends HubTrustCommonOptions {
  /** The environment of the accounts in the target OUs. */
  readonly environment: AccountEnvironment;
  /**
   * The OUs (or the root) whose accounts receive the spoke, now and when
   * accounts join them later. Service-managed StackSets never deploy to the
   * management account itself.
   */
  readonly organizationalUnitIds: string[];
  /**
   * The one region the spoke stack is deployed in. IAM is global: a named role
   * deployed to two regions of one account would collide.
   *
   * @default - this stack's region
   */
  readonly region?: string;
  /**
   * The spoke role's name.
   *
   * @default 'landing-zone-spoke'
   */
  readonly spokeRoleName?: string;
  /**
   * The spoke role's path.
   *
   * @default '/landing-zone/'
   */
  readonly spokeRolePath?: string;
  /**
   * AWS managed policies of the spoke, by name. Read-only audit by default;
   * anything more is chosen explicitly.
   *
   * @default ['SecurityAudit']
   */
  readonly awsManagedPolicyNames?: string[];
  /**
   * The StackSet's name.
   *
   * @default 'landing-zone-spoke-role'
   */
  readonly stackSetName?: string;
  /**
   * Which account creates the StackSet.
   *
   * @default StackSetCallAs.SELF
   */
  readonly callAs?: StackSetCallAs;
  /**
   * Percentage of accounts deployed at once, 1 to 100.
   *
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;
  /**
   * Percentage of accounts that may fail before the operation stops, 0 to 100.
   *
   * @default 10
   */
  readonly failureTolerancePercentage?: number;
  /**
   * Keep an account's spoke stack when the account leaves the target OUs.
   *
   * @default false
   */
  readonly retainStacksOnAccountRemoval?: boolean;

  /**
   * Only some accounts of the OUs, or all but some. Validated at synthesis:
   * 12-digit account ids, at least one, no duplicates; a property override
   * to `UNION` (accounts outside the OUs) fails synthesis.
   *
   * @default - every account of the OUs
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudformation-stackset-deploymenttargets.html
   */
  readonly accountFilter?: FleetAccountFilter;

  /**
   * The baseline fleet that delivers the landing zone's permissions boundary
   * to the same accounts. The spoke role then carries that boundary, and its
   * StackSet deploys (and auto-deploys into new accounts) after the
   * baseline's boundary stage. Every OU of this fleet must be a target of
   * the baseline, with the same account filter.
   *
   * @default - the spoke carries no boundary
   */
  readonly baseline?: BaselineFleet;
}

/**
 * Rolls the spoke role out to every account of the given OUs through a
 * service-managed CloudFormation StackSet with auto-deployment: accounts that
 * join the OUs later receive it without a redeploy.
 *
 * The StackSet's template is synthesized from a `SpokeRole` (no second,
 * hand-written copy); the hub ARN, organization id and external id reach it as
 * StackSet parameters. Neither the template nor synthesis grows with the
 * number of accounts: accounts are never listed.
 *
 * @resource AWS::CloudFormation::StackSet
 */
export class SpokeFleet extends Resource {
  /** The spoke stack's template, as deployed to every account. */
  public readonly spokeTemplate: any;
  /** The StackSet. */
  public readonly stackSet: cloudformation.CfnStackSet;

  constructor(scope: Construct, id: string, props: SpokeFleetProps) {
    super(scope, id);
    requireProps('SpokeFleet', this, props, { environment: Object.values(AccountEnvironment), organizationalUnitIds: 'list', hub: 'object' });
    validateOrganizationalUnitIds('SpokeFleet', this, props.organizationalUnitIds);
    // Inside the spoke template the external id is a parameter: check the value here.
    validateExternalId('SpokeFleet', this, props.externalId);
    const region = props.region ?? Stack.of(this).region;
    if (!Token.isUnresolved(region) && !isRegionName(region)) {
      throw new LandingZoneInputError({ construct: 'SpokeFleet', scope: this, input: 'region', received: region, expected: 'one AWS region name, e.g. "eu-west-1"' });
    }
    const stackSetName = props.stackSetName ?? 'landing-zone-spoke-role';
    validateMatch(STACK_SET_NAME, stackSetName, { construct: 'SpokeFleet', scope: this, input: 'stackSetName', expected: 'a letter, then up to 127 letters, digits and hyphens' });
    const maxConcurrentPercentage = percentage('SpokeFleet', this, 'maxConcurrentPercentage', props.maxConcurrentPercentage ?? 25, 1);
    const failureTolerancePercentage = percentage('SpokeFleet', this, 'failureTolerancePercentage', props.failureTolerancePercentage ?? 10, 0);
    const policyNames = props.awsManagedPolicyNames ?? ['SecurityAudit'];
    const badPolicy = policyNames.find((n) => !Token.isUnresolved(n) && !MANAGED_POLICY_NAME.test(n));
    if (badPolicy !== undefined || policyNames.length > 10) {
      throw new LandingZoneInputError({
        construct: 'SpokeFleet',
        scope: this,
        input: 'awsManagedPolicyNames',
        received: badPolicy ?? policyNames,
        expected: 'at most 10 AWS managed policy names, e.g. "SecurityAudit"',
      });
    }
    requireProductionHub({ construct: 'SpokeFleet', scope: this, environment: props.environment, hub: props.hub, trusting: 'PRODUCTION accounts' });

    const boundary = props.baseline ? this.baselineBoundary(props) : undefined;
    // The spoke, synthesized on its own: deploy-time values become parameters.
    const spokeApp = new App();
    const spokeStack = new Stack(spokeApp, 'Spoke', { synthesizer: new BootstraplessSynthesizer(), analyticsReporting: false });
    const hubRoleArn = new CfnParameter(spokeStack, 'HubRoleArn', { type: 'String', description: 'The exact ARN of the hub role the spoke trusts' });
    const organizationId = new CfnParameter(spokeStack, 'OrganizationId', { type: 'String', description: 'The organization the hub must belong to' });
    const externalId = props.externalId === undefined
      ? undefined
      : new CfnParameter(spokeStack, 'ExternalId', { type: 'String', noEcho: true, description: 'The external id the hub must present' });
    // The spoke's own checks (role name, path, org paths, session duration) name this fleet and its props.
    refuseAt('SpokeFleet', this, () => new SpokeRole(spokeStack, 'Spoke', {
      hub: HubRole.fromHubRoleAttributes(spokeStack, 'Hub', {
        hubRoleArn: hubRoleArn.valueAsString,
        environment: props.hub.environment,
        organizationId: organizationId.valueAsString,
      }),
      environment: props.environment,
      roleName: props.spokeRoleName,
      path: props.spokeRolePath,
      externalId: externalId?.valueAsString,
      principalOrgPaths: props.principalOrgPaths,
      allowSourceIdentity: props.allowSourceIdentity,
      allowSessionTags: props.allowSessionTags,
      maxSessionDuration: props.maxSessionDuration,
      managedPolicies: policyNames.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
      permissionsBoundary: boundary ? iam.ManagedPolicy.fromManagedPolicyArn(spokeStack, 'Boundary', boundary.managedPolicyArn) : undefined,
    }), { roleName: 'spokeRoleName', path: 'spokeRolePath' });
    this.spokeTemplate = spokeApp.synth().getStackByName(spokeStack.stackName).template;

    this.stackSet = new cloudformation.CfnStackSet(this, 'Resource', {
      stackSetName,
      description: 'Landing zone spoke role: trusted by the hub only, inside the organization',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: {
        enabled: true,
        retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? false,
        // In an account that joins the OUs, the boundary is deployed first.
        dependsOn: props.baseline ? [stackSetArn(props.baseline.boundaryStackSet)] : undefined,
      },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      callAs: props.callAs ?? StackSetCallAs.SELF,
      managedExecution: { Active: true },
      operationPreferences: { maxConcurrentPercentage, failureTolerancePercentage, regionConcurrencyType: 'PARALLEL' },
      parameters: [
        { parameterKey: 'HubRoleArn', parameterValue: hubRoleArnFor(props.hub, this, 'SpokeFleet') },
        { parameterKey: 'OrganizationId', parameterValue: props.hub.organizationId },
        ...(props.externalId !== undefined ? [{ parameterKey: 'ExternalId', parameterValue: props.externalId }] : []),
      ],
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds, ...deploymentFilter('SpokeFleet', this, 'accountFilter', props.accountFilter) },
          regions: [region],
        },
      ],
      templateBody: JSON.stringify(this.spokeTemplate),
      // The spokes' stacks inherit the landing zone's tier tag: no workload tier's deploy role may change them.
      tags: [{ key: TIER_TAG, value: DeployTier.BOOTSTRAP }],
    });
    if (props.baseline) {
      this.stackSet.node.addDependency(props.baseline.boundaryStackSet);
    }
    // Checked on the rendered StackSet, so that an override cannot add accounts outside the OUs.
    this.node.addValidation({ validate: () => refusedFilterTypes('SpokeFleet', this.stackSet, 'accountFilter') });
  }

  /** The baseline's boundary, after checking that the baseline reaches every account this fleet does. */
  private baselineBoundary(props: SpokeFleetProps): PermissionBoundary {
    const baseline = props.baseline!;
    const boundary = refuseAt('SpokeFleet', this, () => baseline.boundary, { stages: 'baseline' });
    const key = (filter: FleetAccountFilter | undefined) => (filter ? `${filter.filterType}:${[...filter.accounts].sort().join(',')}` : 'every account');
    for (const ou of props.organizationalUnitIds) {
      if (Token.isUnresolved(ou)) {
        continue;
      }
      const target = baseline.targets.find((t) => t.organizationalUnitIds.includes(ou));
      if (target === undefined || key(target.accountFilter) !== key(props.accountFilter)) {
        throw new LandingZoneInputError({
          construct: 'SpokeFleet',
          scope: this,
          input: 'organizationalUnitIds',
          received: ou,
          expected: target === undefined
            ? `OUs the baseline ${baseline.node.path} targets (${baseline.targets.flatMap((t) => t.organizationalUnitIds).join(', ')})`
            : `the baseline's account filter for this OU (${key(target.accountFilter)}), not ${key(props.accountFilter)}`,
          reason: 'The spoke carries the baseline\'s boundary, which exists only in the accounts the baseline reaches.',
        });
      }
    }
    return boundary;
  }
}
