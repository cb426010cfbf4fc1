import { Duration, aws_iam as iam } from 'aws-cdk-lib';
import { IHubRole } from './hub-role';

/**
 * The hub a role trusts, and the conditions and longest session of that
 * trust: what `HubTrustOptions` (spoke and organization read-only roles) and
 * `SpokeFleetProps` share.
 */
export interface HubTrustCommonOptions {
  /** The hub role trusted. */
  readonly hub: IHubRole;
  /**
   * Trust the hub only while it is in one of these organization paths
   * (`o-.../r-.../ou-.../`, `*` allowed at the end).
   *
   * @default - the organization condition only
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
   */
  readonly principalOrgPaths?: string[];
  /**
   * An external id the hub must present (2 to 1,224 characters of `[\w+=,.@:/-]`).
   *
   * @default - none
   */
  readonly externalId?: string;
  /**
   * Let the hub set a source identity (adds `sts:SetSourceIdentity` to the trust).
   *
   * @default false
   */
  readonly allowSourceIdentity?: boolean;
  /**
   * Let the hub pass session tags (adds `sts:TagSession` to the trust).
   *
   * @default false
   */
  readonly allowSessionTags?: boolean;
  /**
   * The longest session. The hub reaches this role by role chaining, which AWS
   * caps at one hour whatever this says.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/** Options of a role that trusts the hub: a spoke, or the organization read-only role. */
export interface HubTrustOptions extends HubTrustCommonOptions {
  /**
   * A permissions boundary.
   *
   * @default - none
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;
}
