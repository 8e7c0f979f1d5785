import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/record.js';
import { selectFields } from '../../src/render/select-fields.js';

const record: LogRecord = {
  level: { value: 50, label: 'error' },
  time: 0,
  message: 'm',
  fields: { orderId: 7, userId: 'u1', pid: 42, hostname: 'web-1', fingerprint: ['x'], req: { url: '/' } },
};

describe('selectFields', () => {
  it('leaves out process noise by default', () => {
    expect(selectFields(record, { include: [], exclude: [] }).fields).toEqual({
      orderId: 7,
      userId: 'u1',
      req: { url: '/' },
    });
  });

  it('keeps only included fields, minus excluded ones', () => {
    expect(selectFields(record, { include: ['orderId', 'req', 'pid'], exclude: ['req'] }).fields).toEqual({
      orderId: 7,
    });
  });
});
