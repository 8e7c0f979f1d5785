import type { Dispatcher } from 'undici';
import { BoundedSet } from './bounded-set.js';
import { type Clock, systemClock } from './clock.js';
import { type ResolvedConfig, resolveConfig } from './config/resolve-config.js';
import { CircuitBreaker } from './delivery/circuit-breaker.js';
import { type Delivery, newDelivery } from './delivery/delivery.js';
import { parseRetryAfter } from './delivery/retry-after.js';
import { backoffDelayMs, classifyAnswer } from './delivery/retry-policy.js';
import { createDiagnostics, type Diagnostics } from './diagnostics.js';
import { createDefaultDispatcher } from './http/default-dispatcher.js';
import { type PostOutcome, postMessage } from './http/post-message.js';
import type { SenderDependencies, SenderOptions } from './options.js';
import { acquireSpaceLane, RETRY_PRIORITY, releaseSpaceLane, type SpaceLane } from './queue/space-lanes.js';
import type { LogRecord } from './record.js';
import type { ChatMessage } from './render/chat-message.js';
import { renderMinimalText, renderReply, renderText } from './render/render-text.js';
import { threadKeyFor } from './signature/thread-key.js';
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
/** Threads whose full first report this process delivered: later occurrences are sent as compact replies. */
const REMEMBERED_THREADS = 10_000;
/** Least time between two reports of one problem. */
const REPEAT_REPORT_INTERVAL_MS = 60_000;

/** How a record's delivery ended. */
type Fate =
  | { readonly kind: 'sent'; readonly announcedUndelivered: number }
  | { readonly kind: 'failed' }
  | { readonly kind: 'dropped'; readonly problem: DropProblem };

/** One attempt's result: the record's fate, or the next attempt already queued. */
type Step = { readonly fate: Fate } | { readonly next: Promise<Fate> };

type DropProblem = 'closed' | 'queue-full' | 'deadline' | 'webhook-rejected';

