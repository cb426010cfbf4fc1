import { App, CfnParameter, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { LandingZoneChecks, LandingZoneFinding } from '../src/landing-zone-checks';

// Issue 15, item 3: the rules LandingZoneChecks still missed, each with a bad and a good app, and the two messages that were wrong.

const ACCOUNT = '111111111111';
const GITHUB = 'https://token.actions.githubusercontent.com';
const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = 'token.actions.githubusercontent.com:aud';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
}

function check(stack: Stack): LandingZoneFinding[] {
  return new LandingZoneChecks().checkAssembly((stack.node.root as App).synth());
}

function only(findings: LandingZoneFinding[], ruleId: string): LandingZoneFinding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

function githubRole(stack: Stack, conditions: Record<string, unknown>): void {
  const provider = new iam.OidcProviderNative(stack, 'Github', { url: GITHUB, clientIds: ['sts.amazonaws.com'] });
  new iam.Role(stack, 'DeployRole', { assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, conditions) });
}

describe('LZ-XA6 service trusts without aws:SourceAccount or aws:SourceArn (confused deputy)', () => {
  test('finds a Step Functions role whose trust names no source', () => {
    const stack = newStack();
    new iam.Role(stack, 'StateMachineRole', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });

    const findings = only(check(stack), 'LZ-XA6');

    expect(findings.map((f) => f.problem)).toEqual([
      'Stack/StateMachineRole/Resource trusts the service "states.amazonaws.com" in statement 0 without aws:SourceAccount or aws:SourceArn: ' +
        'the service assumes the role for whichever account\'s resource names it, so another account can have it act with this role (cross-service confused deputy).',
    ]);
    expect(findings[0].location).toBe('Properties/AssumeRolePolicyDocument/Statement/0');
  });

  test('finds nothing when the trust names the source account, nor for a service that documents no source keys (good twins)', () => {
    const stack = newStack();
    new iam.Role(stack, 'StateMachineRole', {
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('states.amazonaws.com'), { StringEquals: { 'aws:SourceAccount': ACCOUNT } }),
    });
    new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });

    expect(only(check(stack), 'LZ-XA6')).toEqual([]);
  });

  test('a source condition that always holds does not count: StringLike aws:SourceArn "*"', () => {
    const stack = newStack();
    new iam.Role(stack, 'SchedulerRole', {
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('scheduler.amazonaws.com'), { StringLike: { 'aws:SourceArn': '*' } }),
    });

    expect(only(check(stack), 'LZ-XA6').map((f) => f.constructPath)).toEqual(['Stack/SchedulerRole/Resource']);
  });
});

