import type { Dispatcher } from 'undici';
import type { Clock } from './clock.js';
import type { Environment } from './config/resolve-config.js';
import type { Coordinator } from './coordination/coordinator.js';
import type { Diagnostic } from './diagnostics.js';
import type { MessageFormat } from './render/chat-message.js';
import type { ThreadScope } from './signature/thread-key.js';

/**
 * Options of a gchat-log sender. All of them are plain JSON values, so they can cross into pino's
 * worker thread. Each one can also be set by the environment variable named in its description;
 * an explicit option wins over the environment, which wins over the default.
 */
export interface SenderOptions {
  /**
   * The space's incoming webhook URL, `https://chat.googleapis.com/v1/spaces/SPACE/messages?key=…&token=…`.
   * Its `key` and `token` are secrets and are never printed.
   * Without a URL (here or in the environment) the sender is a silent no-op.
   * @env GCHAT_LOG_WEBHOOK_URL
   */
  webhookUrl?: string;
  /**
   * Least severe level sent to Chat: a pino or winston level name (`fatal`, `error`, `warn`, `info`,
   * `crit`, `warning`, ...) or a number on pino's scale (error = 50).
   * @default 'error'
   * @env GCHAT_LOG_LEVEL
   */
  level?: string | number;
  /**
   * Service name shown at the top of every message.
   * @default the record's `service` field, else the logger's name, else `"app"`
   * @env GCHAT_LOG_SERVICE
   */
  service?: string;
  /**
   * Hosts other than `chat.googleapis.com` and loopback that the webhook URL may point at (your own
   * HTTPS proxy, for example).
   * @default []
   * @env GCHAT_LOG_ALLOWED_HOSTS (comma-separated)
   */
  allowedHosts?: string[];
  /**
   * Requests sent to one space in any sliding window of `rateLimitIntervalMs`. Chat allows 60 per
   * 60 s per space, shared with every other app in the space; the default leaves them some room.
   * @default 50
   * @env GCHAT_LOG_RATE_LIMIT_REQUESTS
   */
  rateLimitRequests?: number;
  /**
   * Length of the rate-limit window, in milliseconds.
   * @default 60000
   * @env GCHAT_LOG_RATE_LIMIT_INTERVAL_MS
   */
  rateLimitIntervalMs?: number;
  /**
   * After the first record of a thread went out, how long later records of that thread wait to be
   * coalesced into the next message, in milliseconds. The first record after a quiet period goes at once.
   * @default 5000
   * @env GCHAT_LOG_BATCH_WINDOW_MS
   */
  batchWindowMs?: number;
  /**
   * Distinct records (after de-duplication: a repeat only adds to a count) that may wait for delivery;
   * beyond it the least severe, oldest ones are dropped, counted and reported, so memory stays bounded
   * while Chat is slow or down.
   * @default 1000
   * @env GCHAT_LOG_MAX_QUEUED_RECORDS
   */
  maxQueuedRecords?: number;
  /**
   * Approximate memory the waiting records may hold, in bytes; beyond it records are dropped as above.
   * @default 8388608 (8 MiB)
   * @env GCHAT_LOG_MAX_QUEUED_BYTES
   */
  maxQueuedBytes?: number;
  /**
   * Time allowed to open a connection to Chat, in milliseconds (used by the built-in agent).
   * @default 5000
   * @env GCHAT_LOG_CONNECT_TIMEOUT_MS
   */
  connectTimeoutMs?: number;
  /**
   * Time allowed for Chat's response headers, and again for its body, in milliseconds.
   * @default 10000
   * @env GCHAT_LOG_REQUEST_TIMEOUT_MS
   */
  requestTimeoutMs?: number;
  /**
   * Ceiling of the first retry delay, in milliseconds. Retries of 429, 5xx, connection errors and
   * timeouts wait a random time up to `retryBaseDelayMs × 2^retry` (capped by `retryMaxDelayMs`), or
   * what Chat's `Retry-After` says.
   * @default 1000
   * @env GCHAT_LOG_RETRY_BASE_DELAY_MS
   */
  retryBaseDelayMs?: number;
  /**
   * Ceiling of any retry delay, in milliseconds.
   * @default 32000
   * @env GCHAT_LOG_RETRY_MAX_DELAY_MS
   */
  retryMaxDelayMs?: number;
  /**
   * How long one message may be retried, in milliseconds, before it is given up and counted as failed.
   * @default 600000
   * @env GCHAT_LOG_RETRY_MAX_ELAPSED_MS
   */
  retryMaxElapsedMs?: number;
  /**
   * After Chat refused the webhook as revoked, wrong or deleted (401/403/404), how long to drop records
   * before one is sent again as a probe, in milliseconds.
   * @default 600000
   * @env GCHAT_LOG_CIRCUIT_PROBE_INTERVAL_MS
   */
  circuitProbeIntervalMs?: number;
  /**
   * How long `close()` waits for queued messages before counting them as dropped, in milliseconds.
   * The default stays under the ~10 s pino gives its transport worker at exit.
   * @default 8000
   * @env GCHAT_LOG_CLOSE_TIMEOUT_MS
   */
  closeTimeoutMs?: number;
  /**
   * How messages look: `text` (Chat's own markup, code blocks) or `cards` (`cardsV2`: a header with level
   * and service, fields as labelled rows, the stack in a collapsed section, and a `fallbackText` for
   * notifications).
   * @default 'text'
   * @env GCHAT_LOG_MESSAGE_FORMAT
   */
  messageFormat?: MessageFormat;
  /**
   * When set, only these fields of a record appear in Chat.
   * @default [] (all fields)
   * @env GCHAT_LOG_INCLUDE_FIELDS (comma-separated)
   */
  includeFields?: string[];
  /**
   * Fields that never appear in Chat, besides `pid`, `hostname` (shown in the header), `v` and `fingerprint`.
   * @default []
   * @env GCHAT_LOG_EXCLUDE_FIELDS (comma-separated)
   */
  excludeFields?: string[];
  /**
   * Field paths to censor, in addition to the built-in sensitive keys (password, secret, token,
   * authorization, cookie, api keys, private keys, card numbers… at any of the first three levels), in
   * fast-redact syntax. Credentials inside messages and stacks (bearer tokens, webhook keys, secret
   * query parameters) are always masked.
   * @default []
   * @env GCHAT_LOG_REDACT_PATHS (comma-separated)
   */
  redactPaths?: string[];
  /**
   * Whether error records carry a `threadKey`, so every repeat of one error replies in one thread.
   * @default true
   * @env GCHAT_LOG_THREADING
   */
  threading?: boolean;
  /**
   * How long a thread collects one problem: `forever`, or a new thread each UTC `day` or ISO `week`, so
   * that threads do not grow for months.
   * @default 'forever'
   * @env GCHAT_LOG_THREAD_SCOPE
   */
  threadScope?: ThreadScope;
  /**
   * Whether records below `error` are threaded too, by logger name and normalised message; otherwise
   * each is posted on its own.
   * @default false
   * @env GCHAT_LOG_THREAD_NON_ERRORS
   */
  threadNonErrors?: boolean;
  /**
   * Further spaces and which records go to each: every route whose level range and filters a record
   * matches gets it (each space with its own rate-limit queue); `webhookUrl`, when set too, gets the
   * records at or above `level` that no route took. In the environment, the same list as JSON, or
   * compactly: routes separated by `;`, each `LEVELS [logger=NAME] [FIELD=VALUE]... URL`, e.g.
   * `error https://…/spaces/ONCALL/…; warn..warn logger=payments https://…/spaces/TEAM/…`.
   * @default []
   * @env GCHAT_LOG_ROUTES
   */
  routes?: RouteOptions[];
  /**
   * Redis shared by the replicas of a service (`redis://[:password@]host:6379/0`): with it, all processes
   * together keep within each space's quota, and one replica posts each error signature while the others
   * only add to its counts. Needs `@gchat-log/redis` installed next to the app. When Redis is down or
   * slow, each process falls back to its own limits. Its password is never printed.
   * @default none: each process on its own
   * @env GCHAT_LOG_REDIS_URL
   */
  redisUrl?: string;
  /**
   * With `redisUrl`: how long the fleet keeps a signature's shared counts and its reporting replica, in
   * milliseconds; counts are shown as "×340 on 23 replicas in the last 5 min".
   * @default 300000
   * @env GCHAT_LOG_FLEET_WINDOW_MS
   */
  fleetWindowMs?: number;
  /**
   * Turns the sender into a no-op even when a webhook URL is configured.
   * @default false
   * @env GCHAT_LOG_DISABLED
   */
  disabled?: boolean;
}

