import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedValue, VALUE_LIMITS } from '../../src/bounds/bounded-value.js';
import { stringifyValue } from '../../src/stringify-value.js';

/** How many values a plain copy holds. */
function countValues(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce((sum: number, item) => sum + countValues(item), 0);
  if (typeof value === 'object' && value !== null) {
    return 1 + Object.values(value).reduce((sum: number, item) => sum + countValues(item), 0);
  }
  return 1;
}

const anything = fc.anything({
  maxDepth: 6,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

describe('bounded copies of arbitrary values', () => {
  it('never throw, are plain JSON, and hold at most the values visited', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const copy = boundedValue(value);
        expect(() => JSON.stringify(copy)).not.toThrow();
        expect(countValues(copy)).toBeLessThanOrEqual(2 * VALUE_LIMITS.values + 2);
        expect(typeof stringifyValue(value)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
