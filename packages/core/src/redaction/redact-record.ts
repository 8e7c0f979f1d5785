import createRedactor from '@pinojs/redact';
import type { LogRecord, RecordError } from '../record.js';
import { maskSensitiveText } from './sensitive-text.js';

/** Field names whose values never leave the process, at any of the first four levels of nesting. */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'Set-Cookie',
  'api_key',
  'apiKey',
  'apikey',
  'private_key',
  'privateKey',
  'credit_card',
  'creditCard',
  'card_number',
  'cardNumber',
  'cvv',
  'ssn',
  'accessToken',
  'refreshToken',
  'idToken',
  'x-api-key',
  'x-auth-token',
  'proxy-authorization',
  'Proxy-Authorization',
];
const DEPTHS = ['', '*.', '*.*.', '*.*.*.'];
const CENSOR = '[REDACTED]';

/** Whether @pinojs/redact compiles `path` (fast-redact syntax): checked when the setting is read. */
export function isRedactionPath(path: string): boolean {
  try {
    createRedactor({ paths: [path], serialize: false });
    return true;
  } catch {
    return false;
  }
}

/** Removes secrets from a record before anything else sees it. */
export type RecordRedactor = (record: LogRecord) => LogRecord;

/**
 * A redactor that censors the default sensitive keys and the configured `paths` in the record's fields
 * (with @pinojs/redact, which copies what it changes and leaves the logger's objects alone), and masks
 * credentials that appear inside the message, the error's texts and the fields' string values. The
 * fields it is given are a bounded plain copy (see boundedValue), so this walk is bounded too.
 * @param paths extra field paths in fast-redact syntax (`req.headers["x-api-key"]`, `user.*.email`).
 */
export function createRecordRedactor(paths: readonly string[]): RecordRedactor {
  const keyPaths = DEFAULT_SENSITIVE_KEYS.flatMap((key) =>
    DEPTHS.map((prefix) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${key}` : `${prefix.slice(0, -1)}["${key}"]`)),
  );
  const redactFields = createRedactor({
    paths: [...keyPaths, ...paths],
    censor: CENSOR,
    serialize: false,
    strict: false,
  });
  return (record) => {
    let fields: LogRecord['fields'];
    try {
      const copy = redactFields(record.fields) as Record<string, unknown>;
      // The copy carries a `restore()` of the library's, not to be rendered as a field.
      if (typeof copy.restore === 'function') delete copy.restore;
      // Credentials written into a value (a URL with a token, a bearer header) are masked as in messages.
      fields = maskStrings(copy) as Record<string, unknown>;
    } catch {
      fields = { redactionFailed: CENSOR };
    }
    return {
      ...record,
      message: maskSensitiveText(record.message),
      fields,
      ...(record.error !== undefined && { error: redactError(record.error) }),
    };
  };
}

/** Every string of a (bounded, plain) value with credentials masked; the rest as it is. */
function maskStrings(value: unknown): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (Array.isArray(value)) return value.map(maskStrings);
  if (typeof value !== 'object' || value === null) return value;
  const masked: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    Object.defineProperty(masked, key, {
      value: maskStrings(inner),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return masked;
}

function redactError(error: RecordError): RecordError {
  return {
    ...error,
    message: maskSensitiveText(error.message),
    ...(error.stack !== undefined && { stack: maskSensitiveText(error.stack) }),
    ...(error.cause !== undefined && { cause: redactError(error.cause) }),
    ...(error.children !== undefined && { children: error.children.map(redactError) }),
  };
}
