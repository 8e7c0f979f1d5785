import { ownKeys, readSafely, readString } from '../bounds/read-safely.js';
import { normaliseError } from '../normalise-error.js';
import type { LogRecord } from '../record.js';
import { messageText } from './message-text.js';

import { levelLabelOf, severityOfWinstonInfo, type WinstonLevels } from './winston-levels.js';

/** Fields of `info` that the record carries elsewhere. */
const ENVELOPE_KEYS = new Set(['level', 'message', 'stack', 'service', 'label', 'timestamp', 'hostname']);
const ERROR_KEYS = ['err', 'error'] as const;
/** Fields of `info` read; a route's field filter and the message see these. */
const MAX_FIELDS = 200;

/**
 * Translates winston's `info` into the core's record. Reads errors wherever winston leaves them:
 * `info` itself for `logger.error(err)`, `info.err`/`info.error` for `logger.error('msg', { err })`,
 * and `info.stack` for `logger.error('msg', err)` or `format.errors({ stack: true })`. Every property is
 * read through a guard: a getter or `toJSON` of the app's that throws shows as a placeholder and never
 * reaches the logging call.
 */
export function fromWinstonInfo(info: object, levels?: WinstonLevels): LogRecord {
  const label = levelLabelOf(info);
  const errorKey = ERROR_KEYS.find((key) => normaliseError(readSafely(info, key)) !== undefined);
  const error =
    isError(info) || readString(info, 'stack') !== undefined
      ? normaliseError(info)
      : errorKey === undefined
        ? undefined
        : normaliseError(readSafely(info, errorKey));
  const fields: Record<string, unknown> = {};
  const keys = ownKeys(info);
  // Only the first fields are read (their values later bounded again): a million keys cost a listing.
  for (const key of keys.length > MAX_FIELDS ? keys.slice(0, MAX_FIELDS) : keys) {
    if (!ENVELOPE_KEYS.has(key) && key !== errorKey) fields[key] = readSafely(info, key);
  }
  if (keys.length > MAX_FIELDS) fields['…'] = `[${keys.length - MAX_FIELDS} more fields]`;
  const timestamp = readString(info, 'timestamp');
  const loggerName = readString(info, 'label');
  const service = readString(info, 'service');
  const hostname = readString(info, 'hostname');
  return {
    level: { value: severityOfWinstonInfo(info, levels), label },
    time: timestamp !== undefined && !Number.isNaN(Date.parse(timestamp)) ? Date.parse(timestamp) : Date.now(),
    message: messageText(readSafely(info, 'message')),
    fields,
    ...(error !== undefined && { error }),
    ...(loggerName !== undefined && { loggerName }),
    ...(service !== undefined && { service }),
    ...(hostname !== undefined && { hostname }),
  };
}

function isError(value: object): boolean {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}
