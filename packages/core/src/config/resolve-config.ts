import { GchatLogError, type GchatLogErrorCode } from '../errors.js';
import type { RateLimit } from '../limits/rate-limit.js';
import type { SenderOptions } from '../options.js';
import type { MessageFormat } from '../render/chat-message.js';
import type { RouteFilter } from '../routing/route-matcher.js';
import { maskSecrets, maskUrl } from '../secrets.js';
import type { ThreadScope } from '../signature/thread-key.js';
import { parseWebhookUrl, type WebhookTarget } from '../webhook-url.js';
import { OPTION_SPECS, type SettingValues, specOf } from './option-specs.js';
import { InvalidValue } from './parsers.js';
import type { ParsedRoute } from './route-list.js';

/** The settings a sender runs with, after options, environment and defaults were merged and validated. */
export interface ResolvedConfig {
  /**
   * The main webhook (`webhookUrl`), which takes what no route took; `undefined` when there is none: no URL,
   * disabled, or a bad variable. With no routes either, the sender is a no-op.
   */
  readonly target: WebhookTarget | undefined;
  readonly minLevel: number;
  readonly service: string | undefined;
  readonly rateLimit: RateLimit;
  readonly batchWindowMs: number;
  readonly maxQueuedRecords: number;
  readonly maxQueuedBytes: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly retry: { readonly baseDelayMs: number; readonly maxDelayMs: number; readonly maxElapsedMs: number };
  readonly circuitProbeIntervalMs: number;
  readonly format: MessageFormat;
  readonly fields: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  readonly redactPaths: readonly string[];
  readonly threading: boolean;
  readonly threadScope: ThreadScope;
  readonly threadNonErrors: boolean;
  /** Further spaces, each with the records it takes (`routes`). */
  readonly routes: readonly ResolvedRoute[];
  /** Fleet coordination through Redis, when `redisUrl` is set. */
  readonly fleet: { readonly redisUrl: string | undefined; readonly windowMs: number };
}

/** A route whose webhook URL was validated. */
export interface ResolvedRoute extends RouteFilter {
  readonly target: WebhookTarget;
}

/** Where `GCHAT_LOG_*` variables are read: `process.env`, or what a test gives. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * A bad environment variable, reported once instead of thrown: gchat-log leaves out what the setting
 * affects (everything, the main webhook, one route, or the fleet coordination) and the app runs on.
 */
export interface ConfigurationProblem {
  readonly code: GchatLogErrorCode;
  /** The environment variable at fault. */
  readonly setting: string;
  /** What is wrong, a valid example and what gchat-log does meanwhile; secrets masked. */
  readonly message: string;
}

/** The settings to run with, and the environment's problems that were left out of them. */
export interface Resolution {
  readonly config: ResolvedConfig;
  readonly problems: readonly ConfigurationProblem[];
}

/** What a bad environment variable turns off: `everything` for the settings not named here. */
type Affected = 'everything' | 'webhook' | 'routes' | 'route' | 'fleet';
const AFFECTED_BY: Partial<Record<SettingName, Affected>> = {
  webhookUrl: 'webhook',
  routes: 'routes',
  redisUrl: 'fleet',
  fleetWindowMs: 'fleet',
};
const CONSEQUENCES: Readonly<Record<Affected, string>> = {
  everything: 'gchat-log sends nothing to Google Chat until it is fixed; the app runs on.',
  webhook: 'Nothing is sent to this webhook until it is fixed; the app runs on.',
  routes: 'No route is used until it is fixed; the app runs on.',
  route: 'This route is left out until it is fixed; the other routes work and the app runs on.',
  fleet: 'Each process keeps to its own limits, without the fleet, until it is fixed; the app runs on.',
};

/**
 * Merges explicit options over `GCHAT_LOG_*` environment variables over defaults, and validates the
 * result. A bad explicit option is a programmer's error and throws; a bad environment variable never
 * does: it is returned as a problem, and the configuration leaves out what it affects (a configuration
 * with no target and no route makes a no-op sender).
 * @throws {GchatLogError} naming the option at fault, its problem and a valid example.
 */
export function resolveConfig(options: SenderOptions, env: Environment): Resolution {
  const problems: ConfigurationProblem[] = [];
  const off = new Set<Affected>();
  const report = (error: GchatLogError, affected: Affected) => {
    off.add(affected);
    problems.push({ code: error.code, setting: error.setting, message: `${error.message} ${CONSEQUENCES[affected]}` });
  };
  const read = <K extends SettingName>(name: K): SettingValues[K] | undefined => {
    const setting = readSetting(name, options, env);
    if ('problem' in setting) report(setting.problem, AFFECTED_BY[name] ?? 'everything');
    return 'problem' in setting ? undefined : setting.value;
  };
  const withDefault = <K extends SettingName>(name: K): SettingValues[K] =>
    read(name) ?? (specOf(name).defaultValue as SettingValues[K]);
  const disabled = withDefault('disabled');
  const allowedHosts = withDefault('allowedHosts');
  const minLevel = withDefault('level');
  const target = validTarget(readSetting('webhookUrl', options, env), allowedHosts, (error) =>
    report(error, 'webhook'),
  );
  const routes = validRoutes(readSetting('routes', options, env), allowedHosts, minLevel, report);
  const config: ResolvedConfig = {
    target,
    minLevel,
    service: read('service'),
    rateLimit: { requests: withDefault('rateLimitRequests'), intervalMs: withDefault('rateLimitIntervalMs') },
    batchWindowMs: withDefault('batchWindowMs'),
    maxQueuedRecords: withDefault('maxQueuedRecords'),
    maxQueuedBytes: withDefault('maxQueuedBytes'),
    connectTimeoutMs: withDefault('connectTimeoutMs'),
    requestTimeoutMs: withDefault('requestTimeoutMs'),
    closeTimeoutMs: withDefault('closeTimeoutMs'),
    retry: {
      baseDelayMs: withDefault('retryBaseDelayMs'),
      maxDelayMs: withDefault('retryMaxDelayMs'),
      maxElapsedMs: withDefault('retryMaxElapsedMs'),
    },
    circuitProbeIntervalMs: withDefault('circuitProbeIntervalMs'),
    format: withDefault('messageFormat'),
    fields: { include: withDefault('includeFields'), exclude: withDefault('excludeFields') },
    redactPaths: withDefault('redactPaths'),
    threading: withDefault('threading'),
    threadScope: withDefault('threadScope'),
    threadNonErrors: withDefault('threadNonErrors'),
    routes,
    fleet: { redisUrl: read('redisUrl'), windowMs: withDefault('fleetWindowMs') },
  };
  // A bad global setting would change how everything is sent: then nothing is, rather than something wrong.
  const sends = !disabled && !off.has('everything');
  return {
    config: {
      ...config,
      target: sends ? config.target : undefined,
      routes: sends ? config.routes : [],
      fleet: off.has('fleet') ? { ...config.fleet, redisUrl: undefined } : config.fleet,
    },
    problems,
  };
}

