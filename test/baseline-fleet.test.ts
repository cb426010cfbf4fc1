import { App, CfnResource, Duration, Stack, aws_backup as backup, aws_events as events, aws_iam as iam, aws_lambda as lambda, aws_s3 as s3, aws_s3_assets as assets, custom_resources as cr } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AccountEnvironment,
  BackupAuditFramework,
  BackupCopyDestination,
  BackupVault,
  BaselineFleet,
  BaselineFleetProps,
  DeployTier,
  FleetAccountFilter,
  FleetRegionConcurrency,
  GithubActionsRole,
  GithubOidcProvider,
  GithubRepository,
  GithubSubject,
  HubRole,
  PermissionBoundary,
  SpokeFleet,
  SpokeRole,
  TierBootstrap,
  TieredDeployRole,
  VaultLock,
} from '../src';

const ORG = 'o-a1b2c3d4e5';
const PROD_OU = 'ou-ab12-prod0001';
const SANDBOX_OU = 'ou-ab12-sbox0001';
const repo = GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'platform', repositoryId: '2000001' });

function management(app = new App()): Stack {
  return new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function fleetOf(stack: Stack, props: Partial<BaselineFleetProps> = {}): BaselineFleet {
  return new BaselineFleet(stack, 'Baseline', { name: 'landing-zone-workloads', targets: [{ organizationalUnitIds: [PROD_OU] }], ...props });
}

/** A fleet with the boundary, the provider and a Services tier with its bootstrap, and a vault. */
function fullFleet(stack: Stack, props: Partial<BaselineFleetProps> = {}) {
  const fleet = fleetOf(stack, props);
  const boundary = new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
  const access = fleet.addStage('Access');
  const provider = new GithubOidcProvider(access, 'GithubOidc');
  const bootstrap = new TierBootstrap(fleet.addStage('ServicesBootstrap'), 'Bootstrap', { tier: DeployTier.SERVICES, qualifier: 'lzsvc', boundary });
  new TieredDeployRole(access, 'ServicesDeployRole', { tier: DeployTier.SERVICES, provider, subjects: [GithubSubject.environment(repo, 'production')], boundary, bootstrap });
  const vault = new BackupVault(fleet.addStage('Backup'), 'Vault', { lock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(400) }) });
  vault.addPlan('Daily', {
    rules: [new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(35) })],
    selectionTags: { backup: 'daily' },
    copyTo: BackupCopyDestination.fromVaultArn('arn:aws:backup:eu-west-1:444444444444:backup-vault:central'),
  });
  return { fleet, boundary };
}

function stackSets(stack: Stack): Record<string, any> {
  return Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet');
}

function byName(stack: Stack): Record<string, any> {
  return Object.fromEntries(Object.entries(stackSets(stack)).map(([id, r]) => [r.Properties.StackSetName, { id, ...r }]));
}

const BOUNDARY_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/landing-zone/LandingZonePermissionBoundary']] };

describe('BaselineFleet: stages in order', () => {
  const stack = management();
  fullFleet(stack);
  const sets = byName(stack);

  test('one StackSet per stage, named <name>-<stage>, service-managed, auto-deployed and retained on account removal', () => {
    expect(Object.keys(sets)).toEqual([
      'landing-zone-workloads-boundary',
      'landing-zone-workloads-access',
      'landing-zone-workloads-servicesbootstrap',
      'landing-zone-workloads-backup',
    ]);
    for (const set of Object.values<any>(sets)) {
      expect(set.Properties).toMatchObject({
        PermissionModel: 'SERVICE_MANAGED',
        CallAs: 'SELF',
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] }, Regions: ['eu-west-1'] }],
        Tags: [{ Key: 'landing-zone:tier', Value: 'BOOTSTRAP' }],
        OperationPreferences: { MaxConcurrentPercentage: 25, FailureTolerancePercentage: 10, RegionConcurrencyType: 'SEQUENTIAL' },
      });
      expect(set.Properties.AutoDeployment).toMatchObject({ Enabled: true, RetainStacksOnAccountRemoval: true });
    }
  });

  test('each stage is created after the previous one, and auto-deploys into a new account after it', () => {
    const names = Object.keys(sets);
    expect(sets[names[0]].DependsOn).toBeUndefined();
    expect(sets[names[0]].Properties.AutoDeployment.DependsOn).toBeUndefined();
    for (let i = 1; i < names.length; i++) {
      const previous = sets[names[i - 1]].id;
      expect(sets[names[i]].DependsOn).toEqual([previous]);
      expect(sets[names[i]].Properties.AutoDeployment.DependsOn).toEqual([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:eu-west-1:111111111111:stackset/', { 'Fn::GetAtt': [previous, 'StackSetId'] }]] },
      ]);
    }
  });

  test('every role of every stage carries the boundary of the first stage, by its ARN in the target account', () => {
    const roles = Object.values<any>(sets).flatMap((set) =>
      Object.values<any>(JSON.parse(set.Properties.TemplateBody).Resources).filter((r) => r.Type === 'AWS::IAM::Role'),
    );
    // The tier role, the bootstrap's five roles and the backup plan's role.
    expect(roles).toHaveLength(7);
    for (const role of roles) {
      expect(role.Properties.PermissionsBoundary).toEqual(BOUNDARY_ARN);
    }
  });

  test('no stage imports another\'s export, and no body lists a target account', () => {
    for (const set of Object.values<any>(sets)) {
      expect(set.Properties.TemplateBody).not.toContain('Fn::ImportValue');
      // The only account a body names is the backup account it copies to.
      expect([...new Set(set.Properties.TemplateBody.match(/\d{12}/g) ?? [])].filter((a) => a !== '444444444444')).toEqual([]);
      expect(Object.keys(JSON.parse(set.Properties.TemplateBody).Outputs ?? {}).filter((o) => o.startsWith('Exports'))).toEqual([]);
    }
  });
});

