import { severityOfLabel } from '../levels.js';
import { normaliseError } from '../normalise-error.js';
import type { LogRecord } from '../record.js';
import { stringifyValue } from '../stringify-value.js';

const LEVEL = Symbol.for('level');
/** Severity used for a custom winston level whose name gchat-log does not know. */
const UNKNOWN_LEVEL_SEVERITY = 30;
/** Fields of `info` that the record carries elsewhere. */
const ENVELOPE_KEYS = new Set(['level', 'message', 'stack', 'service', 'label', 'timestamp', 'hostname']);
const ERROR_KEYS = ['err', 'error'] as const;

/** The level name of winston's `info` (its own, before any format colourised `info.level`). */
function levelLabelOf(info: Record<string | symbol, unknown>): string {
  return String(info[LEVEL] ?? info.level ?? 'info');
}

/** Severity of winston's `info` on gchat-log's scale; a custom level it does not know counts as `info`. */
export function severityOfWinstonInfo(info: Record<string | symbol, unknown>): number {
  return severityOfLabel(levelLabelOf(info)) ?? UNKNOWN_LEVEL_SEVERITY;
}

/**
 * Translates winston's `info` into the core's record. Reads errors wherever winston leaves them:
 * `info` itself for `logger.error(err)`, `info.err`/`info.error` for `logger.error('msg', { err })`,
 * and `info.stack` for `logger.error('msg', err)` or `format.errors({ stack: true })`.
 */
export function fromWinstonInfo(info: Record<string | symbol, unknown>): LogRecord {
  const label = levelLabelOf(info);
  const errorKey = ERROR_KEYS.find((key) => normaliseError(info[key]) !== undefined);
  const error =
    info instanceof Error || typeof info.stack === 'string'
      ? normaliseError(info)
      : errorKey === undefined
        ? undefined
        : normaliseError(info[errorKey]);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) {
    if (!ENVELOPE_KEYS.has(key) && key !== errorKey) fields[key] = value;
  }
  return {
    level: { value: severityOfWinstonInfo(info), label },
    time:
      typeof info.timestamp === 'string' && !Number.isNaN(Date.parse(info.timestamp))
        ? Date.parse(info.timestamp)
        : Date.now(),
    message: info.message === undefined ? '' : stringifyValue(info.message),
    fields,
    ...(error !== undefined && { error }),
    ...(typeof info.label === 'string' && { loggerName: info.label }),
    ...(typeof info.service === 'string' && { service: info.service }),
    ...(typeof info.hostname === 'string' && { hostname: info.hostname }),
  };
}
