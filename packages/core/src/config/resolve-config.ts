import { GchatLogError } from '../errors.js';
import type { SenderOptions } from '../options.js';
import { maskSecrets } from '../secrets.js';
import { parseWebhookUrl, type WebhookTarget } from '../webhook-url.js';
import { OPTION_SPECS } from './option-specs.js';
import { InvalidValue } from './parsers.js';

/** The settings a sender runs with, after options, environment and defaults were merged and validated. */
export interface ResolvedConfig {
  /** `undefined` when the sender is a no-op (no URL, or disabled). */
  readonly target: WebhookTarget | undefined;
  readonly minLevel: number;
  readonly service: string | undefined;
  readonly rateLimit: { readonly requests: number; readonly intervalMs: number };
  readonly maxQueuedRecords: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly closeTimeoutMs: number;
  readonly threading: boolean;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Merges explicit options over `GCHAT_LOG_*` environment variables over defaults, and validates the result.
 * @throws {GchatLogError} naming the option or variable at fault, its problem and a valid example.
 */
export function resolveConfig(options: SenderOptions, env: Environment): ResolvedConfig {
  const setting = <K extends keyof typeof OPTION_SPECS>(name: K) => readSetting(name, options, env);
  const webhookUrl = setting('webhookUrl');
  const disabled = setting('disabled').value ?? false;
  const allowedHosts = setting('allowedHosts').value ?? [];
  const target =
    webhookUrl.value === undefined || disabled
      ? undefined
      : parseWebhookUrl(webhookUrl.value, allowedHosts, webhookUrl.source);
  return {
    target,
    minLevel: setting('level').value as number,
    service: setting('service').value,
    rateLimit: {
      requests: setting('rateLimitRequests').value as number,
      intervalMs: setting('rateLimitIntervalMs').value as number,
    },
    maxQueuedRecords: setting('maxQueuedRecords').value as number,
    connectTimeoutMs: setting('connectTimeoutMs').value as number,
    requestTimeoutMs: setting('requestTimeoutMs').value as number,
    closeTimeoutMs: setting('closeTimeoutMs').value as number,
    threading: setting('threading').value as boolean,
  };
}

function readSetting<K extends keyof typeof OPTION_SPECS>(name: K, options: SenderOptions, env: Environment) {
  const spec = OPTION_SPECS[name];
  const explicit = options[name];
  const fromEnv = env[spec.env];
  const useEnv = explicit === undefined && fromEnv !== undefined && fromEnv.trim() !== '';
  const source = useEnv ? `environment variable ${spec.env}` : `option "${name}"`;
  const raw = useEnv ? fromEnv : explicit;
  if (raw === undefined) return { value: spec.defaultValue, source };
  try {
    return { value: spec.parse(raw) as (typeof spec)['defaultValue'], source };
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    const shown = maskSecrets(typeof raw === 'string' ? JSON.stringify(raw) : String(JSON.stringify(raw)));
    throw new GchatLogError(
      'ERR_GCHAT_LOG_INVALID_OPTION',
      useEnv ? spec.env : name,
      `${source} is ${shown}, which ${error.message}. A valid value: ${spec.env}=${spec.example} (or the option "${name}").`,
    );
  }
}
