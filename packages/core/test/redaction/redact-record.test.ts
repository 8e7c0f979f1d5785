import { describe, expect, it } from 'vitest';
import { withBoundedFields } from '../../src/bounds/bounded-record.js';
import type { LogRecord } from '../../src/record.js';
import { createRecordRedactor } from '../../src/redaction/redact-record.js';
import { maskSensitiveText } from '../../src/redaction/sensitive-text.js';

const WEBHOOK = 'https://chat.googleapis.com/v1/spaces/S/messages?key=AIzaSyKEY&token=TOKENVALUE123';

function record(overrides: Partial<LogRecord>): LogRecord {
  return { level: { value: 50, label: 'error' }, time: 0, message: 'failed', fields: {}, ...overrides };
}

describe('createRecordRedactor', () => {
  it('censors sensitive keys at the first three levels without touching the logger’s objects', () => {
    const fields = {
      password: 'hunter2',
      user: { name: 'jane', apiKey: 'k-123', card: { cvv: '123', last4: '4242' } },
      req: { headers: { authorization: 'Bearer abc.def.ghi', 'set-cookie': 'sid=1', host: 'example.com' } },
    };
    const redacted = createRecordRedactor([])(record({ fields }));

    expect(redacted.fields).toEqual({
      password: '[REDACTED]',
      user: { name: 'jane', apiKey: '[REDACTED]', card: { cvv: '[REDACTED]', last4: '4242' } },
      req: { headers: { authorization: '[REDACTED]', 'set-cookie': '[REDACTED]', host: 'example.com' } },
    });
    expect(fields.password).toBe('hunter2');
    expect(fields.req.headers.authorization).toBe('Bearer abc.def.ghi');
  });

  it('censors configured paths too', () => {
    const redacted = createRecordRedactor(['user.email', 'req.headers["x-api-key"]'])(
      record({ fields: { user: { email: 'jane@example.com', id: 7 }, req: { headers: { 'x-api-key': 'xyz' } } } }),
    );
    expect(redacted.fields).toEqual({
      user: { email: '[REDACTED]', id: 7 },
      req: { headers: { 'x-api-key': '[REDACTED]' } },
    });
  });

  it('masks credentials inside the message and the error, causes included', () => {
    const redacted = createRecordRedactor([])(
      record({
        message: `POST ${WEBHOOK} failed with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig`,
        error: {
          type: 'Error',
          message: 'login?user=jane&password=hunter2 refused',
          stack: 'Error: login?user=jane&password=hunter2 refused\n    at f (/a.js:1:1)',
          cause: { type: 'Error', message: `webhook ${WEBHOOK} gone` },
        },
      }),
    );
    const everything = JSON.stringify(redacted);
    expect(everything).not.toMatch(/hunter2|AIzaSyKEY|TOKENVALUE123|eyJhbGciOiJIUzI1NiJ9/);
    expect(redacted.message).toContain('Bearer [REDACTED]');
    expect(redacted.error?.message).toBe('login?user=jane&password=[REDACTED] refused');
  });
});

describe('maskSensitiveText', () => {
  it('leaves ordinary text alone', () => {
    expect(maskSensitiveText('token bucket empty, password policy changed')).toBe(
      'token bucket empty, password policy changed',
    );
  });

  it('masks credentials inside field values, and censors more credential keys, four levels deep', () => {
    const redact = createRecordRedactor([]);
    const record = redact(
      withBoundedFields({
        level: { value: 50, label: 'error' },
        time: 0,
        message: 'm',
        fields: {
          url: 'https://chat.googleapis.com/v1/spaces/S/messages?key=FIELDKEY&token=FIELDTOKEN',
          header: 'Bearer FIELDBEARER0123456789',
          query: '/login?password=FIELDPASSWORD',
          req: { headers: { 'x-api-key': 'APIKEY1', authorization: 'x' } },
          accessToken: 'ACCESS1',
          res: { req: { headers: { authorization: 'DEEPAUTH' } } },
        },
      }),
    );
    const text = JSON.stringify(record.fields);
    for (const secret of ['FIELDKEY', 'FIELDTOKEN', 'FIELDBEARER', 'FIELDPASSWORD', 'APIKEY1', 'ACCESS1', 'DEEPAUTH']) {
      expect(text).not.toContain(secret);
    }
  });
});
