/**
 * Record content is untrusted: a getter, a `toJSON` or a Proxy trap may throw. These read it without
 * ever letting that reach the logging call.
 */

/** A property read: its value, or what reading it threw. */
export type Read = { readonly value: unknown } | { readonly threw: unknown };

/** Reads `source[key]`, catching what a getter or Proxy trap throws. */
export function tryRead(source: object, key: PropertyKey): Read {
  try {
    return { value: (source as Record<PropertyKey, unknown>)[key] };
  } catch (error) {
    return { threw: error };
  }
}

/** `source[key]`, or a placeholder saying the getter threw. */
export function readSafely(source: object, key: PropertyKey): unknown {
  const read = tryRead(source, key);
  return 'value' in read ? read.value : threwPlaceholder('getter', read.threw);
}

/** `source[key]` when it reads as a string; `undefined` otherwise, a throwing getter included. */
export function readString(source: object, key: PropertyKey): string | undefined {
  const read = tryRead(source, key);
  return 'value' in read && typeof read.value === 'string' ? read.value : undefined;
}

/** The own enumerable string keys of `source` (as `Object.keys`), or none when even that throws (a Proxy). */
export function ownKeys(source: object): string[] {
  try {
    return Object.keys(source);
  } catch {
    return [];
  }
}

/** What shows in place of a value whose getter (or `toJSON`) threw. */
export function threwPlaceholder(what: string, error: unknown): string {
  return `[${what} threw: ${describeError(error)}]`;
}

/** A short description of anything thrown, which may itself be hostile (a `toString` that throws). */
export function describeError(error: unknown): string {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return text.slice(0, 200);
  } catch {
    return 'an unprintable value';
  }
}
