import { ArnFormat, Duration, PhysicalName, Resource, Stack, Token, aws_iam as iam, aws_route53 as route53 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { recordDelegationScope } from './delegation-scope';
import { delegationPrincipalName, stripTrailingDot, validateKnownZoneName, validateSubdomain, validateZoneName } from './zone-names';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { ownLogicalIds } from '../landing-zone-checks/engine/templates';
import { LandingZoneInputError, refuseLater, requireAccepted, requireProps, throwIfRefused } from '../private/errors';
import { validateIamPath, validateMaxSessionDuration, validateRoleName } from '../private/iam-names';
import { LANDING_ZONE_PATH } from '../private/landing-zone';
import { validateAccountId, validateOrganizationId, validatePrincipalArn } from '../private/org-ids';

const CONSTRUCT = 'SubdomainDelegationRole';
/** The rules the role re-checks on its synthesized trust and permissions. */
const DELEGATION_RULES = ['LZ-XA1', 'LZ-XA2', 'LZ-XA4', 'LZ-DNS1', 'LZ-DNS2'];

/** The condition keys of `route53:ChangeResourceRecordSets` that scope the delegation. */
const RECORD_NAMES_KEY = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
const RECORD_TYPES_KEY = 'route53:ChangeResourceRecordSetsRecordTypes';
const ACTIONS_KEY = 'route53:ChangeResourceRecordSetsActions';

/**
 * Who, in the child account, may assume a `SubdomainDelegationRole`: one exact
 * role under the protected path `/landing-zone/`, never the whole account.
 * Holders of the landing zone's permissions boundary (the child's workloads,
 * a Services tier among them) can neither create, change, pass nor assume
 * such a role unless exempt.
 */
export class SubdomainOwner {
  /**
   * The delegation principal of one child zone: the role (under
   * `/landing-zone/`, of a name derived from the zone name) as which the
   * child's `DelegatedSubdomain` writes the zone's NS (and DS) records. The
   * ARN is built in the partition of the `SubdomainDelegationRole`'s stack.
   *
   * @param accountId the child account, 12 digits
   * @param zoneName the child zone's name, known at synthesis (it names the role)
   */
  public static delegationPrincipal(accountId: string, zoneName: string): SubdomainOwner {
    return refuseLater(
      [],
      () => {
        validateAccountId('SubdomainOwner', undefined, 'accountId', accountId);
        validateKnownZoneName('SubdomainOwner', undefined, 'zoneName', zoneName);
        return new SubdomainOwner(accountId, undefined, zoneName);
      },
      () => new SubdomainOwner(undefined, undefined, undefined),
    );
  }

  /**
   * Exactly one role of the child account, under the protected path
   * `/landing-zone/`. The trust names the account's root with
   * `ArnEquals aws:PrincipalArn` = the role ARN, which keeps working if the
   * role is deleted and created again.
   *
   * It suits a principal whose name you fix, such as a deployment role of the
   * landing zone that writes the records itself. `DelegatedSubdomain` writes
   * its records as its own delegation principal: trust it with
   * `delegationPrincipal()`.
   *
   * @param roleArn the exact role ARN, path `/landing-zone/` included, without wildcards
   */
  public static role(roleArn: string): SubdomainOwner {
    return refuseLater(
      [],
      () => {
        const account = validatePrincipalArn('SubdomainOwner', undefined, 'roleArn', roleArn);
        if (!Token.isUnresolved(roleArn) && !roleArn.includes(`:role${LANDING_ZONE_PATH}`)) {
          throw new LandingZoneInputError({
            construct: 'SubdomainOwner',
            input: 'roleArn',
            received: roleArn,
            expected: `the ARN of a role under the protected path ${LANDING_ZONE_PATH}: arn:<partition>:iam::<account>:role${LANDING_ZONE_PATH}<name>`,
            reason: 'Holders of the permissions boundary may create and assume roles under any other path, so a role outside it could be taken over by a workload of the child account.',
          });
        }
        return new SubdomainOwner(account, roleArn, undefined);
      },
      () => new SubdomainOwner(undefined, undefined, undefined),
    );
  }

  private readonly account?: string;
  private readonly role?: string;
  private readonly zone?: string;

  private constructor(accountId: string | undefined, roleArn: string | undefined, zoneName: string | undefined) {
    this.account = accountId;
    this.role = roleArn;
    this.zone = zoneName;
  }

  /**
   * The child account id, or undefined when it is only known from a role ARN token.
   *
   * @default - known from the role ARN only
   */
  public get accountId(): string | undefined {
    throwIfRefused(this);
    return this.account;
  }

  /**
   * The exact role trusted, when it was given as an ARN (`role()`).
   *
   * @default - the delegation principal of `zoneName`
   */
  public get roleArn(): string | undefined {
    throwIfRefused(this);
    return this.role;
  }

  /**
   * The child zone whose delegation principal is trusted (`delegationPrincipal()`).
   *
   * @default - the role given by `roleArn`
   */
  public get zoneName(): string | undefined {
    throwIfRefused(this);
    return this.zone;
  }
}

/** Properties of a `SubdomainDelegationRole`. */
export interface SubdomainDelegationRoleProps {
  /**
   * The parent hosted zone, in this account. The role may change records of
   * this zone only.
   */
  readonly parentZone: route53.IHostedZone;

  /**
   * The child zone names whose delegation records the role may write: strict
   * subdomains of the parent, lower case, without a trailing dot, no wildcards.
   * A list token (such as a `CommaDelimitedList` parameter) is passed through
   * unchecked.
   *
   * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
   */
  readonly delegatedZoneNames: string[];

  /**
   * The one principal of the child account that may assume the role: the
   * child zone's delegation principal (`SubdomainOwner.delegationPrincipal`),
   * or an exact role under `/landing-zone/` (`SubdomainOwner.role`).
   */
  readonly owner: SubdomainOwner;

  /**
   * The AWS Organizations id the caller must belong to (`aws:PrincipalOrgID`).
   *
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
   */
  readonly organizationId: string;

  /**
   * Let the role write DS records as well as NS records, for children that
   * sign their zone with DNSSEC.
   *
   * @default false
   * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-enable-signing.html
   */
  readonly allowDnssec?: boolean;

  /**
   * Let the role call `route53:ListHostedZonesByName`, which children that
   * name the parent with `ParentZone.fromZoneName` need to find its id.
   *
   * @default false
   */
  readonly allowLookupByName?: boolean;

  /**
   * The role's name.
   *
   * @default - generated by CloudFormation, or by the CDK when a stack of
   * another account refers to the role
   */
  readonly roleName?: string;

  /**
   * The role's IAM path.
   *
   * @default '/landing-zone/'
   */
  readonly path?: string;

  /**
   * The role's description.
   *
   * @default - a sentence naming the delegated zones
   */
  readonly description?: string;

  /**
   * The longest session. The child's custom resource needs a few seconds.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;

  /**
   * A permissions boundary for the role.
   *
   * @default - none
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;
}

/**
 * The role, in the account that owns a parent hosted zone, through which one
 * child account writes the delegation (NS, and with DNSSEC DS) records of its
 * own subdomains, and nothing else.
 *
 * Its only permission is `route53:ChangeResourceRecordSets` on the parent zone,
 * with every change required to be an UPSERT or DELETE of an NS (or DS) record
 * named exactly one of the delegated names. Each condition key is also
 * required to be present, so that a request without it cannot pass a
 * `ForAllValues` test vacuously. `route53:ListHostedZonesByName`, which cannot
 * be scoped to a zone, is granted only when asked for.
 *
 * The trust admits one exact role of the child account, under the protected
 * path `/landing-zone/` (`ArnEquals aws:PrincipalArn`), inside the
 * organization only: by default the child zone's delegation principal, the
 * role of `DelegatedSubdomain`'s own function. It names the account's root as
 * principal, so the role can be deployed before the child's role exists.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 * @resource AWS::IAM::Role
 */
export class SubdomainDelegationRole extends Resource {
  /** The default IAM path of the role: the landing zone's path, `/landing-zone/`. */
  public static readonly DEFAULT_PATH = LANDING_ZONE_PATH;

  /** The IAM role. Give it to `DelegatedSubdomain` as `delegationRole`. */
  public readonly role: iam.IRole;
  /** The role's ARN. */
  public readonly roleArn: string;
  /** The role's name. */
  public readonly roleName: string;
  /** The child zone names the role may delegate. */
  public readonly delegatedZoneNames: string[];
  /** The role's permissions, as the inline policy `SubdomainDelegation`. */
  public readonly document: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: SubdomainDelegationRoleProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { parentZone: 'object', delegatedZoneNames: 'list', owner: 'object', organizationId: 'string' });
    requireAccepted(CONSTRUCT, this, 'owner', props.owner);

    const parentZoneName = stripTrailingDot(this.parentZoneName(props.parentZone));
    validateZoneName(CONSTRUCT, this, 'parentZone.zoneName', parentZoneName);
    const names = this.validateDelegatedZoneNames(props.delegatedZoneNames, parentZoneName);
    validateOrganizationId(CONSTRUCT, this, props.organizationId);
    validateRoleName(CONSTRUCT, this, props.roleName);
    validateIamPath(CONSTRUCT, this, 'path', props.path);
    validateMaxSessionDuration(CONSTRUCT, this, props.maxSessionDuration);
    this.validateOwner(props.owner, names);

    const allowDnssec = props.allowDnssec ?? false;
    const allowLookupByName = props.allowLookupByName ?? false;
    this.delegatedZoneNames = names;
    this.document = new iam.PolicyDocument({
      statements: delegationStatements(props.parentZone.hostedZoneArn, names, allowDnssec, allowLookupByName),
    });

    const role = new iam.Role(this, 'Resource', {
      // A stack of the child account that refers to the role gets a name it can know.
      roleName: props.roleName ?? PhysicalName.GENERATE_IF_NEEDED,
      path: props.path ?? SubdomainDelegationRole.DEFAULT_PATH,
      description: props.description ?? defaultDescription(names, parentZoneName),
      assumedBy: ownerPrincipal(this, props.owner, props.organizationId),
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
      // Inline, so that the permissions exist as soon as the role does: a
      // custom resource that references the role cannot run before its policy.
      inlinePolicies: { SubdomainDelegation: this.document },
    });
    this.role = role;
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;

    // The role as synthesized: statements added later must keep to the delegation (docs/security-model.md#checks).
    this.node.addValidation({
      validate: () =>
        auditConstruct({ construct: CONSTRUCT, scope: this, ruleIds: DELEGATION_RULES, options: { landingZoneRoles: [...ownLogicalIds(this)] } }),
    });

    recordDelegationScope(role, {
      parentZoneName,
      parentZoneId: props.parentZone.hostedZoneId,
      delegatedZoneNames: names,
      allowDnssec,
      allowLookupByName,
      ownerAccountId: props.owner.accountId,
      ownerZoneName: props.owner.zoneName,
      ownerRoleArn: props.owner.roleArn,
    });
  }

  /** A delegation principal can write only its own zone's records: refuses one whose zone is not delegated here. */
  private validateOwner(owner: SubdomainOwner, names: string[]): void {
    if (owner.zoneName === undefined || Token.isUnresolved(names) || names.some((n) => Token.isUnresolved(n)) || names.includes(owner.zoneName)) {
      return;
    }
    throw new LandingZoneInputError({
      construct: CONSTRUCT,
      scope: this,
      input: 'owner',
      received: `the delegation principal of ${owner.zoneName}`,
      expected: `the delegation principal of one of the delegatedZoneNames ${JSON.stringify(names)}`,
      reason: 'The delegation principal of another zone could assume the role but write none of its records.',
    });
  }

  /** The parent's name; a zone imported by id alone has none, and aws-cdk-lib throws on reading it. */
  private parentZoneName(zone: route53.IHostedZone): string {
    try {
      return zone.zoneName;
    } catch {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'parentZone',
        received: `a hosted zone imported without its name (${zone.node.path})`,
        expected: 'a hosted zone whose name is known: one created in this app, or HostedZone.fromHostedZoneAttributes',
        reason: 'The delegated names are checked against the parent name.',
      });
    }
  }

  private validateDelegatedZoneNames(names: string[], parentZoneName: string): string[] {
    if (Token.isUnresolved(names)) {
      return names;
    }
    if (names.length === 0) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'delegatedZoneNames',
        received: names,
        expected: 'at least one child zone name',
        reason: 'ForAllValues with an empty list of names would only match requests that name no record at all.',
      });
    }
    names.forEach((name, i) => validateSubdomain(CONSTRUCT, this, `delegatedZoneNames[${i}]`, name, parentZoneName));
    return [...new Set(names)];
  }
}