describe('BaselineFleet: per-OU values', () => {
  test('a stage reads a fleet parameter: the default as the StackSet parameter, each target\'s value as its override', () => {
    const stack = management();
    const fleet = fleetOf(stack, {
      targets: [
        { organizationalUnitIds: [PROD_OU], parameterValues: { RetentionDays: '35' } },
        { organizationalUnitIds: [SANDBOX_OU] },
      ],
      parameters: { RetentionDays: '14' },
    });
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    const stage = fleet.addStage('Settings');
    new CfnResource(stage, 'Retention', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: stage.parameter('RetentionDays') } });
    const sets = byName(stack);
    expect(sets['landing-zone-workloads-settings'].Properties.Parameters).toEqual([{ ParameterKey: 'RetentionDays', ParameterValue: '14' }]);
    expect(sets['landing-zone-workloads-settings'].Properties.StackInstancesGroup).toEqual([
      { DeploymentTargets: { OrganizationalUnitIds: [PROD_OU] }, Regions: ['eu-west-1'], ParameterOverrides: [{ ParameterKey: 'RetentionDays', ParameterValue: '35' }] },
      { DeploymentTargets: { OrganizationalUnitIds: [SANDBOX_OU] }, Regions: ['eu-west-1'] },
    ]);
    // The boundary stage reads no parameter: it gets none.
    expect(sets['landing-zone-workloads-boundary'].Properties.Parameters).toBeUndefined();
    const body = JSON.parse(sets['landing-zone-workloads-settings'].Properties.TemplateBody);
    expect(body.Parameters.RetentionDays.Type).toBe('String');
  });

  test('a parameter with neither default nor value in a target, or a value nobody reads, fails synthesis', () => {
    const stack = management();
    const fleet = fleetOf(stack, { targets: [{ organizationalUnitIds: [PROD_OU], parameterValues: { Typo: 'x' } }, { organizationalUnitIds: [SANDBOX_OU] }] });
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    const stage = fleet.addStage('Settings');
    new CfnResource(stage, 'Retention', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: stage.parameter('RetentionDays') } });
    expect(() => App.of(stack)!.synth()).toThrow(/BaselineFleet \(Management\/Baseline\): invalid parameters: received "Typo"; expected a parameter some stage reads \(RetentionDays\)/);
    expect(() => App.of(stack)!.synth()).toThrow(/invalid targets\[0\]\.parameterValues: received "no value for RetentionDays"/);
  });

  test('an account filter refines each target; a UNION override fails synthesis', () => {
    const stack = management();
    const fleet = fleetOf(stack, { targets: [{ organizationalUnitIds: [PROD_OU], accountFilter: FleetAccountFilter.allBut(['555555555555']) }] });
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    expect(stack.resolve(fleet.stackSets[0].stackInstancesGroup)[0].deploymentTargets).toEqual({
      organizationalUnitIds: [PROD_OU],
      accountFilterType: 'DIFFERENCE',
      accounts: ['555555555555'],
    });
    fleet.stackSets[0].addPropertyOverride('StackInstancesGroup.0.DeploymentTargets.AccountFilterType', 'UNION');
    expect(() => App.of(stack)!.synth()).toThrow(/BaselineFleet: invalid AccountFilterType \(StackInstancesGroup\): received "UNION"/);
  });
});

