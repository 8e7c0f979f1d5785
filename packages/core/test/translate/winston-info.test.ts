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
    expect(fromWinstonInfo({ level: 'error', message: circular }).message).toBe('[object Object]');
  });

  it('treats an unknown custom level as info', () => {
    expect(fromWinstonInfo({ level: 'audit', message: 'x' }).level).toEqual({ value: 30, label: 'audit' });
  });
});
