/**
 * The proof matrix of the example estate: for every account and every ordered
 * pair of tiers (lower, higher) deployed into it, the lower tier's roles
 * cannot reach the higher tier's roles, the landing zone's stacks (not even
 * with the lower tier's own execution role), the higher tier's staging bucket,
 * image repository and version parameter, the backup keys or the boundary,
 * while the Services tier's ordinary work stays allowed.
 *
 * Everything is read from the synthesized templates and the cloud assembly:
 * accounts and tiers (by the `landing-zone:tier` tag), each role's trust
 * policy, identity policies and boundary, the bucket and repository policies,
 * and each stack's tier tag (which the CLI passes to CloudFormation). Only the AWS managed policies are written here (IAM stores
 * them, not the templates).
 */
import { App, cx_api } from 'aws-cdk-lib';
import { ACCOUNTS, ORGANIZATION, buildLandingZone } from '../examples/landing-zone';
import { literal } from './support/literal';
import { ADMINISTRATOR_ACCESS, decide, type PolicyDocument } from './support/simulation';
import { admits } from './support/trust-evaluator';

const TIER_TAG = 'landing-zone:tier';
const PROTECTED_TAG = 'landing-zone:protected';
/** Highest first. */
const TIERS = ['BOOTSTRAP', 'BASE', 'INFRASTRUCTURE', 'SERVICES'];

/** The AWS managed policies the estate attaches to principals of the matrix, as IAM defines them in substance. */
const MANAGED: Record<string, PolicyDocument> = {
  AdministratorAccess: ADMINISTRATOR_ACCESS,
  // Everything but IAM, Organizations and Account management, plus the few IAM and Organizations reads and service-linked roles it grants.
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'],
        Resource: '*',
      },
    ],
  },
};

type Kind = 'tier' | 'deploy' | 'file-publishing' | 'image-publishing' | 'lookup' | 'cfn-exec';

interface RoleModel {
  readonly arn: string;
  readonly tier: string;
  readonly kind: Kind;
  readonly trust: any;
  /** Identity policies, by name; managed policies not in MANAGED are kept by ARN and refused as principals. */
  readonly identity: Record<string, PolicyDocument>;
  readonly unknownManaged: string[];
  readonly boundaryArn: string;
}

interface AccountModel {
  readonly account: string;
  readonly region: string;
  readonly tiers: string[];
  readonly roles: RoleModel[];
  readonly boundaryArn: string;
  readonly boundary: any;
  /** The landing zone's stacks in this account, by ARN, with their tier tag (the CLI passes stack tags to CloudFormation). */
  readonly stacks: string[];
  readonly stackTiers: Record<string, string | undefined>;
  /** The ARNs and protection tags of the account's tagged KMS keys. */
  readonly keys: Array<{ arn: string; tag: string; policy: any }>;
  /** The bucket policies of the account's buckets, by bucket name. */
  readonly bucketPolicies: Record<string, any>;
  /** The repository policies of the account's image repositories, by repository ARN. */
  readonly repositoryPolicies: Record<string, any>;
}

/** A stack as the matrix reads it: a stack of the cloud assembly, or a StackSet's stack in one target account. */
interface DeployedStack {
  readonly stackName: string;
  readonly environment: { readonly account: string; readonly region: string };
  readonly tags: Record<string, string>;
  readonly template: any;
}

/** One example account of each OU the fleets target. */
const OU_ACCOUNTS: Record<string, string> = { [ORGANIZATION.productionOu]: ACCOUNTS.production, [ORGANIZATION.sandboxOu]: ACCOUNTS.sandbox };

/**
 * The stacks of an assembly as deployed: each StackSet adds, to the example
 * account of each OU it targets, a stack named as StackSets name them, with
 * the StackSet's template and tags.
 */
function deployedStacks(assembly: cx_api.CloudAssembly): DeployedStack[] {
  const out: DeployedStack[] = [...assembly.stacks];
  for (const owner of assembly.stacks) {
    for (const resource of Object.values<any>(owner.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudFormation::StackSet') {
        continue;
      }
      const p = resource.Properties;
      for (const group of p.StackInstancesGroup) {
        for (const ou of group.DeploymentTargets.OrganizationalUnitIds) {
          for (const region of group.Regions) {
            out.push({
              stackName: `StackSet-${p.StackSetName}-0a1b2c3d`,
              environment: { account: OU_ACCOUNTS[ou], region },
              tags: Object.fromEntries((p.Tags ?? []).map((t: any) => [t.Key, t.Value])),
              template: JSON.parse(p.TemplateBody),
            });
          }
        }
      }
    }
  }
  return out;
}

