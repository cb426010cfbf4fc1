import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App,
  CfnParameter,
  Duration,
  NestedStack,
  Stack,
  Stage,
  Validations,
  aws_backup as backup,
  aws_cloudformation as cloudformation,
  aws_iam as iam,
  aws_kms as kms,
  aws_route53 as route53,
} from 'aws-cdk-lib';
import { buildLandingZone } from '../examples/landing-zone';
import { PermissionBoundary } from '../src';
import { subjectAdmitsPullRequests } from '../src/github-oidc/trust-audit';
import { LandingZoneChecks, LandingZoneChecksProps, LandingZoneFinding } from '../src/landing-zone-checks';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const ORGANIZATION = 'o-a1b2c3d4e5';
const GITHUB = 'https://token.actions.githubusercontent.com';
const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = 'token.actions.githubusercontent.com:aud';
const REASON = 'The vault only holds throw-away test snapshots of the sandbox account.';

function newStack(app = new App(), id = 'Stack'): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region: 'eu-west-1' } });
}

function check(scope: Stack | App, props?: LandingZoneChecksProps): LandingZoneFinding[] {
  const app = App.isApp(scope) ? scope : (scope.node.root as App);
  return new LandingZoneChecks(props).checkAssembly(app.synth());
}

/** [rule, construct path] of each finding, for compact assertions. */
function summary(findings: LandingZoneFinding[]): string[][] {
  return findings.map((f) => [f.ruleId, f.constructPath]);
}

function nativeGithubProvider(stack: Stack): iam.OidcProviderNative {
  return new iam.OidcProviderNative(stack, 'Github', { url: GITHUB, clientIds: ['sts.amazonaws.com'] });
}

function githubRole(stack: Stack, conditions: Record<string, unknown>, props: Partial<iam.RoleProps> = {}, provider?: iam.IOidcProvider): iam.Role {
  const arn = (provider ?? nativeGithubProvider(stack)).oidcProviderArn;
  return new iam.Role(stack, 'DeployRole', { assumedBy: new iam.WebIdentityPrincipal(arn, conditions), ...props });
}

const ENVIRONMENT_TRUST = { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:acme/platform:environment:production' } };
const ADMIN = [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')];
const inOrganization = { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION } };

describe('the acceptance case from the issue', () => {
  test('aws-cdk-lib\'s Lambda-backed provider and a repo:acme/* trust are reported with both findings', () => {
    // GIVEN an app written the way many public repositories do it
    const app = new App();
    const stack = newStack(app, 'Ci');
    const provider = new iam.OpenIdConnectProvider(stack, 'GithubProvider', { url: GITHUB, clientIds: ['sts.amazonaws.com'] });
    new iam.Role(stack, 'GithubActionsRole', {
      assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
        StringLike: { [SUB]: 'repo:acme/*' },
        StringEquals: { [AUD]: 'sts.amazonaws.com' },
      }),
    });

    // WHEN
    const findings = check(app);

    // THEN
    expect(summary(findings)).toEqual([
      ['LZ-GH1', 'Ci/GithubActionsRole/Resource'],
      ['LZ-OIDC1', 'Ci/GithubProvider/Resource/Default'],
    ]);
    expect(findings[0].problem).toMatch(/^Ci\/GithubActionsRole\/Resource trusts GitHub Actions unsafely: .*"repo:acme\/\*" does not pin one repository: its owner\/repository part "acme\/\*"/);
    expect(findings[0].fix).toMatch(/StringLike with a literal repo:OWNER\/REPO/);
    expect(findings[1].problem).toMatch(/^Ci\/GithubProvider\/Resource\/Default creates the OIDC provider "https:\/\/token.actions.githubusercontent.com" through a Lambda-backed custom resource/);
    expect(findings[1].fix).toMatch(/iam\.OidcProviderNative/);
    expect(findings.map((f) => f.stackName)).toEqual(['Ci', 'Ci']);
  });
});

