import * as fs from 'fs';
import * as path from 'path';
import { LandingZoneChecks, LandingZoneChecksProps } from '../src/landing-zone-checks';

/*
 * LandingZoneChecks against other tools' own test cases (checkov, KICS,
 * prowler, Datadog), wherever a peer asks a question one of the library's
 * rules asks too. Each case is one resource of a fixture; the peer's label
 * is the one its file name, resource name or documentation gives it
 * (test/fixtures/peer-corpus/README.md, test/fixtures/assembly-github/README.md).
 * The library agrees with the label, or the case names the reason it
 * deliberately does not (mirrored in the README's rule table).
 */

const FIXTURES = path.join(__dirname, 'fixtures');

type Label = 'pass' | 'fail';

/** Why the library deliberately disagrees with a peer, one entry per reason. */
const REASONS = {
  'literal-wildcard':
    'StringEquals takes "*" literally: the sub matches no token GitHub issues, so nothing can assume the role. checkov reads it as an owner-wide pattern and passes it; the library reports a trust that cannot work (LZ-GH1), and would refuse it as a StringLike pattern too (owner-wide).',
  'owner-wide':
    'repo:OWNER/* admits every repository of the owner, including ones any member creates and their pull requests; checkov passes owner-wide trust, the library requires one repository (LZ-GH1).',
  'unissued-key':
    'The condition is on a key the provider never issues (token.actions.githubusercontent.com/github-org:sub for the provider token.actions.githubusercontent.com): it is unmet for every token, so nothing can assume the role. checkov sees a pinned sub and passes it; the library reports a trust that cannot work (LZ-GH1).',
  'aud-required':
    'The library requires StringEquals on the token\'s aud, as its constructs write it; prowler checks the sub alone. STS also checks aud against the provider\'s client ids, so this is defence in depth, not an open door.',
  'mfa-is-not-external-id':
    'A third party\'s account is trusted with aws:MultiFactorAuthPresent and no sts:ExternalId. MFA says how the caller signed in to its own account; it does not stop the third party being used as a confused deputy for another of its customers, which only sts:ExternalId does (LZ-XA3). KICS accepts either.',
  'service-without-source-keys':
    'EC2 assumes an instance profile\'s role without aws:SourceAccount or aws:SourceArn documented for that trust; requiring them could refuse EC2 itself (prowler issue 2810 reports this very case as a false positive). LZ-XA6 judges only services whose documentation gives the keys.',
} as const;

type Reason = keyof typeof REASONS;

interface Case {
  /** The template, under test/fixtures/. */
  readonly fixture: string;
  /** The resource's logical id. */
  readonly resource: string;
  readonly peer: 'checkov' | 'KICS' | 'prowler' | 'Datadog';
  /** The peer's check. */
  readonly check: string;
  readonly label: Label;
  /** The library's rule that asks the same question. */
  readonly rule: string;
  /** The library's options for this case (a question about third parties needs organizationAccounts). */
  readonly options?: LandingZoneChecksProps;
  /** Why the library deliberately disagrees, when it does. */
  readonly disagreement?: Reason;
}

const CKV60 = 'CKV_AWS_60 (IAM role allows every principal to assume it)';
const CKV61 = 'CKV_AWS_61 (IAM role allows a whole account to assume it)';
const CKV393 = 'CKV_AWS_393 (GitHub Actions OIDC trust)';
const KICS_XA = 'cross_account_iam_assume_role_policy_without_external_id_or_mfa';
const KICS_ALL = 'iam_role_allows_all_principals_to_assume';
const PROWLER_GH = 'iam_role_github_oidc_trust_subject_restricted';
const THIRD_PARTY = { organizationAccounts: ['123456789012'] };

function rows(fixture: string, peer: Case['peer'], check: string, rule: string, cases: Array<[string, Label, Reason?]>, options?: LandingZoneChecksProps): Case[] {
  return cases.map(([resource, label, disagreement]) => ({ fixture, resource, peer, check, label, rule, options, disagreement }));
}

