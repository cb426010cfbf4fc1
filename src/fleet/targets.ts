/** Which account creates the StackSet. */
export enum StackSetCallAs {
  /** The organization's management account. */
  SELF = 'SELF',
  /** A delegated administrator account for CloudFormation StackSets. */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/** How a fleet's account list refines its organizational units. */
export enum FleetAccountFilterType {
  /** Only the listed accounts of the OUs (CloudFormation's `INTERSECTION`). */
  ONLY = 'INTERSECTION',
  /** Every account of the OUs but the listed ones (CloudFormation's `DIFFERENCE`). */
  ALL_BUT = 'DIFFERENCE',
}

/**
 * Which accounts of a fleet's OUs receive it: only listed ones, or all but
 * listed ones. There is no way to add accounts outside the OUs (`UNION`):
 * CloudFormation refuses it when a StackSet resource creates its instances,
 * and a fleet by OU is what reaches tomorrow's accounts.
 */
export class FleetAccountFilter {
  /** Only these accounts of the OUs (a pilot, or a first wave of a roll-out). */
  public static only(accounts: string[]): FleetAccountFilter {
    return new FleetAccountFilter(FleetAccountFilterType.ONLY, accounts);
  }

  /** Every account of the OUs, and the ones that join later, but these. */
  public static allBut(accounts: string[]): FleetAccountFilter {
    return new FleetAccountFilter(FleetAccountFilterType.ALL_BUT, accounts);
  }

  /** How the accounts refine the OUs. */
  public readonly filterType: FleetAccountFilterType;
  /** The 12-digit account ids. */
  public readonly accounts: string[];

  private constructor(filterType: FleetAccountFilterType, accounts: string[]) {
    this.filterType = filterType;
    this.accounts = accounts;
  }
}
