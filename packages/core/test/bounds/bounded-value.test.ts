import { describe, expect, it } from 'vitest';
import { boundedValue, VALUE_LIMITS } from '../../src/bounds/bounded-value.js';

describe('boundedValue', () => {
  it('keeps plain JSON values as they are', () => {
    const value = { a: 1, b: 'two', c: [true, null, { d: 2.5 }] };
    expect(boundedValue(value)).toEqual(value);
  });

  it('shows cycles as [Circular], but a value seen twice without a cycle in full', () => {
    const shared = { id: 7 };
    const cyclic: Record<string, unknown> = { name: 'root', shared, again: shared };
    cyclic.self = cyclic;
    expect(boundedValue(cyclic)).toEqual({ name: 'root', shared: { id: 7 }, again: { id: 7 }, self: '[Circular]' });
  });

  it('describes what JSON cannot hold', () => {
    const fn = function handler() {};
    expect(
      boundedValue({
        big: 12345678901234567890n,
        symbol: Symbol('tag'),
        buffer: Buffer.alloc(1024),
        typed: new Float64Array(10),
        map: new Map<unknown, unknown>([
          ['a', 1],
          [2, 'b'],
        ]),
        set: new Set([1, 2]),
        date: new Date(0),
        badDate: new Date(Number.NaN),
        fn,
        nan: Number.NaN,
        error: new RangeError('out of range'),
        regexp: /a+b/g,
      }),
    ).toEqual({
      big: '12345678901234567890',
      symbol: 'Symbol(tag)',
      buffer: '[Buffer of 1024 bytes]',
      typed: '[Float64Array of 80 bytes]',
      map: { a: 1, '2': 'b' },
      set: [1, 2],
      date: '1970-01-01T00:00:00.000Z',
      badDate: 'Invalid Date',
      fn: '[Function handler]',
      nan: 'NaN',
      error: 'RangeError: out of range',
      regexp: '/a+b/g',
    });
  });

  it('turns a throwing getter or toJSON into a placeholder, and reads objects without a prototype', () => {
    const hostile = Object.create(null) as Record<string, unknown>;
    hostile.plain = 1;
    Object.defineProperty(hostile, 'getter', {
      enumerable: true,
      get() {
        throw new TypeError('denied');
      },
    });
    hostile.json = {
      toJSON() {
        throw new Error('cannot');
      },
    };
    hostile.nice = { toJSON: () => ({ shown: true }) };
    expect(boundedValue(hostile)).toEqual({
      plain: 1,
      getter: '[getter threw: TypeError: denied]',
      json: '[toJSON threw: Error: cannot]',
      nice: { shown: true },
    });
  });

  it('bounds breadth, depth, strings and the values visited, with markers', () => {
    const wide = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`k${index}`, index]));
    const wideCopy = boundedValue(wide) as Record<string, unknown>;
    expect(Object.keys(wideCopy)).toHaveLength(VALUE_LIMITS.keys + 1);
    expect(wideCopy['…']).toBe('[10 more keys]');

    const long = boundedValue(Array.from({ length: 100_000 }, (_, index) => index)) as unknown[];
    expect(long).toHaveLength(VALUE_LIMITS.items + 1);
    expect(long.at(-1)).toBe('… [99950 more items]');

    let deep: Record<string, unknown> = { leaf: true };
    for (let level = 0; level < 1000; level += 1) deep = { deep };
    expect(JSON.stringify(boundedValue(deep))).toContain('"[Object]"');

    const text = boundedValue('x'.repeat(1_000_000)) as string;
    expect(text.length).toBeLessThanOrEqual(VALUE_LIMITS.text);
    expect(text).toMatch(/… \[\d+ more characters\]$/);

    const grid = Array.from({ length: 50 }, () => Array.from({ length: 50 }, () => ({ a: 1 })));
    expect(JSON.stringify(boundedValue(grid))).toContain('[…]');
  });

  it('keeps a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}');
    const copy = boundedValue(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
