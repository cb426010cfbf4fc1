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

function probe(shape: Pick<Shape, 'name' | 'subject'>, subjects: number, limit: number): Probe {
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

/** Claim-key shapes: each repository's claims need a statement of their own (claims of two subjects never mix). */
const CLAIM_SHAPES: Shape[] = [
  {
    name: 'repository_id + environment per repository (claims only)',
    subject: (i) =>
      GithubSubject.fromClaimConditions({
        repository: GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: `service-${nnn(i)}`, repositoryId: `2000${nnn(i)}` }),
        environment: 'production',
      }),
  },
  {
    name: 'main branch pinned by repository_id (name-based sub + claim)',
    subject: (i) =>
      GithubSubject.branch(GithubRepository.namedWithIds({ owner: 'acme', ownerId: '1000001', name: `service-${nnn(i)}`, repositoryId: `2000${nnn(i)}` }), 'main'),
  },
];

export interface ClaimDensityRow {
  readonly shape: string;
  readonly limit: number;
  readonly measuredMax: number;
  readonly measuredSize: number;
  /** Characters one more subject (one more statement) costs. */
  readonly perSubject: number;
}

/** The largest number of claim-key subjects one role holds at each limit (linear search: the numbers are small). */
export function runClaimDensity(): ClaimDensityRow[] {
  const rows: ClaimDensityRow[] = [];
  for (const shape of CLAIM_SHAPES) {
    for (const limit of DENSITY_LIMITS) {
      let n = 1;
      if (!probe(shape, n, limit).synthesized) {
        throw new Error(`density: one subject of "${shape.name}" does not fit ${limit} characters`);
      }
      while (probe(shape, n + 1, limit).synthesized) {
        n++;
      }
      const fits = probe(shape, n, limit);
      const perSubject = n > 1 ? fits.characters - probe(shape, n - 1, limit).characters : fits.characters;
      rows.push({ shape: shape.name, limit, measuredMax: n, measuredSize: fits.characters, perSubject });
    }
  }
  return rows;
}

export function renderClaimDensity(rows: ClaimDensityRow[]): string {
  return table(
    ['subject shape (claim keys)', 'characters per subject', 'limit', 'cdk-landing-zone (measured)'],
    rows.map((r) => [r.shape, int(r.perSubject), int(r.limit), `${int(r.measuredMax)} (${int(r.measuredSize)} characters)`]),
  );
}

if (require.main === module) {
  // Standalone: prints both tables' raw rows (BENCHMARKS.md is written by bench/run.ts).
  process.stdout.write(`${JSON.stringify({ density: runDensity(), claims: runClaimDensity() }, undefined, 2)}\n`);
}
