import { boundedText } from './bounded-text.js';
import { describeError, ownKeys, readSafely, threwPlaceholder } from './read-safely.js';

/** How much of a record's field values is kept: enough to read in Chat, never more than a few KB of work. */
export const VALUE_LIMITS = {
  /** Levels of nesting below a field; deeper objects show as `[Object]` / `[Array]`. */
  depth: 6,
  /** Keys kept per object; a `…` key says how many more there were. */
  keys: 50,
  /** Items kept per array (or Set, or Map); a last item says how many more there were. */
  items: 50,
  /** Characters kept per string. */
  text: 1000,
  /** Values visited in all; past it, values show as `[…]`. */
  values: 2000,
} as const;

/** What a bounded copy holds: only JSON's kinds of values. */
export type PlainValue = string | number | boolean | null | undefined | PlainValue[] | { [key: string]: PlainValue };

/**
 * A plain, bounded copy of any value a logger hands over, made before redaction and rendering look at
 * it: strings cut, objects and arrays cut in breadth and depth, at most {@link VALUE_LIMITS.values}
 * values visited whatever the input holds. Nothing in it throws: cycles become `[Circular]`, a getter
 * or `toJSON` that throws becomes `[getter threw: …]`, and what JSON cannot hold is described (BigInt
 * and Symbol as text, Buffers and typed arrays by their size, Maps and Sets by their entries, Dates in
 * ISO 8601, functions by name).
 */
export function boundedValue(value: unknown): PlainValue {
  return new BoundedCopy().copy(value, 0);
}

class BoundedCopy {
  #visited = 0;
  /** The objects on the path from the root: a value among them is a cycle. */
  readonly #ancestors: object[] = [];

  copy(value: unknown, depth: number): PlainValue {
    this.#visited += 1;
    if (this.#visited > VALUE_LIMITS.values) return '[…]';
    switch (typeof value) {
      case 'string':
        return boundedText(value, VALUE_LIMITS.text);
      case 'number':
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return value.toString();
      case 'symbol':
        return boundedText(value.toString(), VALUE_LIMITS.text);
      case 'function':
        return `[Function ${boundedText(String(readSafely(value, 'name') || 'anonymous'), 100)}]`;
      default:
        return value === null ? null : this.#copyObject(value as object, depth);
    }
  }

  #copyObject(value: object, depth: number): PlainValue {
    if (this.#ancestors.includes(value)) return '[Circular]';
    try {
      const described = describeSpecial(value);
      if (described !== undefined) return described;
      if (depth >= VALUE_LIMITS.depth) return Array.isArray(value) ? '[Array]' : '[Object]';
      this.#ancestors.push(value);
      try {
        return this.#copyContainer(value, depth);
      } finally {
        this.#ancestors.pop();
      }
    } catch (error) {
      // A Proxy whose traps throw, or a toJSON that does.
      return threwPlaceholder('reading it', error);
    }
  }

  #copyContainer(value: object, depth: number): PlainValue {
    if (Array.isArray(value)) return this.#copyItems(value.length, (index) => readSafely(value, index), depth);
    if (value instanceof Set) {
      const items = first(value.values(), VALUE_LIMITS.items);
      return this.#copyItems(value.size, (index) => items[index], depth);
    }
    if (value instanceof Map) {
      const entries = first(value.entries(), VALUE_LIMITS.keys);
      return this.#copyEntries(
        value.size,
        entries.map(([key]) => keyText(key)),
        (index) => entries[index]?.[1],
        depth,
      );
    }
    const toJSON = readSafely(value, 'toJSON');
    if (typeof toJSON === 'function') {
      let json: unknown;
      try {
        json = toJSON.call(value);
      } catch (error) {
        return threwPlaceholder('toJSON', error);
      }
      return json === value ? this.#copyPlainObject(value, depth) : this.copy(json, depth);
    }
    return this.#copyPlainObject(value, depth);
  }

  #copyPlainObject(value: object, depth: number): PlainValue {
    const keys = ownKeys(value);
    return this.#copyEntries(keys.length, keys, (index) => readSafely(value, keys[index] as string), depth);
  }

  #copyItems(size: number, itemAt: (index: number) => unknown, depth: number): PlainValue[] {
    const kept = Math.min(size, VALUE_LIMITS.items);
    const copy: PlainValue[] = [];
    for (let index = 0; index < kept; index += 1) copy.push(this.copy(itemAt(index), depth + 1));
    if (size > kept) copy.push(`… [${size - kept} more items]`);
    return copy;
  }

  #copyEntries(
    size: number,
    keys: readonly string[],
    valueAt: (index: number) => unknown,
    depth: number,
  ): { [key: string]: PlainValue } {
    const kept = Math.min(size, VALUE_LIMITS.keys);
    const copy: { [key: string]: PlainValue } = {};
    for (let index = 0; index < kept; index += 1) {
      const key = boundedText(keys[index] ?? '', VALUE_LIMITS.text);
      // A key like "__proto__" is kept as data, not as the copy's prototype.
      Object.defineProperty(copy, key, {
        value: this.copy(valueAt(index), depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (size > kept) copy['…'] = `[${size - kept} more keys]`;
    return copy;
  }
}

/** A short text for the objects that JSON would show badly or at a size out of proportion. */
function describeSpecial(value: object): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value)) {
    const kind = Buffer.isBuffer(value) ? 'Buffer' : value.constructor.name;
    return `[${kind} of ${value.byteLength} bytes]`;
  }
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    return `[${value.constructor.name} of ${value.byteLength} bytes]`;
  }
  if (value instanceof Error) {
    const name = readSafely(value, 'name');
    const message = readSafely(value, 'message');
    return boundedText(`${String(name)}: ${String(message)}`, VALUE_LIMITS.text);
  }
  if (value instanceof RegExp) return boundedText(String(value), VALUE_LIMITS.text);
  if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet) {
    return `[${value.constructor.name}]`;
  }
  return undefined;
}

/** The first `count` values of an iterator, without walking the rest. */
function first<T>(iterator: Iterator<T>, count: number): T[] {
  const values: T[] = [];
  for (let next = iterator.next(); !next.done && values.length < count; next = iterator.next()) values.push(next.value);
  return values;
}

function keyText(key: unknown): string {
  try {
    return typeof key === 'string' ? key : typeof key === 'object' && key !== null ? '[object key]' : String(key);
  } catch (error) {
    return describeError(error);
  }
}
