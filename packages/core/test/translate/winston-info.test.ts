import { describe, expect, it } from 'vitest';
import winston from 'winston';
import Transport from 'winston-transport';
import { fromWinstonInfo } from '../../src/translate/winston-info.js';

/** Captures `info` exactly as winston hands it to a transport without a format of its own. */
function capture(
  log: (logger: winston.Logger) => void,
  format = winston.format.json(),
): Record<string | symbol, unknown>[] {
  const seen: Record<string | symbol, unknown>[] = [];
  const transport = new Transport({
    log(info: Record<string | symbol, unknown>, callback: () => void) {
      seen.push(info);
      callback();
    },
  } as Transport.TransportStreamOptions);
  const logger = winston.createLogger({
    level: 'silly',
    format,
    defaultMeta: { service: 'svc' },
    transports: [transport],
  });
  log(logger);
  return seen;
}

function chargeCard(): Error {
  return new TypeError('card declined');
}

describe('fromWinstonInfo', () => {
  it('keeps type, message and stack for logger.error(err)', () => {
    const [info] = capture((logger) => logger.error(chargeCard()));
    const record = fromWinstonInfo(info ?? {});

    expect(record.level).toEqual({ value: 50, label: 'error' });
    expect(record.service).toBe('svc');
    expect(record.message).toBe('card declined');
    expect(record.error).toMatchObject({ type: 'TypeError', message: 'card declined' });
    expect(record.error?.stack).toContain('at chargeCard');
  });

  it("keeps the error for logger.error('msg', { err }) and leaves other metadata as fields", () => {
    const [info] = capture((logger) => logger.error('payment failed', { err: chargeCard(), orderId: 3 }));
    const record = fromWinstonInfo(info ?? {});

    expect(record.message).toBe('payment failed');
    expect(record.error).toMatchObject({ type: 'TypeError', message: 'card declined' });
    expect(record.error?.stack).toContain('at chargeCard');
    expect(record.fields).toEqual({ orderId: 3 });
  });

  it("keeps the stack for logger.error('msg', err), where winston copies only message and stack", () => {
    const [info] = capture((logger) => logger.error('payment failed:', chargeCard()));
    const record = fromWinstonInfo(info ?? {});

    expect(record.message).toBe('payment failed: card declined');
    expect(record.error?.type).toBe('TypeError');
    expect(record.error?.stack).toContain('at chargeCard');
  });

  it('reads the level without colours and maps syslog levels', () => {
    const [info] = capture(
      (logger) => logger.warn('careful'),
      winston.format.combine(winston.format.colorize(), winston.format.simple()),
    );
    expect(fromWinstonInfo(info ?? {}).level).toEqual({ value: 40, label: 'warn' });
    expect(fromWinstonInfo({ level: 'crit', message: 'x', [Symbol.for('level')]: 'crit' }).level.value).toBe(60);
  });

  it('never throws on a message it cannot serialise', () => {
    const circular: Record<string, unknown> = { id: 1 };
    circular.self = circular;
    expect(fromWinstonInfo({ level: 'error', message: circular }).message).toBe('{"id":1,"self":"[Circular]"}');
  });

  it("treats an unknown custom level as info when the logger's levels are not known", () => {
    expect(fromWinstonInfo({ level: 'audit', message: 'x' }).level).toEqual({ value: 30, label: 'audit' });
  });

  it("ranks custom levels with the logger's own levels", () => {
    const unknownNames = { critical: 0, high: 1, medium: 2, low: 3 };
    const severity = (level: string, levels: Record<string, number>) =>
      fromWinstonInfo({ level, message: 'x' }, levels).level.value;
    expect(['critical', 'high', 'medium', 'low'].map((level) => severity(level, unknownNames))).toEqual([
      60, 50, 40, 30,
    ]);
    const mixed = { fatal: 0, error: 1, oops: 2, warn: 3, audit: 4, info: 5, chatter: 6 };
    expect(['oops', 'audit', 'chatter'].map((level) => severity(level, mixed))).toEqual([45, 35, 25]);
    expect(severity('page', { page: 0, error: 1 })).toBe(55);
  });

  it('never throws on hostile values, and keeps the record', () => {
    const throwing = () => {
      throw new Error('no access');
    };
    const info: Record<string | symbol, unknown> = { level: 'error', message: 'payment failed' };
    Object.defineProperty(info, 'secretive', { enumerable: true, get: throwing });
    const err = new Error('card declined');
    Object.defineProperty(err, 'stack', { get: throwing });
    info.err = err;
    info.json = { toJSON: throwing };
    const record = fromWinstonInfo(info);

    expect(record.message).toBe('payment failed');
    expect(record.error).toMatchObject({ type: 'Error', message: 'card declined' });
    expect(record.error?.stack).toBeUndefined();
    expect(record.fields.secretive).toBe('[getter threw: Error: no access]');
  });

  it('never throws on info whose keys cannot even be listed (a hostile Proxy)', () => {
    const info = new Proxy(
      { level: 'error', message: 'x' },
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    expect(fromWinstonInfo(info)).toMatchObject({ message: 'x', fields: {} });
  });

  it('reads the first 200 fields of an info with many keys, and says how many more there were', () => {
    const info: Record<string, unknown> = { level: 'error', message: 'wide' };
    for (let index = 0; index < 100_000; index += 1) info[`k${index}`] = index;
    const record = fromWinstonInfo(info);
    expect(Object.keys(record.fields)).toHaveLength(199);
    expect(record.fields['…']).toBe('[99802 more fields]');
  });
});