const CASES: Case[] = [
  // checkov
  ...rows('peer-corpus/checkov/BackupVaultEncrypted-FAIL.template.json', 'checkov', 'CKV_AWS_166 (backup vault encrypted with a KMS CMK)', 'LZ-BK2', [['Fail', 'fail']]),
  ...rows('peer-corpus/checkov/BackupVaultEncrypted-PASS.template.json', 'checkov', 'CKV_AWS_166 (backup vault encrypted with a KMS CMK)', 'LZ-BK2', [['Pass', 'pass']]),
  ...rows('peer-corpus/checkov/IAMRoleAllowAssumeFromAccount-FAILED.template.json', 'checkov', CKV61, 'LZ-XA1', [['ExecutionRole', 'fail']]),
  ...rows('peer-corpus/checkov/IAMRoleAllowAssumeFromAccount-PASSED.template.json', 'checkov', CKV61, 'LZ-XA1', [['ExecutionRole', 'pass'], ['ClusterAccessRole', 'pass']]),
  ...rows('peer-corpus/checkov/IAMRoleAllowAssumeFromAccount-PASSED-2.template.json', 'checkov', CKV61, 'LZ-XA1', [
    ['Role', 'pass'],
    ['ServiceAutoScalingRole', 'pass'],
    ['ScalingLambdaRole', 'pass'],
  ]),
  ...rows('peer-corpus/checkov/IAMRoleAllowsPublicAssume-FAILED.template.json', 'checkov', CKV60, 'LZ-XA2', [['AWSStarPrincipal', 'fail'], ['AWSStarPrincipalInList', 'fail']]),
  ...rows('peer-corpus/checkov/IAMRoleAllowsPublicAssume-FAILED-2.template.json', 'checkov', CKV60, 'LZ-XA2', [['AWSStarPrincipal2', 'fail'], ['AWSStarPrincipalInList2', 'fail']]),
  ...rows('peer-corpus/checkov/IAMRoleAllowsPublicAssume-PASSED.template.json', 'checkov', CKV60, 'LZ-XA2', [['ServiceRole', 'pass'], ['DenyIgnore', 'pass']]),
  ...rows('peer-corpus/checkov/IAMRoleAllowsPublicAssume-PASSED-2.template.json', 'checkov', CKV60, 'LZ-XA2', [['ServiceRole2', 'pass'], ['DenyIgnore2', 'pass']]),
  ...rows('assembly-github/CheckovGithubOidc.template.json', 'checkov', CKV393, 'LZ-GH1', [
    ['PassAudFirst', 'pass'],
    ['Pass1', 'pass'],
    ['Pass2', 'pass'],
    ['Pass3', 'pass'],
    ['Fail1', 'fail'],
    ['Fail2', 'fail'],
    ['FailWildcard', 'fail'],
    ['FailAbusable', 'fail'],
    ['FailWildcardAssertion', 'fail'],
    ['FailMisusedRepo', 'fail'],
    ['PassOrgOnly', 'pass', 'literal-wildcard'],
    ['PassGhOrg', 'pass', 'unissued-key'],
    ['PassFmCustomer', 'pass', 'owner-wide'],
  ]),
  // KICS (the CloudFormation samples of each query: negative = passes, positive = fails)
  ...[
    ['negative1-yaml', 'pass'],
    ['negative2-json', 'pass'],
    ['negative2-yaml', 'pass', 'mfa-is-not-external-id'],
    ['negative4-json', 'pass', 'mfa-is-not-external-id'],
    ['positive1-yaml', 'fail'],
    ['positive2-json', 'fail'],
    ['positive3-yaml', 'fail'],
    ['positive4-json', 'fail'],
    ['positive5-yaml', 'fail'],
    ['positive6-json', 'fail'],
  ].flatMap(([file, label, reason]) =>
    rows(`peer-corpus/kics/${KICS_XA}/${file}.template.json`, 'KICS', KICS_XA, 'LZ-XA3', [['RootRole', label as Label, reason as Reason | undefined]], THIRD_PARTY),
  ),
  ...[
    ['negative1-yaml', 'pass'],
    ['negative2-json', 'pass'],
    ['positive1-yaml', 'fail'],
    ['positive2-json', 'fail'],
  ].flatMap(([file, label]) => rows(`peer-corpus/kics/${KICS_ALL}/${file}.template.json`, 'KICS', KICS_ALL, 'LZ-XA1', [['RootRole', label as Label]])),
  // prowler
  ...rows('peer-corpus/assembly-prowler/ProwlerBackupVaults.template.json', 'prowler', 'backup_vaults_encrypted', 'LZ-BK2', [['UnencryptedVault', 'fail'], ['EncryptedVault', 'pass']]),
  ...rows('peer-corpus/assembly-prowler/ProwlerConfusedDeputy.template.json', 'prowler', 'iam_role_cross_service_confused_deputy_prevention', 'LZ-XA6', [
    ['ServiceRoleWithoutConfusedDeputyPrevention', 'fail', 'service-without-source-keys'],
    ['ServiceRoleWithConfusedDeputyPrevention', 'pass'],
  ]),
  ...rows('assembly-github/ProwlerGithubOidc.template.json', 'prowler', PROWLER_GH, 'LZ-GH1', [
    ['ValidRepositoryOwnerPasses', 'pass', 'aud-required'],
    ['MissingConditionFails', 'fail'],
    ['AudienceOnlyConditionFails', 'fail'],
    ['WildcardRepositoryOwnerFails', 'fail'],
    ['IfExistsSubjectConditionFails', 'fail'],
  ]),
  // Datadog (def-000-5g7: the vulnerable example and its remediation)
  ...rows('assembly-github/DatadogGithubOidc.template.json', 'Datadog', 'def-000-5g7 (untrusted GitHub Actions)', 'LZ-GH1', [['AudOnly', 'fail'], ['Remediated', 'pass']]),
];

