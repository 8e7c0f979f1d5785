import { setMaxListeners } from 'node:events';
import type { Dispatcher } from 'undici';
import { type Clock, systemClock } from './clock.js';
import { type ResolvedConfig, resolveConfig } from './config/resolve-config.js';
import { createDiagnostics, type Diagnostics, writeToStderr } from './diagnostics.js';
import { createDefaultDispatcher } from './http/default-dispatcher.js';
import { type PostOutcome, postMessage } from './http/post-message.js';
import type { SenderDependencies, SenderOptions } from './options.js';
import { acquireSpaceQueue, releaseSpaceQueue } from './queue/space-queues.js';
import type { LogRecord } from './record.js';
import type { ChatMessage } from './render/chat-message.js';
import { renderText } from './render/render-text.js';
import { threadKeyFor } from './signature.js';
import { emptyStats, type SenderStats } from './stats.js';
import type { WebhookTarget } from './webhook-url.js';

/** Sends log records to one Google Chat space. No method ever throws or rejects. */
export interface Sender {
  /** `false` when no webhook URL is configured (or it is disabled): every record is then ignored. */
  readonly enabled: boolean;
  /** The webhook URL with its credentials masked, for display; `undefined` when disabled. */
  readonly maskedUrl: string | undefined;
  /** Hands a record over for delivery. Returns at once. */
  log(record: LogRecord): void;
  /** Resolves once every record handed over so far was delivered or given up. */
  flush(): Promise<void>;
  /** Stops accepting records and flushes, waiting at most `closeTimeoutMs`; what is still queued then is dropped and reported. */
  close(): Promise<void>;
  /** A snapshot of the counters. */
  stats(): SenderStats;
}

const FALLBACK_SERVICE = 'app';
const ERROR_SEVERITY = 50;

/**
 * Creates a sender from options, `GCHAT_LOG_*` environment variables and defaults, in that order.
 * With no webhook URL anywhere, returns a silent no-op sender.
 * @throws {GchatLogError} at once when an option or variable is invalid, naming it.
 */
export function createSender(options: SenderOptions = {}, dependencies: SenderDependencies = {}): Sender {
  const config = resolveConfig(options, dependencies.env ?? process.env);
  if (config.target === undefined) return createNoopSender();
  return new WebhookSender(config, config.target, dependencies);
}

function createNoopSender(): Sender {
  const stats = emptyStats();
  return {
    enabled: false,
    maskedUrl: undefined,
    log() {
      stats.received += 1;
      stats.filtered += 1;
    },
    flush: async () => {},
    close: async () => {},
    stats: () => ({ ...stats }),
  };
}

class WebhookSender implements Sender {
  readonly enabled = true;
  readonly maskedUrl: string;
  readonly #config: ResolvedConfig;
  readonly #target: WebhookTarget;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #projectRoot: string;
  readonly #diagnostics: Diagnostics;
  readonly #clock: Clock;
  readonly #queue;
  readonly #abortAtDeadline = new AbortController();
  readonly #stats = emptyStats();
  #idleWaiters: Array<() => void> = [];
  #closing: Promise<void> | undefined;