/**
 * The delegation statements: ChangeResourceRecordSets on the parent zone only,
 * for NS (and DS) records of the named children, UPSERT and DELETE only, each
 * key required to be present; ListHostedZonesByName only when asked for.
 */
function delegationStatements(parentZoneArn: string, names: string[], allowDnssec: boolean, allowLookupByName: boolean): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'WriteDelegationRecordsOfTheChildZones',
      actions: ['route53:ChangeResourceRecordSets'],
      resources: [parentZoneArn],
      conditions: {
        'ForAllValues:StringEquals': {
          [RECORD_NAMES_KEY]: names,
          [RECORD_TYPES_KEY]: allowDnssec ? ['NS', 'DS'] : ['NS'],
          [ACTIONS_KEY]: ['UPSERT', 'DELETE'],
        },
        // ForAllValues is true when a key is absent: require each key.
        'Null': {
          [RECORD_NAMES_KEY]: 'false',
          [RECORD_TYPES_KEY]: 'false',
          [ACTIONS_KEY]: 'false',
        },
      },
    }),
  ];
  if (allowLookupByName) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'FindTheParentZoneByName',
        actions: ['route53:ListHostedZonesByName'],
        // The action has no resource type; it reveals zone names and ids only.
        resources: ['*'],
      }),
    );
  }
  return statements;
}