/** Reads the estate's accounts from its deployed stacks. */
function model(deployed: DeployedStack[]): AccountModel[] {
  const byAccount = new Map<string, DeployedStack[]>();
  for (const stack of deployed) {
    byAccount.set(stack.environment.account, [...(byAccount.get(stack.environment.account) ?? []), stack]);
  }
  return [...byAccount.entries()].map(([account, stacks]) => {
    const region = stacks.find((s) => s.template.Resources && Object.values<any>(s.template.Resources).some((r) => r.Type === 'AWS::IAM::OIDCProvider'))!.environment.region;
    const roles: RoleModel[] = [];
    const keys: Array<{ arn: string; tag: string; policy: any }> = [];
    let boundary: any;
    let boundaryArn = '';
    const bucketPolicies: Record<string, any> = {};
    const repositoryPolicies: Record<string, any> = {};
    for (const stack of stacks) {
      const resources: Record<string, any> = stack.template.Resources ?? {};
      const stackRegion = stack.environment.region;
      const references: Record<string, string> = {};
      const attributes: Record<string, string> = {};
      // Names are literal in an account's stack, and built from AWS::AccountId in a StackSet's.
      const named = (v: unknown): string => literal(v, account, stackRegion);
      for (const [id, r] of Object.entries<any>(resources)) {
        const p = r.Properties ?? {};
        if (r.Type === 'AWS::S3::Bucket') {
          attributes[id] = `arn:aws:s3:::${named(p.BucketName)}`;
          references[id] = named(p.BucketName);
        } else if (r.Type === 'AWS::ECR::Repository') {
          attributes[id] = `arn:aws:ecr:${stackRegion}:${account}:repository/${named(p.RepositoryName)}`;
        } else if (r.Type === 'AWS::SSM::Parameter') {
          references[id] = named(p.Name);
        } else if (r.Type === 'AWS::IAM::ManagedPolicy') {
          references[id] = `arn:aws:iam::${account}:policy${p.Path ?? '/'}${named(p.ManagedPolicyName)}`;
        } else if (r.Type === 'AWS::IAM::OIDCProvider') {
          references[id] = `arn:aws:iam::${account}:oidc-provider/${String(p.Url).replace('https://', '')}`;
        }
      }
      const resolveAttributes = (v: any): any => {
        if (Array.isArray(v)) {
          return v.map(resolveAttributes);
        }
        if (v !== null && typeof v === 'object') {
          if (Object.keys(v).length === 1 && v['Fn::GetAtt'] && attributes[v['Fn::GetAtt'][0]] && v['Fn::GetAtt'][1] === 'Arn') {
            return attributes[v['Fn::GetAtt'][0]];
          }
          return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveAttributes(x)]));
        }
        return v;
      };
      const lit = (v: unknown) => literal(resolveAttributes(v), account, stackRegion, references);
      for (const [id, r] of Object.entries<any>(resources)) {
        const p = r.Properties ?? {};
        if (r.Type === 'AWS::IAM::ManagedPolicy' && p.ManagedPolicyName === 'LandingZonePermissionBoundary') {
          boundary = lit(p.PolicyDocument);
          boundaryArn = references[id];
        }
        if (r.Type === 'AWS::S3::BucketPolicy' && typeof references[p.Bucket?.Ref] === 'string') {
          bucketPolicies[references[p.Bucket.Ref]] = lit(p.PolicyDocument);
        }
        if (r.Type === 'AWS::ECR::Repository' && p.RepositoryPolicyText) {
          repositoryPolicies[attributes[id]] = lit(p.RepositoryPolicyText);
        }
        if (r.Type === 'AWS::KMS::Key') {
          const tag = (p.Tags ?? []).find((t: any) => t.Key === PROTECTED_TAG);
          if (tag) {
            keys.push({ arn: `arn:aws:kms:${stackRegion}:${account}:key/${id.toLowerCase().padEnd(8, '0').slice(0, 8)}-1111-2222-3333-444455556666`, tag: tag.Value, policy: lit(p.KeyPolicy) });
          }
        }
        const tier = r.Type === 'AWS::IAM::Role' ? (p.Tags ?? []).find((t: any) => t.Key === TIER_TAG)?.Value : undefined;
        if (!tier) {
          continue;
        }
        const bootstrapKind = (p.Tags ?? []).find((t: any) => t.Key === 'aws-cdk:bootstrap-role')?.Value;
        const roleName: string = lit(p.RoleName);
        const kind: Kind = bootstrapKind ?? (/-cfn-exec-role-/.test(roleName) ? 'cfn-exec' : 'tier');
        const identity: Record<string, PolicyDocument> = {};
        const unknownManaged: string[] = [];
        for (const policy of p.Policies ?? []) {
          identity[policy.PolicyName] = lit(policy.PolicyDocument);
        }
        for (const [pid, policy] of Object.entries<any>(resources)) {
          if (policy.Type === 'AWS::IAM::Policy' && JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: id }])) {
            identity[pid] = lit(policy.Properties.PolicyDocument);
          }
        }
        for (const arn of lit(p.ManagedPolicyArns ?? []) as string[]) {
          const name = arn.replace('arn:aws:iam::aws:policy/', '');
          if (MANAGED[name]) {
            identity[name] = MANAGED[name];
          } else {
            unknownManaged.push(arn);
          }
        }
        roles.push({
          arn: `arn:aws:iam::${account}:role${p.Path ?? '/'}${roleName}`,
          tier,
          kind,
          trust: lit(p.AssumeRolePolicyDocument),
          identity,
          unknownManaged,
          boundaryArn: lit(p.PermissionsBoundary),
        });
      }
    }
    const tiers = TIERS.filter((t) => roles.some((r) => r.tier === t && r.kind === 'tier'));
    const stackArn = (s: DeployedStack) =>
      `arn:aws:cloudformation:${s.environment.region}:${account}:stack/${s.stackName}/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
    const stackTiers = Object.fromEntries(stacks.map((s) => [stackArn(s), s.tags[TIER_TAG]]));
    const stackArns = stacks.map(stackArn);
    return { account, region, tiers, roles, boundaryArn, boundary, stacks: stackArns, stackTiers, keys, bucketPolicies, repositoryPolicies };
  });
}

function roleOf(account: AccountModel, tier: string, kind: Kind): RoleModel {
  const found = account.roles.filter((r) => r.tier === tier && r.kind === kind);
  if (found.length !== 1) {
    throw new Error(`account ${account.account}: ${found.length} roles of tier ${tier} and kind ${kind}`);
  }
  return found[0];
}

/** The policies that decide a request of a role: its identity policies and its boundary, read from its template. */
function caller(account: AccountModel, role: RoleModel) {
  if (role.unknownManaged.length > 0) {
    throw new Error(`${role.arn} holds managed policies the matrix does not model: ${role.unknownManaged.join(', ')}`);
  }
  if (role.boundaryArn !== account.boundaryArn) {
    throw new Error(`${role.arn} carries the boundary ${JSON.stringify(role.boundaryArn)}, not ${account.boundaryArn}`);
  }
  return { principal: role.arn, identityPolicies: role.identity, permissionBoundary: account.boundary };
}

interface MatrixCase {
  readonly name: string;
  readonly run: () => Promise<string>;
}

const PRINCIPAL_KINDS: Kind[] = ['tier', 'deploy', 'cfn-exec'];
const TARGET_KINDS: Kind[] = ['tier', 'deploy', 'file-publishing', 'lookup', 'cfn-exec'];

/** Every case of one ordered pair: what the lower tier must not do to the higher one and to the landing zone. */
function denialCases(account: AccountModel, lower: string, higher: string): MatrixCase[] {
  const cases: MatrixCase[] = [];
  const higherExec = roleOf(account, higher, 'cfn-exec');
  for (const principalKind of PRINCIPAL_KINDS) {
    const principal = roleOf(account, lower, principalKind);
    const who = `${lower} ${principalKind} role`;
    for (const targetKind of TARGET_KINDS) {
      const target = roleOf(account, higher, targetKind);
      cases.push(
        {
          name: `${who}: sts:AssumeRole ${target.arn}`,
          run: () => decide({ ...caller(account, principal), action: 'sts:AssumeRole', resource: target.arn, trustPolicy: target.trust }),
        },
        {
          name: `${who}: iam:PassRole ${target.arn}`,
          run: () =>
            decide({ ...caller(account, principal), action: 'iam:PassRole', resource: target.arn, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }),
        },
        {
          name: `${who}: iam:UpdateAssumeRolePolicy ${target.arn}`,
          run: () => decide({ ...caller(account, principal), action: 'iam:UpdateAssumeRolePolicy', resource: target.arn }),
        },
      );
    }
    const ownExec = roleOf(account, lower, 'cfn-exec');
    for (const stack of account.stacks) {
      const tier = account.stackTiers[stack];
      const resourceTag: Record<string, string> = tier ? { [`aws:ResourceTag/${TIER_TAG}`]: tier } : {};
      for (const action of ['cloudformation:UpdateStack', 'cloudformation:DeleteStack']) {
        // The deploy role changes stacks only through an execution role: the higher tier's, or its own.
        const requestTag: Record<string, string | string[]> =
          action === 'cloudformation:UpdateStack' ? { [`aws:RequestTag/${TIER_TAG}`]: lower, 'aws:TagKeys': [TIER_TAG] } : {};
        const execRoles = principalKind === 'deploy' ? [higherExec, ownExec] : [undefined];
        for (const exec of execRoles) {
          const context = { ...resourceTag, ...requestTag, ...(exec ? { 'cloudformation:RoleArn': exec.arn } : {}) };
          const through = exec ? ` with ${exec === ownExec ? 'its own' : 'the higher'} execution role` : '';
          cases.push({ name: `${who}: ${action} ${stack}${through}`, run: () => decide({ ...caller(account, principal), action, resource: stack, context }) });
        }
      }
      if (principalKind === 'deploy') {
        // A change set the lower tier created (with its own tag) on the stack, executed.
        const action = 'cloudformation:ExecuteChangeSet';
        cases.push({ name: `${who}: ${action} ${stack}`, run: () => decide({ ...caller(account, principal), action, resource: stack, context: resourceTag }) });
      }
    }
    // The higher tier's bootstrap resources: no planted asset, no reconfiguration, no lost version parameter.
    const qualifier = higherExec.arn.match(/cdk-([a-z0-9-]+)-cfn-exec-role/)![1];
    const bucket = `cdk-${qualifier}-assets-${account.account}-${account.region}`;
    const repository = `arn:aws:ecr:${account.region}:${account.account}:repository/cdk-${qualifier}-container-assets-${account.account}-${account.region}`;
    const parameter = `arn:aws:ssm:${account.region}:${account.account}:parameter/cdk-bootstrap/${qualifier}/version`;
    const onResource = (action: string, resource: string, resourcePolicy?: unknown) => ({
      name: `${who}: ${action} ${resource}`,
      run: () =>
        decide({
          ...caller(account, principal),
          action,
          resource,
          resourceAccount: account.account,
          resourcePolicy,
          context: { 'aws:SecureTransport': 'true', 'aws:ResourceAccount': account.account },
        }),
    });
    cases.push(
      onResource('s3:PutObject', `arn:aws:s3:::${bucket}/0123abcd.zip`, account.bucketPolicies[bucket]),
      onResource('s3:PutBucketPolicy', `arn:aws:s3:::${bucket}`, account.bucketPolicies[bucket]),
      onResource('ecr:PutImage', repository, account.repositoryPolicies[repository]),
      onResource('ecr:SetRepositoryPolicy', repository, account.repositoryPolicies[repository]),
      onResource('ssm:DeleteParameter', parameter),
      onResource('ssm:PutParameter', parameter),
    );
    // A StackSet of the landing zone (protected by the default prefix): its update would deploy into every target account.
    const stackSet = `arn:aws:cloudformation:${account.region}:${account.account}:stackset/landing-zone-baseline:0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
    for (const action of ['cloudformation:UpdateStackSet', 'cloudformation:CreateStackInstances']) {
      cases.push({ name: `${who}: ${action} ${stackSet}`, run: () => decide({ ...caller(account, principal), action, resource: stackSet }) });
    }
    for (const key of account.keys) {
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']) {
        cases.push({
          name: `${who}: ${action} ${key.arn}`,
          run: () =>
            decide({ ...caller(account, principal), action, resource: key.arn, resourcePolicy: key.policy, context: { [`aws:ResourceTag/${PROTECTED_TAG}`]: key.tag } }),
        });
      }
    }
    cases.push({
      name: `${who}: iam:CreatePolicyVersion ${account.boundaryArn}`,
      run: () => decide({ ...caller(account, principal), action: 'iam:CreatePolicyVersion', resource: account.boundaryArn }),
    });
  }
  return cases;
}

