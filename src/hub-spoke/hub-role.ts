import { ArnFormat, Duration, Resource, Stack, Tags, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccountEnvironment } from './environment';
import { DEFAULT_HUB_ROLE_NAME, DEFAULT_ORG_READ_ONLY_ROLE_NAME, DEFAULT_SPOKE_ROLE_NAME } from './names';
import { StatementsPrincipal } from './statements-principal';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { ownLogicalIds } from '../landing-zone-checks/engine/templates';
import { futurePath, LandingZoneInputError, requireProps } from '../private/errors';
import { validateIamPath, validateMaxSessionDuration, validateRoleName } from '../private/iam-names';
import { ENVIRONMENT_TAG, LANDING_ZONE_PATH } from '../private/landing-zone';
import { validateOrganizationId, validatePrincipalArn } from '../private/org-ids';

/** A hub role, created here or imported: what a spoke needs to trust it. */
export interface IHubRole {
  /**
   * The hub role's exact ARN, computed from its account, path and name so
   * that stacks in other accounts can reference it.
   */
  readonly hubRoleArn: string;
  /** The account the hub lives in. */
  readonly hubAccount: string;
  /** The hub's environment: a production spoke trusts only a production hub. */
  readonly environment: AccountEnvironment;
  /** The organization the hub and its spokes belong to. */
  readonly organizationId: string;
}

/** Attributes of an existing hub role. */
export interface HubRoleAttributes {
  /** The hub role's exact ARN. */
  readonly hubRoleArn: string;
  /** The hub's environment. */
  readonly environment: AccountEnvironment;
  /** The organization id (`o-...`). */
  readonly organizationId: string;
}

/**
 * Who may assume the hub role. Each principal is named by its exact ARN and
 * matched with `ArnEquals aws:PrincipalArn` behind its account's root, so the
 * trust holds even when the principal is recreated, and admits nothing else.
 */
export class HubPrincipal {
  /**
   * A person's IAM user or role whose sessions carry
   * `aws:MultiFactorAuthPresent`: the session must have been authenticated
   * with MFA (`Bool aws:MultiFactorAuthPresent true`; never `BoolIfExists`,
   * which also admits sessions without the key). Sessions of IAM Identity
   * Center and other federated roles do not carry the key and would never
   * match: use `identityCenter` for those.
   */
  public static human(principalArn: string): HubPrincipal {
    return new HubPrincipal(principalArn, true);
  }

  /**
   * A permission-set role of IAM Identity Center
   * (`.../aws-reserved/sso.amazonaws.com/AWSReservedSSO_...`). Its sessions
   * carry no MFA key: enforce MFA in Identity Center's own settings.
   */
  public static identityCenter(principalArn: string): HubPrincipal {
    return new HubPrincipal(principalArn, false);
  }

  /** An automation role (a pipeline, a scheduled function): no MFA condition. */
  public static automation(principalArn: string): HubPrincipal {
    return new HubPrincipal(principalArn, false);
  }

  /** The principal's exact ARN. */
  public readonly principalArn: string;
  /** Whether the session must carry MFA. */
  public readonly requiresMfa: boolean;

  private constructor(principalArn: string, requiresMfa: boolean) {
    this.principalArn = principalArn;
    this.requiresMfa = requiresMfa;
  }
}

/** Properties of the hub role. */
export interface HubRoleProps {
  /** Who may assume the hub role. At least one. */
  readonly trustedPrincipals: HubPrincipal[];
  /** The organization whose accounts' spokes the hub may assume (`o-...`). */
  readonly organizationId: string;
  /** Whether the hub serves production. */
  readonly environment: AccountEnvironment;
  /**
   * The name of the spoke role the hub may assume, in every account of the organization.
   *
   * @default 'landing-zone-spoke'
   */
  readonly spokeRoleName?: string;
  /**
   * The path of the spoke role.
   *
   * @default '/landing-zone/'
   */
  readonly spokeRolePath?: string;
  /**
   * The name of the organization read-only role (in the management account)
   * the hub may assume, at the spoke role's path.
   *
   * @default 'landing-zone-org-read-only'
   */
  readonly orgReadOnlyRoleName?: string;
  /**
   * The hub role's name (fixed, so that spokes can name its ARN).
   *
   * @default 'landing-zone-hub'
   */
  readonly roleName?: string;
  /**
   * The hub role's path.
   *
   * @default '/landing-zone/'
   */
  readonly path?: string;
  /**
   * Let the hub set a source identity when it assumes a spoke (spokes must allow it too).
   *
   * @default false
   */
  readonly allowSourceIdentity?: boolean;
  /**
   * Let the hub pass session tags when it assumes a spoke (spokes must allow it too).
   *
   * @default false
   */
  readonly allowSessionTags?: boolean;
  /**
   * The longest session of the hub role itself, 1 to 12 hours. Sessions it
   * opens on spokes are role chaining and last at most one hour.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
  /**
   * A permissions boundary for the hub role.
   *
   * @default - none
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;
}

/**
 * The hub role of the security or automation account: assumable only by the
 * principals you name, and allowed to assume only the spoke role and the
 * organization read-only role, by name, in accounts of the organization
 * (`aws:ResourceOrgID`), and nothing else.
 */
export class HubRole extends Resource implements IHubRole {
  /** Imports a hub role by its attributes (for spokes in other apps, or a fleet template). */
  public static fromHubRoleAttributes(scope: Construct, id: string, attributes: HubRoleAttributes): IHubRole {
    const account = validatePrincipalArn('HubRole', futurePath(scope, id), 'hubRoleArn', attributes.hubRoleArn);
    validateOrganizationId('HubRole', futurePath(scope, id), attributes.organizationId);
    class Import extends Resource implements IHubRole {
      public readonly hubRoleArn = attributes.hubRoleArn;
      public readonly hubAccount = account ?? Stack.of(scope).splitArn(attributes.hubRoleArn, ArnFormat.SLASH_RESOURCE_NAME).account!;
      public readonly environment = attributes.environment;
      public readonly organizationId = attributes.organizationId;
    }
    return new Import(scope, id);
  }

