import { describe, expect, it } from 'vitest';
import { boundedRecord, RECORD_LIMITS } from '../../src/bounds/bounded-record.js';
import type { LogRecord } from '../../src/record.js';

const record = (overrides: Partial<LogRecord> = {}): LogRecord => ({
  level: { value: 50, label: 'error' },
  time: 0,
  message: 'payment failed',
  fields: {},
  ...overrides,
});

describe('boundedRecord', () => {
  it('leaves a record of ordinary size as it is, and a record it bounded alone (one per route)', () => {
    const stack = 'TypeError: boom\n    at pay (a.js:1:1)';
    const ordinary = record({ error: { type: 'TypeError', message: 'boom', stack } });
    const bounded = boundedRecord(ordinary);
    expect(bounded).toEqual(ordinary);
    expect(bounded.error?.stack).toBe(stack);
    expect(boundedRecord(bounded)).toBe(bounded);
  });

  it('cuts a 10 MB message with a marker that counts what was left out', () => {
    const bounded = boundedRecord(record({ message: 'x'.repeat(10_000_000) }));
    expect(bounded.message.length).toBeLessThanOrEqual(RECORD_LIMITS.message);
    expect(bounded.message).toMatch(/… \[9996\d{3} more characters\]$/);
  });

  it('keeps the first lines of a 50,000-frame stack, each line cut, and says how much is left', () => {
    const frames = Array.from(
      { length: 50_000 },
      (_, index) => `    at f${index} (/srv/app/${'d/'.repeat(index % 400)}x.js:1:1)`,
    );
    const bounded = boundedRecord(
      record({ error: { type: 'RangeError', message: 'deep', stack: ['RangeError: deep', ...frames].join('\n') } }),
    );
    const lines = bounded.error?.stack?.split('\n') ?? [];
    expect(lines.length).toBeLessThanOrEqual(RECORD_LIMITS.stackLines + 1);
    expect(lines.every((line) => line.length <= RECORD_LIMITS.stackLine)).toBe(true);
    expect(lines.at(-1)).toMatch(/^… \[\d+ more characters\]$/);
    expect(bounded.error?.stack?.length).toBeLessThanOrEqual(RECORD_LIMITS.stack + RECORD_LIMITS.stackLine + 40);
  });

  it('bounds a stack that is one huge line', () => {
    const bounded = boundedRecord(
      record({ error: { type: 'Error', message: 'm', stack: `Error: ${'y'.repeat(5_000_000)}` } }),
    );
    expect(bounded.error?.stack?.length).toBeLessThanOrEqual(RECORD_LIMITS.stackLine);
  });

  it("limits the cause chain and an AggregateError's children", () => {
    let error = { type: 'Error', message: 'root' } as LogRecord['error'] & object;
    for (let depth = 0; depth < 50; depth += 1) error = { type: 'Error', message: `level ${depth}`, cause: error };
    const children = Array.from({ length: 100 }, (_, index) => ({ type: 'Error', message: `child ${index}` }));
    const bounded = boundedRecord(record({ error: { ...error, children } }));
    let causes = 0;
    for (let cause = bounded.error?.cause; cause !== undefined; cause = cause.cause) causes += 1;
    expect(causes).toBe(RECORD_LIMITS.causes);
    expect(bounded.error?.children).toHaveLength(RECORD_LIMITS.children);
  });

  it('keeps at most 50 errors of an AggregateError tree, however deep and wide', () => {
    const tree = (depth: number): LogRecord['error'] & object => ({
      type: 'AggregateError',
      message: `depth ${depth}`,
      children: depth === 0 ? [] : Array.from({ length: 20 }, () => tree(depth - 1)),
    });
    const bounded = boundedRecord(record({ error: tree(4) }));
    const count = (error: LogRecord['error']): number =>
      error === undefined
        ? 0
        : 1 + count(error.cause) + (error.children ?? []).reduce((sum, child) => sum + count(child), 0);
    expect(count(bounded.error)).toBe(RECORD_LIMITS.errors);
  });
});