function pairsOf(account: AccountModel): Array<[string, string]> {
  // TIERS is highest first: every later tier is lower than every earlier one.
  return account.tiers.flatMap((higher, i) => account.tiers.slice(i + 1).map((lower): [string, string] => [lower, higher]));
}

async function run(cases: MatrixCase[]): Promise<Array<{ name: string; decision: string }>> {
  const results = [];
  for (const c of cases) {
    results.push({ name: c.name, decision: await c.run() });
  }
  return results;
}

async function allowedDenials(accounts: AccountModel[]): Promise<string[]> {
  const cases = accounts.flatMap((a) => pairsOf(a).flatMap(([lower, higher]) => denialCases(a, lower, higher)));
  return (await run(cases)).filter((r) => r.decision === 'Allowed').map((r) => r.name);
}

/** The subjects a tier role's trust admits, read from its conditions (patterns as one concrete value). */
function subjectsOf(role: RoleModel): string[] {
  return role.trust.Statement.flatMap((s: any) =>
    Object.values<any>(s.Condition ?? {}).flatMap((c) => [c['token.actions.githubusercontent.com:sub'] ?? []].flat().map((v: string) => v.replace(/\*/g, 'x'))),
  );
}

function providerOf(role: RoleModel): string {
  return role.trust.Statement[0].Principal.Federated;
}

