import { validateHostedZoneId, validateZoneName } from './zone-names';
import { refuseLater, throwIfRefused } from '../private/errors';

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
    return refuseLater(
      [],
      () => {
        validateHostedZoneId('ParentZone', undefined, 'hostedZoneId', hostedZoneId);
        validateZoneName('ParentZone', undefined, 'zoneName', zoneName);
        return new ParentZone(zoneName, hostedZoneId);
      },
      // The DelegatedSubdomain that uses it refuses it, naming its path.
      () => new ParentZone('', undefined),
    );
  }

  /**
   * The parent zone by name: the delegation record's custom resource finds the
   * one public zone of that name in the parent account, which needs a
   * delegation role that allows `route53:ListHostedZonesByName`.
   *
   * @param zoneName the parent zone's name, e.g. `example.com`
   */
  public static fromZoneName(zoneName: string): ParentZone {
    return refuseLater(
      [],
      () => {
        validateZoneName('ParentZone', undefined, 'zoneName', zoneName);
        return new ParentZone(zoneName, undefined);
      },
      () => new ParentZone('', undefined),
    );
  }

  private readonly name: string;
  private readonly id?: string;

  private constructor(zoneName: string, hostedZoneId: string | undefined) {
    this.name = zoneName;
    this.id = hostedZoneId;
  }

  /** The parent zone's name. */
  public get zoneName(): string {
    throwIfRefused(this);
    return this.name;
  }

  /**
   * The parent zone's id, when it was given.
   *
   * @default - found by name at deployment
   */
  public get hostedZoneId(): string | undefined {
    throwIfRefused(this);
    return this.id;
  }
}
