import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedRecord, withBoundedFields } from '../../src/bounds/bounded-record.js';
import { createRecordRedactor, DEFAULT_SENSITIVE_KEYS } from '../../src/redaction/redact-record.js';
import { logRecord } from './arbitraries.js';

/** A secret no generated text contains by chance. */
const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((value) => `S3CR3T${value}`);

describe('redaction of arbitrary records', () => {
  const redact = createRecordRedactor(['custom.path']);

  it('never throws, and leaves no value of a sensitive key at the first three levels', () => {
    fc.assert(
      fc.property(
        logRecord,
        fc.constantFrom(...DEFAULT_SENSITIVE_KEYS),
        fc.array(fc.constantFrom('req', 'headers', 'user', 'body'), { maxLength: 2 }),
        secret,
        (record, key, path, value) => {
          let nested: Record<string, unknown> = { [key]: value };
          for (const part of [...path].reverse()) nested = { [part]: nested };
          const withSecret = { ...record, fields: { ...record.fields, ...nested, custom: { path: value } } };
          const redacted = redact(withBoundedFields(boundedRecord(withSecret)));
          expect(JSON.stringify(redacted)).not.toContain(value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('masks credentials written into messages and stacks', () => {
    fc.assert(
      fc.property(
        logRecord,
        secret,
        fc.constantFrom('token=', 'key=', 'password=', 'api_key=', 'Bearer ', 'Basic ', 'access_token='),
        (record, value, prefix) => {
          const text = `request to https://x.example/p?${prefix}${value}&a=1 failed`;
          const withSecret = {
            ...record,
            message: text,
            error: { type: 'Error', message: text, stack: `Error: ${text}\n    at f (a.js:1:1)` },
          };
          expect(JSON.stringify(redact(withBoundedFields(boundedRecord(withSecret))))).not.toContain(value);
        },
      ),
      { numRuns: 200 },
    );
  });
});
