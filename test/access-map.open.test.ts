import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { AccessMap } from '../src';

const FIXTURE = path.join(__dirname, 'fixtures', 'assembly-github');
const PROVIDER = 'arn:aws:iam::555555555555:oidc-provider/token.actions.githubusercontent.com';
const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

/** An app with one role per trust condition, each named after its case. */
function trustApp(cases: Record<string, Record<string, unknown> | undefined>): AccessMap {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-map-open-')) });
  const stack = new Stack(app, 'Trusts', { env: { account: '555555555555', region: 'eu-west-1' } });
  for (const [name, condition] of Object.entries(cases)) {
    new iam.CfnRole(stack, name, {
      roleName: name,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) }],
      },
    });
  }
  return AccessMap.fromAssembly(app.synth());
}

const arn = (name: string) => `arn:aws:iam::555555555555:role/${name}`;

describe('AccessMap: open roles first', () => {
  test('every role of the assembly-github fixture that any repository can assume is listed, the pinned ones are not', () => {
    const map = AccessMap.fromDirectory(FIXTURE);
    const open = map.openRoles.map((e) => [e.admits, e.constructPath]);
    expect(open).toEqual([
      ['any GitHub repository', 'CheckovGithubOidc/Fail1'],
      ['any GitHub repository', 'CheckovGithubOidc/Fail2'],
      ['any GitHub repository', 'CheckovGithubOidc/FailAbusable'],
      ['any repository of freddiemac', 'CheckovGithubOidc/PassFmCustomer'],
      ['any GitHub repository', 'DatadogGithubOidc/AudOnly'],
      ['any GitHub repository', 'ProwlerGithubOidc/MissingConditionFails'],
      ['any GitHub repository', 'ProwlerGithubOidc/AudienceOnlyConditionFails'],
      ['any GitHub repository', 'ProwlerGithubOidc/WildcardRepositoryOwnerFails'],
      ['any GitHub repository', 'ProwlerGithubOidc/IfExistsSubjectConditionFails'],
    ]);
    // Pinned to one repository (or not GitHub's), or assumable by no token (a sub under StringEquals holding "*", which it takes
    // literally; a key the provider never issues): never open.
    for (const pinned of [
      'PassAudFirst', 'Pass1', 'Pass2', 'Pass3', 'PassGhOrg', 'Remediated', 'ValidRepositoryOwnerPasses', 'NonGithubRoleIsOutOfScope',
      'FailWildcard', 'FailWildcardAssertion', 'FailMisusedRepo', 'PassOrgOnly',
    ]) {
      expect(map.openRoles.map((e) => e.constructPath.replace(/^.*\//, ''))).not.toContain(pinned);
    }
    expect(map.openRoles.find((e) => e.constructPath === 'DatadogGithubOidc/AudOnly')).toMatchObject({
      roleArn: 'arn:aws:iam::123456123456:role/<DatadogGithubOidc/AudOnly>',
      account: '123456123456',
      hasBoundary: false,
      reasons: [expect.stringContaining('any GitHub repository could assume the role')],
    });
  });

  test('the text starts with the open roles, in plain words, before the subjects', () => {
    const text = AccessMap.fromDirectory(FIXTURE).toText();
    const first = text.indexOf('any GitHub repository can assume arn:aws:iam::123456123456:role/fail1 [CheckovGithubOidc/Fail1]');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(text.indexOf('GitHub subjects -> roles they can assume'));
    expect(text).toContain('any repository of freddiemac can assume arn:aws:iam::123456123456:role/pass-fm-customer');
    expect(text).toContain('because trust statement 0: the sub "repo:acme*/infra:*" does not pin one repository');
  });

  test('Markdown and JSON lead with the open roles too', () => {
    const map = AccessMap.fromDirectory(FIXTURE);
    const md = map.toMarkdown();
    expect(md.indexOf('## Open roles')).toBeLessThan(md.indexOf('## Diagram'));
    expect(md).toContain('- **any GitHub repository can assume arn:aws:iam::123456789012:role/github-role** (ProwlerGithubOidc/MissingConditionFails, account 123456789012)');
    expect(md).toContain('- **any GitHub repository can assume arn:aws:iam::123456123456:role/&lt;DatadogGithubOidc/AudOnly&gt;**');
    expect(md).toMatch(/ {2}n\d+\(\["any GitHub repository"\]\)/);
    const json = JSON.parse(map.toJson());
    expect(Object.keys(json)[0]).toBe('accessPaths');
    expect(json.accessPaths[0]).toBe('any GitHub repository can assume arn:aws:iam::123456123456:role/fail1');
    expect(json.openRoles).toHaveLength(9);
  });

  test('each open form is recognised; a pinned subject is not open', () => {
    const map = trustApp({
      'no-condition': undefined,
      'aud-only': { StringEquals: AUD },
      'any-owner': { StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*/shop:*' } },
      'owner-wide': { StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } },
      'if-exists': { StringEquals: AUD, StringLikeIfExists: { 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:*' } },
      'for-any-value': { 'StringEquals': AUD, 'ForAnyValue:StringLike': { 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:*' } },
      'claim-pattern': { StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:repository': 'acme/*' } },
      'pinned': { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:environment:production' } },
      'pinned-by-id': { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:repository_id': '2002', 'token.actions.githubusercontent.com:environment': 'production' } },
    });
    expect(Object.fromEntries(map.openRoles.map((e) => [e.roleName, e.admits]))).toEqual({
      'no-condition': 'any GitHub repository',
      'aud-only': 'any GitHub repository',
      'any-owner': 'any GitHub repository',
      'owner-wide': 'any repository of acme',
      'if-exists': 'any GitHub repository',
      'for-any-value': 'any GitHub repository',
      'claim-pattern': 'any GitHub repository',
    });
    expect(map.accessPaths).toContain(`any GitHub repository can assume ${arn('aud-only')}`);
    expect(map.accessPaths).toContain(`any repository of acme can assume ${arn('owner-wide')}`);
    expect(map.accessPaths.filter((p) => p.endsWith(arn('pinned')))).toEqual([`GitHub repo:acme/shop:environment:production (StringEquals) can assume ${arn('pinned')}`]);
  });

  test('a map without open roles says so', () => {
    const map = trustApp({ pinned: { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:ref:refs/heads/main' } } });
    expect(map.openRoles).toEqual([]);
    expect(map.toText()).toContain('OPEN ROLES: any repository can assume them (read these first)\n  (none)');
    expect(map.toMarkdown()).toContain('No role admits any GitHub repository.');
  });
});