/** One destination space and the records it takes. */
export interface RouteOptions {
  /** The space's incoming webhook URL (secret: never printed). */
  webhookUrl: string;
  /**
   * Least severe level routed here.
   * @default the sender's `level`
   */
  level?: string | number;
  /**
   * Most severe level routed here (`warn` with `level: 'warn'` takes warnings only).
   * @default no upper bound
   */
  maxLevel?: string | number;
  /**
   * Logger names (pino `name`, winston `label`) routed here; a trailing `*` matches a prefix (`payments*`).
   * @default every logger
   */
  loggers?: string[];
  /**
   * Fields (dotted paths, `service` included) that must have these values, compared as strings,
   * e.g. `{ region: 'eu', 'req.method': 'POST' }`.
   * @default no field filter
   */
  fields?: Record<string, string | number | boolean>;
}

/** Collaborators a sender uses; tests replace them, applications normally leave them alone. */
export interface SenderDependencies {
  /** undici dispatcher for the HTTP requests. Default: a keep-alive `Agent` owned (and closed) by the sender. */
  dispatcher?: Dispatcher;
  /** Time and timers (the close deadline). Default: `Date.now` and `setTimeout`. */
  clock?: Clock;
  /**
   * Receives reports of delivery trouble (rate-limited per problem, credentials masked), instead of
   * stderr. It must not log through the logger that uses this sender. Default: one line on stderr.
   */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** Source of jitter for retry delays, in [0, 1). Default: `Math.random`. */
  random?: () => number;
  /** Environment to read `GCHAT_LOG_*` from. Default: `process.env`. */
  env?: Environment;
  /** Root that stack paths are made relative to for thread signatures. Default: `process.cwd()`. */
  projectRoot?: string;
  /**
   * Fleet coordination (shared quota, fleet-wide de-duplication). Default: the Redis coordinator of
   * `@gchat-log/redis` when `redisUrl` is set, else none.
   */
  coordinator?: Coordinator;
  /**
   * Makes the coordinator of one sender among the senders of this process (every logger, thread and
   * module copy shares each space's budget and one report per signature). Default: one in the memory the
   * whole process shares. Tests give theirs a memory of its own.
   */
  processCoordinator?: () => Coordinator;
}
