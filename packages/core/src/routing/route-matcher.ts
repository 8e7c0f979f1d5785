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

/** The field at a dotted path as a string (`service` and `hostname` included), or `undefined`. */
function fieldText(record: LogRecord, path: string): string | undefined {
  const [first = '', ...rest] = path.split('.');
  // Checked for every record a filtered route sees: the record's fields are read in place, not copied.
  let value: unknown =
    first === 'service' ? record.service : first === 'hostname' ? record.hostname : record.fields[first];
  for (const key of rest) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null || typeof value === 'object' ? undefined : String(value);
}
