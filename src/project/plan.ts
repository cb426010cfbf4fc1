// The landing zone's shape, computed from its configuration alone: which
// accounts, which tiers in each, and the names of their stacks. The estate
// builds its stacks from it and the project writes its pipelines from it, so
// that a pipeline deploys exactly the stacks the app synthesizes.
import { LandingZoneCi, LandingZoneConfig, LandingZoneWorkload } from './config';
import { LandingZoneInputError, validateMatch } from '../private/errors';
import { validateAccountId, validateOrganizationalUnitIds, validateOrganizationId, validatePrincipalArn } from '../private/org-ids';
import { isRegionName } from '../private/regions';
import { DeployTier } from '../tiered-deploy-role';
import { tierRoleName } from '../tiered-deploy-role/names';

/** What an account is for. */
export type AccountKind = 'management' | 'security' | 'network' | 'backup' | 'identity' | 'workload';

/** One account of the landing zone as planned. */
export interface PlannedAccount {
  /** The short name: `management`, ..., or the workload account's name. */
  readonly name: string;
  readonly kind: AccountKind;
  readonly accountId: string;
  /** The tiers deployed into it, highest first; always Bootstrap first. */
  readonly tiers: DeployTier[];
  /** The workload OU of a workload account. */
  readonly workload?: LandingZoneWorkload;
  /** The account's DNS zone, delegated from the network account. */
  readonly zoneName?: string;
}

/** The tiers, highest first. */
export const TIERS: DeployTier[] = [DeployTier.BOOTSTRAP, DeployTier.BASE, DeployTier.INFRASTRUCTURE, DeployTier.SERVICES];

/** The CDK bootstrap qualifier of each tier below Bootstrap (Bootstrap deploys with its own credentials). */
export const TIER_QUALIFIERS: Record<DeployTier, string> = {
  [DeployTier.BOOTSTRAP]: 'lzboot',
  [DeployTier.BASE]: 'lzbase',
  [DeployTier.INFRASTRUCTURE]: 'lzinfra',
  [DeployTier.SERVICES]: 'lzsvc',
};

/** A tier's number, 1 (Bootstrap) to 4 (Services). */
export const tierNumber = (tier: DeployTier) => TIERS.indexOf(tier) + 1;
/** A tier in lower case: `services`. */
export const tierLabel = (tier: DeployTier) => tier.toLowerCase();

/** The GitHub environment the landing zone's own workflows deploy a tier from (the Bootstrap one is protected). */
export const tierEnvironment = (tier: DeployTier) => `landing-zone-${tierLabel(tier)}`;

/** The landing zone's own stack of an account (Bootstrap tier): `landing-zone-<account>`. */
export const accountStackName = (account: string) => `landing-zone-${account}`;
/** A tier's bounded CDK bootstrap in an account: `landing-zone-<account>-<tier>-bootstrap`. */
export const bootstrapStackName = (account: string, tier: DeployTier) => `landing-zone-${account}-${tierLabel(tier)}-bootstrap`;
/** An account's DNS zone (us-east-1): `landing-zone-<account>-dns`. */
export const dnsStackName = (account: string) => `landing-zone-${account}-dns`;
/** A tier's own stack in an account, deployed by the tier's pipeline: `<account>-<tier>`. */
export const tierStackName = (account: string, tier: DeployTier) => `${account}-${tierLabel(tier)}`;

/** The tier role's ARN in an account (its default name under the landing zone's protected path). */
export const tierRoleArn = (accountId: string, tier: DeployTier) => `arn:aws:iam::${accountId}:role/landing-zone/${tierRoleName(tier)}`;

/** The stacks the Bootstrap tier deploys in an account: the account's own, its tiers' bootstraps, its DNS zone. */
export function landingZoneStacks(account: PlannedAccount): string[] {
  return [
    accountStackName(account.name),
    ...account.tiers.filter((t) => t !== DeployTier.BOOTSTRAP).map((t) => bootstrapStackName(account.name, t)),
    ...(account.zoneName ? [dnsStackName(account.name)] : []),
  ];
}

/** The stacks a tier deploys in an account (the Bootstrap tier: the landing zone's own). */
export function stacksOfTier(account: PlannedAccount, tier: DeployTier): string[] {
  if (!account.tiers.includes(tier)) {
    return [];
  }
  return tier === DeployTier.BOOTSTRAP ? landingZoneStacks(account) : [tierStackName(account.name, tier)];
}

