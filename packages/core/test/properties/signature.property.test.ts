import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedRecord } from '../../src/bounds/bounded-record.js';
import type { LogRecord } from '../../src/record.js';
import { threadKeyFor } from '../../src/signature/thread-key.js';
import { logRecord } from './arbitraries.js';

const SETTINGS = { service: 'orders', projectRoot: '/srv/app', scope: 'forever', threadNonErrors: true } as const;
const WORDS = ['order', 'failed', 'for', 'user', 'payment', 'timeout', 'retry', 'upstream', 'refused', 'after'];

/** The kinds of variable parts of a message, which the normaliser replaces with a placeholder each. */
const VARIABLES: readonly fc.Arbitrary<string>[] = [
  fc.nat().map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((value) => value.toFixed(2)),
  fc.uuid(),
  fc.stringMatching(/^[0-9a-f]{6,14}[0-9][a-f]$/),
  fc.stringMatching(/^0x[0-9a-f]{1,12}$/),
  fc
    .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z]{1,8}$/))
    .map(([user, host]) => `${user}@${host}.io`),
  fc.ipV4(),
  fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((date) => date.toISOString()),
];

/** A message with words and variable parts, twice: the same words and kinds, other values. */
const twoMessages = fc
  .array(
    fc.oneof(
      fc.constantFrom(...WORDS).map((word) => [word, word] as const),
      fc.oneof(...VARIABLES.map((kind) => fc.tuple(kind, kind))),
    ),
    {
      minLength: 1,
      maxLength: 12,
    },
  )
  .map((parts) => [parts.map(([first]) => first).join(' '), parts.map(([, second]) => second).join(' ')] as const);

describe('signatures of arbitrary records', () => {
  it('never throw, and are well-formed thread keys', () => {
    fc.assert(
      fc.property(logRecord, (record) => {
        const key = threadKeyFor(boundedRecord(record), SETTINGS);
        if (key !== undefined) expect(key).toMatch(/^(err|msg)-v1-[A-Za-z0-9_-]{22}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('do not change when only numbers and ids in the message change', () => {
    fc.assert(
      fc.property(twoMessages, fc.constantFrom(50, 40), ([first, second], severity) => {
        const record = (message: string): LogRecord => ({
          level: { value: severity, label: severity === 50 ? 'error' : 'warn' },
          time: 0,
          message,
          fields: {},
        });
        expect(threadKeyFor(record(first), SETTINGS)).toBe(threadKeyFor(record(second), SETTINGS));
      }),
      { numRuns: 500 },
    );
  });
});
