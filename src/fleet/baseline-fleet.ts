import {
  App,
  AssetStaging,
  BootstraplessSynthesizer,
  CfnParameter,
  DockerImageAssetLocation,
  DockerImageAssetSource,
  FileAssetLocation,
  FileAssetSource,
  Lazy,
  Resource,
  Stack,
  Token,
  aws_cloudformation as cloudformation,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { FleetAccountFilter, StackSetCallAs } from './targets';
import { PermissionBoundary } from '../permission-boundary/permission-boundary';
import { LandingZoneInputError, requireProps } from '../private/errors';
import { TIER_TAG } from '../private/landing-zone';
import { validateOrganizationalUnitIds } from '../private/org-ids';
import { isRegionName } from '../private/regions';
import { STACK_SET_NAME, deploymentFilter, percentage, refusedFilterTypes, stackSetArn } from '../private/stack-sets';
import { DeployTier } from '../tiered-deploy-role/tiered-deploy-role';

const CONSTRUCT = 'BaselineFleet';
const STAGE_ID = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const PARAMETER_NAME = /^[A-Za-z0-9]{1,255}$/;

/** How a roll-out moves from one region to the next. */
export enum FleetRegionConcurrency {
  /** One region after the other, in the declared order: a failure stops the roll-out before the next region. */
  SEQUENTIAL = 'SEQUENTIAL',
  /** Every region at once. */
  PARALLEL = 'PARALLEL',
}

/**
 * How fast a fleet rolls out, and when it stops. The defaults are those of
 * `SpokeFleet`: a quarter of the accounts at once at most, and a stop once a
 * tenth of them failed.
 */
export interface FleetRollOut {
  /**
   * Percentage of the target accounts deployed at once, 1 to 100.
   *
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;
  /**
   * Percentage of the target accounts that may fail (per region) before the
   * operation stops, 0 to 100. CloudFormation deploys to at most this
   * percentage plus one account at once (strict failure tolerance), so zero
   * deploys one account at a time. A failure is closed, not open: IAM
   * refuses to create a role whose boundary does not exist in the account.
   *
   * @default 10
   */
  readonly failureTolerancePercentage?: number;
  /**
   * The order regions are deployed in: every region of the fleet, each once.
   *
   * @default - the fleet's regions, in the order given
   */
  readonly regionOrder?: string[];
  /**
   * Regions one after the other, or all at once.
   *
   * @default FleetRegionConcurrency.SEQUENTIAL
   */
  readonly regionConcurrency?: FleetRegionConcurrency;
}

/**
 * The accounts a fleet reaches: OUs (or the root), optionally refined by an
 * account filter, each with its own values of the fleet's parameters.
 */
export interface FleetTarget {
  /** The OUs (or the root) whose accounts receive the fleet, now and when accounts join them later. */
  readonly organizationalUnitIds: string[];
  /**
   * Only some accounts of the OUs, or all but some.
   *
   * @default - every account of the OUs
   */
  readonly accountFilter?: FleetAccountFilter;
  /**
   * The values of the fleet's parameters for these OUs, by name; a parameter
   * without one takes the fleet's default (`parameters`).
   *
   * @default - the fleet's defaults
   */
  readonly parameterValues?: { [name: string]: string };
}

/** Properties of a baseline fleet. */
export interface BaselineFleetProps {
  /**
   * The prefix of the fleet's StackSet names: each stage's StackSet is
   * `<name>-<stage id in lower case>`. It must start with one of the
   * prefixes the fleet's permissions boundary protects (by default
   * `landing-zone-`), so that the StackSets and their stacks in every target
   * account are protected.
   */
  readonly name: string;
  /** Where the fleet deploys: one or more groups of OUs, each with its own account filter and parameter values. */
  readonly targets: FleetTarget[];
  /**
   * The regions: the first one is the home region, where the global
   * resources (IAM) of every stage are deployed; stages added with
   * `regional: true` are deployed to every region.
   *
   * @default - this stack's region
   */
  readonly regions?: string[];
  /**
   * The default values of the fleet's parameters, by name. Every parameter a
   * stage reads needs a default here or a value in every target.
   *
   * @default - no defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * How fast the fleet rolls out, and when it stops.
   *
   * @default - 25% of the accounts at once, stop when 10% failed, regions one after the other
   */
  readonly rollOut?: FleetRollOut;
  /**
   * Keep an account's baseline when the account leaves the target OUs. On by
   * default: an account moved out of an OU keeps its boundary and roles
   * until someone removes them on purpose.
   *
   * @default true
   */
  readonly retainStacksOnAccountRemoval?: boolean;
  /**
   * Which account creates the StackSets.
   *
   * @default StackSetCallAs.SELF
   */
  readonly callAs?: StackSetCallAs;
}

/** Options of a fleet stage. */
export interface FleetStageOptions {
  /**
   * Deploy this stage to every region of the fleet, not only to the home
   * region. Only for stages without named global resources (IAM roles and
   * policies are global: two regions would collide).
   *
   * @default false
   */
  readonly regional?: boolean;
  /**
   * The stack that holds the stage's StackSet, for instance to keep each
   * stack under CloudFormation's template size limit (every StackSet carries
   * its stage's whole template). Stages must not go back to an earlier stack
   * after a later one: stacks deploy in the stages' order.
   *
   * @default - the fleet's stack
   */
  readonly stackSetStack?: Stack;
  /**
   * The StackSet's description.
   *
   * @default - names the fleet and the stage
   */
  readonly description?: string;
}

/**
 * One stage of a baseline fleet: a stack synthesized on its own and delivered
 * by one StackSet to every account of the fleet, after the stages added
 * before it. Compose the library's constructs into it as into any stack; it
 * is never deployed by the CDK CLI.
 */
export class FleetStage extends Stack {
  /**
   * A stage of `fleet`: only `BaselineFleet.addStage` makes one, so that no
   * stage exists without its StackSet and its boundary.
   * @internal
   */
  public static _create(app: App, fleet: BaselineFleet, id: string, options: FleetStageOptions): FleetStage {
    return new FleetStage(app, fleet, id, options);
  }

  /** The stage's id, as given to `addStage`. */
  public readonly stageId: string;
  /** Whether the stage is deployed to every region of the fleet. */
  public readonly regional: boolean;
  /** The names of the fleet's parameters this stage reads. */
  public readonly parametersRead: string[] = [];
  private readonly fleet: BaselineFleet;

  private constructor(app: App, fleet: BaselineFleet, id: string, options: FleetStageOptions) {
    super(app, id, { synthesizer: new StackSetBodySynthesizer(fleet), analyticsReporting: false, description: options.description });
    this.stageId = id;
    this.regional = options.regional ?? false;
    this.fleet = fleet;
  }

  /**
   * The value of one of the fleet's parameters in the account being
   * deployed: its target's value, or the fleet's default. It is a
   * deploy-time value (a CloudFormation parameter of this stage).
   */
  public parameter(name: string): string {
    if (!PARAMETER_NAME.test(name)) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this.fleet, input: 'parameter name', received: name, expected: 'letters and digits only (a CloudFormation parameter name)' });
    }
    const existing = this.node.tryFindChild(name);
    if (existing instanceof CfnParameter) {
      return existing.valueAsString;
    }
    this.parametersRead.push(name);
    return new CfnParameter(this, name, { type: 'String', description: `The fleet parameter ${name}, per target` }).valueAsString;
  }
}

