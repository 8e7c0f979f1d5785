import { type Read, tryRead } from '../bounds/read-safely.js';
import type { LogRecord } from '../record.js';

/** What decides whether a record goes to a route's space. */
export interface RouteFilter {
  readonly minLevel: number;
  readonly maxLevel: number | undefined;
  readonly loggers: readonly string[];
  readonly fields: Readonly<Record<string, string>>;
}

/** Whether the record's level is in the route's range, its logger is one of the route's, and its fields match. */
export function routeTakes(route: RouteFilter, record: LogRecord): boolean {
  const severity = record.level.value;
  if (severity < route.minLevel || (route.maxLevel !== undefined && severity > route.maxLevel)) return false;
  if (route.loggers.length > 0 && !route.loggers.some((pattern) => loggerMatches(pattern, record.loggerName))) {
    return false;
  }
  return Object.entries(route.fields).every(([path, expected]) => fieldText(record, path) === expected);
}

function loggerMatches(pattern: string, loggerName: string | undefined): boolean {
  if (loggerName === undefined) return false;
  return pattern.endsWith('*') ? loggerName.startsWith(pattern.slice(0, -1)) : loggerName === pattern;
}

/**
 * The field at a dotted path as a string (`service` and `hostname` included), or `undefined`; also when
 * a getter on the way throws.
 */
function fieldText(record: LogRecord, path: string): string | undefined {
  const [first = '', ...rest] = path.split('.');
  // Checked for every record a filtered route sees: the record's fields are read in place, not copied.
  let read: Read =
    first === 'service'
      ? { value: record.service }
      : first === 'hostname'
        ? { value: record.hostname }
        : tryRead(record.fields, first);
  for (const key of rest) {
    if (!('value' in read) || typeof read.value !== 'object' || read.value === null) return undefined;
    read = tryRead(read.value, key);
  }
  if (!('value' in read)) return undefined;
  const { value } = read;
  return typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
    ? String(value)
    : undefined;
}
