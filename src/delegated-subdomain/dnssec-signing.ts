import { Duration, RemovalPolicy, aws_kms as kms } from 'aws-cdk-lib';

/** Options of DNSSEC signing, whichever key signs. */
export interface DnssecSigningOptions {
  /**
   * The TTL of the DS record in the parent zone. A short TTL lets a broken
   * chain of trust be withdrawn quickly.
   *
   * @default Duration.hours(1)
   * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-enable-signing.html
   */
  readonly dsRecordTtl?: Duration;

  /**
   * The key-signing key's name, unique within the zone: 3 to 128 letters,
   * digits or underscores.
   *
   * @default 'landing_zone_ksk'
   */
  readonly keySigningKeyName?: string;
}

/** Options of DNSSEC signing with a KMS key created for it. */
export interface DnssecNewKeyOptions extends DnssecSigningOptions {
  /**
   * What happens to the KMS key when it leaves the stack. Once the DS record
   * has been removed from the parent, the key is no longer needed.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * Whether and how a `DelegatedSubdomain` signs its zone with DNSSEC: with a
 * KMS key created for it, or with a given one. Either way the key must be an
 * asymmetric customer managed key of spec `ECC_NIST_P256` and usage
 * `SIGN_VERIFY`, in us-east-1.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-cmk-requirements.html
 */
export class DnssecSigning {
  /**
   * Signs with a new customer managed KMS key (ECC_NIST_P256, SIGN_VERIFY),
   * created in the `DelegatedSubdomain`'s stack, which must be in us-east-1.
   */
  public static withNewKey(options: DnssecNewKeyOptions = {}): DnssecSigning {
    return new DnssecSigning(undefined, options, options.keyRemovalPolicy ?? RemovalPolicy.RETAIN);
  }

  /**
   * Signs with a given KMS key. It must be ECC_NIST_P256 / SIGN_VERIFY and in
   * us-east-1. A key defined in this app gets the key policy statements Route 53
   * needs; an imported key must already have them.
   *
   * @param key the key-signing key's KMS key
   */
  public static withKey(key: kms.IKey, options: DnssecSigningOptions = {}): DnssecSigning {
    return new DnssecSigning(key, options, undefined);
  }

  /** The given key, or undefined when a key is created. */
  public readonly key?: kms.IKey;
  /** The TTL of the DS record. */
  public readonly dsRecordTtl: Duration;
  /** The key-signing key's name. */
  public readonly keySigningKeyName: string;
  /** The removal policy of a created key; undefined for a given key. */
  public readonly keyRemovalPolicy?: RemovalPolicy;

  private constructor(key: kms.IKey | undefined, options: DnssecSigningOptions, keyRemovalPolicy: RemovalPolicy | undefined) {
    this.key = key;
    this.dsRecordTtl = options.dsRecordTtl ?? Duration.hours(1);
    this.keySigningKeyName = options.keySigningKeyName ?? 'landing_zone_ksk';
    this.keyRemovalPolicy = keyRemovalPolicy;
  }
}