/**
 * The landing zone's baseline in every account of chosen OUs, including
 * accounts created tomorrow: an ordered list of stages, each synthesized
 * from the library's constructs and delivered by its own service-managed
 * StackSet with auto-deployment.
 *
 * - The first stage holds the fleet's `PermissionBoundary`: the fleet
 *   applies it to every role and user of every stage, and fails synthesis
 *   for any of them without it.
 * - Each stage's StackSet is created after the previous stage's, and
 *   auto-deployment into a new account waits for it (`AutoDeployment.DependsOn`):
 *   the boundary exists before anything that carries it.
 * - Per-OU values come from StackSet parameters (`FleetStage.parameter`)
 *   with values per target, or from one fleet per class of OUs. Accounts are
 *   never listed, so neither the templates nor synthesis grow with them.
 * - StackSet bodies cannot carry file or image assets: a construct that
 *   needs one is refused where it is added, naming it.
 * - The StackSets carry the Bootstrap tier's tag, which their stacks in every
 *   target account inherit: no workload tier's deploy role may change them.
 *
 * @resource AWS::CloudFormation::StackSet
 */
export class BaselineFleet extends Resource {
  /** The stages, in the order they deploy. */
  public readonly stages: FleetStage[] = [];
  /** The StackSets, one per stage, in the same order. */
  public readonly stackSets: cloudformation.CfnStackSet[] = [];
  /** The regions; the first one is the home region. */
  public readonly regions: string[];
  /** The StackSet name prefix. */
  public readonly name: string;
  /** The targets, as given. */
  public readonly targets: FleetTarget[];