  constructor(config: ResolvedConfig, target: WebhookTarget, dependencies: SenderDependencies) {
    this.#config = config;
    this.#target = target;
    this.maskedUrl = target.masked;
    this.#ownsDispatcher = dependencies.dispatcher === undefined;
    this.#dispatcher = dependencies.dispatcher ?? createDefaultDispatcher(config.connectTimeoutMs);
    this.#projectRoot = dependencies.projectRoot ?? process.cwd();
    this.#diagnostics = createDiagnostics(dependencies.writeDiagnostic ?? writeToStderr);
    this.#clock = dependencies.clock ?? systemClock;
    this.#queue = acquireSpaceQueue(target.queueKey, config.rateLimit);
    // Every waiting message listens on this one signal; their number is bounded by maxQueuedRecords.
    setMaxListeners(0, this.#abortAtDeadline.signal);
  }

  log(record: LogRecord): void {
    const stats = this.#stats;
    stats.received += 1;
    if (record.level.value < this.#config.minLevel) {
      stats.filtered += 1;
      return;
    }
    if (this.#closing !== undefined) {
      this.#drop('closed', 'a record was logged after the transport was closed; it was not sent.');
      return;
    }
    if (stats.queued >= this.#config.maxQueuedRecords) {
      this.#drop(
        'queue-full',
        `more than ${this.#config.maxQueuedRecords} records are waiting for Chat; newer ones are dropped (raise maxQueuedRecords or GCHAT_LOG_MAX_QUEUED_RECORDS).`,
      );
      return;
    }
    stats.queued += 1;
    // Each record is accounted for exactly once: by the outcome of its request, or by the rejection
    // p-queue gives when close() aborts it (waiting or in flight) at its deadline.
    this.#queue
      .add(({ signal }) => this.#post(record, signal), { signal: this.#abortAtDeadline.signal })
      .then(
        (outcome) => this.#account(outcome),
        (error: unknown) => this.#onTaskError(error),
      )
      .finally(() => this.#settled());
  }

  flush(): Promise<void> {
    if (this.#stats.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.#closing ??= this.#closeWithin(this.#config.closeTimeoutMs);
    return this.#closing;
  }

  stats(): SenderStats {
    return { ...this.#stats };
  }

  async #closeWithin(deadlineMs: number): Promise<void> {
    let cancelDeadline = () => {};
    const deadline = new Promise<void>((resolve) => {
      cancelDeadline = this.#clock.schedule(resolve, deadlineMs);
    });
    await Promise.race([this.flush(), deadline]);
    cancelDeadline();
    if (this.#stats.queued > 0) {
      this.#abortAtDeadline.abort();
      await this.flush();
    }
    releaseSpaceQueue(this.#target.queueKey);
    if (this.#ownsDispatcher) await this.#dispatcher.destroy().catch(() => {});
  }

  #toMessage(record: LogRecord): ChatMessage {
    const service = this.#config.service ?? record.service ?? record.loggerName ?? FALLBACK_SERVICE;
    const text = renderText(record, service);
    if (!this.#config.threading || record.level.value < ERROR_SEVERITY) return { text };
    return { text, thread: { threadKey: threadKeyFor(record, service, this.#projectRoot) } };
  }

  /** Renders when the record's turn comes, off the logging call's path. */
  async #post(record: LogRecord, signal: AbortSignal | undefined): Promise<PostOutcome> {
    const message = this.#toMessage(record);
    this.#stats.requests += 1;
    return postMessage(this.#dispatcher, this.#target.url, message, {
      headersTimeoutMs: this.#config.requestTimeoutMs,
      bodyTimeoutMs: this.#config.requestTimeoutMs,
      ...(signal !== undefined && { signal }),
    });
  }

  #account(outcome: PostOutcome): void {
    if (outcome.delivered) {
      this.#stats.sent += 1;
    } else if (this.#abortAtDeadline.signal.aborted) {
      this.#dropAtDeadline();
    } else {
      this.#stats.failed += 1;
      this.#reportFailure(outcome);
    }
  }

  #reportFailure(outcome: Exclude<PostOutcome, { delivered: true }>): void {
    const answer = outcome.status === undefined ? 'could not be reached' : `answered ${outcome.status}`;
    this.#diagnostics.report(
      `failed:${outcome.status ?? ''}:${outcome.reason}`,
      `gchat-log: Google Chat ${answer} (${outcome.reason}: ${outcome.detail}) for ${this.#target.masked}; the message was not delivered. Further failures of this kind are counted in stats().failed.`,
    );
  }

  #onTaskError(error: unknown): void {
    if (this.#abortAtDeadline.signal.aborted) {
      this.#dropAtDeadline();
      return;
    }
    this.#stats.failed += 1;
    this.#diagnostics.report('internal', `gchat-log: internal error while sending a message: ${String(error)}`);
  }

  #dropAtDeadline(): void {
    this.#drop('deadline', 'records still queued when close() reached its deadline were not sent.');
  }

  #drop(problem: string, explanation: string): void {
    this.#stats.dropped += 1;
    this.#diagnostics.report(
      `dropped:${problem}`,
      `gchat-log: ${explanation} Dropped records are counted in stats().dropped.`,
    );
  }

  #settled(): void {
    this.#stats.queued -= 1;
    if (this.#stats.queued > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
