/**
 * Any value as text, never throwing: strings as they are, everything else as JSON (BigInts as
 * numbers' text), and what JSON cannot show (cycles, functions, undefined) through `String`.
 */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return (
      JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)) ??
      String(value)
    );
  } catch {
    return String(value);
  }
}
