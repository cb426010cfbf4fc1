import {
  Annotations,
  ArnFormat,
  CfnOutput,
  DefaultStackSynthesizer,
  IBoundStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Stage,
  Tags,
  Token,
  aws_ecr as ecr,
  aws_iam as iam,
  aws_s3 as s3,
  aws_ssm as ssm,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { PermissionBoundary } from '../permission-boundary';
import { CDK_DEPLOY_SIDE_ROLE_KINDS, cdkBootstrapRoleName, registerQualifierUse } from '../private/cdk-qualifiers';
import { futurePath, LandingZoneInputError, refuseLater, requireAccepted, requireProps, validateMatch } from '../private/errors';
import { validateIamPath, validateRoleName } from '../private/iam-names';
import { LANDING_ZONE_PATH, TIER_TAG } from '../private/landing-zone';
import { tierRoleName } from '../tiered-deploy-role/names';
import { DeployTier } from '../tiered-deploy-role/tiered-deploy-role';


const CONSTRUCT = 'TierBootstrap';

/** A qualifier that also fits the bucket and repository names: 1 to 10 lower-case letters, digits or `-`. */
const QUALIFIER = /^[a-z0-9-]{1,10}$/;

/**
 * The bootstrap version the outputs and the SSM parameter publish: the
 * version of the stock template of the aws-cdk CLI 2.1115 (30). The
 * DefaultStackSynthesizer of aws-cdk-lib 2.245 requires at least 6 (8 for
 * the lookup role, 22 for session tags).
 */
const BOOTSTRAP_VERSION = '30';

/** The variant the CLI reads from a bootstrap template, so that it never overwrites another variant without --force. */
const BOOTSTRAP_VARIANT = 'cdk-landing-zone: TierBootstrap';


/** Properties of a tier's bootstrap. */
export interface TierBootstrapProps {
  /** The tier whose deployments these bootstrap resources serve. */
  readonly tier: DeployTier;
  /**
   * The CDK bootstrap qualifier of this tier, unique in the account: 1 to 10
   * lower-case letters, digits or `-`. Two tiers of one account never share one.
   */
  readonly qualifier: string;
  /** The landing zone's permissions boundary: every role of the bootstrap carries it. */
  readonly boundary: PermissionBoundary;
  /**
   * The name of the tier's GitHub deploy role in this account, the only
   * principal the deploy, publishing and lookup roles trust.
   *
   * @default TieredDeployRole.defaultRoleName(tier), e.g. `landing-zone-services-deploy`
   */
  readonly trustedRoleName?: string;
  /**
   * The IAM path of the tier's GitHub deploy role.
   *
   * @default '/landing-zone/'
   */
  readonly trustedRolePath?: string;
  /**
   * Managed policies of the CloudFormation execution role: what this tier's
   * stacks may create. The boundary still caps them. AdministratorAccess is
   * refused for the Infrastructure and Services tiers.
   *
   * @default - none
   */
  readonly executionPolicies?: iam.IManagedPolicy[];
  /**
   * Statements of the CloudFormation execution role, on top of `executionPolicies`.
   *
   * @default - none
   */
  readonly executionStatements?: iam.PolicyStatement[];
}

/**
 * The CDK bootstrap resources of one deploy tier in one account and region,
 * under its own qualifier: a staging bucket, an image repository, the
 * deploy, file-publishing, image-publishing and lookup roles, the
 * CloudFormation execution role, the `/cdk-bootstrap/<qualifier>/version`
 * parameter and the outputs the CDK CLI reads.
 *
 * Unlike the stock bootstrap template, every role carries the landing zone's
 * permissions boundary and sits under the protected path `/landing-zone/`,
 * so that no other holder of the boundary can assume, pass or change it; the
 * deploy-side roles trust only the tier's GitHub deploy role (by exact ARN,
 * `ArnEquals aws:PrincipalArn`), never the account as a whole; the
 * execution role holds only the tier's execution policies; and the deploy
 * role passes only that execution role and creates or deletes stacks only
 * with it, and only stacks of its own tier (tagged by `deploys(stack)`).
 * The staging bucket and the image repository accept new assets only from
 * the tier's publishing roles, so that no other principal can plant an asset
 * the tier would deploy.
 *
 * The roles' names keep the CDK CLI's conventions, but their ARNs include
 * the path: the tier's stacks must use `synthesizer()` (or
 * `TierBootstrap.synthesizerFor(qualifier)`). Because the boundary denies its
 * holders `sts:AssumeRole` and `iam:PassRole` on protected roles, exempt the
 * tier's GitHub deploy role and this deploy role (`deployRoleArn`) in the
 * boundary's `exemptPrincipalArns`.
 *
 * Deploy it in a stack of its own, either with `cdk deploy` or, written with
 * `TierBootstrap.cliTemplate(stack)`, with `cdk bootstrap --template`.
 *
 * @resource AWS::IAM::Role
 */
export class TierBootstrap extends Construct {
  /**
   * The tag key that names the tier of a role or stack: `landing-zone:tier`.
   * A tier's deploy role changes only stacks that carry its tier under this
   * key (`deploys(stack)` adds it); tag the landing zone's own stacks, which
   * no tier deploys, with the Bootstrap tier.
   */
  public static readonly TIER_TAG = TIER_TAG;

  /** The bootstrap version this construct publishes in its SSM parameter and `BootstrapVersion` output. */
  public static readonly BOOTSTRAP_VERSION = BOOTSTRAP_VERSION;

  /**
   * A stack synthesizer for the stacks a tier deploys: the DefaultStackSynthesizer
   * of the qualifier, with the path-qualified ARNs of its bootstrap roles.
   */
  public static synthesizerFor(qualifier: string): DefaultStackSynthesizer {
    return refuseLater(
      [],
      () => {
        validateQualifier('TierBootstrap.synthesizerFor', qualifier);
        // Placeholders the synthesizer fills in per stack.
        const role = (kind: string) =>
          `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${LANDING_ZONE_PATH}${cdkBootstrapRoleName('${Qualifier}', kind, '${AWS::AccountId}', '${AWS::Region}')}`;
        return new DefaultStackSynthesizer({
          qualifier,
          deployRoleArn: role('deploy'),
          fileAssetPublishingRoleArn: role('file-publishing'),
          imageAssetPublishingRoleArn: role('image-publishing'),
          lookupRoleArn: role('lookup'),
          cloudFormationExecutionRole: role('cfn-exec'),
        });
      },
      () => new RefusedSynthesizer(),
    );
  }

  /**
   * Execution statements for a tier that manages its workloads' roles
   * without holding IAM otherwise (PowerUserAccess): create and change
   * roles in the account of `scope`'s stack only with `boundary` as their
   * permissions boundary, and read, tag, update, delete and pass them. The
   * boundary denies all of these on the landing zone's protected roles and
   * on roles without it. Pass them as `executionStatements`.
   */
  public static boundedRoleStatements(scope: IConstruct, boundary: PermissionBoundary): iam.PolicyStatement[] {
    const roles = Stack.of(scope).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: '*' });
    return [
      new iam.PolicyStatement({
        sid: 'RolesWithTheBoundary',
        actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
        resources: [roles],
        conditions: { StringEquals: { 'iam:PermissionsBoundary': boundary.managedPolicyArn } },
      }),
      new iam.PolicyStatement({
        sid: 'ManageRoles',
        actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:PassRole'],
        resources: [roles],
      }),
    ];
  }

  /**
   * The ARN, path included, of the deploy role a TierBootstrap of `qualifier`
   * creates in the account and region of `scope`'s stack. The boundary must
   * exempt it, and the boundary exists before the bootstrap that carries it:
   * name the role with this instead of writing the convention again.
   */
  public static deployRoleArnFor(scope: IConstruct, qualifier: string): string {
    validateQualifier('TierBootstrap.deployRoleArnFor', qualifier, scope);
    return bootstrapRoleArn(Stack.of(scope), qualifier, 'deploy');
  }

  /**
   * The template of a stack that holds one TierBootstrap, ready for
   * `cdk bootstrap --template FILE --toolkit-stack-name <name>`, as JSON.
   *
   * The stack's own bootstrap check is removed, and the parameters the CLI
   * passes are declared with the one value each that this bootstrap
   * accepts (Qualifier: its qualifier; TrustedAccounts,
   * TrustedAccountsForLookup, CloudFormationExecutionPolicies,
   * FileAssetsBucketName, InputPermissionsBoundary: empty;
   * FileAssetsBucketKmsKeyId: AWS_MANAGED_KEY; PublicAccessBlockConfiguration:
   * true), so that a flag that would change them (`--trust`,
   * `--cloudformation-execution-policies`, `--custom-permissions-boundary`,
   * `--bootstrap-customer-key`) fails the deployment instead of being ignored.
   * The execution policies and the trust are the construct's, never the CLI's.
   */
  public static cliTemplate(stack: Stack): string {
    const bootstraps = stack.node.findAll().filter((c): c is TierBootstrap => c instanceof TierBootstrap);
    if (bootstraps.length !== 1) {
      throw new LandingZoneInputError({
        construct: 'TierBootstrap.cliTemplate',
        scope: stack,
        input: 'stack',
        received: `a stack with ${bootstraps.length} TierBootstrap constructs`,
        expected: 'a stack that holds exactly one TierBootstrap',
      });
    }
    const bootstrap = bootstraps[0];
    const stage = Stage.of(stack);
    if (!stage) {
      throw new LandingZoneInputError({ construct: 'TierBootstrap.cliTemplate', scope: stack, input: 'stack', received: 'a stack outside any app', expected: 'a stack of an App or a Stage' });
    }
    const template = JSON.parse(JSON.stringify(stage.synth().getStackArtifact(stack.artifactId).template));
    delete template.Parameters?.BootstrapVersion;
    delete template.Rules?.CheckBootstrapVersion;
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (resource.Type === 'AWS::CDK::Metadata') {
        delete template.Resources[id];
      }
    }
    delete template.Conditions?.CDKMetadataAvailable;
    for (const section of ['Parameters', 'Rules', 'Conditions']) {
      if (template[section] && Object.keys(template[section]).length === 0) {
        delete template[section];
      }
    }
    const text = JSON.stringify(template);
    if (text.includes('Fn::ImportValue') || Object.keys(template.Parameters ?? {}).length > 0) {
      throw new LandingZoneInputError({
        construct: 'TierBootstrap.cliTemplate',
        scope: stack,
        input: 'stack',
        received: 'a template with imports from other stacks or parameters',
        expected: 'a self-contained stack: put the TierBootstrap in a stack of its own, with the permissions boundary in another stack or in the same one',
      });
    }
    const fixed = (value: string, description: string) => ({ Type: 'String', Default: value, AllowedValues: [value], Description: `${description} Fixed by the TierBootstrap.` });
    template.Parameters = {
      Qualifier: fixed(bootstrap.qualifier, 'The qualifier of the tier\'s bootstrap resources.'),
      TrustedAccounts: fixed('', 'No other account is trusted: the deploy-side roles trust only the tier\'s deploy role.'),
      TrustedAccountsForLookup: fixed('', 'No other account is trusted for lookups.'),
      CloudFormationExecutionPolicies: fixed('', 'The execution role holds the policies given to the TierBootstrap, never those of the CLI.'),
      FileAssetsBucketName: fixed('', 'The staging bucket has the CLI\'s conventional name.'),
      FileAssetsBucketKmsKeyId: fixed('AWS_MANAGED_KEY', 'The staging bucket is encrypted with the AWS managed key of S3.'),
      PublicAccessBlockConfiguration: fixed('true', 'The staging bucket blocks all public access.'),
      InputPermissionsBoundary: fixed('', 'Every role carries the landing zone\'s permissions boundary.'),
      BootstrapVariant: { Type: 'String', Default: `${BOOTSTRAP_VARIANT} (${bootstrap.tier})`, Description: 'The bootstrap variant: the CLI will not overwrite another variant without --force.' },
    };
    return JSON.stringify(template, undefined, 2);
  }

  /** The tier. */
  public readonly tier: DeployTier;
  /** The qualifier. */
  public readonly qualifier: string;
  /** The staging bucket of file assets. */
  public readonly bucket: s3.Bucket;
  /** The repository of image assets. */
  public readonly repository: ecr.Repository;
  /** The deploy role, which the CDK CLI assumes to deploy the tier's stacks. */
  public readonly deployRole: iam.Role;
  /** The file-publishing role. */
  public readonly filePublishingRole: iam.Role;
  /** The image-publishing role. */
  public readonly imagePublishingRole: iam.Role;
  /** The lookup role. */
  public readonly lookupRole: iam.Role;
  /** The CloudFormation execution role. */
  public readonly executionRole: iam.Role;
  /** The ARN of the only principal the deploy-side roles trust: the tier's GitHub deploy role. */
  public readonly trustedRoleArn: string;
  /** The name of the trusted GitHub deploy role. */
  public readonly trustedRoleName: string;
  /** The path of the trusted GitHub deploy role. */
  public readonly trustedRolePath: string;
  /**
   * The ARNs of the four roles the tier's GitHub deploy role assumes
   * (deploy, file-publishing, image-publishing, lookup), computed from the
   * stack's partition, account and region and the role names.
   */
  public readonly deploySideRoleArns: string[];

  constructor(scope: Construct, id: string, props: TierBootstrapProps) {
    const location = futurePath(scope, id);
    requireProps(CONSTRUCT, location, props, { tier: Object.values(DeployTier), qualifier: 'string', boundary: 'object' });
    validateQualifier(CONSTRUCT, props.qualifier, location);
    validateRoleName(CONSTRUCT, location, props.trustedRoleName);
    validateIamPath(CONSTRUCT, location, 'trustedRolePath', props.trustedRolePath);
    const executionPolicies = props.executionPolicies ?? [];
    if (props.tier === DeployTier.INFRASTRUCTURE || props.tier === DeployTier.SERVICES) {
      executionPolicies.forEach((policy, i) => {
        // The AWS managed policy's ARN is a join with the partition: compare its resolved form.
        const arn = JSON.stringify(Stack.of(scope).resolve(policy.managedPolicyArn));
        if (/:iam::aws:policy\/AdministratorAccess"/.test(arn)) {
          throw new LandingZoneInputError({
            construct: CONSTRUCT,
            scope: location,
            input: `executionPolicies[${i}]`,
            received: policy.managedPolicyArn,
            expected: `a policy narrower than AdministratorAccess for tier ${props.tier}: the execution policies say what the tier may create`,
          });
        }
      });
    }
    const other = Stack.of(scope).node.findAll().find((c) => c instanceof TierBootstrap);
    if (other) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: location,
        input: 'scope',
        received: `a stack that already holds the TierBootstrap ${other.node.path}`,
        expected: 'a stack of its own: the CDK CLI reads a bootstrap stack\'s outputs by fixed names',
      });
    }
    super(scope, id);
    this.tier = props.tier;
    this.qualifier = props.qualifier;
    this.trustedRoleName = props.trustedRoleName ?? tierRoleName(props.tier);
    this.trustedRolePath = props.trustedRolePath ?? LANDING_ZONE_PATH;
    const stack = Stack.of(this);
    registerQualifierUse(this, { construct: CONSTRUCT, tier: props.tier, account: stack.account, qualifier: props.qualifier, exclusive: true });

    const roleName = (kind: string) => cdkBootstrapRoleName(props.qualifier, kind, stack.account, stack.region);
    this.trustedRoleArn = roleArn(stack, this.trustedRoleName, this.trustedRolePath);
    this.deploySideRoleArns = CDK_DEPLOY_SIDE_ROLE_KINDS.map((kind) => bootstrapRoleArn(stack, props.qualifier, kind));
    const executionRoleArn = bootstrapRoleArn(stack, props.qualifier, 'cfn-exec');
    // Referenced in the same stack, the boundary is deployed first; from another stack of the app, by its
    // computed ARN, without an export (so that the template stays self-contained), after that stack.
    const boundaryStack = Stack.of(props.boundary);
    const boundaryPolicy = boundaryStack === stack ? props.boundary.managedPolicy : iam.ManagedPolicy.fromManagedPolicyArn(this, 'Boundary', props.boundary.managedPolicyArn);
    if (boundaryStack !== stack && boundaryStack.node.root === stack.node.root) {
      stack.addDependency(boundaryStack, 'The bootstrap roles carry the permissions boundary');
    }

    this.bucket = new s3.Bucket(this, 'StagingBucket', {
      bucketName: `cdk-${props.qualifier}-assets-${stack.account}-${stack.region}`,
      encryption: s3.BucketEncryption.KMS_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        { id: 'CleanupOldVersions', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const filePublishingRoleArn = bootstrapRoleArn(stack, props.qualifier, 'file-publishing');
    const imagePublishingRoleArn = bootstrapRoleArn(stack, props.qualifier, 'image-publishing');
    // An object another principal plants under an asset's key would be deployed by this tier: the CLI
    // skips the upload of an asset whose object already exists.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheTierPublishes',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject*', 's3:PutObject*', 's3:ReplicateObject', 's3:RestoreObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': filePublishingRoleArn } },
      }),
    );
    this.repository = new ecr.Repository(this, 'ContainerAssetsRepository', {
      repositoryName: `cdk-${props.qualifier}-container-assets-${stack.account}-${stack.region}`,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      lifecycleRules: [{ description: 'Untagged images should not exist; expire any older than a year', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Lambda functions of this account only may pull the tier's images.
    this.repository.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LambdaECRImageRetrievalPolicy',
        principals: [new iam.ServicePrincipal('lambda.amazonaws.com')],
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        conditions: { StringLike: { 'aws:sourceArn': stack.formatArn({ service: 'lambda', resource: 'function', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
      }),
    );
    // Likewise for images: an image pushed under an asset's tag would be deployed by this tier.
    this.repository.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheTierPublishes',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['ecr:BatchDeleteImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': imagePublishingRoleArn } },
      }),
    );

    const deploySideRole = (roleId: string, kind: string, description: string, extra: Partial<iam.RoleProps> = {}) => {
      const role = new iam.Role(this, roleId, {
        roleName: roleName(kind),
        path: LANDING_ZONE_PATH,
        description,
        // The account, narrowed to the tier's deploy role: the role may not exist yet when the bootstrap is deployed.
        assumedBy: new iam.AccountRootPrincipal().withConditions({ ArnEquals: { 'aws:PrincipalArn': this.trustedRoleArn } }),
        permissionsBoundary: boundaryPolicy,
        ...extra,
      });
      role.assumeRolePolicy?.addStatements(
        new iam.PolicyStatement({
          actions: ['sts:TagSession'],
          principals: [new iam.AccountRootPrincipal()],
          conditions: { ArnEquals: { 'aws:PrincipalArn': this.trustedRoleArn } },
        }),
      );
      Tags.of(role).add('aws-cdk:bootstrap-role', kind);
      return role;
    };

    this.executionRole = new iam.Role(this, 'CloudFormationExecutionRole', {
      roleName: roleName('cfn-exec'),
      path: LANDING_ZONE_PATH,
      description: `CloudFormation execution role of the landing zone tier ${props.tier.toLowerCase()}: what its stacks may create`,
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com'),
      managedPolicies: executionPolicies,
      permissionsBoundary: boundaryPolicy,
    });
    if (props.executionStatements && props.executionStatements.length > 0) {
      this.executionRole.attachInlinePolicy(new iam.Policy(this, 'ExecutionPolicy', { statements: props.executionStatements }));
    }

    const versionParameter = new ssm.StringParameter(this, 'CdkBootstrapVersion', {
      parameterName: `/cdk-bootstrap/${props.qualifier}/version`,
      stringValue: BOOTSTRAP_VERSION,
      simpleName: false,
      description: `CDK bootstrap version of the landing zone tier ${props.tier.toLowerCase()}`,
    });

    this.deployRole = deploySideRole('DeploymentActionRole', 'deploy', `CDK deploy role of the landing zone tier ${props.tier.toLowerCase()}`, {
      inlinePolicies: {
        default: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'CloudFormationWithoutRole',
              actions: [
                'cloudformation:DescribeChangeSet',
                'cloudformation:DescribeStacks',
                'cloudformation:DescribeEvents',
                'cloudformation:DescribeStackEvents',
                'cloudformation:GetTemplate',
                'cloudformation:GetTemplateSummary',
                'cloudformation:DeleteChangeSet',
                'cloudformation:ExecuteChangeSet',
                'cloudformation:UpdateTerminationProtection',
                'sts:GetCallerIdentity',
              ],
              resources: ['*'],
            }),
            new iam.PolicyStatement({
              // Stacks are created, changed, rolled back and deleted only by the tier's execution role.
              sid: 'CloudFormationWithExecutionRole',
              actions: [
                'cloudformation:CreateChangeSet',
                'cloudformation:CreateStack',
                'cloudformation:UpdateStack',
                'cloudformation:DeleteStack',
                'cloudformation:RollbackStack',
                'cloudformation:ContinueUpdateRollback',
              ],
              resources: ['*'],
              conditions: { ArnEquals: { 'cloudformation:RoleArn': executionRoleArn } },
            }),
            new iam.PolicyStatement({
              // A stack another tier deployed (tagged with its tier), or one no tier deployed (untagged), is
              // not this tier's to change or delete, even with this tier's execution role.
              sid: 'DenyStacksOfOtherTiers',
              effect: iam.Effect.DENY,
              actions: [
                'cloudformation:ContinueUpdateRollback',
                'cloudformation:DeleteStack',
                'cloudformation:RollbackStack',
                'cloudformation:UpdateStack',
                'cloudformation:UpdateTerminationProtection',
              ],
              resources: ['*'],
              conditions: { StringNotEquals: { [`aws:ResourceTag/${TIER_TAG}`]: props.tier } },
            }),
            new iam.PolicyStatement({
              // Change sets also create stacks, which carry no tag yet: refused only on a stack of another tier.
              sid: 'DenyChangeSetsOfOtherTiers',
              effect: iam.Effect.DENY,
              actions: ['cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:ExecuteChangeSet'],
              resources: ['*'],
              conditions: { StringNotEquals: { [`aws:ResourceTag/${TIER_TAG}`]: props.tier }, Null: { [`aws:ResourceTag/${TIER_TAG}`]: 'false' } },
            }),
            new iam.PolicyStatement({
              // Every stack this tier creates or changes carries the tier's tag (TierBootstrap.deploys adds it).
              sid: 'DenyUntaggedChanges',
              effect: iam.Effect.DENY,
              actions: ['cloudformation:CreateChangeSet', 'cloudformation:CreateStack', 'cloudformation:UpdateStack'],
              resources: ['*'],
              conditions: { StringNotEquals: { [`aws:RequestTag/${TIER_TAG}`]: props.tier } },
            }),
            new iam.PolicyStatement({
              sid: 'PassExecutionRole',
              actions: ['iam:PassRole'],
              resources: [executionRoleArn],
              conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
            }),
            new iam.PolicyStatement({
              sid: 'CliStagingBucket',
              actions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
              resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
            }),
            new iam.PolicyStatement({
              sid: 'ReadVersion',
              actions: ['ssm:GetParameter', 'ssm:GetParameters'],
              resources: [versionParameter.parameterArn],
            }),
          ],
        }),
      },
    });
    this.filePublishingRole = deploySideRole('FilePublishingRole', 'file-publishing', `CDK file-publishing role of the landing zone tier ${props.tier.toLowerCase()}`, {
      inlinePolicies: {
        default: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'StagingBucket',
              actions: ['s3:GetObject*', 's3:GetBucket*', 's3:GetEncryptionConfiguration', 's3:List*', 's3:DeleteObject*', 's3:PutObject*', 's3:Abort*'],
              resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
              conditions: { StringEquals: { 'aws:ResourceAccount': stack.account } },
            }),
          ],
        }),
      },
    });
    this.imagePublishingRole = deploySideRole('ImagePublishingRole', 'image-publishing', `CDK image-publishing role of the landing zone tier ${props.tier.toLowerCase()}`, {
      inlinePolicies: {
        default: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ImageRepository',
              actions: [
                'ecr:PutImage',
                'ecr:InitiateLayerUpload',
                'ecr:UploadLayerPart',
                'ecr:CompleteLayerUpload',
                'ecr:BatchCheckLayerAvailability',
                'ecr:DescribeRepositories',
                'ecr:DescribeImages',
                'ecr:BatchGetImage',
                'ecr:GetDownloadUrlForLayer',
              ],
              resources: [this.repository.repositoryArn],
            }),
            new iam.PolicyStatement({ sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
          ],
        }),
      },
    });
    this.lookupRole = deploySideRole('LookupRole', 'lookup', `CDK lookup role of the landing zone tier ${props.tier.toLowerCase()}`, {
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      inlinePolicies: {
        LookupRolePolicy: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ sid: 'DontReadSecrets', effect: iam.Effect.DENY, actions: ['kms:Decrypt'], resources: ['*'] })],
        }),
      },
    });
    for (const role of [this.deployRole, this.filePublishingRole, this.imagePublishingRole, this.lookupRole, this.executionRole]) {
      Tags.of(role).add(TIER_TAG, props.tier);
    }

    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName, description: 'The name of the staging bucket of the tier' }).overrideLogicalId('BucketName');
    new CfnOutput(this, 'BucketDomainName', { value: this.bucket.bucketRegionalDomainName, description: 'The regional domain name of the staging bucket of the tier' }).overrideLogicalId(
      'BucketDomainName',
    );
    new CfnOutput(this, 'ImageRepositoryName', { value: this.repository.repositoryName, description: 'The name of the image repository of the tier' }).overrideLogicalId(
      'ImageRepositoryName',
    );
    new CfnOutput(this, 'BootstrapVersion', { value: BOOTSTRAP_VERSION, description: 'The version of the bootstrap resources of the tier' }).overrideLogicalId(
      'BootstrapVersion',
    );
    Annotations.of(this).addInfo(
      `TierBootstrap: exempt ${this.trustedRoleName} and the deploy role cdk-${props.qualifier}-deploy-role-<account>-<region> in the boundary's exemptPrincipalArns: the boundary denies its holders sts:AssumeRole and iam:PassRole on protected roles.`,
    );
  }

  /**
   * Declares `stack` one of this tier's stacks: tags it `landing-zone:tier`
   * = the tier (the CDK CLI passes stack tags to CloudFormation), which the
   * deploy role requires of every stack it creates or changes, and which
   * keeps every other tier's deploy role off it. Refuses a stack that is not
   * synthesized for this bootstrap (give it `synthesizer()`) or that lives in
   * another account or region.
   */
  public deploys(stack: Stack): void {
    const synthesizer = stack.synthesizer;
    const qualifier = synthesizer instanceof DefaultStackSynthesizer ? synthesizer.bootstrapQualifier : undefined;
    const expected = `this bootstrap's synthesizer() (qualifier "${this.qualifier}")`;
    if (qualifier === undefined) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: `deploys(${stack.node.path}): the stack's synthesizer`, received: synthesizer.constructor.name, expected });
    }
    if (!Token.isUnresolved(qualifier) && qualifier !== this.qualifier) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: `deploys(${stack.node.path}): the stack's bootstrap qualifier`, received: qualifier, expected });
    }
    const own = Stack.of(this);
    for (const [what, theirs, ours] of [['account', stack.account, own.account], ['region', stack.region, own.region]] as const) {
      if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
        throw new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input: `deploys(${stack.node.path}): the stack's ${what}`,
          received: theirs,
          expected: `this bootstrap's ${what}, ${ours}`,
        });
      }
    }
    // On the stack only (the CLI passes it to CloudFormation), not on its resources: a role's tier tag names a tier role.
    stack.tags.setTag(TIER_TAG, this.tier);
  }

  /** The stack synthesizer for the tier's stacks: `TierBootstrap.synthesizerFor(qualifier)`. */
  public synthesizer(): DefaultStackSynthesizer {
    return TierBootstrap.synthesizerFor(this.qualifier);
  }

  /** The ARN of the deploy role, path included: exempt it in the boundary's `exemptPrincipalArns`. */
  public get deployRoleArn(): string {
    return this.deploySideRoleArns[0];
  }
}

