import { describe, expect, it } from 'vitest';
import type { LogRecord, RecordError } from '../src/record.js';
import { threadKeyFor } from '../src/signature.js';

const ROOT = '/srv/app';

function recordWith(error: RecordError | undefined, message = 'failed'): LogRecord {
  return { level: { value: 50, label: 'error' }, time: 0, message, fields: {}, ...(error && { error }) };
}

function stackAt(line: number, fn = 'chargeCard', file = `${ROOT}/src/payments.js`): string {
  return [
    'TypeError: card declined for order 17',
    `    at ${fn} (${file}:${line}:11)`,
    `    at handle (${ROOT}/node_modules/express/lib/router.js:${line}:5)`,
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ].join('\n');
}

describe('threadKeyFor', () => {
  it('has the documented shape', () => {
    expect(threadKeyFor(recordWith(undefined), 'svc', ROOT)).toMatch(/^err-v1-[A-Za-z0-9_-]{22}$/);
  });

  it('ignores line numbers, library frames and the message of an error', () => {
    const a = threadKeyFor(recordWith({ type: 'TypeError', message: 'order 17', stack: stackAt(10) }), 'svc', ROOT);
    const b = threadKeyFor(recordWith({ type: 'TypeError', message: 'order 99', stack: stackAt(250) }), 'svc', ROOT);
    expect(a).toBe(b);
  });

  it('differs by error type, in-app function and service', () => {
    const base = threadKeyFor(recordWith({ type: 'TypeError', message: 'm', stack: stackAt(1) }), 'svc', ROOT);
    const otherType = threadKeyFor(recordWith({ type: 'RangeError', message: 'm', stack: stackAt(1) }), 'svc', ROOT);
    const otherFunction = threadKeyFor(
      recordWith({ type: 'TypeError', message: 'm', stack: stackAt(1, 'refund') }),
      'svc',
      ROOT,
    );
    const otherService = threadKeyFor(recordWith({ type: 'TypeError', message: 'm', stack: stackAt(1) }), 'api', ROOT);
    expect(new Set([base, otherType, otherFunction, otherService]).size).toBe(4);
  });

  it('is the same on another host with another checkout path', () => {
    const here = threadKeyFor(recordWith({ type: 'E', message: 'm', stack: stackAt(1) }), 'svc', ROOT);
    const elsewhereStack = stackAt(1).replaceAll(ROOT, '/home/deploy/releases/42');
    const elsewhere = threadKeyFor(
      recordWith({ type: 'E', message: 'm', stack: elsewhereStack }),
      'svc',
      '/home/deploy/releases/42',
    );
    expect(elsewhere).toBe(here);
  });

  it('groups message-only records by their first line with numbers ignored', () => {
    const a = threadKeyFor(recordWith(undefined, 'queue 12 is stuck\nat 10:31'), 'svc', ROOT);
    const b = threadKeyFor(recordWith(undefined, 'queue 7 is stuck\nat 11:02'), 'svc', ROOT);
    const c = threadKeyFor(recordWith(undefined, 'disk full'), 'svc', ROOT);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});