describe('BaselineFleet: roll-out', () => {
  test('regional stages go to every region in the declared order; global stages to the home region only', () => {
    const stack = management();
    const fleet = fleetOf(stack, {
      regions: ['eu-west-1', 'eu-central-1'],
      rollOut: { regionOrder: ['eu-central-1', 'eu-west-1'], maxConcurrentPercentage: 10, failureTolerancePercentage: 5, regionConcurrency: FleetRegionConcurrency.PARALLEL },
    });
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    new s3.CfnBucket(fleet.addStage('Logs', { regional: true }), 'Bucket');
    const sets = byName(stack);
    expect(sets['landing-zone-workloads-boundary'].Properties.StackInstancesGroup[0].Regions).toEqual(['eu-west-1']);
    expect(sets['landing-zone-workloads-logs'].Properties.StackInstancesGroup[0].Regions).toEqual(['eu-central-1', 'eu-west-1']);
    expect(sets['landing-zone-workloads-logs'].Properties.OperationPreferences).toEqual({
      MaxConcurrentPercentage: 10,
      FailureTolerancePercentage: 5,
      RegionConcurrencyType: 'PARALLEL',
      RegionOrder: ['eu-central-1', 'eu-west-1'],
    });
  });

  test.each([
    ['regionOrder missing a region', { regions: ['eu-west-1', 'eu-central-1'], rollOut: { regionOrder: ['eu-west-1'] } }, /invalid rollOut.regionOrder: received \["eu-west-1"\]; expected every region of the fleet once: eu-west-1, eu-central-1/],
    ['an unknown region', { regions: ['eu-west-9x'] }, /invalid regions: received "eu-west-9x"/],
    ['a region twice', { regions: ['eu-west-1', 'eu-west-1'] }, /invalid regions/],
    ['a concurrency of 0', { rollOut: { maxConcurrentPercentage: 0 } }, /invalid rollOut.maxConcurrentPercentage: received 0; expected a whole percentage from 1 to 100/],
    ['a tolerance above 100', { rollOut: { failureTolerancePercentage: 101 } }, /invalid rollOut.failureTolerancePercentage: received 101/],
    ['no target', { targets: [] }, /invalid targets: received \[\]; expected at least one target/],
    ['a target that is not an OU', { targets: [{ organizationalUnitIds: ['555555555555'] }] }, /BaselineFleet \(Management\/Baseline\)/],
    ['an empty account filter', { targets: [{ organizationalUnitIds: [PROD_OU], accountFilter: FleetAccountFilter.only([]) }] }, /invalid targets\[0\]\.accountFilter\.accounts: received \[\]/],
    ['a name that is no StackSet name', { name: 'landing zone' }, /invalid name: received "landing zone"/],
  ] as const)('refuses %s', (_name, props, message) => {
    expect(() => fleetOf(management(), props as Partial<BaselineFleetProps>)).toThrow(message);
  });
});

