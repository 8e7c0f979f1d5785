import { GchatLogError } from '../errors.js';
import type { SenderOptions } from '../options.js';
import type { RouteFilter } from '../routing/route-matcher.js';
import { maskSecrets } from '../secrets.js';
import { parseWebhookUrl, type WebhookTarget } from '../webhook-url.js';
import { OPTION_SPECS, type OptionSpec, type SettingValues } from './option-specs.js';
import { InvalidValue } from './parsers.js';

/** The settings a sender runs with, after options, environment and defaults were merged and validated. */
export interface ResolvedConfig {
  /** `undefined` when the sender is a no-op (no URL, or disabled). */
  readonly target: WebhookTarget | undefined;
  readonly minLevel: number;
  readonly service: string | undefined;
  readonly rateLimit: { readonly requests: number; readonly intervalMs: number };
  readonly batchWindowMs: number;
  readonly maxQueuedRecords: number;
  readonly maxQueuedBytes: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly retry: { readonly baseDelayMs: number; readonly maxDelayMs: number; readonly maxElapsedMs: number };
  readonly circuitProbeIntervalMs: number;
  readonly format: 'text' | 'cards';
  readonly fields: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  readonly redactPaths: readonly string[];
  readonly threading: boolean;
  readonly threadScope: 'forever' | 'day' | 'week';
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

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Merges explicit options over `GCHAT_LOG_*` environment variables over defaults, and validates the result.
 * @throws {GchatLogError} naming the option or variable at fault, its problem and a valid example.
 */
export function resolveConfig(options: SenderOptions, env: Environment): ResolvedConfig {
  const optional = <K extends SettingName>(name: K) => readSetting(name, options, env);
  const withDefault = <K extends SettingName>(name: K): SettingValues[K] =>
    optional(name).value ?? (OPTION_SPECS[name].defaultValue as SettingValues[K]);
  const webhookUrl = optional('webhookUrl');
  const disabled = withDefault('disabled');
  const allowedHosts = withDefault('allowedHosts');
  const target =
    webhookUrl.value === undefined || disabled
      ? undefined
      : parseWebhookUrl(webhookUrl.value, allowedHosts, webhookUrl.source);
  const minLevel = withDefault('level');
  const routes = optional('routes');
  const resolvedRoutes = disabled
    ? []
    : (routes.value ?? []).map((route, index) => ({
        target: parseWebhookUrl(route.webhookUrl, allowedHosts, `${routes.source} (route ${index + 1})`),
        minLevel: route.minLevel ?? minLevel,
        maxLevel: route.maxLevel,
        loggers: route.loggers,
        fields: route.fields,
      }));
  return {
    target,
    minLevel,
    service: optional('service').value,
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
    routes: resolvedRoutes,
    fleet: { redisUrl: optional('redisUrl').value, windowMs: withDefault('fleetWindowMs') },
  };
}

type SettingName = keyof typeof OPTION_SPECS;

/** One setting's parsed value (`undefined` when neither option nor variable is set) and where it came from. */
function readSetting<K extends SettingName>(
  name: K,
  options: SenderOptions,
  env: Environment,
): { value: SettingValues[K] | undefined; source: string } {
  const spec: OptionSpec<SettingValues[K]> = OPTION_SPECS[name];
  const explicit = options[name];
  const fromEnv = env[spec.env];
  const useEnv = explicit === undefined && fromEnv !== undefined && fromEnv.trim() !== '';
  const source = useEnv ? `environment variable ${spec.env}` : `option "${name}"`;
  const raw = useEnv ? fromEnv : explicit;
  if (raw === undefined) return { value: undefined, source };
  try {
    return { value: spec.parse(raw), source };
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    throw new GchatLogError(
      'ERR_GCHAT_LOG_INVALID_OPTION',
      useEnv ? spec.env : name,
      `${source} is ${maskSecrets(String(JSON.stringify(raw)))}, which ${error.message}. A valid value: ${spec.env}=${spec.example} (or the option "${name}").`,
    );
  }
}