/** Fixture resources no rule of the library asks the peer's question about, and why. */
const OUT_OF_SCOPE: Array<{ fixture: string; resources: string[]; why: string }> = [
  {
    fixture: 'peer-corpus/assembly-prowler/ProwlerCrossAccount.template.json',
    resources: ['WithoutReadonlyaccessPolicy', 'InternalWithReadonlyaccessPolicy', 'CrossAccountWithReadonlyaccessPolicy', 'AsteriskCrossAccountWithReadonlyaccessPolicy'],
    why: 'prowler iam_role_cross_account_readonlyaccess_policy asks whether a cross-account role holds ReadOnlyAccess; no rule judges which managed policy a role holds (LZ-XA1..3 judge the trust itself).',
  },
  {
    fixture: 'assembly-github/ProwlerGithubOidc.template.json',
    resources: ['NonGithubRoleIsOutOfScope'],
    why: 'prowler gives this role no label: its check skips roles that do not trust GitHub.',
  },
];

const outcome = (c: Case): Label => {
  const findings = new LandingZoneChecks(c.options).checkTemplates([path.join(FIXTURES, c.fixture)]);
  return findings.some((f) => f.ruleId === c.rule && f.logicalId === c.resource) ? 'fail' : 'pass';
};

describe('LandingZoneChecks against the peers\' own test cases', () => {
  test.each(CASES.map((c) => [`${c.peer} ${c.check}: ${path.basename(c.fixture)} ${c.resource} (${c.label}) by ${c.rule}`, c] as const))('%s', (_name, c) => {
    const mine = outcome(c);
    if (c.disagreement === undefined) {
      expect(mine).toBe(c.label);
    } else {
      // A deliberate disagreement: the library's outcome is the other one, for the reason written above.
      expect(mine).not.toBe(c.label);
      expect(REASONS[c.disagreement].length).toBeGreaterThan(80);
    }
  });

  test('every role and vault of every fixture is a case or listed as out of scope', () => {
    const fixtures = new Set([...CASES.map((c) => c.fixture), ...OUT_OF_SCOPE.map((o) => o.fixture)]);
    const corpus = path.join(FIXTURES, 'peer-corpus');
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir).flatMap((f) => (fs.statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : f.endsWith('.template.json') ? [path.join(dir, f)] : []));
    for (const file of [...walk(corpus), ...walk(path.join(FIXTURES, 'assembly-github'))]) {
      expect(fixtures).toContain(path.relative(FIXTURES, file));
    }
    for (const fixture of fixtures) {
      const resources = JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture), 'utf8')).Resources;
      const judged = Object.keys(resources).filter((id) => ['AWS::IAM::Role', 'AWS::Backup::BackupVault'].includes(resources[id].Type));
      const listed = [
        ...CASES.filter((c) => c.fixture === fixture).map((c) => c.resource),
        ...OUT_OF_SCOPE.filter((o) => o.fixture === fixture).flatMap((o) => o.resources),
      ];
      expect(listed.sort()).toEqual(judged.sort());
    }
  });

  test('labels agree with the peers\' own names where the names carry one', () => {
    for (const c of CASES) {
      const name = `${path.basename(c.fixture)} ${c.resource}`;
      const named = /(^|[-/ ])(Fail|FAIL|positive|Fails)|Fail\d|WithoutConfusedDeputy|Unencrypted/.test(name)
        ? 'fail'
        : /PASS|Pass|negative|Passes|WithConfusedDeputy|EncryptedVault/.test(name)
          ? 'pass'
          : undefined;
      if (named !== undefined) {
        expect([name, c.label]).toEqual([name, named]);
      }
    }
  });

  test('the README gives the numbers: cases in scope, agreements, disagreements by reason, out of scope', () => {
    const disagreements = CASES.filter((c) => c.disagreement !== undefined);
    const byReason = Object.keys(REASONS).map((r) => `${r} ${disagreements.filter((c) => c.disagreement === r).length}`);
    const outOfScope = OUT_OF_SCOPE.reduce((n, o) => n + o.resources.length, 0);
    const numbers = `${CASES.length} in scope, ${CASES.length - disagreements.length} agreements, ${disagreements.length} deliberate disagreements (${byReason.join(', ')}), ${outOfScope} out of scope`;
    expect(numbers).toBe(
      '54 in scope, 47 agreements, 7 deliberate disagreements (literal-wildcard 1, owner-wide 1, unissued-key 1, aud-required 1, mfa-is-not-external-id 2, service-without-source-keys 1), 5 out of scope',
    );
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(numbers);
  });
});