/** What reading a setting gave: its value (`undefined` when unset), or the problem of its environment variable. */
type SettingRead<T> =
  | { readonly value: T | undefined; readonly source: string; readonly fromEnv: boolean; readonly raw: unknown }
  | { readonly problem: GchatLogError };

function validTarget(
  webhook: SettingRead<string>,
  allowedHosts: readonly string[],
  onProblem: (error: GchatLogError) => void,
): WebhookTarget | undefined {
  if ('problem' in webhook) {
    onProblem(webhook.problem);
    return undefined;
  }
  if (webhook.value === undefined) return undefined;
  return inEnvironment(webhook.fromEnv, onProblem, () =>
    parseWebhookUrl(webhook.value as string, allowedHosts, webhook.source),
  );
}

function validRoutes(
  routes: SettingRead<ParsedRoute[]>,
  allowedHosts: readonly string[],
  minLevel: number,
  onProblem: (error: GchatLogError, affected: Affected) => void,
): ResolvedRoute[] {
  if ('problem' in routes) {
    onProblem(routes.problem, 'routes');
    return [];
  }
  const { value = [], source, fromEnv, raw } = routes;
  return value.flatMap((parsed) => {
    const setting = `${source} (route ${parsed.position})`;
    const route = inEnvironment(
      fromEnv,
      (error) => onProblem(error, 'route'),
      () => {
        if ('problem' in parsed) {
          throw invalidValue('routes', fromEnv, setting, raw, parsed.problem);
        }
        const routeMinLevel = parsed.route.minLevel ?? minLevel;
        if (parsed.route.maxLevel !== undefined && parsed.route.maxLevel < routeMinLevel) {
          const problem = `has route ${parsed.position} whose maxLevel (${parsed.route.maxLevel}) is below its level (${routeMinLevel}): it would take nothing`;
          throw invalidValue('routes', fromEnv, setting, raw, problem);
        }
        return {
          target: parseWebhookUrl(parsed.route.webhookUrl, allowedHosts, setting),
          minLevel: routeMinLevel,
          maxLevel: parsed.route.maxLevel,
          loggers: parsed.route.loggers,
          fields: parsed.route.fields,
        };
      },
    );
    return route === undefined ? [] : [route];
  });
}

/** Runs `validate`; an error of an environment variable goes to `onProblem` (giving `undefined`), an option's is thrown. */
function inEnvironment<T>(
  fromEnv: boolean,
  onProblem: (error: GchatLogError) => void,
  validate: () => T,
): T | undefined {
  try {
    return validate();
  } catch (error) {
    if (!fromEnv || !(error instanceof GchatLogError)) throw error;
    onProblem(error);
    return undefined;
  }
}

type SettingName = keyof typeof OPTION_SPECS;

/**
 * One setting's parsed value (`undefined` when neither option nor variable is set), where it came from and
 * its raw value; or, for a bad environment variable, its problem.
 * @throws {GchatLogError} for a bad explicit option.
 */
function readSetting<K extends SettingName>(
  name: K,
  options: SenderOptions,
  env: Environment,
): SettingRead<SettingValues[K]> {
  const spec = specOf(name);
  const explicit = options[name];
  const variable = env[spec.env];
  const fromEnv = explicit === undefined && variable !== undefined && variable.trim() !== '';
  const source = fromEnv ? `environment variable ${spec.env}` : `option "${name}"`;
  const raw = fromEnv ? variable : explicit;
  if (raw === undefined) return { value: undefined, source, fromEnv, raw };
  try {
    return { value: spec.parse(raw), source, fromEnv, raw };
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    const problem = invalidValue(name, fromEnv, source, raw, error.message);
    if (fromEnv) return { problem };
    throw problem;
  }
}

/** The error for a setting's bad value: what it is, why that is wrong, and a valid example (secrets masked). */
function invalidValue(
  name: SettingName,
  fromEnv: boolean,
  source: string,
  raw: unknown,
  problem: string,
): GchatLogError {
  const spec = OPTION_SPECS[name];
  return new GchatLogError(
    'ERR_GCHAT_LOG_INVALID_OPTION',
    fromEnv ? spec.env : name,
    `${source} is ${maskSecrets(String(JSON.stringify(typeof raw === 'string' ? maskUrl(raw) : raw)))}, which ${problem}. A valid value: ${spec.env}=${spec.example} (or the option "${name}").`,
  );
}
