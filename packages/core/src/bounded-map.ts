/**
 * A map that forgets the entries not used for a while, so that long-running processes stay bounded: it
 * keeps at least the `capacity` most recently used entries and at most twice as many. Two generations
 * (entries set or read in this one, and those of the one before) rather than a strict LRU order: a read
 * that hits moves nothing (in a flood every record reads one), and memory is reclaimed a generation at
 * a time.
 */
export class BoundedMap<K, V> {
  readonly #capacity: number;
  #recent = new Map<K, V>();
  #older = new Map<K, V>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  has(key: K): boolean {
    return this.#recent.has(key) || this.#older.has(key);
  }

  /** The value; one of the generation before is kept on into this one. */
  get(key: K): V | undefined {
    const value = this.#recent.get(key);
    if (value !== undefined || !this.#older.has(key)) return value;
    const older = this.#older.get(key) as V;
    this.set(key, older);
    return older;
  }

  set(key: K, value: V): void {
    if (!this.#recent.has(key) && this.#recent.size >= this.#capacity) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(key, value);
  }
}
