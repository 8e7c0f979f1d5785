import { describe, expect, it } from 'vitest';
import { fromPinoLine } from '../../src/translate/pino-line.js';

const DEFAULT_CONFIG = {
  messageKey: 'msg',
  errorKey: 'err',
  levels: { labels: { 30: 'info', 50: 'error', 55: 'page' } },
};

describe('fromPinoLine', () => {
  it('translates a serialised pino error line', () => {
    const record = fromPinoLine(
      {
        level: 50,
        time: 1_700_000_000_000,
        pid: 42,
        hostname: 'web-1',
        name: 'checkout',
        msg: 'payment failed',
        err: { type: 'TypeError', message: 'x', stack: 'TypeError: x\n    at f (/a.js:1:1)', code: 'E_X' },
        orderId: 7,
      },
      DEFAULT_CONFIG,
    );

    expect(record).toEqual({
      level: { value: 50, label: 'error' },
      time: 1_700_000_000_000,
      message: 'payment failed',
      error: { type: 'TypeError', message: 'x', stack: 'TypeError: x\n    at f (/a.js:1:1)', code: 'E_X' },
      loggerName: 'checkout',
      hostname: 'web-1',
      fields: { orderId: 7 },
    });
  });

  it('reads level names, as pino writes them with a formatters.level', () => {
    const record = fromPinoLine({ level: 'error', msg: 'x' }, DEFAULT_CONFIG);
    expect(record.level).toEqual({ value: 50, label: 'error' });
  });

  it('honours custom message and error keys and custom level labels', () => {
    const record = fromPinoLine(
      {
        level: 55,
        time: '2026-01-02T03:04:05.000Z',
        message: 'custom',
        error: { type: 'E', message: 'm' },
        service: 'api',
      },
      { messageKey: 'message', errorKey: 'error', levels: DEFAULT_CONFIG.levels },
    );

    expect(record).toMatchObject({
      level: { value: 55, label: 'page' },
      time: Date.parse('2026-01-02T03:04:05.000Z'),
      message: 'custom',
      error: { type: 'E', message: 'm' },
      service: 'api',
      fields: {},
    });
  });

  it('keeps a non-error err field as a field, and names unknown levels by severity', () => {
    const record = fromPinoLine({ level: 45, msg: { nested: true }, err: 'just a string' }, DEFAULT_CONFIG);

    expect(record.error).toBeUndefined();
    expect(record.fields).toEqual({ err: 'just a string' });
    expect(record.level).toEqual({ value: 45, label: 'warn' });
    expect(record.message).toBe('{"nested":true}');
  });
});
