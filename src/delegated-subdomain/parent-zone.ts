import { validateHostedZoneId, validateZoneName } from './zone-names';

/**
 * The parent hosted zone a `DelegatedSubdomain` is delegated from, in another
 * account: named by its id, or found by its name at deployment.
 */
export class ParentZone {
  /**
   * The parent zone by id. The delegation role needs no lookup permission,
   * and DNSSEC (which writes a DS record) is possible.
   *
   * @param hostedZoneId the parent zone's id, e.g. `Z0123456789ABCDEFGHIJ`
   * @param zoneName the parent zone's name, e.g. `example.com`, to check the child name against
   */
  public static fromZoneId(hostedZoneId: string, zoneName: string): ParentZone {
    validateHostedZoneId('ParentZone', undefined, 'hostedZoneId', hostedZoneId);
    validateZoneName('ParentZone', undefined, 'zoneName', zoneName);
    return new ParentZone(zoneName, hostedZoneId);
  }

  /**
   * The parent zone by name: the delegation record's custom resource finds the
   * one public zone of that name in the parent account, which needs a
   * delegation role that allows `route53:ListHostedZonesByName`.
   *
   * @param zoneName the parent zone's name, e.g. `example.com`
   */
  public static fromZoneName(zoneName: string): ParentZone {
    validateZoneName('ParentZone', undefined, 'zoneName', zoneName);
    return new ParentZone(zoneName, undefined);
  }

  /** The parent zone's name. */
  public readonly zoneName: string;
  /** The parent zone's id, when it was given. */
  public readonly hostedZoneId?: string;

  private constructor(zoneName: string, hostedZoneId: string | undefined) {
    this.zoneName = zoneName;
    this.hostedZoneId = hostedZoneId;
  }
}