/** A role's ARN in `stack`'s account, its path included. */
function roleArn(stack: Stack, name: string, path: string): string {
  return stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${path.slice(1)}${name}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** The synthesizer of a refused qualifier: the stack that uses it refuses it, naming its path. */
class RefusedSynthesizer extends DefaultStackSynthesizer {
  public bind(stack: Stack): void {
    requireAccepted('Stack', stack, 'synthesizer', this);
    super.bind(stack);
  }

  public reusableBind(stack: Stack): IBoundStackSynthesizer {
    // A stack binds a copy (reusableBind), which does not carry the refusal.
    requireAccepted('Stack', stack, 'synthesizer', this);
    return super.reusableBind(stack);
  }
}

/** The ARN of a role of a TierBootstrap of `qualifier` in `stack`'s account and region, under the protected path. */
function bootstrapRoleArn(stack: Stack, qualifier: string, kind: string): string {
  return roleArn(stack, cdkBootstrapRoleName(qualifier, kind, stack.account, stack.region), LANDING_ZONE_PATH);
}

function validateQualifier(construct: string, qualifier: string, scope?: IConstruct | string): void {
  validateMatch(QUALIFIER, qualifier, {
    construct,
    scope,
    input: 'qualifier',
    expected: 'a CDK bootstrap qualifier that fits S3 bucket and ECR repository names: 1 to 10 lower-case letters, digits or "-"',
  });
}
