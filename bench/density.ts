// Table 2, trust-policy density: how many subjects of a given shape one role
// holds at IAM's 2,048 and 4,096 character limits.
import { App, Stack } from 'aws-cdk-lib';
import { GithubActionsRole, GithubOidcProvider, GithubRepository, GithubSubject } from '../src';
import { int, ratio, table } from './lib/markdown';
import { IAM_LIMITS, measurePolicySize } from '../src/private/policy-size';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const ISSUER_HOST = 'token.actions.githubusercontent.com';
const AUDIENCE = 'sts.amazonaws.com';
export const DENSITY_LIMITS = [IAM_LIMITS.TRUST_POLICY_DEFAULT, IAM_LIMITS.TRUST_POLICY_MAX];

interface Shape {
  readonly name: string;
  readonly subject: (i: number) => GithubSubject;
}

const nnn = (i: number) => String(i + 1).padStart(3, '0');

/** The three shapes; every subject of a shape has the same length (NNN from 001 to 999). */
const SHAPES: Shape[] = [
  { name: 'main branch of many repositories', subject: (i) => GithubSubject.branch(GithubRepository.named('acme', `service-${nnn(i)}`), 'main') },
  { name: 'environments of one repository', subject: (i) => GithubSubject.environment(GithubRepository.named('acme', 'platform'), `account-${nnn(i)}`) },
  { name: 'tag pattern of many repositories', subject: (i) => GithubSubject.tagPattern(GithubRepository.named('acme', `service-${nnn(i)}`), 'v*') },
];

interface Probe {
  /** Whether synthesis succeeded (GithubActionsRole fails it past maxTrustPolicySize). */
  readonly synthesized: boolean;
  /** The trust policy size as `measurePolicySize` counts it. */
  readonly characters: number;
  /** The measured document, deploy-time values replaced by their longest value. */
  readonly rendered: string;
}

function probe(shape: Shape, subjects: number, limit: number): Probe {
  const app = new App();
  const stack = new Stack(app, 'Density', { env: ENV });
  const provider = new GithubOidcProvider(stack, 'GithubOidc');
  const role = new GithubActionsRole(stack, 'Role', {
    provider,
    subjects: Array.from({ length: subjects }, (_, i) => shape.subject(i)),
    maxTrustPolicySize: limit,
  });
  const size = measurePolicySize(role, role.assumeRolePolicy);
  let synthesized = true;
  try {
    app.synth();
  } catch (error) {
    if (!/trust policy measures/.test(String(error))) {
      throw error;
    }
    synthesized = false;
  }
  if (synthesized !== size.characters <= limit) {
    throw new Error(`density: synthesis ${synthesized ? 'succeeded' : 'failed'} for ${subjects} subjects (${shape.name}) measuring ${size.characters} characters against ${limit}`);
  }
  return { synthesized, characters: size.characters, rendered: size.rendered };
}

export interface DensityRow {
  readonly shape: string;
  readonly example: string;
  readonly operator: 'StringEquals' | 'StringLike';
  /** Characters one more subject costs: the quoted value and a comma. */
  readonly perSubject: number;
  /** Fixed overhead of the smallest hand-written policy (one statement, no Sid): size(n) = overhead + n × perSubject − 1. */
  readonly minimalOverhead: number;
  /** Fixed overhead of this library's policy, from its measured size. */
  readonly libraryOverhead: number;
  readonly limit: number;
  readonly measuredMax: number;
  readonly measuredSize: number;
  readonly physicalMax: number;
}

/** The smallest trust policy a person could write for these subjects: one statement, no Sid, aud and sub checked. */
function minimalPolicy(federated: string, operator: 'StringEquals' | 'StringLike', subjects: string[]): string {
  const sub = { [`${ISSUER_HOST}:sub`]: subjects };
  const aud = { [`${ISSUER_HOST}:aud`]: AUDIENCE };
  const condition = operator === 'StringEquals' ? { StringEquals: { ...aud, ...sub } } : { StringEquals: aud, StringLike: sub };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
  });
}

export function runDensity(): DensityRow[] {
  const rows: DensityRow[] = [];
  for (const shape of SHAPES) {
    const lengths = new Set(Array.from({ length: 200 }, (_, i) => shape.subject(i).value.length));
    if (lengths.size !== 1) {
      throw new Error(`density: the subjects of "${shape.name}" differ in length`);
    }
    const first = shape.subject(0);
    const operator = first.isPattern ? 'StringLike' : 'StringEquals';
    const perSubject = JSON.stringify(first.value).length + 1;
    // The provider ARN as the library counts it (deploy-time partition at its longest), used for the minimal policy too.
    const two = probe(shape, 2, IAM_LIMITS.TRUST_POLICY_MAX);
    const federated = JSON.parse(two.rendered).Statement[0].Principal.Federated;
    const federatedArn = Array.isArray(federated) ? federated[0] : federated;
    const minimalTwo = minimalPolicy(federatedArn, operator, [shape.subject(0).value, shape.subject(1).value]).length;
    const minimalOverhead = minimalTwo - 2 * perSubject + 1;
    for (const limit of DENSITY_LIMITS) {
      const physicalMax = Math.floor((limit - minimalOverhead + 1) / perSubject);
      // The largest n that synthesizes: n fits and n + 1 does not (binary search, then both checked).
      let low = 1;
      let high = physicalMax + 1;
      if (!probe(shape, low, limit).synthesized) {
        throw new Error(`density: one subject of "${shape.name}" does not fit ${limit} characters`);
      }
      while (probe(shape, high, limit).synthesized) {
        high *= 2;
      }
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (probe(shape, mid, limit).synthesized) {
          low = mid;
        } else {
          high = mid;
        }
      }
      const fits = probe(shape, low, limit);
      if (!fits.synthesized || probe(shape, low + 1, limit).synthesized) {
        throw new Error(`density: no sharp maximum for "${shape.name}" at ${limit}`);
      }
      rows.push({
        shape: shape.name,
        example: first.value,
        operator,
        perSubject,
        minimalOverhead,
        libraryOverhead: fits.characters - low * perSubject + 1,
        limit,
        measuredMax: low,
        measuredSize: fits.characters,
        physicalMax,
      });
    }
  }
  return rows;
}

export function renderDensity(rows: DensityRow[], versions: { githubOidc: string }): string {
  const subjectsFor = 100;
  return table(
    [
      'subject shape',
      'characters per subject',
      'fixed overhead: minimal / this library',
      'limit',
      'cdk-landing-zone (measured)',
      'physical maximum',
      'ratio',
      `aws-cdk-github-oidc ${versions.githubOidc}`,
      'ratio',
      `roles for ${subjectsFor} such subjects: this library / aws-cdk-github-oidc`,
    ],
    rows.map((r) => [
      `${r.shape}: \`${r.example}\` (${r.operator})`,
      int(r.perSubject),
      `${int(r.minimalOverhead)} / ${int(r.libraryOverhead)}`,
      int(r.limit),
      `${int(r.measuredMax)} (${int(r.measuredSize)} characters)`,
      int(r.physicalMax),
      ratio(r.measuredMax, r.physicalMax),
      '1',
      `${int(r.measuredMax)}×`,
      `${int(Math.ceil(subjectsFor / r.measuredMax))} / ${subjectsFor}`,
    ]),
  );
}
