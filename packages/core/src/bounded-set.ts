import { BoundedMap } from './bounded-map.js';

/** A set that forgets the values not added for a while (at least the `capacity` latest are kept, see BoundedMap). */
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