const DROP_EXPLANATIONS: Readonly<Record<DropProblem, string>> = {
  closed: 'a record was logged after the transport was closed; it was not sent.',
  'queue-full':
    'too many records are waiting for Chat; newer ones are dropped (raise maxQueuedRecords or GCHAT_LOG_MAX_QUEUED_RECORDS).',
  deadline:
    'records still queued when close() reached its deadline were not sent (raise closeTimeoutMs or GCHAT_LOG_CLOSE_TIMEOUT_MS).',
  'webhook-rejected': 'records are dropped while Google Chat refuses the webhook.',
};

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
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #diagnostics: Diagnostics;
  readonly #lane: SpaceLane;
  readonly #breaker: CircuitBreaker;
  readonly #abortAtDeadline = new AbortController();
  /** Aborted, and replaced, when the circuit opens: drops what was queued for the refused webhook. */
  #abortOnRefusal = new AbortController();
  readonly #stats = emptyStats();
  /** Records failed or dropped since the last message that reached Chat; the next message says so. */
  #undelivered = 0;
  readonly #reportedThreads = new BoundedSet<string>(REMEMBERED_THREADS);
  #idleWaiters: Array<() => void> = [];
  #closing: Promise<void> | undefined;

  constructor(config: ResolvedConfig, target: WebhookTarget, dependencies: SenderDependencies) {
    this.#config = config;
    this.#target = target;
    this.maskedUrl = target.masked;
    this.#ownsDispatcher = dependencies.dispatcher === undefined;
    this.#dispatcher = dependencies.dispatcher ?? createDefaultDispatcher(config.connectTimeoutMs);
    this.#projectRoot = dependencies.projectRoot ?? process.cwd();
    this.#clock = dependencies.clock ?? systemClock;
    this.#random = dependencies.random ?? Math.random;
    this.#diagnostics = createDiagnostics({
      clock: this.#clock,
      onDiagnostic: dependencies.onDiagnostic,
      repeatIntervalMs: REPEAT_REPORT_INTERVAL_MS,
    });
    this.#lane = acquireSpaceLane(target.queueKey, config.rateLimit);
    this.#breaker = new CircuitBreaker(config.circuitProbeIntervalMs, this.#clock);
  }

  log(record: LogRecord): void {
    const stats = this.#stats;
    stats.received += 1;
    if (record.level.value < this.#config.minLevel) {
      stats.filtered += 1;
    } else if (this.#closing !== undefined) {
      this.#account({ kind: 'dropped', problem: 'closed' });
    } else if (this.#breaker.rejectsNow()) {
      this.#account({ kind: 'dropped', problem: 'webhook-rejected' });
    } else if (stats.queued >= this.#config.maxQueuedRecords) {
      this.#account({ kind: 'dropped', problem: 'queue-full' });
    } else {
      stats.queued += 1;
      this.#attempt(newDelivery(record))
        .then(
          (fate) => this.#account(fate),
          (error: unknown) => this.#onAttemptRejected(error),
        )
        .finally(() => this.#settled());
    }
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
    releaseSpaceLane(this.#target.queueKey);
    if (this.#ownsDispatcher) await this.#dispatcher.destroy().catch(() => {});
  }

  /**
   * Queues one attempt in the space's lane. A retry is queued, with priority, before the attempt that
   * needed it ends, and after the lane was held for the backoff, so the space's messages stay in order.
   */
  #attempt(delivery: Delivery): Promise<Fate> {
    const signal = AbortSignal.any([this.#abortAtDeadline.signal, this.#abortOnRefusal.signal]);
    const priority = delivery.firstAttemptAt === undefined ? 0 : RETRY_PRIORITY;
    return this.#lane.queue
      .add(
        async ({ signal: attemptSignal }): Promise<Step> => {
          const current = this.#asProbeIfDue(delivery);
          if (current === undefined) return { fate: { kind: 'dropped', problem: 'webhook-rejected' } };
          const started = { ...current, firstAttemptAt: current.firstAttemptAt ?? this.#clock.now() };
          const undelivered = this.#undelivered;
          const { body, opensThread } = this.#toMessage(started, undelivered);
          const outcome = await this.#post(started, body, attemptSignal);
          // Aborted meanwhile: the lane has already rejected this attempt; schedule nothing more.
          attemptSignal?.throwIfAborted();
          if (outcome.delivered && opensThread !== undefined) this.#reportedThreads.add(opensThread);
          return this.#judge(started, outcome, undelivered);
        },
        { priority, signal },
      )
      .then((step) => ('next' in step ? step.next : step.fate));
  }

  /** The delivery as the breaker lets it go now: unchanged, as the probe, or `undefined` (refused webhook). */
  #asProbeIfDue(delivery: Delivery): Delivery | undefined {
    if (delivery.probe) return delivery;
    const passage = this.#breaker.passage();
    if (passage === 'reject') return undefined;
    return passage === 'probe' ? { ...delivery, probe: true } : delivery;
  }

  async #post(delivery: Delivery, message: ChatMessage, signal: AbortSignal | undefined): Promise<PostOutcome> {
    const url = new URL(this.#target.url);
    // The minimal form leaves out everything Chat could have refused, requestId included.
    if (!delivery.minimal) url.searchParams.set('requestId', delivery.requestId);
    // A threadKey works only with this option, and the option means nothing without a key.
    if (message.thread !== undefined)
      url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    this.#stats.requests += 1;
    return postMessage(this.#dispatcher, url.href, message, {
      headersTimeoutMs: this.#config.requestTimeoutMs,
      bodyTimeoutMs: this.#config.requestTimeoutMs,
      ...(signal !== undefined && { signal }),
    });
  }

  /**
   * Renders when the record's turn comes, off the logging call's path: the full report for the first
   * message of a thread (`opensThread`), a one-line reply for its repeats.
   */
  #toMessage(delivery: Delivery, undelivered: number): { body: ChatMessage; opensThread?: string } {
    const record = delivery.record;
    const service = this.#config.service ?? record.service ?? record.loggerName ?? FALLBACK_SERVICE;
    if (delivery.minimal) return { body: { text: renderMinimalText(record, service, undelivered) } };
    const threadKey = this.#config.threading
      ? threadKeyFor(record, {
          service,
          projectRoot: this.#projectRoot,
          scope: this.#config.threadScope,
          threadNonErrors: this.#config.threadNonErrors,
        })
      : undefined;
    if (threadKey === undefined) return { body: { text: renderText(record, service, undelivered) } };
    const thread = { threadKey };
    if (this.#reportedThreads.has(threadKey))
      return { body: { text: renderReply(record, service, undelivered), thread } };
    return { body: { text: renderText(record, service, undelivered), thread }, opensThread: threadKey };
  }

  #judge(delivery: Delivery, outcome: PostOutcome, undelivered: number): Step {
    if (outcome.delivered) {
      if (delivery.probe || this.#breaker.isOpen) this.#onWebhookRecovered();
      return { fate: { kind: 'sent', announcedUndelivered: undelivered } };
    }
    switch (classifyAnswer(outcome)) {
      case 'transient':
        return this.#retryLater(delivery, outcome);
      case 'bad-request':
        if (delivery.minimal) return this.#giveUp(delivery, outcome, 'even in its minimal form');
        this.#diagnostics.report(
          'delivery-retrying',
          'bad-request',
          `gchat-log: Google Chat refused a message (${describe(outcome)}) for ${this.#target.masked}; sending it once more in a minimal plain-text form.`,
        );
        return { next: this.#attempt({ ...delivery, minimal: true }) };
      default:
        this.#onWebhookRejected(outcome);
        return { fate: { kind: 'dropped', problem: 'webhook-rejected' } };
    }
  }

  #retryLater(delivery: Delivery, outcome: Exclude<PostOutcome, { delivered: true }>): Step {
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, this.#clock.now());
    const delayMs = retryAfterMs ?? backoffDelayMs(delivery.retries, this.#config.retry, this.#random);
    const elapsedMs = this.#clock.now() - (delivery.firstAttemptAt ?? this.#clock.now());
    if (elapsedMs + delayMs > this.#config.retry.maxElapsedMs) {
      return this.#giveUp(delivery, outcome, `after ${delivery.retries + 1} attempts over ${seconds(elapsedMs)}`);
    }
    this.#stats.retries += 1;
    this.#diagnostics.report(
      'delivery-retrying',
      `retrying:${outcome.status ?? ''}:${outcome.reason}`,
      `gchat-log: Google Chat ${answered(outcome)} for ${this.#target.masked}; retrying in ${seconds(delayMs)}${retryAfterMs === undefined ? '' : ' as its Retry-After asks'}.`,
    );
    this.#lane.holdFor(delayMs, this.#clock);
    return { next: this.#attempt({ ...delivery, retries: delivery.retries + 1 }) };
  }

  #giveUp(delivery: Delivery, outcome: Exclude<PostOutcome, { delivered: true }>, circumstance: string): Step {
    if (delivery.probe) this.#breaker.open();
    this.#diagnostics.report(
      'delivery-failed',
      `failed:${outcome.status ?? ''}:${outcome.reason}`,
      `gchat-log: gave up a message for ${this.#target.masked} ${circumstance}; Google Chat ${answered(outcome)}. Failed records are counted in stats().failed.`,
    );
    return { fate: { kind: 'failed' } };
  }

  #onWebhookRejected(outcome: Exclude<PostOutcome, { delivered: true }>): void {
    this.#breaker.open();
    // What was queued for the refused webhook is dropped now instead of taking the space's budget.
    this.#abortOnRefusal.abort();
    this.#abortOnRefusal = new AbortController();
    this.#diagnostics.report(
      'webhook-rejected',
      'webhook-rejected',
      `gchat-log: Google Chat ${answered(outcome)} for ${this.#target.masked}: the webhook was deleted or revoked, or the URL is wrong. Check the space's Apps & integrations and the webhookUrl option (GCHAT_LOG_WEBHOOK_URL). Records are dropped and counted in stats().dropped; one is sent as a probe every ${seconds(this.#config.circuitProbeIntervalMs)}.`,
    );
  }

  #onWebhookRecovered(): void {
    this.#breaker.close();
    this.#diagnostics.report(
      'webhook-recovered',
      'webhook-recovered',
      `gchat-log: Google Chat accepts messages for ${this.#target.masked} again; ${this.#undelivered} records were not delivered meanwhile.`,
    );
  }

  #onAttemptRejected(error: unknown): void {
    if (this.#abortAtDeadline.signal.aborted) {
      this.#account({ kind: 'dropped', problem: 'deadline' });
      return;
    }
    if (error instanceof Error && error.name === 'AbortError') {
      this.#account({ kind: 'dropped', problem: 'webhook-rejected' });
      return;
    }
    this.#account({ kind: 'failed' });
    this.#diagnostics.report(
      'internal-error',
      'internal',
      `gchat-log: internal error while sending a message: ${String(error)}`,
    );
  }

  #account(fate: Fate): void {
    const stats = this.#stats;
    if (fate.kind === 'sent') {
      stats.sent += 1;
      this.#undelivered -= fate.announcedUndelivered;
      return;
    }
    this.#undelivered += 1;
    if (fate.kind === 'failed') {
      stats.failed += 1;
      return;
    }
    stats.dropped += 1;
    this.#diagnostics.report(
      'records-dropped',
      `dropped:${fate.problem}`,
      `gchat-log: ${DROP_EXPLANATIONS[fate.problem]} Dropped records are counted in stats().dropped.`,
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

function describe(outcome: Exclude<PostOutcome, { delivered: true }>): string {
  return `${outcome.status ?? 'no answer'} ${outcome.reason}: ${outcome.detail}`;
}

function answered(outcome: Exclude<PostOutcome, { delivered: true }>): string {
  return outcome.status === undefined
    ? `could not be reached (${outcome.reason}: ${outcome.detail})`
    : `answered ${describe(outcome)}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
