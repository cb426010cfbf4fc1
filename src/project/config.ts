/**
 * The CI service whose pipelines deploy the landing zone.
 */
export enum LandingZoneCi {
  /** GitHub Actions: one workflow per tier, credentials through GitHub's OIDC tokens. */
  GITHUB = 'GITHUB',
  /** CircleCI: one workflow per tier in `.circleci/config.yml`, credentials through CircleCI's OIDC tokens. */
  CIRCLECI = 'CIRCLECI',
}

/** One account of a workload organizational unit. */
export interface LandingZoneAccount {
  /**
   * The account's short name: lower-case letters and digits, starting with a
   * letter (at most 20). It names the account's stacks (`landing-zone-<name>`,
   * `<name>-services`, ...) and its Services tier's GitHub environment.
   */
  readonly name: string;
  /** The 12-digit account id. */
  readonly accountId: string;
}

/** A workload organizational unit and its accounts. */
export interface LandingZoneWorkload {
  /** The OU's short name: lower-case letters and digits, starting with a letter (at most 20). */
  readonly name: string;
  /** The OU's id, `ou-xxxx-xxxxxxxx`: its spoke fleet (when the hub is configured) deploys to it. */
  readonly organizationalUnitId: string;
  /**
   * Whether the OU holds production accounts: its spokes refuse a
   * non-production hub, and its accounts' backups are copied to the
   * backup account's central vault.
   *
   * @default false
   */
  readonly production?: boolean;
  /** The OU's accounts (at least one). */
  readonly accounts: LandingZoneAccount[];
}

/** A GitHub repository, by name and immutable id, of the landing zone's GitHub owner. */
export interface LandingZoneRepository {
  /** The repository name, e.g. `shop`. */
  readonly name: string;
  /** The repository's numeric id (`repository_id`), e.g. `2000002`. */
  readonly repositoryId: string;
}

/**
 * The typed configuration of a landing zone: its organization, accounts by
 * role, GitHub repositories, regions and domain. `LandingZoneProject` takes it
 * as options and writes it to the app's `src/landing-zone.generated.ts`;
 * `LandingZoneEstate` builds the stacks from it.
 */
export interface LandingZoneConfig {
  /** The AWS Organizations id, `o-` and 10 to 32 lower-case letters or digits. */
  readonly organizationId: string;
  /** The management account: the organization's read-only role and the spoke fleets' StackSets. */
  readonly managementAccountId: string;
  /** The security account: the hub role (with `hubPrincipalArns`). */
  readonly securityAccountId: string;
  /** The network account: the delegation roles of the workload accounts' DNS zones (with `domain`). */
  readonly networkAccountId: string;
  /** The backup account: the central backup vault the production workloads copy to. */
  readonly backupAccountId: string;
  /**
   * The identity account (IAM Identity Center's delegated administrator), if any.
   *
   * @default - no identity account
   */
  readonly identityAccountId?: string;
  /**
   * The workload OUs and their accounts. Each account gets the Base,
   * Infrastructure and Services tiers.
   *
   * @default - no workload account
   */
  readonly workloads?: LandingZoneWorkload[];
  /** The GitHub owner (organization or user) of the repositories, e.g. `acme`. */
  readonly githubOwner: string;
  /** The GitHub owner's numeric id (`repository_owner_id`), e.g. `1000001`. */
  readonly githubOwnerId: string;
  /** The landing zone's own repository (this project): its workflows deploy every tier. */
  readonly repository: string;
  /** The numeric id of the landing zone's own repository. */
  readonly repositoryId: string;
  /**
   * Application repositories of the same owner whose workflows may deploy the
   * Services tier of the workload accounts, each from the GitHub environment
   * named after the account (e.g. `production`).
   *
   * @default - only the landing zone's own repository deploys
   */
  readonly repositories?: LandingZoneRepository[];
  /**
   * The regions the landing zone's roles may call regional services in, home
   * region first. Every stack lives in the home region (the DNS zones in
   * us-east-1, which is then allowed too); the permissions boundary denies
   * regional calls elsewhere.
   */
  readonly regions: string[];
  /**
   * The parent domain, e.g. `example.com`: each workload account then gets
   * `<account>.<domain>`, delegated from the network account.
   *
   * @default - no DNS zones
   */
  readonly domain?: string;
  /**
   * The id of the parent domain's hosted zone in the network account (required with `domain`).
   *
   * @default - no DNS zones
   */
  readonly domainZoneId?: string;
  /**
   * The exact ARNs of the roles (for example IAM Identity Center's security
   * audit role) that may assume the security account's hub role, which
   * reaches every workload account through the spoke fleets.
   *
   * @default - no hub and no spokes
   */
  readonly hubPrincipalArns?: string[];
  /**
   * The CI service whose pipelines deploy the tiers.
   *
   * @default LandingZoneCi.GITHUB
   */
  readonly ci?: LandingZoneCi;
  /**
   * The CircleCI organization id (a UUID; required with `LandingZoneCi.CIRCLECI`).
   *
   * @default - none
   */
  readonly circleCiOrganizationId?: string;
  /**
   * The CircleCI project id of the landing zone's own project (a UUID; required with `LandingZoneCi.CIRCLECI`).
   *
   * @default - none
   */
  readonly circleCiProjectId?: string;
}