describe('LZ-XA7 identity policies allowing sts:AssumeRole on every role', () => {
  test('finds sts:AssumeRole on "*"', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Runner', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['*'] }));

    const findings = only(check(stack), 'LZ-XA7');

    expect(findings.map((f) => f.problem)).toEqual([
      expect.stringMatching(/^Stack\/Runner\/DefaultPolicy\/Resource the policy \(AWS::IAM::Policy\) allows sts:AssumeRole on "\*" in statement 0: its holders can assume every role of any account whose trust admits them/),
    ]);
    expect(findings[0].location).toBe('Properties/PolicyDocument/Statement/0');
  });

  test('finds an sts: pattern on a role pattern of any account', () => {
    const stack = newStack();
    new iam.CfnRole(stack, 'Runner', {
      assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      policies: [{ policyName: 'hop', policyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:Assume*', Resource: 'arn:aws:iam::*:role/*' }] } }],
    });

    expect(only(check(stack), 'LZ-XA7').map((f) => f.problem)).toEqual([expect.stringContaining('its inline policy "hop" allows sts:AssumeRole on "arn:aws:iam::*:role/*"')]);
  });

  test('finds nothing for named roles, or "*" limited to the organization (good twins)', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Runner', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::222222222222:role/deploy'] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['*'], conditions: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } }));

    expect(only(check(stack), 'LZ-XA7')).toEqual([]);
  });
});

describe('policies written as JSON text (Fn::Sub, Fn::Join) and LZ-READ1', () => {
  test('a trust built with Fn::Join is rendered and judged like an object: "*" is found (LZ-XA2)', () => {
    const stack = newStack();
    new iam.CfnRole(stack, 'Open', {
      assumeRolePolicyDocument: {
        'Fn::Join': ['', ['{"Statement":[{"Effect":"Allow","Principal":{"AWS":"', '*', '"},"Action":"sts:AssumeRole","Resource":"arn:', { Ref: 'AWS::Partition' }, ':iam::*"}]}']],
      },
    });

    const findings = check(stack);

    expect(findings.map((f) => [f.ruleId, f.constructPath])).toEqual([['LZ-XA2', 'Stack/Open']]);
  });

  test('a trust built with Fn::Sub that names the role\'s own account passes (good twin)', () => {
    const stack = newStack();
    new iam.CfnRole(stack, 'Own', {
      assumeRolePolicyDocument: { 'Fn::Sub': '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:${AWS::Partition}:iam::${AWS::AccountId}:root"},"Action":"sts:AssumeRole"}]}' },
    });

    expect(check(stack)).toEqual([]);
  });

  test('JSON text whose parts are not known at synthesis is reported as not read (LZ-READ1), not passed', () => {
    const stack = newStack();
    const statements = new CfnParameter(stack, 'Statements', { type: 'String' });
    new iam.CfnRole(stack, 'Unread', {
      assumeRolePolicyDocument: { 'Fn::Join': ['', ['{"Statement":', statements.valueAsString, '}']] },
    });

    const findings = check(stack);

    expect(findings.map((f) => f.ruleId)).toEqual(['LZ-READ1']);
    expect(findings[0].problem).toBe(
      'Stack/Unread holds a policy document the checks cannot read (Properties/AssumeRolePolicyDocument): its JSON text, built with Fn::Join, ' +
        'does not parse once rendered (a part is not known at synthesis, or the text is not JSON). No rule has judged it.',
    );
  });

  test('an identity policy written as JSON text is read: sts:AssumeRole on "*" is found (LZ-XA7)', () => {
    const stack = newStack();
    new iam.CfnPolicy(stack, 'Hop', {
      policyName: 'hop',
      roles: ['someone'],
      policyDocument: { 'Fn::Sub': '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}' },
    });

    expect(check(stack).map((f) => [f.ruleId, f.constructPath])).toEqual([['LZ-XA7', 'Stack/Hop']]);
  });
});

describe('LZ-GH1: a sub whose first claim another repository chooses', () => {
  test('finds workflow:*:repository:OWNER/REPO, with the exact words', () => {
    const stack = newStack();
    githubRole(stack, { StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'workflow:*:repository:acme/infra' } });

    const findings = only(check(stack), 'LZ-GH1');

    expect(findings.map((f) => f.problem)).toEqual([
      'Stack/DeployRole/Resource trusts GitHub Actions unsafely: statement 0: the sub "workflow:*:repository:acme/infra" starts with the claim "workflow" rather than the repository: ' +
        'GitHub writes a sub\'s claims in the order of the repository\'s own subject template, so another repository whose template starts with "workflow" chooses that value ' +
        '(a workflow, environment or branch name) and can make its sub match; the repository (repo:OWNER/REPO, repository_id or repository_owner_id) must be the first claim.',
    ]);
  });

  test('finds nothing when the repository comes first (good twin)', () => {
    const stack = newStack();
    githubRole(stack, { StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repository:acme/infra:workflow:*' } });

    expect(only(check(stack), 'LZ-GH1')).toEqual([]);
  });
});

describe('LZ-GH1 messages that said the opposite of what happens', () => {
  test('StringEquals with "*" says nothing can assume the role: it matches no token literally', () => {
    const stack = newStack();
    githubRole(stack, { StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:acme/*' } });

    expect(only(check(stack), 'LZ-GH1').map((f) => f.problem)).toEqual([
      'Stack/DeployRole/Resource trusts GitHub Actions unsafely: statement 0: the sub "repo:acme/*" is matched with StringEquals, which takes "*" literally: ' +
        'it matches no token GitHub issues, so nothing can assume the role through it (a pattern needs StringLike, after a literal repo:OWNER/REPO).',
    ]);
  });

  test('a sub under a key the provider never issues says the condition is unmet, not that any repository could assume the role', () => {
    const stack = newStack();
    githubRole(stack, {
      StringEquals: { [AUD]: 'sts.amazonaws.com', 'token.actions.githubusercontent.com/github-org:sub': 'repo:acme/infra:ref:refs/heads/main' },
    });

    const problems = only(check(stack), 'LZ-GH1').map((f) => f.problem);

    expect(problems).toEqual([
      'Stack/DeployRole/Resource trusts GitHub Actions unsafely: statement 0 checks token.actions.githubusercontent.com/github-org:sub with StringEquals, ' +
        'a key the provider never issues (its tokens carry token.actions.githubusercontent.com:sub): the condition is unmet for every token, so nothing can assume the role through this statement.',
      'Stack/DeployRole/Resource trusts GitHub Actions unsafely: statement 0 mixes condition-key prefixes token.actions.githubusercontent.com, token.actions.githubusercontent.com/github-org.',
    ]);
    expect(problems.join(' ')).not.toContain('any GitHub repository could assume the role');
  });

  test('the same key under an IfExists operator holds for every token, and says so', () => {
    const stack = newStack();
    githubRole(stack, {
      StringEquals: { [AUD]: 'sts.amazonaws.com' },
      StringEqualsIfExists: { 'token.actions.githubusercontent.com/github-org:sub': 'repo:acme/infra:ref:refs/heads/main' },
    });

    const problems = only(check(stack), 'LZ-GH1').map((f) => f.problem);

    expect(problems).toEqual([
      expect.stringContaining('a key the provider never issues (its tokens carry token.actions.githubusercontent.com:sub): the condition holds for every token, and checks nothing.'),
      expect.stringContaining('mixes condition-key prefixes'),
      expect.stringContaining('any GitHub repository could assume the role.'),
    ]);
  });
});