/** The lower tiers' GitHub subjects that a higher tier role of their account admits. */
function admittedSubjects(accounts: AccountModel[]): string[] {
  return accounts.flatMap((account) =>
    pairsOf(account).flatMap(([lower, higher]) => {
      const higherRole = roleOf(account, higher, 'tier');
      return subjectsOf(roleOf(account, lower, 'tier'))
        .filter((sub) => admits(higherRole.trust, { providerArn: providerOf(higherRole), token: { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub } }))
        .map((sub) => `${account.account} ${higher} admits ${sub}`);
    }),
  );
}

const app = new App();
buildLandingZone(app);
const estate = model(deployedStacks(app.synth()));
// The same estate with the workload accounts' baseline delivered by StackSet fleets.
const fleetApp = new App();
buildLandingZone(fleetApp, { workloads: 'fleets' });
const fleetEstate = model(deployedStacks(fleetApp.synth()));
const pairs = estate.flatMap((account) => pairsOf(account).map(([lower, higher]) => ({ account, lower, higher })));

describe('the example estate: no tier reaches a higher tier of its account', () => {
  test('the matrix is read from the estate: 6 accounts, 9 tiers, 4 ordered pairs, 531 denial cases', () => {
    expect(estate.map((a) => `${a.account}:${a.tiers.join(',')}`).sort()).toEqual([
      '111111111111:BOOTSTRAP',
      '222222222222:BASE',
      '333333333333:INFRASTRUCTURE',
      '444444444444:BASE',
      '555555555555:BASE,INFRASTRUCTURE,SERVICES',
      '666666666666:INFRASTRUCTURE,SERVICES',
    ]);
    expect(pairs.map((p) => `${p.account.account} ${p.lower}<${p.higher}`)).toEqual([
      '555555555555 INFRASTRUCTURE<BASE',
      '555555555555 SERVICES<BASE',
      '555555555555 SERVICES<INFRASTRUCTURE',
      '666666666666 SERVICES<INFRASTRUCTURE',
    ]);
    // Per pair: 3 principals x (5 roles x 3 actions + stacks x 2 + keys x 3 + 1 boundary + 6 bootstrap resource actions + 2 StackSet
    // actions), the deploy role's stack actions once with each execution role, plus its ExecuteChangeSet per stack; Production has
    // 6 stacks (its spoke StackSet's included), Sandbox 5, one key each.
    expect(pairs.map((p) => denialCases(p.account, p.lower, p.higher).length)).toEqual([135, 135, 135, 126]);
    expect(pairs.reduce((n, p) => n + denialCases(p.account, p.lower, p.higher).length, 0)).toBe(531);
  });

  test.each(pairs.map((p) => [`${p.account.account} ${p.lower} < ${p.higher}`, p] as const))(
    '%s: the lower tier\'s GitHub subjects are refused by the higher tier role\'s trust',
    (_name, { account, lower, higher }) => {
      const lowerRole = roleOf(account, lower, 'tier');
      const higherRole = roleOf(account, higher, 'tier');
      const subjects = subjectsOf(lowerRole);
      expect(subjects.length).toBeGreaterThan(0);
      for (const sub of subjects) {
        const token = { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub };
        expect({ sub, own: admits(lowerRole.trust, { providerArn: providerOf(lowerRole), token }) }).toEqual({ sub, own: true });
        expect({ sub, higher: admits(higherRole.trust, { providerArn: providerOf(higherRole), token }) }).toEqual({ sub, higher: false });
      }
    },
  );

  test.each(pairs.map((p) => [`${p.account.account} ${p.lower} < ${p.higher}`, p] as const))(
    '%s: the lower tier\'s roles cannot assume, pass or re-trust the higher tier\'s roles, nor change the stacks, backup keys or boundary',
    async (_name, { account, lower, higher }) => {
      const results = await run(denialCases(account, lower, higher));
      expect(results.filter((r) => !/Denied/.test(r.decision))).toEqual([]);
    },
  );
});

