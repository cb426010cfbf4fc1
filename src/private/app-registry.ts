import { IConstruct } from 'constructs';

/**
 * Records kept per app (the root of the construct tree), for the checks that
 * span the stacks of one app: a bootstrap qualifier used by one tier of an
 * account, a subject trusted by one tier, a managed policy name used once in
 * an account. Two apps never see each other's records.
 */
export class AppRegistry<T> {
  private readonly byApp = new WeakMap<IConstruct, T[]>();

  /** The records of `scope`'s app so far. */
  public of(scope: IConstruct): readonly T[] {
    return this.byApp.get(scope.node.root) ?? [];
  }

  /** Adds records to `scope`'s app. */
  public add(scope: IConstruct, ...records: T[]): void {
    const root = scope.node.root;
    this.byApp.set(root, [...(this.byApp.get(root) ?? []), ...records]);
  }
}
