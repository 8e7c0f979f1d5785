import { describe, expect, it } from 'vitest';
import { MAX_ERRORS, normaliseError } from '../src/normalise-error.js';

describe('normaliseError', () => {
  it('reads a live Error with its code and cause chain', () => {
    const root = Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' });
    const error = new TypeError('lookup failed', { cause: root });

    const normalised = normaliseError(error);

    expect(normalised).toMatchObject({ type: 'TypeError', message: 'lookup failed' });
    expect(normalised?.stack).toContain('at ');
    expect(normalised?.cause).toMatchObject({ type: 'Error', message: 'connect refused', code: 'ECONNREFUSED' });
  });

  it('survives a cause cycle and stops at depth 5', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(normaliseError(a)?.cause?.cause).toBeUndefined();

    let deep: Error = new Error('level 0');
    for (let level = 1; level <= 10; level += 1) deep = new Error(`level ${level}`, { cause: deep });
    let depth = 0;
    for (let cause = normaliseError(deep)?.cause; cause; cause = cause.cause) depth += 1;
    expect(depth).toBe(5);
  });

  it("reads pino's serialised error", () => {
    const serialised = {
      type: 'RangeError',
      message: 'too big',
      stack: 'RangeError: too big\n    at f (/app/x.js:1:1)',
      code: 42,
    };
    expect(normaliseError(serialised)).toEqual({ ...serialised, code: '42' });
  });

  it('takes the type and message from the stack when winston left only the stack', () => {
    expect(normaliseError({ stack: 'SyntaxError: bad token\n    at parse (/app/p.js:3:9)' })).toMatchObject({
      type: 'SyntaxError',
      message: 'bad token',
    });
  });

  it('returns undefined for values that are not errors', () => {
    for (const value of [undefined, null, 'boom', 42, { foo: 1 }]) expect(normaliseError(value)).toBeUndefined();
  });

  it('reads an Error subclass whose getters throw without throwing itself', () => {
    class Guarded extends Error {}
    const throwing = (what: string) => ({
      get() {
        throw new Error(`no ${what} for you`);
      },
    });
    // The stack first: V8 formats its lazy stack, reading the message, when the stack is redefined.
    const guarded = Object.defineProperties(new Guarded('x'), {
      stack: throwing('stack'),
      message: throwing('message'),
    });
    expect(normaliseError(guarded)).toBeUndefined();

    const halfGuarded = Object.defineProperty(new Guarded('card declined'), 'stack', throwing('stack'));
    expect(normaliseError(halfGuarded)).toEqual({ type: 'Guarded', message: 'card declined' });

    const proxy = new Proxy(new Error('x'), {
      getPrototypeOf: () => {
        throw new Error('trap');
      },
    });
    expect(normaliseError(proxy)).toMatchObject({ message: 'x' });
  });

  it('reads at most 50 errors of a tree of AggregateErrors, lazily built ones included', () => {
    let built = 0;
    const lazy = (depth: number): Error => {
      const error = new Error(`depth ${depth}`);
      Object.defineProperty(error, 'errors', {
        get() {
          built += 20;
          return depth === 0 ? [] : Array.from({ length: 20 }, () => lazy(depth - 1));
        },
      });
      return error;
    };
    const normalised = normaliseError(lazy(6));
    const count = (error: ReturnType<typeof normaliseError>): number =>
      error === undefined
        ? 0
        : 1 + count(error.cause) + (error.children ?? []).reduce((sum, child) => sum + count(child), 0);
    expect(count(normalised)).toBeLessThanOrEqual(MAX_ERRORS);
    expect(built).toBeLessThan(2000);
  });
});