describe('BaselineFleet: the boundary comes first and bounds everything', () => {
  test('no stage, or no boundary, or the boundary after the first stage: synthesis fails', () => {
    const none = management();
    fleetOf(none);
    expect(() => App.of(none)!.synth()).toThrow(/invalid stages: received none; expected at least one stage/);

    const noBoundary = management();
    new s3.CfnBucket(fleetOf(noBoundary).addStage('Logs'), 'Bucket');
    expect(() => App.of(noBoundary)!.synth()).toThrow(/invalid stages: received "no PermissionBoundary in any stage"; expected exactly one PermissionBoundary, in the first stage/);

    const late = management();
    const fleet = fleetOf(late);
    new s3.CfnBucket(fleet.addStage('Logs'), 'Bucket');
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    expect(() => App.of(late)!.synth()).toThrow(/received \["Boundary\/PermissionBoundary"\]; expected exactly one PermissionBoundary, in the first stage/);
  });

  test('a role whose boundary an override removes, and a raw role resource, still carry it', () => {
    const stack = management();
    const fleet = fleetOf(stack);
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    const stage = fleet.addStage('Roles');
    const role = new iam.Role(stage, 'Workload', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    (role.node.defaultChild as iam.CfnRole).addPropertyDeletionOverride('PermissionsBoundary');
    new CfnResource(stage, 'Raw', { type: 'AWS::IAM::Role', properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } });
    const body = JSON.parse(byName(stack)['landing-zone-workloads-roles'].Properties.TemplateBody);
    const roles = Object.values<any>(body.Resources).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(roles.map((r) => r.Properties.PermissionsBoundary)).toEqual([BOUNDARY_ARN, BOUNDARY_ARN]);
  });

  test('a role given another boundary in a stage fails synthesis, naming it', () => {
    const stack = management();
    const fleet = fleetOf(stack);
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    const stage = fleet.addStage('Roles');
    new iam.Role(stage, 'Workload', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      permissionsBoundary: iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'),
    });
    iam.PermissionsBoundary.of(stage.node.findChild('Workload')).apply(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
    expect(() => App.of(stack)!.synth()).toThrow(/BaselineFleet \(Management\/Baseline\): a stage failed synthesis[\s\S]*Roles\/Workload/);
  });

  test('a name the boundary does not protect fails synthesis: holders could change the StackSets\' stacks', () => {
    const stack = management();
    const fleet = fleetOf(stack, { name: 'baseline' });
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    expect(() => App.of(stack)!.synth()).toThrow(/invalid name: received "baseline"; expected a name starting with a prefix the fleet's boundary protects \(landing-zone-\)/);
  });

  test('a stage id used twice is refused', () => {
    const fleet = fleetOf(management());
    fleet.addStage('Boundary');
    expect(() => fleet.addStage('boundary')).toThrow(/invalid stage id: received "boundary"; expected a new stage id/);
  });
});

describe('BaselineFleet: what a StackSet body cannot carry', () => {
  test('a Lambda function with code from a file is refused where it is added, naming it', () => {
    const fleet = fleetOf(management());
    const stage = fleet.addStage('Functions');
    expect(() => new lambda.Function(stage, 'Handler', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset(`${__dirname}/fixtures/assembly-github`) })).toThrow(
      /BaselineFleet \(Management\/Baseline\/Functions\/Handler\): invalid stage construct: received "a file asset \(source hash [0-9a-f]{12}\)"; expected constructs whose template carries everything they need/,
    );
  });

  test('a plain asset and an AwsCustomResource (its provider function is a file asset) are refused', () => {
    const fleet = fleetOf(management());
    expect(() => new assets.Asset(fleet.addStage('Files'), 'Readme', { path: __filename })).toThrow(/Management\/Baseline\/Files\b.*a file asset/);
    expect(
      () =>
        new cr.AwsCustomResource(fleet.addStage('Calls'), 'Call', {
          onCreate: { service: 'STS', action: 'GetCallerIdentity', physicalResourceId: cr.PhysicalResourceId.of('x') },
          policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
        }),
    ).toThrow(/BaselineFleet \(Management\/Baseline\/Calls\/.*\): invalid stage construct: received "a file asset/);
  });

  test('an inline function is fleet-capable', () => {
    const stack = management();
    const fleet = fleetOf(stack);
    new PermissionBoundary(fleet.addStage('Boundary'), 'PermissionBoundary');
    new lambda.Function(fleet.addStage('Functions'), 'Handler', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
    const body = JSON.parse(byName(stack)['landing-zone-workloads-functions'].Properties.TemplateBody);
    expect(Object.values<any>(body.Resources).map((r) => r.Type).sort()).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function']);
  });

  test('a reference to another stage\'s resource (an export) is refused; its fixed name is the way', () => {
    const stack = management();
    const fleet = fleetOf(stack);
    const first = fleet.addStage('Boundary');
    new PermissionBoundary(first, 'PermissionBoundary');
    const bucket = new s3.Bucket(first, 'Logs');
    new CfnResource(fleet.addStage('Uses'), 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: bucket.bucketName } });
    expect(() => App.of(stack)!.synth()).toThrow(/BaselineFleet \(Management\/Baseline\/Uses\/Param\): invalid stage construct: received "a reference to a resource of another stage/);
  });
});

describe('SpokeFleet with a baseline: bounded, after the boundary', () => {
  function hub(stack: Stack) {
    return HubRole.fromHubRoleAttributes(stack, 'Hub', { hubRoleArn: 'arn:aws:iam::222222222222:role/landing-zone/landing-zone-hub', environment: AccountEnvironment.PRODUCTION, organizationId: ORG });
  }

  test('the spoke role carries the baseline\'s boundary; the StackSet deploys and auto-deploys after the boundary stage', () => {
    const stack = management();
    const { fleet } = fullFleet(stack);
    const spokes = new SpokeFleet(stack, 'Spokes', { hub: hub(stack), environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: [PROD_OU], baseline: fleet });
    const role = Object.values<any>(spokes.spokeTemplate.Resources).find((r) => r.Type === 'AWS::IAM::Role');
    expect(role.Properties.PermissionsBoundary).toEqual(BOUNDARY_ARN);
    const set = stackSets(stack)[stack.getLogicalId(spokes.stackSet)];
    const boundaryId = stack.getLogicalId(fleet.boundaryStackSet);
    expect(set.DependsOn).toEqual([boundaryId]);
    expect(set.Properties.AutoDeployment.DependsOn).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:eu-west-1:111111111111:stackset/', { 'Fn::GetAtt': [boundaryId, 'StackSetId'] }]] },
    ]);
    expect(set.Properties.Tags).toEqual([{ Key: 'landing-zone:tier', Value: 'BOOTSTRAP' }]);
  });

  test('without a baseline the spoke has no boundary (as before)', () => {
    const stack = management();
    const spokes = new SpokeFleet(stack, 'Spokes', { hub: hub(stack), environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: [PROD_OU] });
    const role = Object.values<any>(spokes.spokeTemplate.Resources).find((r) => r.Type === 'AWS::IAM::Role');
    expect(role.Properties.PermissionsBoundary).toBeUndefined();
  });

  test('an OU the baseline does not reach, or another account filter, is refused: the boundary would not exist there', () => {
    const stack = management();
    const { fleet } = fullFleet(stack);
    const theHub = hub(stack);
    expect(() => new SpokeFleet(stack, 'Sandbox', { hub: theHub, environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: [SANDBOX_OU], baseline: fleet })).toThrow(
      /SpokeFleet \(Management\/Sandbox\): invalid organizationalUnitIds: received "ou-ab12-sbox0001"; expected OUs the baseline Management\/Baseline targets \(ou-ab12-prod0001\)/,
    );
    expect(
      () =>
        new SpokeFleet(stack, 'Some', {
          hub: theHub,
          environment: AccountEnvironment.PRODUCTION,
          organizationalUnitIds: [PROD_OU],
          accountFilter: FleetAccountFilter.only(['555555555555']),
          baseline: fleet,
        }),
    ).toThrow(/invalid organizationalUnitIds: received "ou-ab12-prod0001"; expected the baseline's account filter for this OU \(every account\), not INTERSECTION:555555555555/);
  });

  test('a baseline without its boundary is refused, naming the spoke fleet', () => {
    const stack = management();
    const fleet = fleetOf(stack);
    fleet.addStage('Empty');
    expect(() => new SpokeFleet(stack, 'Spokes', { hub: hub(stack), environment: AccountEnvironment.PRODUCTION, organizationalUnitIds: [PROD_OU], baseline: fleet })).toThrow(
      /SpokeFleet \(Management\/Spokes\).*no PermissionBoundary in any stage/,
    );
  });
});

