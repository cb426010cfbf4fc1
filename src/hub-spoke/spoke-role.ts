import { CfnResource, Resource, Stack, Tags, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountEnvironment } from './environment';
import { HubRole, IHubRole } from './hub-role';
import { hubTrust, requireProductionHub } from './hub-trust';
import { HubTrustOptions } from './hub-trust-options';
import { DEFAULT_ORG_READ_ONLY_ROLE_NAME, DEFAULT_SPOKE_ROLE_NAME } from './names';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { identityStatements, sessionActionsRefused } from '../landing-zone-checks/engine/iam';
import { ownLogicalIds, renderStackTemplate } from '../landing-zone-checks/engine/templates';
import { requireProps } from '../private/errors';
import { validateIamPath, validateRoleName } from '../private/iam-names';
import { ENVIRONMENT_TAG, LANDING_ZONE_PATH } from '../private/landing-zone';

/** Properties of a spoke role. */
export interface SpokeRoleProps extends HubTrustOptions {
  /** Whether this account is production: a production spoke refuses a non-production hub. */
  readonly environment: AccountEnvironment;
  /**
   * The spoke role's name: the one the hub may assume.
   *
   * @default 'landing-zone-spoke'
   */
  readonly roleName?: string;
  /**
   * The spoke role's path.
   *
   * @default '/landing-zone/'
   */
  readonly path?: string;
  /**
   * The spoke's permissions. Read-only audit by default; anything more is
   * chosen explicitly.
   *
   * @default [SecurityAudit] (AWS managed)
   */
  readonly managedPolicies?: iam.IManagedPolicy[];
}

/**
 * The spoke role of a member account: trusts only the exact hub role, inside
 * the organization. Read-only audit permissions by default.
 *
 * Deploy it to every account of an OU with `SpokeFleet` (CloudFormation
 * StackSets), so that accounts created later receive it too.
 */
export class SpokeRole extends Resource {
  /** The IAM role. */
  public readonly role: iam.Role;
  /** The account's environment. */
  public readonly environment: AccountEnvironment;

  constructor(scope: Construct, id: string, props: SpokeRoleProps) {
    super(scope, id);
    requireProps('SpokeRole', this, props, { environment: Object.values(AccountEnvironment), hub: 'object' });
    const { roleName, path } = roleNameAndPath('SpokeRole', this, props, DEFAULT_SPOKE_ROLE_NAME);
    requireProductionHub({ construct: 'SpokeRole', scope: this, environment: props.environment, hub: props.hub, trusting: 'a PRODUCTION spoke', nameHub: true });
    this.environment = props.environment;
    this.role = new iam.Role(this, 'Resource', {
      roleName,
      path,
      description: `Landing zone spoke (${props.environment.toLowerCase()}): assumed by the hub only`,
      assumedBy: hubTrust('SpokeRole', this, props),
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
      managedPolicies: props.managedPolicies ?? [iam.ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit')],
    });
    Tags.of(this.role).add(ENVIRONMENT_TAG, props.environment);
    auditHubTrust('SpokeRole', this, this.role, props.hub);
  }
}

/** Properties of the organization read-only role. */
export interface OrgReadOnlyRoleProps extends HubTrustOptions {
  /**
   * The role's name (the hub's `orgReadOnlyRoleName`).
   *
   * @default 'landing-zone-org-read-only'
   */
  readonly roleName?: string;
  /**
   * The role's path.
   *
   * @default '/landing-zone/'
   */
  readonly path?: string;
}

/** What OrgReadOnlyRole allows: reading the organization's structure and tags, nothing else. */
const ORGANIZATION_READ_ACTIONS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganization',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListChildren',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListParents',
  'organizations:ListRoots',
  'organizations:ListTagsForResource',
];

/**
 * The management account's organization read-only role: the hub may read the
 * organization's structure (accounts, OUs, roots, tags) and nothing else.
 */
export class OrgReadOnlyRole extends Resource {
  /** The IAM role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OrgReadOnlyRoleProps) {
    super(scope, id);
    requireProps('OrgReadOnlyRole', this, props, { hub: 'object' });
    const { roleName, path } = roleNameAndPath('OrgReadOnlyRole', this, props, DEFAULT_ORG_READ_ONLY_ROLE_NAME);
    this.role = new iam.Role(this, 'Resource', {
      roleName,
      path,
      description: 'Landing zone: the hub reads the organization structure',
      assumedBy: hubTrust('OrgReadOnlyRole', this, props),
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
      inlinePolicies: {
        ReadOrganization: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ sid: 'ReadOrganizationStructure', actions: ORGANIZATION_READ_ACTIONS, resources: ['*'] })],
        }),
      },
    });
    auditHubTrust('OrgReadOnlyRole', this, this.role, props.hub);
  }
}

/** The rules a role the hub assumes re-checks on its synthesized trust. */
const HUB_TRUST_RULES = ['LZ-XA1', 'LZ-XA2', 'LZ-XA4'];

/**
 * Re-checks at synthesis the trust of a role the hub assumes, as synthesized:
 * the cross-account rules, and, for a hub of this app, that the trust allows
 * the source identity and session tags the hub is allowed to set
 * (docs/security-model.md#checks).
 */
function auditHubTrust(construct: string, scope: Construct, role: iam.Role, hub: IHubRole): void {
  scope.node.addValidation({
    validate: () =>
      auditConstruct({
        construct,
        scope,
        ruleIds: HUB_TRUST_RULES,
        options: { landingZoneRoles: [...ownLogicalIds(scope)] },
        extra: (template) => {
          if (!(hub instanceof HubRole)) {
            return [];
          }
          const hubTemplate = renderStackTemplate(Stack.of(hub), new Set(['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy']));
          const hubRole = Stack.of(hub).resolve((hub.role.node.defaultChild as CfnResource).logicalId);
          const logicalId = Stack.of(role).resolve((role.node.defaultChild as CfnResource).logicalId);
          const hubStatements = identityStatements(hubTemplate, hubRole).map((s) => s.statement);
          const refused = sessionActionsRefused({ template: hubTemplate, statements: hubStatements }, { template, logicalId });
          return refused.map((action) => ({
            ruleId: 'LZ-XA5',
            logicalId,
            problem: `does not allow ${action} in its trust, although the hub ${hub.node.path} may call it on this role: every assumption that sets it would be refused.`,
            expected: `${action} among the trust's actions (${action === 'sts:SetSourceIdentity' ? 'allowSourceIdentity' : 'allowSessionTags'}: true, as on the hub)`,
          }));
        },
      }),
  });
}

/** The name and path of a role the hub assumes, defaults applied, checked as IAM would. */
function roleNameAndPath(
  construct: string,
  scope: Construct,
  props: { readonly roleName?: string; readonly path?: string },
  defaultRoleName: string,
): { roleName: string; path: string } {
  const roleName = props.roleName ?? defaultRoleName;
  const path = props.path ?? LANDING_ZONE_PATH;
  validateRoleName(construct, scope, roleName);
  validateIamPath(construct, scope, 'path', path);
  return { roleName, path };
}
