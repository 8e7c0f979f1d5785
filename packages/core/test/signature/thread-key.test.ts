import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseError } from '../../src/normalise-error.js';
import type { LogRecord } from '../../src/record.js';
import { type ThreadingSettings, threadKeyFor, timeBucket } from '../../src/signature/thread-key.js';

// Real errors thrown by real modules: a small app in two releases, with libraries under node_modules.
const RELEASE_A = fileURLToPath(new URL('fixtures/release-a/', import.meta.url));
const RELEASE_B = fileURLToPath(new URL('fixtures/release-b/', import.meta.url));
type Payments = typeof import('./fixtures/release-a/src/payments.mjs');
let releaseA: Payments;
let releaseB: Payments;
let runNow: (task: () => unknown) => unknown;
let runMapped: (task: () => unknown) => unknown;
let insertUser: (email: string) => Error;
let connectionRefused: Error;

beforeAll(async () => {
  releaseA = await import('./fixtures/release-a/src/payments.mjs');
  releaseB = await import('./fixtures/release-b/src/payments.mjs');
  ({ runNow } = await import('./fixtures/release-a/node_modules/lib-direct/index.mjs'));
  ({ runMapped } = await import('./fixtures/release-a/node_modules/@acme/lib-mapped/index.mjs'));
  ({ insertUser } = await import('./fixtures/release-a/node_modules/pg-fake/index.mjs'));
  connectionRefused = await new Promise<Error>((resolve) => connect(1, '127.0.0.1').on('error', resolve));
});

const SETTINGS: ThreadingSettings = {
  service: 'checkout',
  projectRoot: RELEASE_A,
  scope: 'forever',
  threadNonErrors: false,
};

function errorRecord(error: unknown, overrides: Partial<LogRecord> = {}): LogRecord {
  const normalised = normaliseError(error);
  return {
    level: { value: 50, label: 'error' },
    time: Date.parse('2026-11-22T12:00:00Z'),
    message: 'failed',
    fields: {},
    ...(normalised && { error: normalised }),
    ...overrides,
  };
}

/** The key of a live error, and of the same error as pino's worker receives it. */
function keys(error: unknown, settings = SETTINGS): { live: string | undefined; pino: string | undefined } {
  const serialised = JSON.parse(JSON.stringify(pino.stdSerializers.err(error as Error)));
  return { live: threadKeyFor(errorRecord(error), settings), pino: threadKeyFor(errorRecord(serialised), settings) };
}

function keyOf(error: unknown, settings = SETTINGS): string | undefined {
  return threadKeyFor(errorRecord(error), settings);
}

