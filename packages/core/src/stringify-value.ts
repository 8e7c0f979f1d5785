import { configure } from 'safe-stable-stringify';

/** JSON that never throws: cycles as `[Circular]`, BigInts as numbers, bounded in depth and breadth. */
const stringify = configure({
  bigint: true,
  circularValue: '[Circular]',
  deterministic: false,
  maximumDepth: 8,
  maximumBreadth: 100,
});

/**
 * Any value as text, never throwing: strings as they are, everything else as JSON through
 * safe-stable-stringify (cycles, BigInts, depth and breadth handled), and what JSON cannot show
 * (functions, undefined, a `toJSON` that throws) through `String`, or a placeholder.
 */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return '[unprintable value]';
    }
  }
}
