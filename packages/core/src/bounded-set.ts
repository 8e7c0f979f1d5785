import { BoundedMap } from './bounded-map.js';

/** A set that forgets its oldest entries beyond `capacity`, so that long-running processes stay bounded. */
export class BoundedSet<T> {
  readonly #entries: BoundedMap<T, true>;

  constructor(capacity: number) {
    this.#entries = new BoundedMap(capacity);
  }

  has(value: T): boolean {
    return this.#entries.has(value);
  }

  add(value: T): void {
    this.#entries.set(value, true);
  }
}