describe('threadKeyFor', () => {
  it('has the documented shape', () => {
    expect(keyOf(releaseA.checkout(1))).toMatch(/^err-v1-[A-Za-z0-9_-]{22}$/);
  });

  it('same throw site, different ids in the message: same key', () => {
    expect(keyOf(releaseA.checkout(17))).toBe(keyOf(releaseA.checkout(9042)));
  });

  it('lines inserted above the throw site (a new release): same key', () => {
    expect(keyOf(releaseB.checkout(17), { ...SETTINGS, projectRoot: RELEASE_B })).toBe(keyOf(releaseA.checkout(17)));
  });

  it('same error type from two different app functions: different keys', () => {
    let refundError: unknown;
    try {
      releaseA.refund(17);
    } catch (error) {
      refundError = error;
    }
    expect(keyOf(refundError)).not.toBe(keyOf(releaseA.checkout(17)));
  });

  it('same app site reached through different library internals: same key', () => {
    const direct = releaseA.checkout(17, runNow);
    const mapped = releaseA.checkout(17, runMapped);
    expect((mapped as Error).stack).toContain('node_modules/@acme/lib-mapped');
    expect(keyOf(mapped)).toBe(keyOf(direct));
  });

  it('recursion depth does not matter: repeated frames count once', () => {
    const thrownAt = (depth: number) => {
      try {
        releaseA.walkTree(depth);
      } catch (error) {
        return error;
      }
    };
    // Depths within V8's 10-frame stack limit: deeper, the callers fall off the captured stack.
    expect(keyOf(thrownAt(1))).toBe(keyOf(thrownAt(5)));
  });

  it('a wrapper caused by ECONNREFUSED or by a unique-constraint violation: different keys', () => {
    const refused = releaseA.failWith(connectionRefused);
    const duplicate = releaseA.failWith(insertUser('jane@example.com'));
    expect(keyOf(refused)).not.toBe(keyOf(duplicate));
    expect(keyOf(refused)).toBe(keyOf(releaseA.failWith(connectionRefused)));
  });

  it('a raw Error and pino-serialised JSON of it: same key, causes and aggregates included', () => {
    for (const error of [
      releaseA.checkout(17),
      releaseA.failWith(connectionRefused),
      releaseA.failWith(releaseA.failWith(insertUser('jane@example.com'))),
      releaseA.failTwice(1, 2),
    ]) {
      const { live, pino: serialised } = keys(error);
      expect(serialised).toBe(live);
    }
  });

  it('file:// URLs, plain paths and Windows paths of the same frames: same key', () => {
    const stackFor = (path: (file: string) => string) =>
      [
        'TypeError: card declined',
        `    at chargeCard (${path('src/payments.mjs')}:3:9)`,
        `    at checkout (${path('src/payments.mjs')}:12:12)`,
      ].join('\n');
    const variants = [
      { stack: stackFor((file) => `file:///srv/app/${file}`), root: '/srv/app' },
      { stack: stackFor((file) => `/srv/app/${file}`), root: '/srv/app' },
      { stack: stackFor((file) => `C:\\srv\\app\\${file.replaceAll('/', '\\')}`), root: 'C:\\srv\\app' },
    ].map(({ stack, root }) =>
      threadKeyFor(errorRecord({ type: 'TypeError', message: 'card declined', stack }), {
        ...SETTINGS,
        projectRoot: root,
      }),
    );
    expect(new Set(variants).size).toBe(1);
  });

  it('AggregateError: [A, A] is A, and [A, B] is [B, A]', () => {
    const a = () => releaseA.checkout(1);
    const b = () => releaseA.failWith(connectionRefused);
    expect(keyOf(new AggregateError([a(), a()], 'x'))).toBe(keyOf(a()));
    expect(keyOf(new AggregateError([a(), b()], 'x'))).toBe(keyOf(new AggregateError([b(), a()], 'y')));
    expect(keyOf(new AggregateError([a(), b()], 'x'))).not.toBe(keyOf(a()));
  });

  it('a message-only error record is grouped by its first two normalised lines', () => {
    const record = (message: string) => ({ ...errorRecord(undefined), message });
    expect(threadKeyFor(record('queue 12 stuck\nsince 10:31\nmore'), SETTINGS)).toBe(
      threadKeyFor(record('queue 7 stuck\nsince 11:02\nother'), SETTINGS),
    );
    expect(threadKeyFor(record('disk full'), SETTINGS)).not.toBe(threadKeyFor(record('queue 7 stuck'), SETTINGS));
  });

  it('never depends on host, pid, time, ids or version fields', () => {
    const error = releaseA.checkout(17);
    const base = threadKeyFor(errorRecord(error), SETTINGS);
    const noisy = errorRecord(error, {
      hostname: 'web-7',
      time: Date.parse('2026-11-22T23:59:59Z'),
      fields: { pid: 4242, requestId: 'r-1', traceId: 't-9', version: '1.2.3' },
    });
    expect(threadKeyFor(noisy, SETTINGS)).toBe(base);
  });

  it('the key a throw site was hashed to once is not reused for another type, code, service or day', () => {
    const record = errorRecord(releaseA.checkout(17));
    const error = record.error as NonNullable<LogRecord['error']>;
    const base = threadKeyFor(record, SETTINGS);
    const variants = [
      threadKeyFor({ ...record, error: { ...error, type: 'RangeError' } }, SETTINGS),
      threadKeyFor({ ...record, error: { ...error, code: 'ECONNRESET' } }, SETTINGS),
      threadKeyFor(record, { ...SETTINGS, service: 'billing' }),
      threadKeyFor(record, { ...SETTINGS, scope: 'day' }),
      threadKeyFor({ ...record, time: record.time + 86_400_000 }, { ...SETTINGS, scope: 'day' }),
    ];
    expect(new Set([base, ...variants]).size).toBe(6);
    // Asked again, each gets the key it got the first time.
    expect(threadKeyFor({ ...record, error: { ...error, type: 'RangeError' } }, SETTINGS)).toBe(variants[0]);
    expect(threadKeyFor(record, SETTINGS)).toBe(base);
  });

  it('differs per service', () => {
    const error = releaseA.checkout(17);
    expect(keyOf(error, { ...SETTINGS, service: 'billing' })).not.toBe(keyOf(error));
  });

  it('a fingerprint field replaces the signature, "{{ default }}" standing for the computed one', () => {
    const error = releaseA.checkout(17);
    const byTenant = (tenant: string) =>
      threadKeyFor(errorRecord(error, { fields: { fingerprint: ['{{ default }}', tenant] } }), SETTINGS);
    expect(byTenant('acme')).not.toBe(byTenant('globex'));
    expect(byTenant('acme')).not.toBe(keyOf(error));
    const custom = (cause: unknown) =>
      threadKeyFor(errorRecord(cause, { fields: { fingerprint: ['payment-provider-down'] } }), SETTINGS);
    expect(custom(releaseA.checkout(1))).toBe(custom(releaseA.failWith(connectionRefused)));
  });

  it('day and week scopes start a new thread per UTC day or ISO week', () => {
    const error = releaseA.checkout(17);
    const at = (iso: string, scope: ThreadingSettings['scope']) =>
      threadKeyFor(errorRecord(error, { time: Date.parse(iso) }), { ...SETTINGS, scope });
    expect(at('2026-11-22T00:00:00Z', 'day')).toBe(at('2026-11-22T23:59:59Z', 'day'));
    expect(at('2026-11-22T23:59:59Z', 'day')).not.toBe(at('2026-11-23T00:00:00Z', 'day'));
    expect(at('2026-11-16T00:00:00Z', 'week')).toBe(at('2026-11-22T23:59:59Z', 'week'));
    expect(at('2026-11-22T23:59:59Z', 'week')).not.toBe(at('2026-11-23T00:00:00Z', 'week'));
    expect(at('2026-11-22T12:00:00Z', 'forever')).toBe(keyOf(error));
  });

  it('threads non-error records only when asked, by logger name and normalised message', () => {
    const warning = (message: string, loggerName = 'db'): LogRecord => ({
      level: { value: 40, label: 'warn' },
      time: 0,
      message,
      fields: {},
      loggerName,
    });
    expect(threadKeyFor(warning('pool 12 exhausted'), SETTINGS)).toBeUndefined();
    const threaded = { ...SETTINGS, threadNonErrors: true };
    expect(threadKeyFor(warning('pool 12 exhausted'), threaded)).toMatch(/^msg-v1-[A-Za-z0-9_-]{22}$/);
    expect(threadKeyFor(warning('pool 3 exhausted'), threaded)).toBe(
      threadKeyFor(warning('pool 12 exhausted'), threaded),
    );
    expect(threadKeyFor(warning('pool 3 exhausted', 'cache'), threaded)).not.toBe(
      threadKeyFor(warning('pool 12 exhausted'), threaded),
    );
  });
});

describe('timeBucket', () => {
  it.each([
    ['2026-11-22T23:09:58Z', '2026-W47'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
  ])('%s is in ISO week %s', (iso, week) => {
    expect(timeBucket(Date.parse(iso), 'week')).toBe(week);
  });
});
