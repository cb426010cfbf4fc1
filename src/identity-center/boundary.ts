import { MIN_REASON_LENGTH, isValidReason } from '../landing-zone-checks/engine/suppressions';
import { PermissionBoundary } from '../permission-boundary';
import { POLICY_NAME } from './names';
import { LandingZoneInputError, refuseLater, throwIfRefused, validateMatch } from '../private/errors';
import { validateIamPath } from '../private/iam-names';


/**
 * The permissions boundary of a permission set: a customer managed policy
 * that IAM Identity Center attaches, by name and path, to the role it
 * provisions in each assigned account. The policy must exist in every
 * target account under that name and path (the landing zone's boundary,
 * deployed to each account), or the provisioning of the account fails.
 */
export class PermissionSetBoundary {
  /** The landing zone's boundary at its default name and path (`/landing-zone/LandingZonePermissionBoundary`). */
  public static landingZone(): PermissionSetBoundary {
    return new PermissionSetBoundary(PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME, PermissionBoundary.DEFAULT_PATH, undefined);
  }

  /**
   * The boundary a `PermissionBoundary` construct deploys, by its name and
   * path. The construct deploys it in its own account only: deploy the same
   * boundary (same name and path) to every account the permission set is
   * assigned to.
   */
  public static of(boundary: PermissionBoundary): PermissionSetBoundary {
    return new PermissionSetBoundary(boundary.managedPolicyName, boundary.managedPolicyPath, undefined);
  }

  /**
   * A customer managed policy by name and path.
   *
   * @param name the policy's name
   * @param path the policy's path (default `/landing-zone/`)
   */
  public static named(name: string, path?: string): PermissionSetBoundary {
    return refuseLater(
      [],
      () => {
        validateMatch(POLICY_NAME, name, { construct: 'PermissionSetBoundary', input: 'name', expected: '1 to 128 characters among letters, digits and +=,.@_-' });
        const p = path ?? PermissionBoundary.DEFAULT_PATH;
        validateIamPath('PermissionSetBoundary', '', 'path', p);
        return new PermissionSetBoundary(name, p, undefined);
      },
      () => new PermissionSetBoundary('', '', undefined),
    );
  }

  /**
   * No boundary, acknowledged with the reason (at least 20 characters, as a
   * suppression of the landing-zone checks). A permission set without a
   * boundary may not hold administrator policies.
   */
  public static none(reason: string): PermissionSetBoundary {
    return refuseLater(
      [],
      () => {
        if (!isValidReason(reason)) {
          throw new LandingZoneInputError({
            construct: 'PermissionSetBoundary',
            input: 'reason',
            received: reason,
            expected: `a reason of at least ${MIN_REASON_LENGTH} characters saying why the permission set goes without the landing zone's boundary`,
          });
        }
        return new PermissionSetBoundary(undefined, undefined, reason.trim());
      },
      () => new PermissionSetBoundary(undefined, undefined, ''),
    );
  }

  private readonly policyName?: string;
  private readonly policyPath?: string;
  private readonly noneReason?: string;

  private constructor(name: string | undefined, path: string | undefined, reason: string | undefined) {
    this.policyName = name;
    this.policyPath = path;
    this.noneReason = reason;
  }

  /** The boundary policy's name; undefined for `none`. */
  public get name(): string | undefined {
    throwIfRefused(this);
    return this.policyName;
  }

  /** The boundary policy's path; undefined for `none`. */
  public get path(): string | undefined {
    throwIfRefused(this);
    return this.policyPath;
  }

  /** Why there is no boundary; undefined when there is one. */
  public get reason(): string | undefined {
    throwIfRefused(this);
    return this.noneReason;
  }
}