/**
 * The trust: the child account's root with `ArnEquals aws:PrincipalArn` on the
 * one trusted role, inside the organization. Naming the root (rather than the
 * role) lets the parent be deployed before the child's role exists, and keeps
 * the trust valid when the role is created again.
 */
function ownerPrincipal(scope: Construct, owner: SubdomainOwner, organizationId: string): iam.IPrincipal {
  const stack = Stack.of(scope);
  const arn = ownerRoleArn(stack, owner);
  const account = owner.accountId ?? stack.splitArn(arn, ArnFormat.SLASH_RESOURCE_NAME).account!;
  return new iam.PrincipalWithConditions(new iam.ArnPrincipal(`arn:${stack.partition}:iam::${account}:root`), {
    StringEquals: { 'aws:PrincipalOrgID': organizationId },
    ArnEquals: { 'aws:PrincipalArn': arn },
  });
}

/** The ARN of the owner's role: as given, or the delegation principal's, in the stack's partition. */
function ownerRoleArn(stack: Stack, owner: SubdomainOwner): string {
  if (owner.roleArn !== undefined) {
    return owner.roleArn;
  }
  return `arn:${stack.partition}:iam::${owner.accountId}:role${LANDING_ZONE_PATH}${delegationPrincipalName(owner.zoneName!)}`;
}

/** A description within IAM's 1,000 characters. */
function defaultDescription(names: string[], parentZoneName: string): string {
  if (Token.isUnresolved(names)) {
    return `Writes the delegation records of its child zones in ${parentZoneName}`;
  }
  const full = `Writes the delegation records of ${names.join(', ')} in ${parentZoneName}`;
  return full.length <= 1000 ? full : `Writes the delegation records of ${names.length} child zones in ${parentZoneName}`;
}
