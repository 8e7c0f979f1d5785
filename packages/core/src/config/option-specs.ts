import type { SenderOptions } from '../options.js';
import { MESSAGE_FORMATS } from '../render/chat-message.js';
import { THREAD_SCOPES } from '../signature/thread-key.js';
import {
  boolean,
  hostList,
  level,
  milliseconds,
  oneOf,
  type Parser,
  positiveInteger,
  redactPathList,
  redisUrl,
  stringList,
  text,
} from './parsers.js';
import { routeList } from './route-list.js';

/** How one option is read: its environment variable, parser, default, and a valid example for error messages. */
export interface OptionSpec<T> {
  readonly env: string;
  readonly parse: Parser<T>;
  readonly example: string;
  readonly defaultValue?: T;
}

/** Every option of {@link SenderOptions}, in one table: the single source for env names and defaults. */
export const OPTION_SPECS = {
  webhookUrl: {
    env: 'GCHAT_LOG_WEBHOOK_URL',
    parse: text,
    example: 'https://chat.googleapis.com/v1/spaces/SPACE_ID/messages?key=KEY&token=TOKEN',
  },
  level: { env: 'GCHAT_LOG_LEVEL', parse: level, example: 'warn', defaultValue: 50 },
  service: { env: 'GCHAT_LOG_SERVICE', parse: text, example: 'checkout-api' },
  allowedHosts: { env: 'GCHAT_LOG_ALLOWED_HOSTS', parse: hostList, example: 'chat-proxy.internal', defaultValue: [] },
  rateLimitRequests: { env: 'GCHAT_LOG_RATE_LIMIT_REQUESTS', parse: positiveInteger, example: '50', defaultValue: 50 },
  rateLimitIntervalMs: {
    env: 'GCHAT_LOG_RATE_LIMIT_INTERVAL_MS',
    parse: milliseconds,
    example: '60000',
    defaultValue: 60_000,
  },
  batchWindowMs: { env: 'GCHAT_LOG_BATCH_WINDOW_MS', parse: milliseconds, example: '5000', defaultValue: 5000 },
  maxQueuedBytes: {
    env: 'GCHAT_LOG_MAX_QUEUED_BYTES',
    parse: positiveInteger,
    example: '8388608',
    defaultValue: 8 * 1024 * 1024,
  },
  maxQueuedRecords: {
    env: 'GCHAT_LOG_MAX_QUEUED_RECORDS',
    parse: positiveInteger,
    example: '1000',
    defaultValue: 1000,
  },
  connectTimeoutMs: {
    env: 'GCHAT_LOG_CONNECT_TIMEOUT_MS',
    parse: milliseconds,
    example: '5000',
    defaultValue: 5000,
  },
  requestTimeoutMs: {
    env: 'GCHAT_LOG_REQUEST_TIMEOUT_MS',
    parse: milliseconds,
    example: '10000',
    defaultValue: 10_000,
  },
  closeTimeoutMs: { env: 'GCHAT_LOG_CLOSE_TIMEOUT_MS', parse: milliseconds, example: '8000', defaultValue: 8000 },
  retryBaseDelayMs: {
    env: 'GCHAT_LOG_RETRY_BASE_DELAY_MS',
    parse: milliseconds,
    example: '1000',
    defaultValue: 1000,
  },
  retryMaxDelayMs: {
    env: 'GCHAT_LOG_RETRY_MAX_DELAY_MS',
    parse: milliseconds,
    example: '32000',
    defaultValue: 32_000,
  },
  retryMaxElapsedMs: {
    env: 'GCHAT_LOG_RETRY_MAX_ELAPSED_MS',
    parse: milliseconds,
    example: '600000',
    defaultValue: 600_000,
  },
  circuitProbeIntervalMs: {
    env: 'GCHAT_LOG_CIRCUIT_PROBE_INTERVAL_MS',
    parse: milliseconds,
    example: '600000',
    defaultValue: 600_000,
  },
  messageFormat: {
    env: 'GCHAT_LOG_MESSAGE_FORMAT',
    parse: oneOf(MESSAGE_FORMATS),
    example: 'cards',
    defaultValue: 'text',
  },
  includeFields: { env: 'GCHAT_LOG_INCLUDE_FIELDS', parse: stringList, example: 'orderId,userId', defaultValue: [] },
  excludeFields: { env: 'GCHAT_LOG_EXCLUDE_FIELDS', parse: stringList, example: 'req,res', defaultValue: [] },
  redactPaths: {
    env: 'GCHAT_LOG_REDACT_PATHS',
    parse: redactPathList,
    example: 'req.headers["x-api-key"],user.email',
    defaultValue: [],
  },
  threading: { env: 'GCHAT_LOG_THREADING', parse: boolean, example: 'false', defaultValue: true },
  threadScope: {
    env: 'GCHAT_LOG_THREAD_SCOPE',
    parse: oneOf(THREAD_SCOPES),
    example: 'week',
    defaultValue: 'forever',
  },
  threadNonErrors: { env: 'GCHAT_LOG_THREAD_NON_ERRORS', parse: boolean, example: 'true', defaultValue: false },
  routes: {
    env: 'GCHAT_LOG_ROUTES',
    parse: routeList,
    example:
      "'error https://chat.googleapis.com/v1/spaces/ONCALL/messages?key=KEY&token=TOKEN; warn..warn logger=payments https://chat.googleapis.com/v1/spaces/TEAM/messages?key=KEY&token=TOKEN'",
    defaultValue: [],
  },
  redisUrl: { env: 'GCHAT_LOG_REDIS_URL', parse: redisUrl, example: 'redis://redis.internal:6379/0' },
  fleetWindowMs: {
    env: 'GCHAT_LOG_FLEET_WINDOW_MS',
    parse: milliseconds,
    example: '300000',
    defaultValue: 300_000,
  },
  disabled: { env: 'GCHAT_LOG_DISABLED', parse: boolean, example: 'true', defaultValue: false },
} satisfies { readonly [K in keyof Required<SenderOptions>]: OptionSpec<unknown> };

/** The type of every setting once parsed: what its parser returns. */
export type SettingValues = { [K in keyof typeof OPTION_SPECS]: ReturnType<(typeof OPTION_SPECS)[K]['parse']> };

/** The spec of one setting, typed by its name. */
export function specOf<K extends keyof typeof OPTION_SPECS>(name: K): OptionSpec<SettingValues[K]> {
  return OPTION_SPECS[name] as unknown as OptionSpec<SettingValues[K]>;
}

/** One setting as a command line or a help text shows it. */
export interface SettingDescription {
  /** Option name (`webhookUrl`). */
  readonly option: string;
  /** Environment variable (`GCHAT_LOG_WEBHOOK_URL`). */
  readonly env: string;
  /** A valid value, as a string. */
  readonly example: string;
}

/** Every setting's option name, environment variable and a valid example. */
export const SETTINGS: readonly SettingDescription[] = Object.entries(OPTION_SPECS).map(([option, spec]) => ({
  option,
  env: spec.env,
  example: spec.example,
}));
