// The landing zone's own conventions, which several families share. This
// module imports nothing, so that the aws-cdk-lib-only twin of the benchmarks
// (bench/twin/landing-zone-twin.ts) can read it without loading the library.

/**
 * The IAM path of the landing zone's own roles and of its permissions
 * boundary, and the path the boundary protects by default.
 */
export const LANDING_ZONE_PATH = '/landing-zone/';

/** The tag with which a tiered deploy role carries its tier; the access map reads it. */
export const TIER_TAG = 'landing-zone:tier';

/** The tag with which every hub and spoke role carries its environment; the access map reads it. */
export const ENVIRONMENT_TAG = 'landing-zone:environment';

/**
 * The tag that marks a resource of the landing zone the permissions boundary
 * protects by tag (today: the backup vaults' KMS keys). Any value counts;
 * holders of the boundary may neither add nor remove it on a protected key.
 */
export const PROTECTED_TAG = 'landing-zone:protected';

/** The prefix of the landing zone's own CloudFormation stacks and StackSets that the boundary protects by default. */
export const PROTECTED_STACK_NAME_PREFIX = 'landing-zone-';

/**
 * What nobody but a break-glass principal may do to a protected key: destroy
 * it (deletion, disabling, key material), lock others out of it (key policy),
 * weaken or move it (rotation, replicas), strip its grants, or change its
 * tags (the boundary recognises protected keys by tag). The permissions
 * boundary denies these to its holders; the backup vaults' key policies
 * deny them to everyone not exempt.
 */
export const PROTECTED_KEY_ACTIONS = [
  'kms:DeleteImportedKeyMaterial',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:ImportKeyMaterial',
  'kms:PutKeyPolicy',
  'kms:ReplicateKey',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
];

/**
 * The prefix of the landing zone's own Lambda functions (today: the DNS
 * delegation functions of `DelegatedSubdomain`), whose code and configuration
 * the permissions boundary protects like the landing zone's stacks.
 */
export const PROTECTED_FUNCTION_NAME_PREFIX = 'landing-zone-';