describe('BaselineFleet: the fleet-capable constructs the README lists', () => {
  test('each synthesizes in a fleet stage: no asset, no export, every role bounded', () => {
    const stack = management();
    const { fleet, boundary } = fullFleet(stack); // PermissionBoundary, GithubOidcProvider, TieredDeployRole, TierBootstrap, BackupVault with a plan
    const more = fleet.addStage('More');
    const provider = GithubOidcProvider.fromAccount(more, 'Provider');
    new GithubActionsRole(more, 'ActionsRole', { provider, subjects: [GithubSubject.branch(repo, 'main')], permissionsBoundary: boundary.managedPolicy });
    new BackupAuditFramework(more, 'Audit', { minimumRetention: Duration.days(7) });
    new SpokeRole(more, 'Spoke', {
      hub: HubRole.fromHubRoleAttributes(more, 'Hub', { hubRoleArn: 'arn:aws:iam::222222222222:role/landing-zone/landing-zone-hub', environment: AccountEnvironment.PRODUCTION, organizationId: ORG }),
      environment: AccountEnvironment.PRODUCTION,
    });
    const body = JSON.parse(byName(stack)['landing-zone-workloads-more'].Properties.TemplateBody);
    const types = Object.values<any>(body.Resources).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::IAM::Role', 'AWS::Backup::Framework', 'AWS::Backup::ReportPlan']));
    for (const role of Object.values<any>(body.Resources).filter((r) => r.Type === 'AWS::IAM::Role')) {
      expect(role.Properties.PermissionsBoundary).toEqual(BOUNDARY_ARN);
    }
    expect(JSON.stringify(body)).not.toContain('Fn::ImportValue');
  });
});