const SHORT_NAME = /^[a-z][a-z0-9]{0,19}$/;
const GITHUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
const DOMAIN = /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Refuses a configuration that cannot make a landing zone, naming the input,
 * the value and what is expected; returns the planned accounts.
 */
export function planLandingZone(construct: string, scope: string, config: LandingZoneConfig): PlannedAccount[] {
  const refuse = (input: string, received: unknown, expected: string, reason?: string): never => {
    throw new LandingZoneInputError({ construct, scope, input, received, expected, reason });
  };
  if (config === undefined || config === null || typeof config !== 'object') {
    refuse('config', config, 'a LandingZoneConfig object');
  }
  if (typeof config.organizationId !== 'string') {
    refuse('organizationId', config.organizationId, 'an AWS Organizations id: "o-" and 10 to 32 lower-case letters or digits');
  }
  validateOrganizationId(construct, scope, config.organizationId);
  const core: Array<[AccountKind, string | undefined]> = [
    ['management', config.managementAccountId],
    ['security', config.securityAccountId],
    ['network', config.networkAccountId],
    ['backup', config.backupAccountId],
    ['identity', config.identityAccountId],
  ];
  for (const [kind, id] of core) {
    if (kind !== 'identity' && typeof id !== 'string') {
      refuse(`${kind}AccountId`, id, 'a 12-digit AWS account id');
    }
    if (id !== undefined) {
      validateAccountId(construct, scope, `${kind}AccountId`, id);
    }
  }
  const matchOrRefuse = (pattern: RegExp, input: string, value: unknown, expected: string) => {
    if (typeof value !== 'string') {
      refuse(input, value, expected);
    }
    validateMatch(pattern, value as string, { construct, scope, input, expected });
  };
  matchOrRefuse(GITHUB_NAME, 'githubOwner', config.githubOwner, 'a GitHub owner name: letters, digits and "-", at most 39');
  matchOrRefuse(NUMERIC_ID, 'githubOwnerId', config.githubOwnerId, "the owner's numeric id (repository_owner_id), e.g. \"1000001\"");
  matchOrRefuse(REPOSITORY_NAME, 'repository', config.repository, 'a GitHub repository name: letters, digits, ".", "_" or "-"');
  matchOrRefuse(NUMERIC_ID, 'repositoryId', config.repositoryId, "the repository's numeric id (repository_id), e.g. \"2000001\"");
  const repositoryNames = new Set<string>([config.repository.toLowerCase()]);
  (config.repositories ?? []).forEach((repo, i) => {
    matchOrRefuse(REPOSITORY_NAME, `repositories[${i}].name`, repo?.name, 'a GitHub repository name: letters, digits, ".", "_" or "-"');
    matchOrRefuse(NUMERIC_ID, `repositories[${i}].repositoryId`, repo?.repositoryId, "the repository's numeric id (repository_id)");
    if (repositoryNames.has(repo.name.toLowerCase())) {
      refuse(`repositories[${i}].name`, repo.name, 'a repository named once, and not the landing zone\'s own repository');
    }
    repositoryNames.add(repo.name.toLowerCase());
  });

  if (!Array.isArray(config.regions) || config.regions.length === 0) {
    refuse('regions', config.regions, 'one or more region names, home region first (e.g. ["eu-west-1"])');
  }
  config.regions.forEach((region, i) => {
    if (typeof region !== 'string' || !isRegionName(region)) {
      refuse(`regions[${i}]`, region, 'a region name such as "eu-west-1"');
    }
  });
  if (new Set(config.regions).size !== config.regions.length) {
    refuse('regions', config.regions, 'each region once');
  }

  if ((config.domain === undefined) !== (config.domainZoneId === undefined)) {
    refuse(config.domain === undefined ? 'domain' : 'domainZoneId', config.domain === undefined ? undefined : config.domainZoneId,
      'domain and domainZoneId together (the parent zone\'s name and its hosted zone id in the network account), or neither');
  }
  if (config.domain !== undefined) {
    matchOrRefuse(DOMAIN, 'domain', config.domain, 'a lower-case domain name such as "example.com"');
    matchOrRefuse(ZONE_ID, 'domainZoneId', config.domainZoneId, 'a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"');
  }
  (config.hubPrincipalArns ?? []).forEach((arn, i) => validatePrincipalArn(construct, scope, `hubPrincipalArns[${i}]`, arn));
  if (config.hubPrincipalArns !== undefined && config.hubPrincipalArns.length === 0) {
    refuse('hubPrincipalArns', config.hubPrincipalArns, 'at least one role ARN, or no hubPrincipalArns at all (no hub)');
  }

  const ci = config.ci ?? LandingZoneCi.GITHUB;
  if (!Object.values(LandingZoneCi).includes(ci)) {
    refuse('ci', ci, `one of ${Object.values(LandingZoneCi).join(', ')}`);
  }
  if (ci === LandingZoneCi.CIRCLECI) {
    matchOrRefuse(UUID, 'circleCiOrganizationId', config.circleCiOrganizationId, 'the CircleCI organization id, a lower-case UUID (Organization Settings, Overview)');
    matchOrRefuse(UUID, 'circleCiProjectId', config.circleCiProjectId, 'the CircleCI project id, a lower-case UUID (Project Settings, Overview)');
  }

  const accounts: PlannedAccount[] = [
    { name: 'management', kind: 'management', accountId: config.managementAccountId, tiers: [DeployTier.BOOTSTRAP] },
    { name: 'security', kind: 'security', accountId: config.securityAccountId, tiers: [DeployTier.BOOTSTRAP, DeployTier.BASE] },
    { name: 'network', kind: 'network', accountId: config.networkAccountId, tiers: [DeployTier.BOOTSTRAP, DeployTier.INFRASTRUCTURE] },
    { name: 'backup', kind: 'backup', accountId: config.backupAccountId, tiers: [DeployTier.BOOTSTRAP, DeployTier.BASE] },
    ...(config.identityAccountId ? [{ name: 'identity', kind: 'identity' as const, accountId: config.identityAccountId, tiers: [DeployTier.BOOTSTRAP, DeployTier.BASE] }] : []),
  ];
  const ous = new Set<string>();
  const workloadNames = new Set<string>();
  (config.workloads ?? []).forEach((workload, w) => {
    matchOrRefuse(SHORT_NAME, `workloads[${w}].name`, workload?.name, 'lower-case letters and digits, starting with a letter, at most 20');
    if (workloadNames.has(workload.name)) {
      refuse(`workloads[${w}].name`, workload.name, 'a workload OU named once');
    }
    workloadNames.add(workload.name);
    validateOrganizationalUnitIds(construct, scope, [workload.organizationalUnitId]);
    if (ous.has(workload.organizationalUnitId)) {
      refuse(`workloads[${w}].organizationalUnitId`, workload.organizationalUnitId, 'an OU listed once');
    }
    ous.add(workload.organizationalUnitId);
    if (!Array.isArray(workload.accounts) || workload.accounts.length === 0) {
      refuse(`workloads[${w}].accounts`, workload.accounts, 'one or more accounts ({ name, accountId })');
    }
    workload.accounts.forEach((account, a) => {
      const input = `workloads[${w}].accounts[${a}]`;
      matchOrRefuse(SHORT_NAME, `${input}.name`, account?.name, 'lower-case letters and digits, starting with a letter, at most 20');
      validateAccountId(construct, scope, `${input}.accountId`, account.accountId);
      accounts.push({
        name: account.name,
        kind: 'workload',
        accountId: account.accountId,
        tiers: [...TIERS],
        workload,
        zoneName: config.domain ? `${account.name}.${config.domain}` : undefined,
      });
    });
  });
  const names = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const account of accounts) {
    if (names.has(account.name)) {
      refuse('workloads', account.name, `account names used once (${[...names.keys()].join(', ')} are taken)`);
    }
    if (ids.has(account.accountId)) {
      refuse(`${account.kind === 'workload' ? `workload account ${account.name}` : `${account.kind}AccountId`}`, account.accountId,
        `an account id of no other role (it is already the ${ids.get(account.accountId)} account)`,
        'Each account keeps one permissions boundary and one stack of the landing zone.');
    }
    names.set(account.name, account.kind);
    ids.set(account.accountId, account.name);
  }
  return accounts;
}
