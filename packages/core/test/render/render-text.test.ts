import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/record.js';
import { MAX_TEXT_LENGTH } from '../../src/render/chat-message.js';
import { renderText } from '../../src/render/render-text.js';

function record(overrides: Partial<LogRecord> = {}): LogRecord {
  return { level: { value: 50, label: 'error' }, time: 0, message: 'payment failed', fields: {}, ...overrides };
}

/** The text outside fenced code blocks: the only place Chat formats anything. */
function outsideCodeBlocks(text: string): string {
  return text
    .split('```')
    .filter((_part, index) => index % 2 === 0)
    .join('');
}

describe('renderText', () => {
  it('shows level, service, host, message, error with stack, and fields', () => {
    const text = renderText(
      record({
        hostname: 'web-1',
        error: {
          type: 'TypeError',
          message: 'x is undefined',
          stack: [
            'TypeError: x is undefined',
            '    at f (/srv/app/src/pay.js:1:1)',
            '    at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)',
            '    at next (/srv/app/node_modules/express/lib/router/route.js:149:13)',
            '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
            '    at main (/srv/app/src/main.js:9:3)',
            '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
            '    at wrap (/srv/app/node_modules/p-retry/index.js:3:1)',
          ].join('\n'),
          code: 'E_X',
        },
        fields: { orderId: 17, user: { id: 'u1' } },
      }),
      { service: 'checkout', projectRoot: '/srv/app' },
    );
    expect(text).toBe(
      [
        '🔴 *ERROR* · checkout · web-1',
        '```\npayment failed\n```',
        [
          '```',
          'code: E_X',
          'TypeError: x is undefined',
          '  → at f (src/pay.js:1:1)',
          '    … 2 frames in node_modules/express',
          '  → at main (src/main.js:9:3)',
          '    at wrap (node_modules/p-retry/index.js:3:1)',
          '```',
        ].join('\n'),
        '```\norderId: 17\nuser: {"id":"u1"}\n```',
      ].join('\n'),
    );
  });

  it('adds causes that the stack does not already show', () => {
    const text = renderText(
      record({
        error: {
          type: 'Error',
          message: 'outer',
          stack: 'Error: outer\n    at f (/a.js:1:1)',
          cause: { type: 'Error', message: 'inner reason' },
        },
      }),
      { service: 's', projectRoot: '/srv/app' },
    );
    expect(text).toContain('caused by: Error: inner reason');
  });

  it('cannot be made to mention everyone, plant links or format text by the record', () => {
    const hostile = '<users/all> click <https://evil.example|here> *now* ``` escaped? ``` _x_';
    const text = renderText(
      record({
        message: hostile,
        hostname: '<users/all>*bold*',
        level: { value: 50, label: '*err*_`' },
        error: { type: 'Error', message: hostile, stack: `Error: ${hostile}` },
        fields: { [hostile]: hostile },
      }),
      { service: '<users/all> ~svc~', projectRoot: '/srv/app' },
    );
    expect(text).not.toContain('<users/');
    expect(text).not.toContain('<https://');
    expect(text.match(/```/g)?.length).toBe(6); // our three blocks, none opened or closed by the record
    const formatted = outsideCodeBlocks(text);
    expect(formatted.match(/\*/g)).toEqual(['*', '*']); // only our bold level
    expect(formatted).not.toMatch(/[_~`<]/);
  });

  it('stays within Chat text limit for an oversized record, with visible markers', () => {
    const text = renderText(
      record({
        message: 'm'.repeat(1_000_000),
        error: {
          type: 'Error',
          message: 'deep',
          stack: ['Error: deep', ...Array.from({ length: 10_000 }, (_, i) => `    at f${i} (/a.js:${i}:1)`)].join('\n'),
        },
        fields: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field${i}`, 'v'.repeat(5000)])),
      }),
      { service: 's'.repeat(5000), projectRoot: '/srv/app' },
    );
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(text).toContain('more characters]');
    expect(text).toContain('more lines]');
    expect(text).toMatch(/\[4\d more fields\]/);
    expect(text.match(/```/g)?.length).toBe(6);
  });
});