  private readonly stageApp = new App();
  private readonly props: BaselineFleetProps;
  private readonly rollOut: Required<Omit<FleetRollOut, 'regionOrder'>> & { regionOrder: string[] };
  private rendered?: Map<FleetStage, any>;

  constructor(scope: Construct, id: string, props: BaselineFleetProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { name: 'string', targets: 'list' });
    this.props = props;
    this.name = props.name;
    if (!Token.isUnresolved(props.name) && !STACK_SET_NAME.test(`${props.name}-x`)) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'name', received: props.name, expected: 'a letter, then letters, digits and hyphens (a StackSet name prefix)' });
    }
    if (props.targets.length === 0) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'targets', received: props.targets, expected: 'at least one target (OUs)' });
    }
    props.targets.forEach((target, i) => {
      validateOrganizationalUnitIds(CONSTRUCT, this, target.organizationalUnitIds);
      deploymentFilter(CONSTRUCT, this, `targets[${i}].accountFilter`, target.accountFilter);
    });
    this.targets = props.targets;
    this.regions = this.validateRegions(props.regions ?? [Stack.of(this).region]);
    const rollOut = props.rollOut ?? {};
    const regionOrder = rollOut.regionOrder ?? this.regions;
    const unresolved = this.regions.some((r) => Token.isUnresolved(r)) || regionOrder.some((r) => Token.isUnresolved(r));
    const sameRegions = regionOrder.length === this.regions.length && new Set(regionOrder).size === regionOrder.length;
    const knownRegions = regionOrder.every((r) => this.regions.includes(r));
    if (!unresolved && !(sameRegions && knownRegions)) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'rollOut.regionOrder', received: regionOrder, expected: `every region of the fleet once: ${this.regions.join(', ')}` });
    }
    this.rollOut = {
      maxConcurrentPercentage: percentage(CONSTRUCT, this, 'rollOut.maxConcurrentPercentage', rollOut.maxConcurrentPercentage ?? 25, 1),
      failureTolerancePercentage: percentage(CONSTRUCT, this, 'rollOut.failureTolerancePercentage', rollOut.failureTolerancePercentage ?? 10, 0),
      regionConcurrency: rollOut.regionConcurrency ?? FleetRegionConcurrency.SEQUENTIAL,
      regionOrder,
    };
    this.node.addValidation({ validate: () => this.validateFleet() });
  }

  /**
   * Adds a stage, deployed after every stage added before it. The first
   * stage must hold the fleet's `PermissionBoundary`.
   */
  public addStage(id: string, options: FleetStageOptions = {}): FleetStage {
    if (!STAGE_ID.test(id) || this.stages.some((s) => s.stageId.toLowerCase() === id.toLowerCase())) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'stage id', received: id, expected: 'a new stage id: a letter, then up to 63 letters and digits, unique in the fleet (case-insensitive)' });
    }
    const stackSetName = `${this.name}-${id.toLowerCase()}`;
    if (!Token.isUnresolved(this.name) && !STACK_SET_NAME.test(stackSetName)) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'stage id', received: id, expected: `a StackSet name of at most 128 characters, "${stackSetName}" is too long` });
    }
    const stage = FleetStage._create(this.stageApp, this, id, options);
    const previous = this.stackSets[this.stackSets.length - 1];
    const stackSet = new cloudformation.CfnStackSet(options.stackSetStack ? new Construct(options.stackSetStack, `${this.node.id}${id}`) : this, id, {
      stackSetName,
      description: options.description ?? `Landing zone baseline ${this.name}, stage ${this.stages.length + 1}: ${id}`,
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: {
        enabled: true,
        retainStacksOnAccountRemoval: this.props.retainStacksOnAccountRemoval ?? true,
        // Auto-deployment into a new account runs the previous stage first.
        dependsOn: previous ? [stackSetArn(previous)] : undefined,
      },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      callAs: this.props.callAs ?? StackSetCallAs.SELF,
      managedExecution: { Active: true },
      operationPreferences: {
        maxConcurrentPercentage: this.rollOut.maxConcurrentPercentage,
        failureTolerancePercentage: this.rollOut.failureTolerancePercentage,
        regionConcurrencyType: this.rollOut.regionConcurrency,
        regionOrder: stage.regional ? this.rollOut.regionOrder : undefined,
      },
      parameters: Lazy.any(
        { produce: () => this.parametersOf(stage).map(([key, value]) => ({ parameterKey: key, parameterValue: value })) },
        { omitEmptyArray: true },
      ),
      stackInstancesGroup: this.targets.map((target, i) => ({
        deploymentTargets: { organizationalUnitIds: target.organizationalUnitIds, ...deploymentFilter(CONSTRUCT, this, `targets[${i}].accountFilter`, target.accountFilter) },
        regions: stage.regional ? this.rollOut.regionOrder : [this.regions[0]],
        parameterOverrides: Lazy.any({ produce: () => this.overridesOf(stage, target) }, { omitEmptyArray: true }),
      })),
      // The instances' stacks inherit the tag: no workload tier may change them.
      tags: [{ key: TIER_TAG, value: DeployTier.BOOTSTRAP }],
      templateBody: Lazy.string({ produce: () => JSON.stringify(this.bodyOf(stage)) }),
    });
    if (previous) {
      // Created (with its instances) after the previous stage's StackSet.
      stackSet.node.addDependency(previous);
    }
    this.node.addValidation({ validate: () => refusedFilterTypes(CONSTRUCT, stackSet, 'targets[].accountFilter') });
    this.stages.push(stage);
    this.stackSets.push(stackSet);
    return stage;
  }

  /** The fleet's permissions boundary: the one in its first stage. */
  public get boundary(): PermissionBoundary {
    const found = this.boundaries();
    const first = this.stages[0];
    if (found.length !== 1 || first === undefined || Stack.of(found[0]) !== first) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'stages',
        received: found.length === 0 ? 'no PermissionBoundary in any stage' : found.map((b) => b.node.path),
        expected: 'exactly one PermissionBoundary, in the first stage: everything the fleet delivers carries it, so it must exist in each account first',
      });
    }
    return found[0];
  }

  /** The StackSet of the stage that holds the boundary (the first). */
  public get boundaryStackSet(): cloudformation.CfnStackSet {
    void this.boundary;
    return this.stackSets[0];
  }

  /** Every stage's template, as delivered to each account (parameters unresolved). */
  public templates(): { [stageId: string]: any } {
    return Object.fromEntries(this.stages.map((s) => [s.stageId, this.bodyOf(s)]));
  }

  private boundaries(): PermissionBoundary[] {
    return this.stages.flatMap((s) => s.node.findAll().filter((c): c is PermissionBoundary => c instanceof PermissionBoundary));
  }

  private bodyOf(stage: FleetStage): any {
    if (this.rendered === undefined) {
      const boundary = this.boundary;
      for (const s of this.stages) {
        boundary.applyTo(s);
      }
      this.checkStageOrder();
      let assembly;
      try {
        assembly = this.stageApp.synth();
      } catch (e) {
        throw new Error(`${CONSTRUCT} (${this.node.path}): a stage failed synthesis (paths are under this fleet): ${(e as Error).message}`);
      }
      this.rendered = new Map(this.stages.map((s) => [s, withoutNagMetadata(assembly.getStackByName(s.stackName).template)]));
      this.checkNoImports();
    }
    return this.rendered.get(stage);
  }

  /** A stage may use what earlier stages create in the account, never what later ones do. */
  private checkStageOrder(): void {
    this.stages.forEach((stage, i) => {
      const later = stage.dependencies.filter((d) => this.stages.indexOf(d as FleetStage) > i);
      if (later.length > 0) {
        throw new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input: `stage ${stage.stageId}`,
          received: `a reference to stage ${later.map((d) => d.stackName).join(', ')}, deployed after it`,
          expected: 'references to earlier stages only (stages deploy in the order they were added)',
        });
      }
    });
  }

  /**
   * No stage imports another's export: a regional stage would look for it in
   * regions where it does not exist, and an export pins its stage in place.
   * Stages reach what earlier stages created by its fixed name instead.
   */
  private checkNoImports(): void {
    for (const [stage, template] of this.rendered ?? []) {
      for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
        if (JSON.stringify(resource).includes('"Fn::ImportValue"')) {
          const constructPath = resource.Metadata?.['aws:cdk:path'] ?? `${stage.stageId}/${logicalId}`;
          throw new LandingZoneInputError({
            construct: CONSTRUCT,
            scope: `${this.node.path}/${constructPath}`,
            input: 'stage construct',
            received: 'a reference to a resource of another stage (an export and Fn::ImportValue)',
            expected: 'references within the stage, or to an earlier stage\'s resource by its fixed name or computed ARN',
          });
        }
      }
    }
  }

  private parametersOf(stage: FleetStage): Array<[string, string]> {
    const defaults = this.props.parameters ?? {};
    return stage.parametersRead.filter((name) => defaults[name] !== undefined).map((name) => [name, defaults[name]]);
  }

  private overridesOf(stage: FleetStage, target: FleetTarget): Array<{ parameterKey: string; parameterValue: string }> {
    const values = target.parameterValues ?? {};
    return stage.parametersRead.filter((name) => values[name] !== undefined).map((name) => ({ parameterKey: name, parameterValue: values[name] }));
  }

  private validateFleet(): string[] {
    const errors: string[] = [];
    if (this.stages.length === 0) {
      return [`${CONSTRUCT} (${this.node.path}): invalid stages: received none; expected at least one stage (addStage), the first holding the PermissionBoundary.`];
    }
    try {
      this.bodyOf(this.stages[0]);
    } catch (e) {
      return [(e as Error).message];
    }
    const declared = new Set([...Object.keys(this.props.parameters ?? {}), ...this.targets.flatMap((t) => Object.keys(t.parameterValues ?? {}))]);
    const read = new Set(this.stages.flatMap((s) => s.parametersRead));
    for (const name of declared) {
      if (!read.has(name)) {
        errors.push(new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'parameters', received: name, expected: `a parameter some stage reads (${[...read].join(', ') || 'none is read'})` }).message);
      }
    }
    for (const name of read) {
      const hasDefault = (this.props.parameters ?? {})[name] !== undefined;
      const missing = hasDefault ? -1 : this.targets.findIndex((t) => (t.parameterValues ?? {})[name] === undefined);
      if (missing >= 0) {
        errors.push(new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: `targets[${missing}].parameterValues`, received: `no value for ${name}`, expected: 'a value for every parameter a stage reads, or a default in parameters' }).message);
      }
    }
    const prefixes = this.boundary.protectedStackNamePrefixes;
    if (!Token.isUnresolved(this.name) && !prefixes.some((p) => this.name.startsWith(p))) {
      errors.push(
        new LandingZoneInputError({
          construct: CONSTRUCT,
          scope: this,
          input: 'name',
          received: this.name,
          expected: `a name starting with a prefix the fleet's boundary protects (${prefixes.join(', ')})`,
          reason: 'Otherwise the boundary would let its holders in each account change or delete the stacks the fleet deployed there.',
        }).message,
      );
    }
    return errors;
  }

  private validateRegions(regions: string[]): string[] {
    const bad = regions.find((r) => !Token.isUnresolved(r) && !isRegionName(r));
    if (regions.length === 0 || bad !== undefined || new Set(regions).size !== regions.length) {
      throw new LandingZoneInputError({ construct: CONSTRUCT, scope: this, input: 'regions', received: bad ?? regions, expected: 'one or more AWS region names, each once, the home region first (e.g. ["eu-west-1"])' });
    }
    return regions;
  }
}