describe('the example landing zone', () => {
  test('passes the pack with no finding', () => {
    // GIVEN
    const app = new App();
    buildLandingZone(app);

    // WHEN
    const checks = new LandingZoneChecks({ organizationAccounts: ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'] });
    const assembly = app.synth();

    // THEN
    expect(checks.checkAssembly(assembly)).toEqual([]);
    expect(checks.suppressedFindings(assembly)).toEqual([]);
  });

  test('is read in full: its StackSet templates are checked too (a required boundary is missing there)', () => {
    // GIVEN the spoke fleet's roles, deployed by StackSets, carry no boundary
    const app = new App();
    buildLandingZone(app);

    // WHEN every role must carry one
    const findings = check(app, { requirePermissionsBoundary: true });

    // THEN only the StackSet templates' roles are reported
    expect(summary(findings)).toEqual([
      ['LZ-BND1', 'Management/ProductionSpokes/Resource [StackSet template: SpokeC766BDD6]'],
      ['LZ-BND1', 'Management/SandboxSpokes/Resource [StackSet template: SpokeC766BDD6]'],
    ]);
  });
});

describe('LZ-GH1 GitHub OIDC trust', () => {
  test.each([
    ['no aud', { StringEquals: { [SUB]: 'repo:acme/platform:environment:production' } }, /has no StringEquals condition on the token's aud/],
    ['no sub', { StringEquals: { [AUD]: 'sts.amazonaws.com' } }, /has no StringEquals or StringLike condition on the token's sub/],
    ['a wildcard owner', { StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:*' } }, /owner\/repository part "\*"/],
    ['a wildcard repository', { StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:acme/*:ref:refs/heads/main' } }, /owner\/repository part "acme\/\*"/],
    [
      'ForAnyValue on sub',
      { 'StringEquals': { [AUD]: 'sts.amazonaws.com' }, 'ForAnyValue:StringLike': { [SUB]: ['repo:acme/platform:environment:production'] } },
      /uses ForAnyValue:StringLike on token.actions.githubusercontent.com:sub/,
    ],
    [
      'ForAllValues on aud',
      { 'ForAllValues:StringEquals': { [AUD]: ['sts.amazonaws.com'] }, 'StringEquals': { [SUB]: 'repo:acme/platform:environment:production' } },
      /uses ForAllValues:StringEquals on token.actions.githubusercontent.com:aud/,
    ],
  ])('finds a trust with %s', (_name, conditions, message) => {
    // GIVEN
    const stack = newStack();
    githubRole(stack, conditions);

    // WHEN
    const findings = check(stack);

    // THEN
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.ruleId === 'LZ-GH1' && f.constructPath === 'Stack/DeployRole/Resource')).toBe(true);
    expect(findings.map((f) => f.problem).join('\n')).toMatch(message);
    expect(findings[0].location).toBe('Properties/AssumeRolePolicyDocument');
  });

  test('finds condition keys of another issuer (a GHES provider checked with github.com keys)', () => {
    // GIVEN a GitHub Enterprise Server provider, and keys named after github.com
    const stack = newStack();
    const provider = new iam.OidcProviderNative(stack, 'Ghes', { url: 'https://github.example.com/_services/token', clientIds: ['sts.amazonaws.com'] });
    githubRole(stack, ENVIRONMENT_TRUST, {}, provider);

    // WHEN
    const findings = check(stack);

    // THEN
    expect(findings.every((f) => f.ruleId === 'LZ-GH1' && f.constructPath === 'Stack/DeployRole/Resource')).toBe(true);
    expect(findings.map((f) => f.problem)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/checks token.actions.githubusercontent.com:aud with StringEquals, a key the provider never issues \(its tokens carry github.example.com\/_services\/token:aud\): the condition is unmet/),
        expect.stringMatching(/checks token.actions.githubusercontent.com:sub with StringEquals, a key the provider never issues \(its tokens carry github.example.com\/_services\/token:sub\): the condition is unmet/),
      ]),
    );
  });

  test('finds a trust of a provider imported by ARN', () => {
    // GIVEN
    const stack = newStack();
    const provider = iam.OidcProviderNative.fromOidcProviderArn(stack, 'Imported', `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`);
    githubRole(stack, { StringLike: { [SUB]: 'repo:acme/*' } }, {}, provider);

    // WHEN
    const problems = check(stack).map((f) => f.problem);

    // THEN
    expect(problems).toEqual([
      expect.stringMatching(/has no StringEquals condition on the token's aud/),
      expect.stringMatching(/"repo:acme\/\*" does not pin one repository/),
    ]);
  });

  test('finds a trust in a nested stack whose provider is the parent\'s', () => {
    // GIVEN the provider in the parent, the role in a nested stack
    const stack = newStack();
    const provider = nativeGithubProvider(stack);
    const nested = new NestedStack(stack, 'Ci');
    new iam.Role(nested, 'DeployRole', { assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, { StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:acme*' } }) });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-GH1', 'Stack/Ci/DeployRole/Resource']]);
    expect(findings[0].templatePath).toMatch(/\.nested\.template\.json$/);
  });

  const CLAIM = (claim: string) => `token.actions.githubusercontent.com:${claim}`;

  test.each([
    ['a claim trust without repository anchor', { StringEquals: { [AUD]: 'sts.amazonaws.com', [CLAIM('environment')]: 'production' } }, /no StringEquals on its repository_id \(or repository\)/],
    ['an owner-wide claim trust', { StringEquals: { [AUD]: 'sts.amazonaws.com', [CLAIM('repository_owner')]: 'acme', [CLAIM('ref')]: 'refs/heads/main' } }, /any GitHub repository could assume the role/],
    ['StringLike on the repository claim', { StringEquals: { [AUD]: 'sts.amazonaws.com', [CLAIM('environment')]: 'production' }, StringLike: { [CLAIM('repository')]: 'acme/*' } }, /matches token.actions.githubusercontent.com:repository with StringLike/],
    ['a case-insensitive environment', { StringEquals: { [AUD]: 'sts.amazonaws.com', [CLAIM('repository_id')]: '2002' }, StringEqualsIgnoreCase: { [CLAIM('environment')]: 'production' } }, /with StringEqualsIgnoreCase/],
  ])('finds %s', (_name, conditions, message) => {
    const stack = newStack();
    githubRole(stack, conditions);
    expect(check(stack).map((f) => `${f.ruleId} ${f.problem}`).join('\n')).toMatch(message);
  });

  test('finds nothing in a claim trust pinned by repository_id with an environment (good twin)', () => {
    const stack = newStack();
    githubRole(stack, { StringEquals: { [AUD]: 'sts.amazonaws.com', [CLAIM('repository_id')]: '2002', [CLAIM('environment')]: 'production' } }, { managedPolicies: ADMIN });
    expect(check(stack)).toEqual([]);
  });

  test('LZ-GH2 finds a privileged claim trust without an environment (a ref claim is carried by pull_request_target runs)', () => {
    const stack = newStack();
    githubRole(stack, { StringEquals: { [AUD]: 'sts.amazonaws.com', [CLAIM('repository_id')]: '2002', [CLAIM('ref')]: 'refs/heads/main' } }, { managedPolicies: ADMIN });
    const findings = check(stack);
    expect(summary(findings)).toEqual([['LZ-GH2', 'Stack/DeployRole/Resource']]);
    expect(findings[0].problem).toMatch(/"claims\(repository_id=2002, ref=refs\/heads\/main\)" \(StringEquals, statement 0\)/);
  });

  test('finds nothing in a trust that pins audience and repository (good twin)', () => {
    // GIVEN
    const stack = newStack();
    githubRole(stack, ENVIRONMENT_TRUST, { managedPolicies: ADMIN });

    // THEN
    expect(check(stack)).toEqual([]);
  });

  test('ignores OIDC providers that are not GitHub\'s', () => {
    // GIVEN an EKS-like provider trusted without sub
    const stack = newStack();
    const provider = new iam.OidcProviderNative(stack, 'Eks', { url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF', clientIds: ['sts.amazonaws.com'] });
    githubRole(stack, { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF:aud': 'sts.amazonaws.com' } }, {}, provider);

    // THEN
    expect(check(stack)).toEqual([]);
  });
});

describe('LZ-GH2 pull request subjects on privileged roles', () => {
  test.each([
    ['an AdministratorAccess role trusting pull_request', { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:acme/platform:pull_request' } }, { managedPolicies: ADMIN }, /holds the AWS managed policy AdministratorAccess/],
    [
      'an iam:* role trusting repo:acme/platform:*',
      { StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:acme/platform:*' } },
      { inlinePolicies: { Iam: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['iam:*'], resources: ['*'] })] }) } },
      /inline policy "Iam" allows \*|inline policy "Iam" allows iam:/,
    ],
    [
      'a role listed as privileged trusting a template without context',
      { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repository_owner_id:1000001:repository_id:2000001' } },
      { roleName: 'deploy', path: '/landing-zone/' },
      /matches privilegedRoles pattern "\/landing-zone\/\*"/,
    ],
  ])('finds %s', (_name, conditions, props, privilege) => {
    // GIVEN
    const stack = newStack();
    githubRole(stack, conditions, props);

    // WHEN
    const findings = check(stack, { privilegedRoles: ['/landing-zone/*'] });

    // THEN
    expect(summary(findings)).toEqual([['LZ-GH2', 'Stack/DeployRole/Resource']]);
    expect(findings[0].problem).toMatch(privilege);
    expect(findings[0].problem).toMatch(/trusts GitHub subjects that pull request workflows can obtain/);
  });

  test('finds the privilege in a policy attached by a separate resource', () => {
    // GIVEN a role granted iam:PutRolePolicy after creation (its default policy)
    const stack = newStack();
    const role = githubRole(stack, { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:acme/platform:pull_request' } });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:Put*'], resources: ['*'] }));

    // THEN
    expect(check(stack).map((f) => f.problem)).toEqual([expect.stringMatching(/DeployRoleDefaultPolicy\w+ \(AWS::IAM::Policy\) allows iam:PutGroupPolicy/)]);
  });

  test('finds nothing for a privileged role trusting an environment, or an unprivileged role trusting pull requests (good twins)', () => {
    // GIVEN
    const privileged = newStack();
    githubRole(privileged, ENVIRONMENT_TRUST, { managedPolicies: ADMIN });
    const readOnly = newStack();
    githubRole(readOnly, { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:acme/platform:pull_request' } }, { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });

    // THEN
    expect(check(privileged)).toEqual([]);
    expect(check(readOnly)).toEqual([]);
  });

  test.each([
    ['repo:o/r:pull_request', 'StringEquals', true],
    ['repo:o/r:*', 'StringLike', true],
    ['repo:o/*', 'StringLike', true],
    ['repo:o/r:ref:*', 'StringLike', true],
    ['repository_id:1:ref:refs/pull/7/merge', 'StringEquals', true],
    ['repo:o/r:event_name:pull_request_target', 'StringEquals', true],
    ['repo:o/r', 'StringEquals', true],
    ['repo:o/r:*', 'StringEquals', false],
    ['repo:o/r:environment:production', 'StringEquals', false],
    ['repo:o/r:environment:*', 'StringLike', false],
    ['repo:o/r:ref:refs/heads/*', 'StringLike', false],
    ['repo:o/r:ref:refs/tags/v*', 'StringLike', false],
  ])('decides whether %s (%s) admits pull requests: %s', (value, operator, admits) => {
    expect(subjectAdmitsPullRequests(value, operator)).toBe(admits);
  });
});

describe('LZ-BND1 permissions boundaries', () => {
  test('finds a role without a boundary beside a bounded one', () => {
    // GIVEN
    const stack = newStack();
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });
    new iam.Role(stack, 'Bounded', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), permissionsBoundary: boundary });
    new iam.Role(stack, 'Forgotten', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-BND1', 'Stack/Forgotten/Resource']]);
    expect(findings[0].problem).toBe('Stack/Forgotten/Resource is an IAM role without a permissions boundary, although Stack/Bounded/Resource in the same stack carries one.');
    expect(findings[0].fix).toMatch(/PermissionBoundary\.applyTo\(stack\)/);
  });

  test('finds a role in a stack that holds a self-propagating boundary it forgot to apply', () => {
    // GIVEN the library's boundary, not applied
    const stack = newStack();
    new PermissionBoundary(stack, 'Boundary');
    new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // THEN
    expect(check(stack).map((f) => f.problem)).toEqual([
      'Stack/Role/Resource is an IAM role without a permissions boundary, although the stack holds the permissions boundary Stack/Boundary/Resource/Resource.',
    ]);
  });

  test('finds a role of a nested stack whose parent declares a boundary', () => {
    // GIVEN a bounded role in the parent, an unbounded one in a nested stack
    const stack = newStack();
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });
    new iam.Role(stack, 'Bounded', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), permissionsBoundary: boundary });
    new iam.Role(new NestedStack(stack, 'Workload'), 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-BND1', 'Stack/Workload/Role/Resource']]);
    expect(findings[0].stackName).toMatch(/^Stack nested stack Workload/);
  });

  test('requirePermissionsBoundary: true finds every role without one; false turns the rule off', () => {
    // GIVEN
    const required = newStack();
    new iam.Role(required, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const off = newStack();
    const boundary = new iam.ManagedPolicy(off, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });
    new iam.Role(off, 'Bounded', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), permissionsBoundary: boundary });
    new iam.Role(off, 'Forgotten', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // THEN
    expect(check(required, { requirePermissionsBoundary: true }).map((f) => f.problem)).toEqual([
      'Stack/Role/Resource is an IAM role without a permissions boundary, although requirePermissionsBoundary is true.',
    ]);
    expect(check(off, { requirePermissionsBoundary: false })).toEqual([]);
  });

  test('finds nothing when the boundary is applied to the whole stack (good twin)', () => {
    // GIVEN
    const stack = newStack();
    new PermissionBoundary(stack, 'Boundary').applyTo(stack);
    new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new iam.OidcProviderNative(stack, 'Github', { url: GITHUB, clientIds: ['sts.amazonaws.com'] });

    // THEN
    expect(check(stack)).toEqual([]);
  });
});

describe('LZ-XA1 cross-account trust without an organization condition', () => {
  test('finds a role trusted by another account', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Audit', { assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT) });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-XA1', 'Stack/Audit/Resource']]);
    expect(findings[0].problem).toMatch(/^Stack\/Audit\/Resource trusts account 222222222222 \(arn:aws:iam::222222222222:root\) in statement 0 without an organization condition/);
    expect(findings[0].location).toBe('Properties/AssumeRolePolicyDocument/Statement/0');
  });

  test('finds a condition that does not hold: StringEqualsIfExists is true for principals outside any organization', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Audit', { assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions({ StringEqualsIfExists: { 'aws:PrincipalOrgID': ORGANIZATION } }) });

    // THEN
    expect(summary(check(stack))).toEqual([['LZ-XA1', 'Stack/Audit/Resource']]);
  });

  test('finds an account only known at deploy time', () => {
    // GIVEN a principal from a parameter
    const stack = newStack();
    const hub = new CfnParameter(stack, 'HubArn', { type: 'String' });
    new iam.Role(stack, 'Audit', { assumedBy: new iam.ArnPrincipal(hub.valueAsString) });

    // THEN
    expect(check(stack).map((f) => f.problem)).toEqual([expect.stringMatching(/trusts <parameter:HubArn> \(an account not known at synthesis\) in statement 0/)]);
  });

  test('finds nothing for an organization condition, or the role\'s own account (good twins)', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Audit', { assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions(inOrganization) });
    new iam.Role(stack, 'Paths', {
      assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORGANIZATION}/r-ab12/ou-ab12-prod0001/*`] } }),
    });
    new iam.Role(stack, 'Own', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.Role(stack, 'OwnLiteral', { assumedBy: new iam.AccountPrincipal(ACCOUNT) });

    // THEN
    expect(check(stack)).toEqual([]);
  });
});

describe('LZ-XA2 wildcard principal', () => {
  test('finds a role every AWS principal can assume', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Open', { assumedBy: new iam.AnyPrincipal() });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-XA2', 'Stack/Open/Resource']]);
    expect(findings[0].problem).toMatch(/trusts every AWS principal \(\*\) in statement 0 without an organization condition: any AWS account can assume it/);
  });

  test('finds a StackSet template\'s role and reports it on the StackSet', () => {
    // GIVEN a StackSet whose template trusts "*"
    const stack = newStack();
    const body = {
      Resources: {
        Open: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } },
        },
      },
    };
    new cloudformation.CfnStackSet(stack, 'Fleet', { stackSetName: 'fleet', permissionModel: 'SERVICE_MANAGED', templateBody: JSON.stringify(body) });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-XA2', 'Stack/Fleet [StackSet template: Open]']]);
    expect(findings[0].logicalId).toBe('Fleet');
    expect(findings[0].stackName).toBe('Stack StackSet fleet');
  });

  test('finds nothing for every principal of the organization (good twin)', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Organization', { assumedBy: new iam.OrganizationPrincipal(ORGANIZATION) });

    // THEN
    expect(check(stack)).toEqual([]);
  });
});

describe('LZ-XA3 external id', () => {
  const organizationAccounts = [ACCOUNT, OTHER_ACCOUNT];

  test('finds a third party\'s account (outside organizationAccounts) trusted without an external id', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Vendor', { assumedBy: new iam.AccountPrincipal('999999999999') });

    // WHEN
    const findings = check(stack, { organizationAccounts });

    // THEN it needs an external id, not an organization condition
    expect(summary(findings)).toEqual([['LZ-XA3', 'Stack/Vendor/Resource']]);
    expect(findings[0].problem).toMatch(/without an sts:ExternalId condition, although account 999999999999 .* is not one of organizationAccounts/);
  });

  test('finds a role listed in externalIdRoles, by IAM path and name or by construct path', () => {
    // GIVEN organization accounts, with the organization condition, but no external id
    const stack = newStack();
    new iam.Role(stack, 'Vendor', { roleName: 'datadog', path: '/vendor/', assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions(inOrganization) });
    new iam.Role(stack, 'Other', { assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions(inOrganization) });

    // THEN
    expect(summary(check(stack, { externalIdRoles: ['/vendor/*'] }))).toEqual([['LZ-XA3', 'Stack/Vendor/Resource']]);
    expect(summary(check(stack, { externalIdRoles: ['Stack/Other/*'] }))).toEqual([['LZ-XA3', 'Stack/Other/Resource']]);
  });

  test('finds nothing when the external id is checked (good twin)', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Vendor', { assumedBy: new iam.AccountPrincipal('999999999999'), externalIds: ['acme-7d1f0c'] });

    // THEN
    expect(check(stack, { organizationAccounts })).toEqual([]);
  });
});

describe('LZ-DNS1 Route 53 delegation role', () => {
  test('finds a delegation role without a record-name condition', () => {
    // GIVEN the parent zone grants delegation to a child account's role, without names
    const stack = newStack();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const role = new iam.Role(stack, 'Delegation', { assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions(inOrganization) });
    zone.grantDelegation(role);

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-DNS1', 'Stack/Delegation/Resource']]);
    expect(findings[0].problem).toMatch(
      /^Stack\/Delegation\/Resource is trusted by account 222222222222 .* DelegationDefaultPolicy\w+ \(AWS::IAM::Policy\) allows route53:ChangeResourceRecordSets without a ForAllValues condition on route53:ChangeResourceRecordSetsNormalizedRecordNames/,
    );
    expect(findings[0].fix).toMatch(/delegatedZoneNames/);
  });

  test('finds a record-name condition under ForAnyValue', () => {
    // GIVEN
    const stack = newStack();
    new iam.Role(stack, 'Delegation', {
      assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions(inOrganization),
      inlinePolicies: {
        Delegate: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['route53:*'],
              resources: ['*'],
              conditions: { 'ForAnyValue:StringEquals': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['dev.example.com'] } },
            }),
          ],
        }),
      },
    });

    // THEN
    expect(check(stack).map((f) => f.problem)).toEqual([
      expect.stringMatching(/inline policy "Delegate" allows route53:ChangeResourceRecordSets with ForAnyValue/),
      expect.stringMatching(/without a ForAllValues:StringEquals condition on route53:ChangeResourceRecordSetsRecordTypes/),
    ]);
  });

  test('finds nothing when the delegated names are pinned, or when only the own account is trusted (good twins)', () => {
    // GIVEN
    const stack = newStack();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    zone.grantDelegation(new iam.Role(stack, 'Delegation', { assumedBy: new iam.AccountPrincipal(OTHER_ACCOUNT).withConditions(inOrganization) }), {
      delegatedZoneNames: ['dev.example.com'],
    });
    zone.grantDelegation(new iam.Role(stack, 'Local', { assumedBy: new iam.AccountRootPrincipal() }));

    // THEN
    expect(check(stack)).toEqual([]);
  });
});

describe('LZ-BK1..3 backup vaults', () => {
  test('finds a default vault: no lock, no customer managed key, no deny-delete policy', () => {
    // GIVEN
    const stack = newStack();
    new backup.BackupVault(stack, 'Vault');

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([
      ['LZ-BK1', 'Stack/Vault/Resource'],
      ['LZ-BK2', 'Stack/Vault/Resource'],
      ['LZ-BK3', 'Stack/Vault/Resource'],
    ]);
    expect(findings.map((f) => f.problem)).toEqual([
      'Stack/Vault/Resource is a backup vault without a vault lock: whoever may delete recovery points or shorten their retention can destroy the backups.',
      expect.stringMatching(/is a backup vault without EncryptionKeyArn/),
      expect.stringMatching(/is a backup vault without an access policy: any principal whose identity policy allows the deletion can delete the recovery points/),
    ]);
  });

  test('finds the AWS managed alias/aws/backup key, and a deny written with NotPrincipal', () => {
    // GIVEN
    const stack = newStack();
    new backup.CfnBackupVault(stack, 'Vault', {
      backupVaultName: 'vault',
      encryptionKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/backup`,
      lockConfiguration: { minRetentionDays: 7 },
      accessPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/break-glass` }, Action: 'backup:Delete*', Resource: '*' }],
      },
    });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([
      ['LZ-BK2', 'Stack/Vault'],
      ['LZ-BK3', 'Stack/Vault'],
      ['LZ-BK4', 'Stack/Vault'],
    ]);
    expect(findings[0].problem).toMatch(/encrypted with the AWS managed key "arn:aws:kms:eu-west-1:111111111111:alias\/aws\/backup"/);
    expect(findings[1].problem).toMatch(/denies backup:DeleteRecoveryPoint with NotPrincipal/);
    expect(findings[2].problem).toMatch(/statement 0 uses NotPrincipal/);
  });

  test('finds nothing for a locked vault with a customer managed key and a deny-delete policy (good twin)', () => {
    // GIVEN
    const stack = newStack();
    new backup.BackupVault(stack, 'Vault', {
      encryptionKey: new kms.Key(stack, 'Key'),
      lockConfiguration: { minRetention: Duration.days(7) },
      blockRecoveryPointDeletion: true,
    });

    // THEN
    expect(check(stack)).toEqual([]);
  });
});

describe('LZ-OIDC1 Lambda-backed OIDC provider', () => {
  test('finds aws-cdk-lib\'s custom resource provider, whatever its URL', () => {
    // GIVEN
    const stack = newStack();
    new iam.OpenIdConnectProvider(stack, 'Eks', { url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF', clientIds: ['sts.amazonaws.com'] });

    // THEN
    expect(summary(check(stack))).toEqual([['LZ-OIDC1', 'Stack/Eks/Resource/Default']]);
  });

  test('finds nothing for the native provider (good twin)', () => {
    // GIVEN
    const stack = newStack();
    new iam.OidcProviderNative(stack, 'Eks', { url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF', clientIds: ['sts.amazonaws.com'] });

    // THEN
    expect(check(stack)).toEqual([]);
  });
});

describe('suppressions', () => {
  test('a suppression with a reason sets the finding aside and keeps the reason', () => {
    // GIVEN
    const app = new App();
    const stack = newStack(app);
    const vault = new backup.BackupVault(stack, 'Vault', { encryptionKey: new kms.Key(stack, 'Key'), blockRecoveryPointDeletion: true });
    LandingZoneChecks.suppress(vault, 'LZ-BK1', REASON);
    const checks = new LandingZoneChecks();

    // WHEN
    const assembly = app.synth();

    // THEN
    expect(checks.checkAssembly(assembly)).toEqual([]);
    expect(checks.suppressedFindings(assembly).map((s) => [s.finding.ruleId, s.finding.constructPath, s.reason])).toEqual([['LZ-BK1', 'Stack/Vault/Resource', REASON]]);
  });

  test('a suppression covers one rule only, and resources created after it', () => {
    // GIVEN a suppression of LZ-BK1 on the stack, then a vault
    const stack = newStack();
    LandingZoneChecks.suppress(stack, 'LZ-BK1', REASON);
    new backup.BackupVault(stack, 'Vault', { encryptionKey: new kms.Key(stack, 'Key') });

    // THEN LZ-BK3 is still reported
    expect(summary(check(stack))).toEqual([['LZ-BK3', 'Stack/Vault/Resource']]);
  });

  test.each([
    ['an empty reason', ''],
    ['a blank reason', '                         '],
    ['a short reason', 'accepted risk'],
  ])('refuses %s', (_name, reason) => {
    const stack = newStack();
    const vault = new backup.BackupVault(stack, 'Vault');
    expect(() => LandingZoneChecks.suppress(vault, 'LZ-BK1', reason)).toThrow(
      /^LandingZoneChecks \(Stack\/Vault\): invalid reason \(suppression of LZ-BK1\): received .*; expected a literal sentence of at least 20 characters/,
    );
  });

  test('refuses an unknown rule id', () => {
    const stack = newStack();
    expect(() => LandingZoneChecks.suppress(stack, 'LZ-BK9', REASON)).toThrow(/^LandingZoneChecks \(Stack\): invalid ruleId: received "LZ-BK9"; expected one of LZ-GH1, LZ-GH2/);
  });

  test('ignores a suppression written into the template without a reason, and says so', () => {
    // GIVEN metadata written by hand
    const stack = newStack();
    const vault = new backup.CfnBackupVault(stack, 'Vault', { backupVaultName: 'vault', encryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/1234', lockConfiguration: { minRetentionDays: 7 } });
    vault.addMetadata('cdk_landing_zone', { suppressions: [{ id: 'LZ-BK3' }] });

    // WHEN
    const findings = check(stack);

    // THEN
    expect(summary(findings)).toEqual([['LZ-BK3', 'Stack/Vault']]);
    expect(findings[0].problem).toMatch(/\(A suppression or acknowledgment of LZ-BK3 without a reason of at least 20 characters was ignored\.\)$/);
  });
});

describe('as a policy-validation plugin', () => {
  let exitCode: typeof process.exitCode;
  let errors: jest.SpyInstance;
  let logs: jest.SpyInstance;
  beforeEach(() => {
    exitCode = process.exitCode;
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    logs = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.exitCode = exitCode;
    errors.mockRestore();
    logs.mockRestore();
  });

  test('fails the synthesis with a report naming the rule, the construct path, the problem and the fix', () => {
    // GIVEN an app created with the pack, a vault in a stage
    const app = new App();
    Validations.of(app).addPlugins(new LandingZoneChecks());
    const stage = new Stage(app, 'Prod');
    new backup.BackupVault(newStack(stage as unknown as App, 'Backup'), 'Vault', { encryptionKey: undefined, blockRecoveryPointDeletion: true });

    // WHEN
    app.synth();

    // THEN
    expect(process.exitCode).toBe(1);
    const report = errors.mock.calls.map((c) => String(c[0])).join('\n');
    expect(report).toMatch(/Plugin: cdk-landing-zone-checks/);
    expect(report).toMatch(/LZ-BK1/);
    expect(report).toMatch(/Construct Path: Prod\/Backup\/Vault\/Resource/);
    expect(report).toMatch(/Description: Prod\/Backup\/Vault\/Resource is a backup vault without a vault lock/);
    expect(report).toMatch(/How to fix: Lock the vault/);
  });

  test('reports success for a clean app (the example landing zone)', () => {
    // GIVEN
    const app = new App();
    Validations.of(app).addPlugins(new LandingZoneChecks());
    buildLandingZone(app);

    // WHEN
    app.synth();

    // THEN
    expect(process.exitCode).not.toBe(1);
    // aws-cdk-lib 2.252 prints the verdict on standard error (earlier releases on standard output).
    expect([...errors.mock.calls, ...logs.mock.calls].map((c) => String(c[0]))).toContain('Policy Validation Successful!');
  });

  test('honours aws-cdk-lib acknowledgments of its rules, with a reason, on the construct and everything under it', () => {
    // GIVEN two plain vaults (no lock: LZ-BK1), one acknowledged on its stack, one not
    const app = new App();
    const acknowledged = newStack(app, 'Scratch');
    new backup.BackupVault(acknowledged, 'Vault', { encryptionKey: undefined, blockRecoveryPointDeletion: true });
    Validations.of(acknowledged).acknowledge({ id: 'cdk-landing-zone-checks::LZ-BK1', reason: 'Scratch copies of sandbox data, rebuilt every night.' });
    new backup.BackupVault(newStack(app, 'Kept'), 'Vault', { encryptionKey: undefined, blockRecoveryPointDeletion: true });
    const assembly = app.synth();
    const checks = new LandingZoneChecks();

    // THEN the acknowledged one is set aside with its reason, the other reported
    const bk1 = checks.checkAssembly(assembly).filter((f) => f.ruleId === 'LZ-BK1').map((f) => f.constructPath);
    expect(bk1).toEqual(['Kept/Vault/Resource']);
    expect(checks.suppressedFindings(assembly).map((s) => [s.finding.ruleId, s.finding.constructPath, s.reason])).toEqual([
      ['LZ-BK1', 'Scratch/Vault/Resource', 'Scratch copies of sandbox data, rebuilt every night.'],
    ]);
    expect(LandingZoneChecks.ACKNOWLEDGMENT_PREFIX).toBe('cdk-landing-zone-checks');
  });

  test('ignores an acknowledgment of another plugin\'s rule, or without a reason long enough, and says so', () => {
    const app = new App();
    const stack = newStack(app, 'Scratch');
    const vault = new backup.BackupVault(stack, 'Vault', { encryptionKey: undefined, blockRecoveryPointDeletion: true });
    Validations.of(vault).acknowledge({ id: 'other-plugin::LZ-BK1', reason: 'Another plugin\'s rule of the same name.' });
    Validations.of(vault).acknowledge({ id: 'cdk-landing-zone-checks::LZ-BK2', reason: 'short' });
    const findings = new LandingZoneChecks().checkAssembly(app.synth());
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['LZ-BK1', 'LZ-BK2']));
    expect(findings.find((f) => f.ruleId === 'LZ-BK2')!.problem).toMatch(/A suppression or acknowledgment of LZ-BK2 without a reason of at least 20 characters was ignored/);
    expect(findings.find((f) => f.ruleId === 'LZ-BK1')!.problem).not.toMatch(/was ignored/);
  });

  test('validate() returns one violation per finding, on the resource that holds it', () => {
    // GIVEN
    const app = new App();
    new iam.Role(newStack(app), 'Open', { assumedBy: new iam.AnyPrincipal() });
    const assembly = app.synth();
    const checks = new LandingZoneChecks();

    // WHEN
    const report = checks.validate({ templatePaths: assembly.stacks.map((s) => s.templateFullPath) });

    // THEN
    expect(report.success).toBe(false);
    expect(report.violations).toEqual([
      {
        ruleName: 'LZ-XA2',
        description: expect.stringMatching(/^Stack\/Open\/Resource trusts every AWS principal/),
        fix: expect.stringMatching(/aws:PrincipalOrgID/),
        severity: 'error',
        violatingResources: [{ resourceLogicalId: expect.stringMatching(/^Open/), templatePath: assembly.stacks[0].templateFullPath, locations: ['Properties/AssumeRolePolicyDocument/Statement/0'] }],
        ruleMetadata: { constructPath: 'Stack/Open/Resource' },
      },
    ]);
    expect(checks.ruleIds).toEqual(LandingZoneChecks.rules().map((r) => r.ruleId));
  });
});

describe('template files without a cloud assembly', () => {
  test('are read too, their resources named by aws:cdk:path metadata or by stack and logical id', () => {
    // GIVEN a template written by hand: a role trusting another account through Fn::Sub, one trusting a role of the template
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-checks-'));
    const templatePath = path.join(directory, 'Legacy.template.json');
    const trust = (principal: unknown) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    fs.writeFileSync(
      templatePath,
      JSON.stringify({
        Resources: {
          Vendor: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::999999999999:root' }) } },
          Local: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust({ 'Fn::GetAtt': ['Vendor', 'Arn'] }) } },
          Open: { Type: 'AWS::IAM::Role', Metadata: { 'aws:cdk:path': 'Legacy/Open/Resource' }, Properties: { AssumeRolePolicyDocument: JSON.stringify(trust('*')) } },
        },
      }),
    );

    // WHEN
    const findings = new LandingZoneChecks().checkTemplates([templatePath]);

    // THEN
    expect(summary(findings)).toEqual([
      ['LZ-XA1', 'Legacy/Vendor'],
      ['LZ-XA2', 'Legacy/Open/Resource'],
    ]);
    expect(findings.map((f) => [f.stackName, f.logicalId, f.templatePath])).toEqual([
      ['Legacy', 'Vendor', templatePath],
      ['Legacy', 'Open', templatePath],
    ]);
  });
});

describe('options', () => {
  test.each([
    ['organizationAccounts with a short id', { organizationAccounts: ['1234'] }, /LandingZoneChecks: invalid organizationAccounts: received "1234"/],
    ['an empty organizationAccounts', { organizationAccounts: [] }, /LandingZoneChecks: invalid organizationAccounts: received \[\]/],
    ['a wildcard-only role pattern', { privilegedRoles: ['*'] }, /LandingZoneChecks: invalid privilegedRoles: received "\*"/],
    ['a policy ARN instead of a name', { privilegedAwsManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, /invalid privilegedAwsManagedPolicies/],
    ['an action without a service', { privilegedActions: ['PassRole'] }, /invalid privilegedActions: received "PassRole"/],
  ])('refuses %s', (_name, props, message) => {
    expect(() => new LandingZoneChecks(props as LandingZoneChecksProps)).toThrow(message);
  });

  test('privilegedActions and privilegedAwsManagedPolicies replace the defaults', () => {
    // GIVEN a pull request role allowed iam:PassRole, and one with PowerUserAccess
    const stack = newStack();
    githubRole(stack, { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:acme/platform:pull_request' } }, {
      inlinePolicies: { Pass: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] })] }) },
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
    });

    // THEN
    const app = stack.node.root as App;
    const assembly = app.synth();
    expect(new LandingZoneChecks({ privilegedActions: ['iam:PassRole'], privilegedAwsManagedPolicies: [] }).checkAssembly(assembly).map((f) => f.problem)).toEqual([
      expect.stringMatching(/is privileged \(inline policy "Pass" allows iam:PassRole\)/),
    ]);
    expect(new LandingZoneChecks({ privilegedActions: ['sts:AssumeRole'], privilegedAwsManagedPolicies: [] }).checkAssembly(assembly)).toEqual([]);
  });
});

describe('LandingZoneChecks.rules', () => {
  test('lists every rule with what it finds and how to fix it', () => {
    const rules = LandingZoneChecks.rules();
    expect(rules.map((r) => r.ruleId)).toEqual([
      'LZ-GH1', 'LZ-GH2', 'LZ-GH3', 'LZ-GH4', 'LZ-CCI1', 'LZ-BND1', 'LZ-BND2', 'LZ-XA1', 'LZ-XA2', 'LZ-XA3', 'LZ-XA4', 'LZ-XA5',
      'LZ-XA6', 'LZ-XA7', 'LZ-DNS1', 'LZ-DNS2', 'LZ-BK1', 'LZ-BK2', 'LZ-BK3', 'LZ-BK4', 'LZ-OIDC1', 'LZ-OIDC2', 'LZ-READ1',
    ]);
    for (const rule of rules) {
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.fix.length).toBeGreaterThan(40);
    }
  });

  test('formatFindings renders rule, problem and fix', () => {
    const stack = newStack();
    new iam.Role(stack, 'Open', { assumedBy: new iam.AnyPrincipal() });
    expect(LandingZoneChecks.formatFindings(check(stack))).toMatch(/^\[LZ-XA2\] Stack\/Open\/Resource trusts every AWS principal .*\n {4}Fix: Name the trusted role or account/);
  });
});
