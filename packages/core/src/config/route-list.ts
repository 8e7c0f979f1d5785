import type { RouteOptions } from '../options.js';
import { InvalidValue, level, text } from './parsers.js';

/** One route as configured, before its webhook URL is validated. */
export interface RouteSetting {
  readonly webhookUrl: string;
  /** Least severe level routed; `undefined` means the sender's `level`. */
  readonly minLevel: number | undefined;
  /** Most severe level routed; `undefined` means no upper bound. */
  readonly maxLevel: number | undefined;
  /** Logger names the route takes (a trailing `*` matches a prefix); empty means every logger. */
  readonly loggers: readonly string[];
  /** Fields (dotted paths) whose value must equal the given one, compared as strings. */
  readonly fields: Readonly<Record<string, string>>;
}

/** One route as read from the setting: its filters and URL, or what is wrong with it (the other routes still count). */
export type ParsedRoute =
  | { readonly position: number; readonly route: RouteSetting }
  | { readonly position: number; readonly problem: string };

/**
 * Routes from the `routes` option (an array of {@link RouteOptions}) or from `GCHAT_LOG_ROUTES`: the same
 * array as JSON, or the compact form, routes separated by `;` or new lines, each
 * `LEVELS [logger=NAME[,NAME]] [FIELD=VALUE]... URL`, where LEVELS is `error` (error and above),
 * `warn..warn` (warnings only) or `*` (every level at or above the sender's `level`). Each route is read
 * on its own: a bad one is returned with its problem, so that it alone can be left out.
 * @throws {InvalidValue} when the value is no list of routes at all.
 */
export const routeList = (value: unknown): ParsedRoute[] => {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed.startsWith('[') ? routeList(parseJson(trimmed)) : parseCompactRoutes(trimmed);
  }
  if (!Array.isArray(value)) throw new InvalidValue('is not a list of routes');
  return value.map((route, index) => parsedRoute(index + 1, () => routeFromOptions(route, index + 1)));
};

function parsedRoute(position: number, parse: () => RouteSetting): ParsedRoute {
  try {
    return { position, route: parse() };
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    return { position, problem: error.message };
  }
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new InvalidValue(`is not valid JSON (${(error as Error).message})`);
  }
}

function routeFromOptions(route: unknown, position: number): RouteSetting {
  if (typeof route !== 'object' || route === null)
    throw new InvalidValue(`has route ${position} that is not an object`);
  const { webhookUrl, level: min, maxLevel: max, loggers = [], fields = {} } = route as RouteOptions;
  const inRoute = <T>(parse: () => T, what: string): T => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      throw new InvalidValue(`has route ${position} whose ${what} ${error.message}`);
    }
  };
  const loggerNames = inRoute(() => asStrings(loggers), 'loggers');
  const fieldValues = inRoute(() => asFieldValues(fields), 'fields');
  return {
    webhookUrl: inRoute(() => text(webhookUrl), 'webhookUrl'),
    minLevel: min === undefined ? undefined : inRoute(() => level(min), 'level'),
    maxLevel: max === undefined ? undefined : inRoute(() => level(max), 'maxLevel'),
    loggers: loggerNames,
    fields: fieldValues,
  };
}

function asStrings(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
    throw new InvalidValue('is not a list of names');
  }
  return value.map((item: string) => item.trim());
}

function asFieldValues(value: unknown): Record<string, string> {
  const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : null;
  if (entries === null || entries.some(([, expected]) => !['string', 'number', 'boolean'].includes(typeof expected))) {
    throw new InvalidValue('is not an object of field paths to strings, numbers or booleans');
  }
  return Object.fromEntries(entries.map(([path, expected]) => [path, String(expected)]));
}

function parseCompactRoutes(routes: string): ParsedRoute[] {
  const parts = routes
    .split(/[;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new InvalidValue('has no routes');
  return parts.map((part, index) => parsedRoute(index + 1, () => parseCompactRoute(part, index + 1)));
}

function parseCompactRoute(route: string, position: number): RouteSetting {
  const [levels = '', ...rest] = route.split(/\s+/);
  const urls = rest.filter((token) => /^https?:\/\//i.test(token));
  const filters = rest.filter((token) => !urls.includes(token));
  if (urls.length !== 1) throw new InvalidValue(`has route ${position} without exactly one http(s) URL at its end`);
  const options: RouteOptions = { webhookUrl: urls[0] as string, ...levelRange(levels, position) };
  const fields: Record<string, string> = {};
  for (const filter of filters) {
    const [key, expected] = splitOnce(filter, '=');
    if (key === '' || expected === undefined || expected === '') {
      throw new InvalidValue(`has route ${position} with "${filter}", which is not a KEY=VALUE filter`);
    }
    if (key === 'logger') options.loggers = expected.split(',');
    else fields[key] = expected;
  }
  return routeFromOptions({ ...options, fields }, position);
}

function levelRange(levels: string, position: number): Pick<RouteOptions, 'level' | 'maxLevel'> {
  if (levels === '*') return {};
  const [min, max] = splitOnce(levels, '..');
  if (min === '' || max === '') {
    throw new InvalidValue(
      `has route ${position} starting "${levels}", which is not a level, a LEVEL..LEVEL range or *`,
    );
  }
  return max === undefined ? { level: min } : { level: min, maxLevel: max };
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const at = value.indexOf(separator);
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + separator.length)];
}
