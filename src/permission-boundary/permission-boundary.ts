import { ArnFormat, AspectPriority, Aspects, CfnResource, IAspect, IResolvable, IResolveContext, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { DEFAULT_BOUNDARY_POLICY_NAME } from './names';
import { auditConstruct, statementsChanged } from '../landing-zone-checks/engine/construct-audit';
import { renderResource } from '../landing-zone-checks/engine/templates';
import { describeValue, formatInvalidInput, isUnresolved, LandingZoneInputError, validateMatch } from '../private/errors';
import { registerManagedPolicyName, validateIamPath } from '../private/iam-names';
import { LANDING_ZONE_PATH, PROTECTED_FUNCTION_NAME_PREFIX, PROTECTED_KEY_ACTIONS, PROTECTED_STACK_NAME_PREFIX, PROTECTED_TAG } from '../private/landing-zone';
import { IAM_LIMITS, measurePolicySize } from '../private/policy-size';
import { isRegionName } from '../private/regions';

const CONSTRUCT = 'PermissionBoundary';

const NAME = /^[\w+=,.@-]{1,128}$/;
const DESCRIPTION_MAX = 1000;
/** An IAM role ARN, the value `aws:PrincipalArn` holds for a role session: path and name. */
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::([^:]*):role(\/(?:.*\/)?)([^/]+)$/;
/** A CloudFormation stack name prefix: a letter, then letters, digits and hyphens. */
const STACK_NAME_PREFIX = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** The GitHub Actions OIDC issuer host; the suffix wildcard covers GitHub Enterprise issuers under it. */
const GITHUB_PROVIDER = 'oidc-provider/token.actions.githubusercontent.com*';

const ROLE_TYPE = 'AWS::IAM::Role';
const USER_TYPE = 'AWS::IAM::User';

/**
 * Services whose calls carry `us-east-1` (or no region) in
 * `aws:RequestedRegion` whatever the caller's region, so a region restriction
 * must leave them out. Regional services that merely have to be called in
 * `us-east-1` for global features (ACM for CloudFront, Lambda@Edge, WAFv2 with
 * the CLOUDFRONT scope) are not listed: allow `us-east-1` if you use them.
 */
const GLOBAL_SERVICE_ACTIONS = [
  'account:*',
  'billing:*',
  'budgets:*',
  'ce:*',
  'cloudfront:*',
  'cur:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf:*',
];

/** Properties of a `PermissionBoundary`. */
export interface PermissionBoundaryProps {
  /**
   * The name of the managed policy. It is fixed, rather than generated, so the
   * policy's ARN is known before deployment and can appear in its own statements.
   *
   * @default 'LandingZonePermissionBoundary'
   * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
   */
  readonly managedPolicyName?: string;

  /**
   * The IAM path of the managed policy: `/`, or `/` + up to 510 characters + `/`.
   *
   * @default '/landing-zone/'
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names
   */
  readonly path?: string;

  /**
   * A description of the managed policy, at most 1,000 characters.
   *
   * @default - a sentence saying what the boundary protects
   */
  readonly description?: string;

  /**
   * IAM paths of the landing zone's own roles. Holders of the boundary may not
   * create, change, delete, tag, pass or assume roles under these paths.
   * `/` (every role) is refused.
   *
   * @default ['/landing-zone/']
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
   */
  readonly protectedRolePaths?: string[];

  /**
   * Exact ARNs of the roles (typically the tier pipelines' roles) that may
   * change the landing zone's deploy machinery although they hold the
   * boundary: the protected roles, the protected stacks and StackSets, and the
   * GitHub OIDC provider (not the protected keys, nor Organizations, detection
   * or backups). Compared with `ArnNotEquals`
   * against `aws:PrincipalArn`, which for a role session is the role's ARN
   * (path included). Each must be a role of the boundary's account under one
   * of `protectedRolePaths`, without wildcards: holders can neither create nor
   * change a role there, so nobody can become an exempt principal.
   *
   * @default - no principal is exempt
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
   */
  readonly exemptPrincipalArns?: string[];

  /**
   * Name prefixes of the landing zone's own CloudFormation stacks and
   * StackSets (in every region of the account). Holders may only read them:
   * every other CloudFormation action on them (update, delete, change sets,
   * stack policies, StackSet operations and instances, tags) is denied,
   * except to exempt principals, because CloudFormation would carry out an
   * update with the stack's own service role or, for a StackSet, in every
   * target account. Stacks and StackSets with other names stay the holders'
   * own to create, update and delete.
   *
   * @default ['landing-zone-']
   * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html#awscloudformation-resources-for-iam-policies
   */
  readonly protectedStackNamePrefixes?: string[];

  /**
   * Regions in which holders may call regional services. Calls to other regions
   * are denied, except for global services (IAM, Organizations, STS,
   * Route 53, CloudFront, Global Accelerator, Shield, WAF Classic, Support,
   * Health, Trusted Advisor, Account, billing and cost services). Include
   * `us-east-1` if you use ACM certificates for CloudFront, Lambda@Edge or
   * WAFv2 for CloudFront.
   *
   * @default - no region restriction
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
   */
  readonly allowedRegions?: string[];
}

/**
 * A permissions boundary for every role and user of the landing zone: a
 * customer managed policy that caps what its holders can do, whatever their
 * identity policies grant.
 *
 * It allows everything except (docs/security-model.md lists every statement):
 * - creating a role or user unless its boundary is exactly this policy (so
 *   whatever a holder creates is bounded too); setting or removing any boundary;
 * - changing the policies or the trust policy of a role or user that does not
 *   carry this boundary; adding users to groups or policies to groups;
 *   creating or updating credentials of users; new or default versions of
 *   customer managed policies; deleting this policy;
 * - the landing zone's deploy machinery, except for the principals you
 *   exempt: changing, passing or assuming its roles (by path); anything but
 *   reading its CloudFormation stacks and StackSets (by name prefix) and the
 *   GitHub OIDC provider; anything at all on its Lambda functions
 *   (`landing-zone-*`, such as `DelegatedSubdomain`'s delegation function);
 *   reconfiguring or deleting the CDK bootstrap resources of every qualifier
 *   (`cdk-*-assets-*` buckets, `cdk-*` repositories, `/cdk-bootstrap/*`
 *   parameters), which stay readable and, for the publishing roles their own
 *   policies admit, writable;
 * - weakening keys tagged `landing-zone:protected` (deletion, disabling,
 *   key policy, key material, tags, grants other than for AWS services);
 * - every write to AWS Organizations;
 * - stopping, reconfiguring or deleting CloudTrail, Config, GuardDuty,
 *   Security Hub, IAM Access Analyzer findings and VPC flow logs;
 *   deleting or updating backups, vaults, plans, selections and settings;
 * - optionally, calling regional services outside the allowed regions.
 *
 * Because the policy has a fixed name and path, its ARN is computed from the
 * stack's partition and account, without a reference to the policy itself.
 * Synthesis fails if the document, including statements added later with
 * `addStatements`, exceeds the 6,144-character limit of a managed policy.
 *
 * `applyTo(scope)` attaches the boundary to every role and user in a scope,
 * including the roles aws-cdk-lib creates for custom resource providers, and
 * makes synthesis fail if any of them ends up without exactly this boundary.
 *
 * The boundary limits its holders only. It does not stop a holder from
 * passing (`iam:PassRole`) or assuming a role that has no boundary and already
 * exists (such as the stock CDK bootstrap roles); bootstrap each tier with a
 * `TierBootstrap` instead and keep organisation-wide
 * guardrails in service control policies. Updating this policy later needs a
 * principal that does not hold it, since holders may not create new versions.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * @resource AWS::IAM::ManagedPolicy
 */
export class PermissionBoundary extends Construct {
  /** The default name of the managed policy: `LandingZonePermissionBoundary`. */
  public static readonly DEFAULT_MANAGED_POLICY_NAME = DEFAULT_BOUNDARY_POLICY_NAME;
  /** The default IAM path of the managed policy: the landing zone's path, `/landing-zone/`. */
  public static readonly DEFAULT_PATH = LANDING_ZONE_PATH;
  /** The default IAM path of the landing zone's protected roles: the landing zone's path, `/landing-zone/`. */
  public static readonly DEFAULT_PROTECTED_ROLE_PATH = LANDING_ZONE_PATH;
  /** The default name prefix of the landing zone's protected stacks and StackSets: `landing-zone-`. */
  public static readonly DEFAULT_PROTECTED_STACK_NAME_PREFIX = PROTECTED_STACK_NAME_PREFIX;
  /**
   * The tag key that marks a protected key (any value): holders may not
   * schedule its deletion, disable it or its rotation, change its policy,
   * import or delete key material, replicate it, tag or untag it, revoke its
   * grants, or grant it to anything but an AWS service: `landing-zone:protected`.
   */
  public static readonly PROTECTED_TAG = PROTECTED_TAG;

  /**
   * The managed policy. Its ARN is a reference, so roles that use it as their
   * boundary are deployed after it.
   */
  public readonly managedPolicy: iam.IManagedPolicy;

  /**
   * The ARN of the managed policy, computed from the stack's partition and
   * account, the name and the path. It is the value the policy's statements
   * compare `iam:PermissionsBoundary` with.
   */
  public readonly managedPolicyArn: string;

  /** The name of the managed policy. */
  public readonly managedPolicyName: string;

  /** The IAM path of the managed policy. */
  public readonly managedPolicyPath: string;

  /** The policy document of the boundary. */
  public readonly document: iam.PolicyDocument;

  /**
   * The name prefixes of the stacks and StackSets the boundary protects
   * (the stacks a StackSet with such a name deploys into each account included).
   */
  public readonly protectedStackNamePrefixes: string[];

  private readonly appliedScopes = new Set<IConstruct>();
  private appliedPolicy?: iam.IManagedPolicy;

  constructor(scope: Construct, id: string, props: PermissionBoundaryProps = {}) {
    super(scope, id);

    const name = props.managedPolicyName ?? PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME;
    const path = props.path ?? PermissionBoundary.DEFAULT_PATH;
    this.validateName(name);
    validateIamPath(CONSTRUCT, this, 'path', path);
    this.validateDescription(props.description);
    const protectedRolePaths = this.validateProtectedRolePaths(props.protectedRolePaths);
    const exemptPrincipalArns = this.validateExemptPrincipalArns(props.exemptPrincipalArns, protectedRolePaths);
    const stackNamePrefixes = this.validateStackNamePrefixes(props.protectedStackNamePrefixes);
    const allowedRegions = this.validateAllowedRegions(props.allowedRegions);

    // One boundary per account: its fixed name is account-wide.
    registerManagedPolicyName(CONSTRUCT, this, name);

    const stack = Stack.of(this);
    this.protectedStackNamePrefixes = stackNamePrefixes;
    this.managedPolicyName = name;
    this.managedPolicyPath = path;
    this.managedPolicyArn = iamArn(stack, 'policy', path, name);
    this.document = new iam.PolicyDocument({
      statements: this.statements(stack, protectedRolePaths, stackNamePrefixes, exemptPrincipalArns, allowedRegions),
    });

    this.managedPolicy = new iam.ManagedPolicy(this, 'Resource', {
      managedPolicyName: name,
      path,
      description:
        props.description ??
        'Permissions boundary of the landing zone: holders cannot escape it, change it, touch the landing zone roles, or disable logging, detection and backups.',
      document: this.document,
    });

    this.node.addValidation({ validate: () => this.validateSize() });
    // A resolved copy: later changes to the statement objects must not change what is expected.
    const written = (stack.resolve(this.document.toJSON()).Statement as any[]).filter((s) => s.Effect === 'Deny');
    this.node.addValidation({ validate: () => this.auditRendered(written) });
  }

  /**
   * The policy as synthesized (statements added later and property overrides
   * included) still holds itself in place (rule LZ-BND2) and keeps every Deny
   * it was written with (docs/security-model.md#checks).
   */
  private auditRendered(written: any[]): string[] {
    const stack = Stack.of(this);
    const policy = stack.resolve((this.managedPolicy.node.defaultChild as CfnResource).logicalId);
    return auditConstruct({
      construct: CONSTRUCT,
      scope: this,
      ruleIds: ['LZ-BND2'],
      options: { boundaryPolicies: [policy] },
      extra: (template) =>
        statementsChanged(template, policy, ['Properties', 'PolicyDocument'], written).map((statement) => ({
          ruleId: 'LZ-BND2',
          logicalId: policy,
          problem: `no longer holds the Deny ${JSON.stringify(statement.Sid)} it was written with (removed or changed after construction).`,
          expected: `the statement ${describeValue(statement)} unchanged; add further Deny statements with addStatements instead of changing the boundary's own`,
        })),
    });
  }

  /**
   * Adds statements to the boundary, for instance further `Deny` statements.
   * They count towards the size limit checked at synthesis.
   */
  public addStatements(...statements: iam.PolicyStatement[]): void {
    this.document.addStatements(...statements);
  }

  /**
   * Makes this policy the permissions boundary of every IAM role and user in
   * `scope`, and fails synthesis if any of them ends up without it.
   *
   * - `iam.PermissionsBoundary.of(scope).apply()` sets it on every role and user;
   * - a mutating aspect of this library also sets it on raw `CfnResource`s of
   *   type `AWS::IAM::Role` or `AWS::IAM::User` (the way
   *   `CustomResourceProvider` creates its role), so that their coverage does
   *   not depend on how aws-cdk-lib's own aspect recognises roles;
   * - a validation on `scope`, run after every aspect, fails synthesis for any
   *   role or user in `scope` (nested stacks and stages included) whose
   *   `PermissionsBoundary` is not exactly this policy: for instance when a
   *   boundary applied closer to the role, or an aspect that runs later,
   *   replaced or removed it, or when the role is in a `Stage` that the
   *   aspects of an enclosing `App` do not reach. (A property override written
   *   in construct code is simply superseded, since aspects run at synthesis.)
   *
   * In the boundary's own environment roles reference the policy, so
   * CloudFormation creates it first; in another region of the same account
   * they use its computed ARN, and the boundary's stack must be deployed
   * first. Roles in another account fail the validation: the policy does not
   * exist there.
   *
   * Apply it to a `Stack`, or to each `Stage` (or an `App` without stages):
   * the singleton roles of custom resource providers are children of the
   * stack, not of the construct that uses them.
   */
  public applyTo(scope: IConstruct): void {
    if (this.appliedScopes.has(scope)) {
      return;
    }
    this.appliedScopes.add(scope);
    const boundary = this.boundaryForApplication();
    iam.PermissionsBoundary.of(scope).apply(boundary);
    Aspects.of(scope).add(new RawPrincipalBoundary(boundary.managedPolicyArn), { priority: AspectPriority.MUTATING });
    scope.node.addValidation({ validate: () => this.principalsWithoutBoundary(scope) });
  }

  /**
   * The policy as roles see it: a reference to the policy in its own
   * environment (so CloudFormation creates the policy first), the computed ARN
   * elsewhere. aws-cdk-lib's cross-environment ARN of a managed policy leaves
   * out the path, which would name a policy that does not exist.
   */
  /**
   * The policy as a role's `permissionsBoundary` (see `boundaryForApplication`).
   * @internal
   */
  public _appliedPolicy(): iam.IManagedPolicy {
    return this.boundaryForApplication();
  }

  private boundaryForApplication(): iam.IManagedPolicy {
    if (!this.appliedPolicy) {
      const environment = Stack.of(this).environment;
      const reference = this.managedPolicy.managedPolicyArn;
      const computed = this.managedPolicyArn;
      const arn: IResolvable = {
        creationStack: [],
        resolve: (context: IResolveContext) => {
          const user = Stack.of(context.scope);
          // An environment-agnostic stack (a StackSet body) may be deployed where no export exists: same stack only.
          const sameEnvironment = user.environment === environment && !Token.isUnresolved(Stack.of(this).account);
          return user === Stack.of(this) || sameEnvironment ? reference : computed;
        },
      };
      this.appliedPolicy = iam.ManagedPolicy.fromManagedPolicyArn(this, 'Applied', Token.asString(arn));
    }
    return this.appliedPolicy;
  }

  private statements(
    stack: Stack,
    protectedRolePaths: string[],
    stackNamePrefixes: string[],
    exemptPrincipalArns: string[] | undefined,
    allowedRegions: string[] | undefined,
  ): iam.PolicyStatement[] {
    const isNotThisBoundary = { StringNotEquals: { 'iam:PermissionsBoundary': this.managedPolicyArn } };
    const isNotExempt = exemptPrincipalArns ? { ArnNotEquals: { 'aws:PrincipalArn': exemptPrincipalArns } } : undefined;
    const isProtectedKey = { Null: { [`aws:ResourceTag/${PROTECTED_TAG}`]: 'false' } };
    const cloudFormation = (resource: string) =>
      stack.formatArn({ service: 'cloudformation', region: '*', resource, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    const statements = [
      new iam.PolicyStatement({
        sid: 'AllowWithinBoundary',
        actions: ['*'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'DenyPrincipalsWithoutThisBoundary',
        effect: iam.Effect.DENY,
        actions: ['iam:CreateRole', 'iam:CreateUser'],
        resources: ['*'],
        conditions: isNotThisBoundary,
      }),
      new iam.PolicyStatement({
        sid: 'DenyChangingPrincipalsWithoutThisBoundary',
        effect: iam.Effect.DENY,
        actions: [
          'iam:AttachRolePolicy',
          'iam:DetachRolePolicy',
          'iam:PutRolePolicy',
          'iam:DeleteRolePolicy',
          'iam:UpdateAssumeRolePolicy',
          'iam:AttachUserPolicy',
          'iam:DetachUserPolicy',
          'iam:PutUserPolicy',
          'iam:DeleteUserPolicy',
        ],
        resources: ['*'],
        conditions: isNotThisBoundary,
      }),
      new iam.PolicyStatement({
        sid: 'DenyEscalatingThroughExistingPrincipals',
        effect: iam.Effect.DENY,
        actions: [
          'iam:AddUserToGroup',
          'iam:AttachGroupPolicy',
          'iam:PutGroupPolicy',
          'iam:CreateAccessKey',
          'iam:UpdateAccessKey',
          'iam:CreateLoginProfile',
          'iam:UpdateLoginProfile',
          'iam:CreateServiceSpecificCredential',
          'iam:ResetServiceSpecificCredential',
          'iam:UploadSSHPublicKey',
          'iam:UploadSigningCertificate',
          'iam:CreatePolicyVersion',
          'iam:SetDefaultPolicyVersion',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'DenyChangingThisBoundary',
        effect: iam.Effect.DENY,
        // Versioning is also denied for every customer policy (DenyEscalatingThroughExistingPrincipals);
        // repeated here so that the boundary's self-protection does not depend on that statement.
        actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
        resources: [this.managedPolicyArn],
      }),
      new iam.PolicyStatement({
        sid: 'DenyChangingBoundaries',
        effect: iam.Effect.DENY,
        actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
        resources: ['*'],
      }),
      // One statement for everything the exemptions open, since the exemption condition is the costly part:
      // the protected roles (no creating, assuming, passing, tagging or changing them), the landing zone's
      // stacks and StackSets, the GitHub provider, and the CDK bootstrap resources of every qualifier, whose
      // staging bucket, image repository and version parameter may be read, and written to by the publishing
      // roles (whom the bucket's and the repository's own policies restrict), but not reconfigured, emptied
      // of their policy or deleted.
      new iam.PolicyStatement({
        sid: 'DenyProtectedResources',
        effect: iam.Effect.DENY,
        notActions: [
          'cloudformation:Describe*',
          'cloudformation:Detect*',
          'cloudformation:Get*',
          'cloudformation:List*',
          'ecr:*Layer*',
          'ecr:BatchGet*',
          'ecr:Describe*',
          'ecr:PutImage',
          'iam:Get*',
          'iam:List*',
          's3:*Object*',
          's3:Get*',
          's3:List*',
          'ssm:Get*',
        ],
        resources: [
          ...protectedRolePaths.map((p) => iamArn(stack, 'role', p, '*')),
          // A StackSet's stacks in each target account are named StackSet-<StackSet name>-<id>.
          ...stackNamePrefixes.flatMap((prefix) => [cloudFormation(`stack/${prefix}*/*`), cloudFormation(`stack/StackSet-${prefix}*/*`), cloudFormation(`stackset/${prefix}*:*`)]),
          stack.formatArn({ service: 'iam', region: '', resource: GITHUB_PROVIDER, arnFormat: ArnFormat.NO_RESOURCE_NAME }),
          // The landing zone's own functions (DelegatedSubdomain's delegation
          // function): new code or configuration would act as their roles.
          stack.formatArn({ service: 'lambda', region: '*', resource: 'function', resourceName: `${PROTECTED_FUNCTION_NAME_PREFIX}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          stack.formatArn({ service: 's3', region: '', account: '', resource: 'cdk-*-assets-*', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
          stack.formatArn({ service: 'ecr', region: '*', resource: 'repository', resourceName: 'cdk-*' }),
          stack.formatArn({ service: 'ssm', region: '*', resource: 'parameter', resourceName: 'cdk-bootstrap/*' }),
        ],
        conditions: isNotExempt,
      }),
      new iam.PolicyStatement({
        sid: 'DenyProtectedKeys',
        effect: iam.Effect.DENY,
        actions: PROTECTED_KEY_ACTIONS,
        resources: ['*'],
        conditions: isProtectedKey,
      }),
      new iam.PolicyStatement({
        sid: 'DenyGrantsOnProtectedKeys',
        effect: iam.Effect.DENY,
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { ...isProtectedKey, Bool: { 'kms:GrantIsForAWSResource': 'false' } },
      }),
      new iam.PolicyStatement({
        sid: 'DenyChangingOrganization',
        effect: iam.Effect.DENY,
        actions: [
          'organizations:Accept*',
          'organizations:Attach*',
          'organizations:Cancel*',
          'organizations:Close*',
          'organizations:Create*',
          'organizations:Decline*',
          'organizations:Delete*',
          'organizations:Deregister*',
          'organizations:Detach*',
          'organizations:Disable*',
          'organizations:Enable*',
          'organizations:Invite*',
          'organizations:Leave*',
          'organizations:Move*',
          'organizations:Put*',
          'organizations:Register*',
          'organizations:Remove*',
          'organizations:Tag*',
          'organizations:Untag*',
          'organizations:Update*',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'DenyDisablingSecurityServices',
        effect: iam.Effect.DENY,
        actions: [
          'access-analyzer:*ArchiveRule',
          'access-analyzer:Delete*',
          'access-analyzer:UpdateFindings',
          'cloudtrail:Delete*',
          'cloudtrail:Put*',
          'cloudtrail:Stop*',
          'cloudtrail:Update*',
          'config:Delete*',
          'config:PutConfigurationRecorder',
          'config:PutDeliveryChannel',
          'config:PutRetentionConfiguration',
          'config:Stop*',
          'ec2:DeleteFlowLogs',
          'guardduty:Archive*',
          'guardduty:Create*',
          'guardduty:Delete*',
          'guardduty:Disable*',
          'guardduty:Disassociate*',
          'guardduty:Stop*',
          'guardduty:Update*',
          'securityhub:BatchDisable*',
          'securityhub:BatchUpdate*',
          'securityhub:Delete*',
          'securityhub:Disable*',
          'securityhub:Disassociate*',
          'securityhub:Update*',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'DenyDeletingBackups',
        effect: iam.Effect.DENY,
        actions: ['backup:Delete*', 'backup:Disassociate*', 'backup:PutBackupVaultAccessPolicy', 'backup:StopBackupJob', 'backup:Update*'],
        resources: ['*'],
      }),
    ];
    if (allowedRegions) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'DenyOutsideAllowedRegions',
          effect: iam.Effect.DENY,
          notActions: GLOBAL_SERVICE_ACTIONS,
          resources: ['*'],
          conditions: { StringNotEquals: { 'aws:RequestedRegion': allowedRegions } },
        }),
      );
    }
    return statements;
  }

  private validateSize(): string[] {
    const size = measurePolicySize(this, this.document);
    if (size.characters <= IAM_LIMITS.MANAGED_POLICY) {
      return [];
    }
    return [
      formatInvalidInput({
        construct: CONSTRUCT,
        scope: this,
        input: 'policy document size',
        received: `${size.characters} characters${size.estimated ? ' (deploy-time values counted at their longest)' : ''}`,
        expected: `at most ${IAM_LIMITS.MANAGED_POLICY} characters, white space not counted, the IAM limit for a managed policy`,
        reason: 'IAM would refuse the policy at deployment; remove statements added with addStatements, or protected paths, exempt principals or regions.',
      }),
    ];
  }

  private principalsWithoutBoundary(scope: IConstruct): string[] {
    const own = Stack.of(this);
    const errors: string[] = [];
    for (const construct of scope.node.findAll()) {
      if (!CfnResource.isCfnResource(construct) || (construct.cfnResourceType !== ROLE_TYPE && construct.cfnResourceType !== USER_TYPE)) {
        continue;
      }
      const stack = Stack.of(construct);
      const expected = stack.resolve(this.managedPolicyArn);
      const actual = renderResource(construct).body?.Properties?.PermissionsBoundary;
      const input = `PermissionsBoundary of ${construct.cfnResourceType} ${construct.node.path}`;
      if (!Token.isUnresolved(stack.account) && !Token.isUnresolved(own.account) && stack.account !== own.account) {
        errors.push(
          formatInvalidInput({
            construct: CONSTRUCT,
            scope: this,
            input,
            received: `a principal in account ${stack.account}`,
            expected: `principals of the boundary's account ${own.account}`,
            reason: `The boundary policy exists in its own account only; create a PermissionBoundary in ${stack.account} and apply that one.`,
          }),
        );
        continue;
      }
      const accepted = [expected];
      if (stack.environment === own.environment) {
        accepted.push(stack.resolve(this.managedPolicy.managedPolicyArn));
      }
      if (!accepted.some((value) => JSON.stringify(value) === JSON.stringify(actual))) {
        errors.push(
          formatInvalidInput({
            construct: CONSTRUCT,
            scope: this,
            input,
            received: actual,
            expected: `this boundary, ${describeValue(expected)}`,
            reason: `applyTo(${scope.node.path || '<root>'}) promises that every role and user in that scope holds this boundary; something removed or replaced it afterwards.`,
          }),
        );
      }
    }
    return errors;
  }

  private validateName(name: string): void {
    validateMatch(NAME, name, { construct: CONSTRUCT, scope: this, input: 'managedPolicyName', expected: '1 to 128 characters among letters, digits and +=,.@_-' });
  }

  private validateDescription(description: string | undefined): void {
    if (description !== undefined && !Token.isUnresolved(description) && description.length > DESCRIPTION_MAX) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'description',
        received: description,
        expected: `at most ${DESCRIPTION_MAX} characters`,
      });
    }
  }

  private validateProtectedRolePaths(paths: string[] | undefined): string[] {
    if (paths === undefined) {
      return [PermissionBoundary.DEFAULT_PROTECTED_ROLE_PATH];
    }
    this.requireKnownList('protectedRolePaths', paths, 'IAM path', LANDING_ZONE_PATH, 'Every path becomes a resource ARN of its own');
    paths.forEach((p, i) => {
      validateIamPath(CONSTRUCT, this, `protectedRolePaths[${i}]`, p);
      if (p === '/') {
        throw new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input: `protectedRolePaths[${i}]`,
          received: p,
          expected: 'a path below the root, such as "/landing-zone/"',
          reason: 'Protecting "/" would forbid every holder, pipelines aside, from creating or assuming any role.',
        });
      }
    });
    return [...new Set(paths)];
  }

  private validateExemptPrincipalArns(arns: string[] | undefined, protectedRolePaths: string[]): string[] | undefined {
    if (arns === undefined || Token.isUnresolved(arns)) {
      return arns;
    }
    if (arns.length === 0) {
      return undefined;
    }
    const account = Stack.of(this).account;
    const paths = protectedRolePaths.filter((p) => !Token.isUnresolved(p));
    arns.forEach((arn, i) => {
      const refuse = (expected: string, reason: string): never => {
        throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: `exemptPrincipalArns[${i}]`, received: arn, expected, reason });
      };
      // Checked on the literal parts of a partly resolved ARN too: a token renders without * or ?.
      if (/[*?]/.test(arn)) {
        refuse(
          'an exact role ARN, without * or ?',
          'A wildcard would exempt roles a holder can still create or take over, and through them rewrite the protected roles.',
        );
      }
      if (Token.isUnresolved(arn)) {
        return;
      }
      const match = ROLE_ARN.exec(arn);
      if (!match) {
        refuse(
          'an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<path><name>',
          'aws:PrincipalArn holds the role ARN (not the session ARN) for a role session; users are not exempted, since holders may create users under any path.',
        );
      }
      const [, , principalAccount, rolePath] = match!;
      if (!/^\d{12}$/.test(principalAccount)) {
        refuse('a 12-digit account id', 'The exemption must name one principal of one account.');
      }
      if (!Token.isUnresolved(account) && principalAccount !== account) {
        refuse(
          `a principal of the boundary's account ${account}`,
          'A permissions boundary only applies to principals of its own account, so this exemption could never match.',
        );
      }
      if (paths.length === protectedRolePaths.length && !paths.some((p) => rolePath.startsWith(p))) {
        refuse(
          `a role under one of the protected paths ${paths.join(', ')}`,
          'Holders may create roles (with the boundary) under any other path: an exempt name outside the protected paths could be taken by a holder.',
        );
      }
    });
    return [...new Set(arns)];
  }

  private validateStackNamePrefixes(prefixes: string[] | undefined): string[] {
    if (prefixes === undefined) {
      return [PermissionBoundary.DEFAULT_PROTECTED_STACK_NAME_PREFIX];
    }
    this.requireKnownList('protectedStackNamePrefixes', prefixes, 'stack name prefix', PROTECTED_STACK_NAME_PREFIX, 'Every prefix becomes resource ARNs of its own');
    prefixes.forEach((prefix, i) =>
      validateMatch(STACK_NAME_PREFIX, prefix, {
        construct: CONSTRUCT,
        scope: this,
        input: `protectedStackNamePrefixes[${i}]`,
        expected: 'a letter, then up to 127 letters, digits and hyphens, without wildcards (a prefix of CloudFormation stack and StackSet names)',
      }),
    );
    return [...new Set(prefixes)];
  }

  /** Refuses a list that is a deploy-time value or empty: each of its items becomes statements or ARNs of its own. */
  private requireKnownList(input: string, values: string[], item: string, defaultValue: string, becomes: string): void {
    if (Token.isUnresolved(values) || values.length === 0) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input,
        received: values,
        expected: `a list of at least one ${item} (default [${JSON.stringify(defaultValue)}]), each given as its own string`,
        reason: `${becomes}, so the list must be known at synthesis.`,
      });
    }
  }

  private validateAllowedRegions(regions: string[] | undefined): string[] | undefined {
    if (regions === undefined || Token.isUnresolved(regions)) {
      return regions;
    }
    const bad = regions.find((r) => !isUnresolved(r) && !isRegionName(r));
    if (regions.length === 0 || bad !== undefined) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'allowedRegions',
        received: regions,
        expected: 'at least one region name such as "eu-west-1" or "us-gov-west-1", without wildcards (omit the prop for no restriction)',
        reason: 'An empty list would deny every regional service.',
      });
    }
    return [...new Set(regions)];
  }
}

/**
 * The ARN of an IAM policy or role from its path and name, built from the
 * stack's partition and account (never a literal `arn:aws`).
 */
function iamArn(stack: Stack, resource: string, path: string, name: string): string {
  if (Token.isUnresolved(path)) {
    return stack.formatArn({ service: 'iam', region: '', resource: `${resource}${path}${name}`, arnFormat: ArnFormat.NO_RESOURCE_NAME });
  }
  return stack.formatArn({ service: 'iam', region: '', resource, resourceName: `${path.slice(1)}${name}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/**
 * Sets the boundary on raw `CfnResource`s of type `AWS::IAM::Role` or
 * `AWS::IAM::User` that are not instances of the typed `CfnRole`/`CfnUser`
 * classes (`CfnRole.isCfnRole` matches by type name, so it cannot tell them apart).
 */
class RawPrincipalBoundary implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  public visit(node: IConstruct): void {
    if (
      CfnResource.isCfnResource(node) &&
      (node.cfnResourceType === ROLE_TYPE || node.cfnResourceType === USER_TYPE) &&
      !(node instanceof iam.CfnRole) &&
      !(node instanceof iam.CfnUser)
    ) {
      node.addPropertyOverride('PermissionsBoundary', this.boundaryArn);
    }
  }
}