/**
 * The synthesizer of fleet stages: no bootstrap (a StackSet body is a bare
 * template), and a construct that needs a file or image asset is refused
 * where it adds it, naming it.
 */
class StackSetBodySynthesizer extends BootstraplessSynthesizer {
  constructor(private readonly fleet: BaselineFleet) {
    super();
  }

  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    throw this.refuse(asset.sourceHash, 'a file asset');
  }

  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw this.refuse(asset.sourceHash, 'a container image asset');
  }

  private refuse(sourceHash: string, kind: string): Error {
    const stage = this.boundStack;
    const staging = stage.node.findAll().find((c): c is AssetStaging => c instanceof AssetStaging && c.assetHash === sourceHash);
    const owner: IConstruct | undefined = staging?.node.scope?.node.scope ?? undefined;
    const where = owner && owner !== stage ? `${this.fleet.node.path}/${owner.node.path}` : `${this.fleet.node.path}/${stage.node.path}`;
    return new LandingZoneInputError({
      construct: CONSTRUCT,
      scope: where,
      input: 'stage construct',
      received: `${kind} (source hash ${sourceHash.slice(0, 12)})`,
      expected: 'constructs whose template carries everything they need: a StackSet body cannot carry file or image assets (fleet-capable constructs are listed in the README, "Baseline fleets")',
    });
  }
}

/**
 * The template without cdk-nag's suppression metadata: cdk-nag checks the
 * app's stacks, not the bodies of StackSets, and the reasons would count
 * against CloudFormation's size limits of the StackSet and its stack.
 */
function withoutNagMetadata(template: any): any {
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    if (resource?.Metadata?.cdk_nag !== undefined) {
      delete resource.Metadata.cdk_nag;
      if (Object.keys(resource.Metadata).length === 0) {
        delete resource.Metadata;
      }
    }
  }
  return template;
}
