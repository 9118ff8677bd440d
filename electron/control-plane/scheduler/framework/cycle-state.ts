// Data a plugin computes once per scheduling cycle (in PreFilter or PreScore) and
// reads per node, keyed by typed keys so a plugin gets back what it wrote.

export interface StateKey<T> {
  readonly name: string;
  /** Never set: carries T for the type checker. */
  readonly _type?: T;
}

export function stateKey<T>(name: string): StateKey<T> {
  return { name };
}

export class CycleState {
  private readonly data = new Map<StateKey<unknown>, unknown>();

  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }

  read<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}
