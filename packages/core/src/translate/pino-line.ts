import { type Level, labelOfSeverity, severityOfLabel, UNKNOWN_LEVEL_SEVERITY } from '../levels.js';
import { normaliseError } from '../normalise-error.js';
import type { LogRecord } from '../record.js';
import { messageText } from './message-text.js';

/** What pino tells its transport about its configuration (`expectPinoConfig`). */
export interface PinoConfig {
  readonly messageKey: string;
  readonly errorKey: string;
  readonly levels?: { readonly labels?: Readonly<Record<number, string>> };
}

/** pino's own defaults, for lines read without pino's announcement (pipe mode, in process). */
export const PINO_DEFAULT_CONFIG: PinoConfig = { messageKey: 'msg', errorKey: 'err' };

/** Fields of a pino line that the record carries elsewhere, or that identify the process rather than the event. */
const ENVELOPE_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'v']);

/** Translates one parsed pino line into the core's record. */
export function fromPinoLine(line: Record<string, unknown>, config: PinoConfig): LogRecord {
  const level = levelOfLine(line.level, config);
  const rawMessage = line[config.messageKey];
  const error = normaliseError(line[config.errorKey]);
  const fields: Record<string, unknown> = {};
  // A for...in, not Object.entries: this runs for every line, and entries would make a pair per field.
  for (const key in line) {
    if (!Object.hasOwn(line, key)) continue;
    if (!ENVELOPE_KEYS.has(key) && key !== config.messageKey && (key !== config.errorKey || error === undefined)) {
      fields[key] = line[key];
    }
  }
  return {
    level,
    time: toEpochMs(line.time),
    message: messageText(rawMessage),
    fields,
    ...(error !== undefined && { error }),
    ...(typeof line.name === 'string' && { loggerName: line.name }),
    ...(typeof line.service === 'string' && { service: line.service }),
    ...(typeof line.hostname === 'string' && { hostname: line.hostname }),
  };
}

/** The line's level: pino's number, or a name when `formatters.level` turned it into one. */
function levelOfLine(level: unknown, config: PinoConfig): Level {
  if (typeof level === 'string') return { value: severityOfLabel(level) ?? UNKNOWN_LEVEL_SEVERITY, label: level };
  const severity = typeof level === 'number' ? level : UNKNOWN_LEVEL_SEVERITY;
  return { value: severity, label: config.levels?.labels?.[severity] ?? labelOfSeverity(severity) };
}

function toEpochMs(time: unknown): number {
  if (typeof time === 'number') return time;
  const parsed = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  return Number.isNaN(parsed) ? Date.now() : parsed;
}
