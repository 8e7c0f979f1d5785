/** A set that forgets its oldest entries beyond `capacity`, so that long-running processes stay bounded. */
export class BoundedSet<T> {
  readonly #capacity: number;
  readonly #entries = new Set<T>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  has(value: T): boolean {
    return this.#entries.has(value);
  }

  add(value: T): void {
    this.#entries.delete(value);
    this.#entries.add(value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.values().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }
}