  public readonly hubRoleArn: string;
  public readonly hubAccount: string;
  public readonly environment: AccountEnvironment;
  public readonly organizationId: string;
  /** The IAM role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: HubRoleProps) {
    super(scope, id);
    requireProps('HubRole', this, props, { trustedPrincipals: 'list', organizationId: 'string', environment: Object.values(AccountEnvironment) });
    const roleName = props.roleName ?? DEFAULT_HUB_ROLE_NAME;
    const path = props.path ?? LANDING_ZONE_PATH;
    const spokeRoleName = props.spokeRoleName ?? DEFAULT_SPOKE_ROLE_NAME;
    const spokeRolePath = props.spokeRolePath ?? LANDING_ZONE_PATH;
    const orgReadOnlyRoleName = props.orgReadOnlyRoleName ?? DEFAULT_ORG_READ_ONLY_ROLE_NAME;
    validateRoleName('HubRole', this, roleName);
    validateRoleName('HubRole', this, spokeRoleName);
    validateRoleName('HubRole', this, orgReadOnlyRoleName);
    validateIamPath('HubRole', this, 'path', path);
    validateIamPath('HubRole', this, 'spokeRolePath', spokeRolePath);
    validateMaxSessionDuration('HubRole', this, props.maxSessionDuration);
    validateOrganizationId('HubRole', this, props.organizationId);
    if (!props.trustedPrincipals || props.trustedPrincipals.length === 0) {
      throw new LandingZoneInputError({
        construct: 'HubRole',
        scope: this,
        input: 'trustedPrincipals',
        received: props.trustedPrincipals,
        expected: 'at least one HubPrincipal.human(...) or HubPrincipal.automation(...)',
      });
    }
    const stack = Stack.of(this);
    const statements = props.trustedPrincipals.map((principal, index) => {
      const account = validatePrincipalArn('HubRole', this, `trustedPrincipals[${index}]`, principal.principalArn);
      const root = account
        ? new iam.AccountPrincipal(account)
        : new iam.ArnPrincipal(`arn:${stack.partition}:iam::${stack.splitArn(principal.principalArn, ArnFormat.SLASH_RESOURCE_NAME).account}:root`);
      return new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: [root],
        conditions: {
          ArnEquals: { 'aws:PrincipalArn': principal.principalArn },
          ...(principal.requiresMfa ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : {}),
        },
      });
    });

    this.role = new iam.Role(this, 'Resource', {
      roleName,
      path,
      description: `Landing zone hub (${props.environment.toLowerCase()}): assumes ${spokeRolePath}${spokeRoleName} in the accounts of ${props.organizationId}`,
      assumedBy: new StatementsPrincipal('HubRole', statements),
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
    });

    const spokeActions = ['sts:AssumeRole', ...(props.allowSourceIdentity ? ['sts:SetSourceIdentity'] : []), ...(props.allowSessionTags ? ['sts:TagSession'] : [])];
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeSpokeRolesInOrganization',
        actions: spokeActions,
        resources: [spokeRoleName, orgReadOnlyRoleName].map((name) =>
          stack.formatArn({ service: 'iam', region: '', account: '*', resource: 'role', resourceName: `${spokeRolePath.slice(1)}${name}` }),
        ),
        conditions: { StringEquals: { 'aws:ResourceOrgID': props.organizationId } },
      }),
    );
    Tags.of(this.role).add(ENVIRONMENT_TAG, props.environment);
    // The hub names its principals in their own accounts, without an organization condition: only the wildcard rules apply.
    this.node.addValidation({
      validate: () => auditConstruct({ construct: 'HubRole', scope: this, ruleIds: ['LZ-XA2', 'LZ-XA4'], options: { landingZoneRoles: [...ownLogicalIds(this)] } }),
    });

    this.environment = props.environment;
    this.organizationId = props.organizationId;
    this.hubAccount = stack.account;
    this.hubRoleArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${path.slice(1)}${roleName}` });
  }
}