describe('the estate with fleets: the same proofs on the StackSet-delivered workload accounts', () => {
  const fleetPairs = fleetEstate.flatMap((account) => pairsOf(account).map(([lower, higher]) => ({ account, lower, higher })));
  /** A case's name without the stack's name, which differs (Production's own stacks, or the StackSets' stacks). */
  const answers = (accounts: typeof pairs) =>
    accounts.flatMap((p) => denialCases(p.account, p.lower, p.higher).map((c) => c.name.replace(/stack\/[^/]+\//, 'stack/<stack>/')));

  test('the same accounts, tiers and ordered pairs; the workload accounts\' stacks are the StackSets\' (and the DNS stacks)', () => {
    expect(fleetEstate.map((a) => `${a.account}:${a.tiers.join(',')}`).sort()).toEqual(estate.map((a) => `${a.account}:${a.tiers.join(',')}`).sort());
    expect(fleetPairs.map((p) => `${p.account.account} ${p.lower}<${p.higher}`)).toEqual(pairs.map((p) => `${p.account.account} ${p.lower}<${p.higher}`));
    const production = fleetEstate.find((a) => a.account === ACCOUNTS.production)!;
    expect(production.stacks.map((arn) => arn.split('/')[1]).sort()).toEqual([
      'ProductionDns',
      'StackSet-landing-zone-production-access-0a1b2c3d',
      'StackSet-landing-zone-production-backup-0a1b2c3d',
      'StackSet-landing-zone-production-basebootstrap-0a1b2c3d',
      'StackSet-landing-zone-production-boundary-0a1b2c3d',
      'StackSet-landing-zone-production-infrastructurebootstrap-0a1b2c3d',
      'StackSet-landing-zone-production-servicesbootstrap-0a1b2c3d',
      'StackSet-landing-zone-spoke-production-0a1b2c3d',
    ]);
    // Every kind of case of the per-account estate is asked of the fleet-delivered one.
    expect([...new Set(answers(fleetPairs))].sort()).toEqual(expect.arrayContaining([...new Set(answers(pairs))].sort()));
  });

  test.each(fleetPairs.map((p) => [`${p.account.account} ${p.lower} < ${p.higher}`, p] as const))(
    '%s: every denial of the per-account estate holds',
    async (_name, { account, lower, higher }) => {
      const cases = denialCases(account, lower, higher);
      const results = await run(cases);
      expect(results.filter((r) => !/Denied/.test(r.decision))).toEqual([]);
    },
  );

  test.each(fleetPairs.map((p) => [`${p.account.account} ${p.lower} < ${p.higher}`, p] as const))(
    '%s: the lower tier\'s GitHub subjects are refused by the higher tier role\'s trust',
    (_name, { account, lower, higher }) => {
      const higherRole = roleOf(account, higher, 'tier');
      for (const sub of subjectsOf(roleOf(account, lower, 'tier'))) {
        const token = { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub };
        expect({ sub, higher: admits(higherRole.trust, { providerArn: providerOf(higherRole), token }) }).toEqual({ sub, higher: false });
      }
    },
  );

  test('the boundary without DenyProtectedResources opens the StackSets\' stacks too', async () => {
    const changed: AccountModel[] = JSON.parse(JSON.stringify(fleetEstate));
    changed.forEach(withoutBoundaryStatement('DenyProtectedResources'));
    const opened = await allowedDenials(changed);
    expect(opened.filter((name) => /StackSet-landing-zone-/.test(name)).length).toBeGreaterThan(0);
  });
});

describe('the example estate: each tier deploys through its own chain', () => {
  const tiers = estate.flatMap((account) => account.tiers.map((tier) => ({ account, tier })));

  test('9 tiers in 6 accounts', () => {
    expect(tiers).toHaveLength(9);
  });

  test.each(tiers.map((t) => [`${t.account.account} ${t.tier}`, t] as const))('%s: GitHub token -> tier role -> bootstrap roles -> execution role', async (_name, { account, tier }) => {
    const tierRole = roleOf(account, tier, 'tier');
    for (const sub of subjectsOf(tierRole)) {
      expect(admits(tierRole.trust, { providerArn: providerOf(tierRole), token: { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub } })).toBe(true);
    }
    const results: Record<string, string> = {};
    for (const kind of ['deploy', 'file-publishing', 'image-publishing', 'lookup'] as Kind[]) {
      const target = roleOf(account, tier, kind);
      results[`assume ${kind}`] = await decide({ ...caller(account, tierRole), action: 'sts:AssumeRole', resource: target.arn, trustPolicy: target.trust });
    }
    const deploy = roleOf(account, tier, 'deploy');
    const exec = roleOf(account, tier, 'cfn-exec');
    results['pass cfn-exec'] = await decide({ ...caller(account, deploy), action: 'iam:PassRole', resource: exec.arn, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
    results['create a stack with cfn-exec'] = await decide({
      ...caller(account, deploy),
      action: 'cloudformation:CreateStack',
      resource: `arn:aws:cloudformation:${account.region}:${account.account}:stack/workload/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
      context: { 'cloudformation:RoleArn': exec.arn, [`aws:RequestTag/${TIER_TAG}`]: tier, 'aws:TagKeys': [TIER_TAG] },
    });
    results['delete its own stack with cfn-exec'] = await decide({
      ...caller(account, deploy),
      action: 'cloudformation:DeleteStack',
      resource: `arn:aws:cloudformation:${account.region}:${account.account}:stack/workload/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
      context: { 'cloudformation:RoleArn': exec.arn, [`aws:ResourceTag/${TIER_TAG}`]: tier },
    });
    expect(results).toEqual({
      'assume deploy': 'Allowed',
      'assume file-publishing': 'Allowed',
      'assume image-publishing': 'Allowed',
      'assume lookup': 'Allowed',
      'pass cfn-exec': 'Allowed',
      'create a stack with cfn-exec': 'Allowed',
      'delete its own stack with cfn-exec': 'Allowed',
    });
  });

  const servicesAccounts = estate.filter((a) => a.tiers.includes('SERVICES'));
  test.each(servicesAccounts.map((a) => [a.account, a] as const))('%s: the Services execution role does ordinary work, and only with the boundary', async (_name, account) => {
    const exec = roleOf(account, 'SERVICES', 'cfn-exec');
    const as = (action: string, resource: string, context?: Record<string, string>) =>
      decide({ ...caller(account, exec), action, resource, resourceAccount: account.account, context });
    expect({
      bucket: await as('s3:CreateBucket', `arn:aws:s3:::shop-assets-${account.account}`),
      function: await as('lambda:CreateFunction', `arn:aws:lambda:${account.region}:${account.account}:function:shop-api`),
      roleWithBoundary: await as('iam:CreateRole', `arn:aws:iam::${account.account}:role/shop/shop-api`, { 'iam:PermissionsBoundary': account.boundaryArn }),
      stack: await as('cloudformation:CreateStack', `arn:aws:cloudformation:${account.region}:${account.account}:stack/shop-api/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`),
      roleWithoutBoundary: await as('iam:CreateRole', `arn:aws:iam::${account.account}:role/shop/shop-api`),
      protectedRole: await as('iam:CreateRole', `arn:aws:iam::${account.account}:role/landing-zone/shop-api`, { 'iam:PermissionsBoundary': account.boundaryArn }),
    }).toEqual({
      bucket: 'Allowed',
      function: 'Allowed',
      roleWithBoundary: 'Allowed',
      stack: 'Allowed',
      roleWithoutBoundary: expect.stringMatching(/Denied/),
      protectedRole: 'ExplicitlyDenied by DenyProtectedResources',
    });
  });
});

/** A copy of the estate with one change. */
function mutate(change: (account: AccountModel) => void): AccountModel[] {
  const copy: AccountModel[] = JSON.parse(JSON.stringify(estate));
  copy.forEach(change);
  return copy;
}

/** Removes a policy document's statements of this Sid; returns how many it removed. */
function dropStatement(document: any, sid: string): number {
  const before = document.Statement.length;
  document.Statement = document.Statement.filter((st: any) => st.Sid !== sid);
  return before - document.Statement.length;
}

function withoutBoundaryStatement(sid: string) {
  return (account: AccountModel) => {
    if (dropStatement(account.boundary, sid) !== 1) {
      throw new Error(`no boundary statement ${sid}`);
    }
  };
}

/** Drops a statement of every protected key's policy. */
function withoutKeyPolicyStatement(sid: string) {
  return (account: AccountModel) => {
    for (const key of account.keys) {
      expect(dropStatement(key.policy, sid)).toBe(1);
    }
  };
}

/** Drops a statement of every bootstrap deploy role's own policy. */
function withoutDeployRoleStatement(sid: string) {
  return (account: AccountModel) => {
    let removed = 0;
    for (const role of account.roles.filter((r) => r.kind === 'deploy')) {
      for (const document of Object.values<any>(role.identity)) {
        removed += dropStatement(document, sid);
      }
    }
    if (account.tiers.length > 0 && removed !== account.tiers.length) {
      throw new Error(`account ${account.account}: removed ${removed} statements ${sid}, expected one per tier`);
    }
  };
}

/** Drops the statement that admits only the tier's publishing roles from every staging bucket and image repository policy. */
function withoutPublishingFence(account: AccountModel) {
  for (const policy of [...Object.values<any>(account.bucketPolicies), ...Object.values<any>(account.repositoryPolicies)]) {
    expect(dropStatement(policy, 'OnlyTheTierPublishes')).toBe(1);
  }
}

/** Drops the aws:PrincipalArn condition of the deploy-side roles' trust: they then trust the whole account. */
function withoutTrustCondition(account: AccountModel) {
  for (const role of account.roles.filter((r) => ['deploy', 'file-publishing', 'image-publishing', 'lookup'].includes(r.kind))) {
    for (const statement of role.trust.Statement) {
      expect(statement.Condition?.ArnEquals?.['aws:PrincipalArn']).toBeDefined();
      delete statement.Condition;
    }
  }
}

/** Widens the tier roles' own policies to every sts:AssumeRole (as a careless edit of TieredDeployRole would). */
function tierRolesAssumeAnything(account: AccountModel) {
  for (const role of account.roles.filter((r) => r.kind === 'tier')) {
    role.identity.careless = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
  }
}

describe('mutation trials: the matrix fails when a fence is removed', () => {
  test('the estate as synthesized: no lower subject is admitted by a higher tier role', () => {
    expect(admittedSubjects(estate)).toEqual([]);
  });

  test('the tier roles\' trust without its sub condition: every lower subject of the 4 pairs is admitted', () => {
    const changed = mutate((account) => {
      for (const role of account.roles.filter((r) => r.kind === 'tier')) {
        for (const statement of role.trust.Statement) {
          for (const operator of Object.values<any>(statement.Condition ?? {})) {
            delete operator['token.actions.githubusercontent.com:sub'];
          }
        }
      }
    });
    // The lower subjects are read from the unchanged estate: the changed roles have none left.
    const lowerSubjects = pairs.reduce((n, p) => n + subjectsOf(roleOf(p.account, p.lower, 'tier')).length, 0);
    expect(lowerSubjects).toBe(5);
    const admitted = changed.flatMap((account, i) =>
      pairsOf(account).flatMap(([lower, higher]) => {
        const higherRole = roleOf(account, higher, 'tier');
        return subjectsOf(roleOf(estate[i], lower, 'tier')).filter((sub) =>
          admits(higherRole.trust, { providerArn: providerOf(higherRole), token: { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub } }),
        );
      }),
    );
    expect(admitted).toHaveLength(lowerSubjects);
  });

  // Each trial runs the whole matrix on a changed copy of the estate and counts the cases that become allowed.
  test.each([
    ['the boundary without DenyProtectedResources', 90, withoutBoundaryStatement('DenyProtectedResources')],
    ['the deploy roles without DenyStacksOfOtherTiers', 46, withoutDeployRoleStatement('DenyStacksOfOtherTiers')],
    ['the deploy roles without DenyChangeSetsOfOtherTiers', 23, withoutDeployRoleStatement('DenyChangeSetsOfOtherTiers')],
    ['the staging buckets and repositories without OnlyTheTierPublishes', 8, withoutPublishingFence],
    ['the boundary without DenyProtectedKeys, and the keys without DenyDestroyingTheKey', 12, (a: AccountModel) => {
      withoutBoundaryStatement('DenyProtectedKeys')(a);
      withoutKeyPolicyStatement('DenyDestroyingTheKey')(a);
    }],
    ['tier roles allowed every AssumeRole, with the deploy-side trust conditions removed', 12, (a: AccountModel) => { tierRolesAssumeAnything(a); withoutTrustCondition(a); }],
  ] as const)('%s: %d cases become allowed', async (_name, expected, change) => {
    expect(await allowedDenials(mutate(change))).toHaveLength(expected);
  });

  // Defence in depth: these changes alone open nothing, because another layer still refuses every case.
  test.each([
    ['the boundary without DenyChangingThisBoundary (no lower tier holds IAM policy permissions)', withoutBoundaryStatement('DenyChangingThisBoundary')],
    ['the boundary without DenyProtectedKeys (the keys\' own policies deny their destruction)', withoutBoundaryStatement('DenyProtectedKeys')],
    ['the keys without DenyDestroyingTheKey (the boundary denies their destruction to its holders)', withoutKeyPolicyStatement('DenyDestroyingTheKey')],
    ['the deploy-side trust conditions removed (the tier roles\' own policies name only their bootstrap)', withoutTrustCondition],
    ['tier roles allowed every AssumeRole (the deploy-side roles trust only their tier role)', tierRolesAssumeAnything],
  ] as const)('%s: nothing becomes allowed', async (_name, change) => {
    expect(await allowedDenials(mutate(change))).toEqual([]);
  });
});

describe('the example estate: only each zone\'s delegation principal writes its delegation records', () => {
  // Read from the templates: the DNS stack of each workload account (its
  // delegation function and role), the network account's delegation roles,
  // and the account's Services tier roles with their boundary.
  const assembly = app.synth();
  const network = assembly.getStackByName('Network').template.Resources as Record<string, any>;
  const zones = ['ProductionDns', 'SandboxDns'].map((name) => {
    const stack = assembly.getStackByName(name);
    const resources = Object.values<any>(stack.template.Resources);
    const fn = resources.find((r) => r.Type === 'AWS::Lambda::Function').Properties;
    const role = resources.find((r) => r.Type === 'AWS::IAM::Role' && r.Properties.Path === '/landing-zone/').Properties;
    const { account, region } = stack.environment;
    const zoneName = fn.Environment.Variables.ZONE_NAME;
    // The network account's delegation role of this zone, by the name it delegates.
    const delegation = Object.values<any>(network).find(
      (r) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.Policies ?? []).includes(`"${zoneName}"`),
    ).Properties;
    return {
      name,
      account: estate.find((a) => a.account === account)!,
      functionArn: `arn:aws:lambda:${region}:${account}:function:${fn.FunctionName}`,
      principal: `arn:aws:iam::${account}:role${role.Path}${role.RoleName}`,
      delegationArn: `arn:aws:iam::333333333333:role${delegation.Path}${delegation.RoleName}`,
      delegationTrust: literal(delegation.AssumeRolePolicyDocument, '333333333333', 'eu-west-1'),
    };
  });
  const cases = zones.flatMap((zone) => (['tier', 'deploy', 'cfn-exec'] as Kind[]).map((kind) => [`${zone.name}, SERVICES ${kind} role`, zone, kind] as const));

  test('the network account\'s delegation role admits the zone\'s delegation principal', async () => {
    for (const zone of zones) {
      expect(
        await decide({
          principal: zone.principal,
          action: 'sts:AssumeRole',
          resource: zone.delegationArn,
          context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:PrincipalAccount': zone.account.account },
          identityPolicies: { AssumeIt: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: zone.delegationArn }] } },
          trustPolicy: zone.delegationTrust,
        }),
      ).toBe('Allowed');
    }
  });

  test.each(cases)('%s: may not assume the delegation role, nor act as the delegation principal', async (_name, zone, kind) => {
    const role = roleOf(zone.account, 'SERVICES', kind);
    const services = caller(zone.account, role);
    const org = { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:PrincipalAccount': zone.account.account };
    expect(await decide({ ...services, action: 'sts:AssumeRole', resource: zone.delegationArn, context: org, trustPolicy: zone.delegationTrust })).not.toBe('Allowed');
    expect(await decide({ ...services, action: 'sts:AssumeRole', resource: zone.principal })).not.toBe('Allowed');
    expect(await decide({ ...services, action: 'iam:PassRole', resource: zone.principal, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })).not.toBe('Allowed');
    for (const action of ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:InvokeFunction']) {
      expect(await decide({ ...services, action, resource: zone.functionArn })).not.toBe('Allowed');
    }
  });

  test.each(zones.map((z) => [z.name, z] as const))('%s: the Services execution role (PowerUserAccess) is stopped by the boundary, not by its own policies', async (_name, zone) => {
    const exec = caller(zone.account, roleOf(zone.account, 'SERVICES', 'cfn-exec'));
    for (const action of ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:InvokeFunction']) {
      expect(await decide({ ...exec, action, resource: zone.functionArn })).toBe('ExplicitlyDenied by DenyProtectedResources');
    }
    expect(await decide({ ...exec, action: 'iam:PassRole', resource: zone.principal, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })).toBe(
      'ExplicitlyDenied by DenyProtectedResources',
    );
  });

  test.each(zones.map((z) => [z.name, z] as const))('%s: a principal exempt from the boundary (the highest tier\'s deploy role) may update the function', async (_name, zone) => {
    const exempt = roleOf(zone.account, zone.account.tiers[0], 'deploy');
    // Its own policies decide (AdministratorAccess here, as a deployer that changes the function would hold).
    expect(
      await decide({ principal: exempt.arn, identityPolicies: { AdministratorAccess: ADMINISTRATOR_ACCESS }, permissionBoundary: zone.account.boundary, action: 'lambda:UpdateFunctionCode', resource: zone.functionArn }),
    ).toBe('Allowed');
  });
});
