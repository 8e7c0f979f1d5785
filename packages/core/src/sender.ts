import type { Dispatcher } from 'undici';
import { type PendingEntry, PendingRecords, type ThreadGroup } from './batching/pending-records.js';
import { BoundedSet } from './bounded-set.js';
import { boundedRecord, withBoundedFields } from './bounds/bounded-record.js';
import { describeError } from './bounds/read-safely.js';
import { type Clock, systemClock } from './clock.js';
import type { ConfigurationProblem, ResolvedConfig } from './config/resolve-config.js';
import type { Fleet } from './coordination/fleet.js';
import { FleetDeduplication } from './coordination/fleet-deduplication.js';
import { type Composed, Courier, type Fate } from './delivery/courier.js';
import { createDiagnostics, type Diagnostics } from './diagnostics.js';
import { createDefaultDispatcher } from './http/default-dispatcher.js';
import type { SenderDependencies } from './options.js';
import { acquireSpaceLane, releaseSpaceLane } from './queue/space-lanes.js';
import type { LogRecord } from './record.js';
import { createRecordRedactor } from './redaction/redact-record.js';
import { type ChatMessage, MAX_MESSAGE_BYTES } from './render/chat-message.js';
import { type Composition, composeDigest, composeThreadMessage, digestTitle } from './render/compose-message.js';
import { renderCardMessage } from './render/render-card.js';
import { renderMinimalText, undeliveredNotice } from './render/render-text.js';
import { selectFields } from './render/select-fields.js';
import { normalisedLines } from './signature/normalise-message.js';
import { threadKeyFor } from './signature/thread-key.js';
import { emptyStats, type SenderStats } from './stats.js';
import type { WebhookTarget } from './webhook-url.js';

/** Sends log records to one Google Chat space. No method ever throws or rejects. */
export interface Sender {
  /** `false` when no webhook URL is configured (or it is disabled): every record is then ignored. */
  readonly enabled: boolean;
  /** The webhook URL with its credentials masked, for display; `undefined` when disabled. */
  readonly maskedUrl: string | undefined;
  /**
   * Bad environment variables found at startup, each reported once: what they affect is left out (all of
   * it when `enabled` is `false`). Empty when the configuration is sound; a health check can read it.
   */
  readonly configurationProblems: readonly ConfigurationProblem[];
  /** Hands a record over for delivery. Returns at once. */
  log(record: LogRecord): void;
  /**
   * Counts a record of this severity as received and filtered, and returns `true`, when it is below the
   * level; returns `false` otherwise (then hand it to `log`). Adapters call it first, so that records
   * below the level (most of them) cost a comparison, not a translation.
   */
  countIfBelowLevel(severity: number): boolean;
  /** Sends what waits without waiting for batch windows; resolves once every record handed over so far was delivered or given up. */
  flush(): Promise<void>;
  /** Stops accepting records and flushes, waiting at most `closeTimeoutMs`; what is still queued then is dropped and reported. */
  close(): Promise<void>;
  /** A snapshot of the counters. */
  stats(): SenderStats;
}

const FALLBACK_SERVICE = 'app';
/** Threads whose full first report this process delivered: later occurrences are sent as one-line replies. */
const REMEMBERED_THREADS = 10_000;
/**
 * After a quiet period, how long the first message waits for records logged in the same burst (a loop,
 * or the chunks pino's worker reads), so that a burst of one error is one message, not two.
 */
const GATHER_MS = 200;

type DropProblem = 'closed' | 'queue-full' | 'deadline' | 'webhook-rejected' | 'internal';

const DROP_EXPLANATIONS: Readonly<Record<DropProblem, string>> = {
  closed: 'a record was logged after the transport was closed; it was not sent.',
  'queue-full':
    'too many different records are waiting for Chat; the least severe and oldest are dropped (raise maxQueuedRecords or maxQueuedBytes).',
  deadline:
    'records still queued when close() reached its deadline were not sent (raise closeTimeoutMs or GCHAT_LOG_CLOSE_TIMEOUT_MS).',
  'webhook-rejected': 'records are dropped while Google Chat refuses the webhook.',
  internal: 'a record could not be processed (see the internal error reported with it).',
};

/** The card message when it stays within Chat's size limit, else the text (which always does). */
function fitting(cards: ChatMessage, text: string): ChatMessage {
  return Buffer.byteLength(JSON.stringify(cards)) <= MAX_MESSAGE_BYTES ? cards : { text };
}

/**
 * Collects records per thread, de-duplicated per signature, and sends one message at a time to its
 * space: the first record after a quiet period at once, later ones coalesced per batch window, or as
 * digests when more threads wait than the quota can carry.
 */
export class WebhookSender implements Sender {
  readonly enabled = true;
  readonly maskedUrl: string;
  readonly configurationProblems: readonly ConfigurationProblem[];
  readonly #config: ResolvedConfig;
  readonly #target: WebhookTarget;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #projectRoot: string;
  readonly #clock: Clock;
  readonly #diagnostics: Diagnostics;
  readonly #courier: Courier;
  /** What is kept of a record that starts a new entry: its chosen fields, redacted. */
  readonly #keep: (record: LogRecord) => LogRecord;
  readonly #pending = new PendingRecords();
  readonly #reportedThreads = new BoundedSet<string>(REMEMBERED_THREADS);
  readonly #abortAtDeadline = new AbortController();
  readonly #stats = emptyStats();
  /** Records failed or dropped since the last message that reached Chat; the next message says so. */
  #undelivered = 0;
  /** The message on its way, if any: one at a time per sender. */
  #inFlight: { composed: Composed | undefined } | undefined;
  #cancelWake: () => void = () => {};
  /** Set while the first message after a quiet period gathers its burst. */
  #gathering: NodeJS.Timeout | undefined;
  #quiet = true;
  #flushing = false;
  #idleWaiters: Array<() => void> = [];
  #closing: Promise<void> | undefined;
  /** Fleet coordination (Redis), when configured. */
  readonly #fleet: Fleet | undefined;
  readonly #fleetDeduplication: FleetDeduplication | undefined;

  constructor(
    config: ResolvedConfig,
    target: WebhookTarget,
    dependencies: SenderDependencies,
    fleet?: Fleet,
    configurationProblems: readonly ConfigurationProblem[] = [],
  ) {
    this.configurationProblems = configurationProblems;
    this.#config = config;
    this.#target = target;
    this.maskedUrl = target.masked;
    this.#ownsDispatcher = dependencies.dispatcher === undefined;
    this.#dispatcher = dependencies.dispatcher ?? createDefaultDispatcher(config.connectTimeoutMs);
    this.#projectRoot = dependencies.projectRoot ?? process.cwd();
    this.#clock = dependencies.clock ?? systemClock;
    this.#diagnostics = createDiagnostics({
      clock: this.#clock,
      onDiagnostic: dependencies.onDiagnostic,
    });
    const redact = createRecordRedactor(config.redactPaths);
    // Fields that will not appear are left out, and the rest bounded, before redaction sees them.
    this.#keep = (record) => redact(withBoundedFields(selectFields(record, config.fields)));
    this.#courier = new Courier({
      config,
      target,
      dispatcher: this.#dispatcher,
      lane: acquireSpaceLane(target.queueKey, config.rateLimit),
      clock: this.#clock,
      random: dependencies.random ?? Math.random,
      diagnostics: this.#diagnostics,
      stats: this.#stats,
      deadline: this.#abortAtDeadline.signal,
      fleet,
    });
    this.#fleet = fleet;
    this.#fleetDeduplication =
      fleet &&
      new FleetDeduplication({
        fleet,
        pending: this.#pending,
        clock: this.#clock,
        windowMs: config.fleet.windowMs,
        collectEveryMs: config.batchWindowMs,
        keep: this.#keep,
        onCountedByFleet: (records) => {
          this.#stats.queued -= records;
          this.#stats.countedByFleet += records;
        },
        onChange: () => this.#pump(),
        onThreadOpened: (threadKey) => this.#reportedThreads.add(threadKey),
      });
  }

  log(record: LogRecord): void {
    const stats = this.#stats;
    stats.received += 1;
    try {
      // Every text is cut to a bounded length before signatures, normalisation or rendering see it.
      const bounded = boundedRecord(record);
      if (bounded.level.value < this.#config.minLevel) {
        stats.filtered += 1;
      } else if (this.#closing !== undefined) {
        this.#drop(1, 'closed');
      } else if (this.#courier.breaker.rejectsNow()) {
        this.#drop(1, 'webhook-rejected');
      } else {
        this.#enqueue(bounded);
        this.#pump();
      }
    } catch (error) {
      // Never into the logging call: a record gchat-log cannot handle is counted and reported.
      this.#drop(1, 'internal');
      this.#diagnostics.report(
        'internal-error',
        'enqueue',
        `gchat-log: internal error while taking a record: ${describeError(error)}`,
      );
    }
  }

  countIfBelowLevel(severity: number): boolean {
    if (severity >= this.#config.minLevel) return false;
    this.#stats.received += 1;
    this.#stats.filtered += 1;
    return true;
  }

  flush(): Promise<void> {
    if (this.#stats.queued === 0 && this.#pending.entries === 0 && this.#inFlight === undefined) {
      return Promise.resolve();
    }
    this.#flushing = true;
    clearTimeout(this.#gathering);
    this.#gathering = undefined;
    this.#pump();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.#closing ??= this.#closeWithin(this.#config.closeTimeoutMs);
    return this.#closing;
  }

  stats(): SenderStats {
    return { ...this.#stats };
  }

  #enqueue(record: LogRecord): void {
    const service = this.#serviceOf(record);
    const threadKey = this.#config.threading
      ? threadKeyFor(record, {
          service,
          projectRoot: this.#projectRoot,
          scope: this.#config.threadScope,
          threadNonErrors: this.#config.threadNonErrors,
        })
      : undefined;
    const entryKey = threadKey ?? `${record.level.value}|${service}|${normalisedLines(record.message, 2)}`;
    if (threadKey !== undefined && this.#fleetDeduplication?.countForOthers(record, threadKey, entryKey)) {
      this.#stats.queued += 1;
      return;
    }
    // Only what is kept is redacted (a repeat only counts); the signature is a one-way hash, computed first.
    this.#pending.add(record, threadKey, entryKey, this.#keep);
    this.#stats.queued += 1;
    while (this.#pending.entries > this.#config.maxQueuedRecords || this.#pending.bytes > this.#config.maxQueuedBytes) {
      const evicted = this.#pending.evictOne();
      if (evicted === undefined) break;
      this.#drop(evicted.count, 'queue-full');
    }
  }

  /** Starts the next message when none is on its way and a thread is ready; else wakes up when one will be. */
  #pump(): void {
    if (this.#inFlight !== undefined || this.#gathering !== undefined) return;
    this.#cancelWake();
    if (this.#abortAtDeadline.signal.aborted || this.#pending.entries === 0) {
      this.#quiet = true;
      this.#notifyIfIdle();
      return;
    }
    const now = this.#clock.now();
    const windowMs = this.#config.batchWindowMs;
    if (this.#pending.readyGroups(now, windowMs, this.#sendsAtOnce()).length === 0) {
      const readyAt = this.#pending.nextReadyAt(windowMs) ?? now;
      this.#cancelWake = this.#clock.schedule(() => this.#pump(), Math.max(0, readyAt - now));
      return;
    }
    if (this.#quiet && !this.#sendsAtOnce()) {
      this.#quiet = false;
      this.#gathering = setTimeout(() => {
        this.#gathering = undefined;
        this.#pump();
      }, GATHER_MS);
      return;
    }
    this.#quiet = false;
    const inFlight: { composed: Composed | undefined } = { composed: undefined };
    this.#inFlight = inFlight;
    this.#courier
      .deliver(() => {
        inFlight.composed = this.#compose();
        return inFlight.composed;
      })
      .then(
        (fate) => this.#account(fate),
        (error: unknown) => this.#onAborted(error, inFlight.composed),
      )
      .finally(() => {
        this.#inFlight = undefined;
        this.#pump();
      });
  }

  #sendsAtOnce(): boolean {
    return this.#flushing || this.#closing !== undefined;
  }

  /** Builds the next message from what waits now: the oldest ready thread, or a digest under overload. */
  #compose(): Composed | undefined {
    const now = this.#clock.now();
    const ready = this.#pending.readyGroups(now, this.#config.batchWindowMs, this.#sendsAtOnce());
    const [oldest] = ready;
    if (oldest === undefined) return undefined;
    const notes = [undeliveredNotice(this.#undelivered)].filter((note) => note !== '');
    const context = { serviceOf: (record: LogRecord) => this.#serviceOf(record), notes };
    if (ready.length > this.#config.rateLimit.requests) {
      const entries = ready.flatMap((group) => [...group.entries.values()]).sort((a, b) => a.firstAt - b.firstAt);
      const composition = composeDigest(entries, context);
      const cards = () =>
        renderCardMessage(composition.taken, false, { ...context, digestTitle: digestTitle(composition.taken) });
      return this.#take(ready, composition, { digest: true, now, cards });
    }
    const entries = [...oldest.entries.values()].sort((a, b) => a.firstAt - b.firstAt);
    const threadKey = oldest.threadKey;
    const opensThread = threadKey === undefined || !this.#reportedThreads.has(threadKey);
    const composition = composeThreadMessage(entries, opensThread, context);
    return this.#take([oldest], composition, {
      digest: false,
      now,
      cards: () => renderCardMessage(composition.taken, opensThread, context),
      ...(threadKey !== undefined && { threadKey }),
      ...(threadKey !== undefined && opensThread && { opensThread: threadKey }),
    });
  }

  /**
   * Takes the composed entries out of the pending records and makes the message: the text composition,
   * or its card form when `format` is `cards` (and fits: else the text, which always does).
   */
  #take(
    groups: readonly ThreadGroup[],
    composition: Composition,
    message: { digest: boolean; now: number; cards: () => ChatMessage; threadKey?: string; opensThread?: string },
  ): Composed {
    const taken = new Set<PendingEntry>(composition.taken);
    for (const group of groups) {
      group.lastSentAt = message.now;
      this.#pending.take(
        group,
        [...group.entries.values()].filter((entry) => taken.has(entry)),
      );
    }
    // Records of this process only: other replicas' occurrences are shown, not counted here.
    const records = composition.taken.reduce((sum, entry) => sum + (entry.fleet === undefined ? entry.count : 0), 0);
    const [first] = composition.taken;
    const others = records - (first?.count ?? 0);
    const minimalNotes = others > 0 ? [`(and ${others} more record${others === 1 ? '' : 's'})`] : [];
    const content =
      this.#config.format === 'cards' ? fitting(message.cards(), composition.text) : { text: composition.text };
    return {
      body: message.threadKey === undefined ? content : { ...content, thread: { threadKey: message.threadKey } },
      minimalText:
        first === undefined ? '' : renderMinimalText(first.sample, this.#serviceOf(first.sample), minimalNotes),
      records,
      fleetOccurrences: composition.taken.reduce(
        (sum, entry) => sum + (entry.fleet === undefined ? 0 : entry.count),
        0,
      ),
      digest: message.digest,
      announcedUndelivered: this.#undelivered,
      ...(message.opensThread !== undefined && { opensThread: message.opensThread }),
    };
  }

  #account(fate: Fate): void {
    const stats = this.#stats;
    switch (fate.kind) {
      case 'nothing-to-send':
        return;
      case 'delivered': {
        const { composed } = fate;
        stats.queued -= composed.records;
        if (composed.digest) stats.digested += composed.records;
        else stats.sent += composed.records;
        stats.messages += 1;
        this.#undelivered -= composed.announcedUndelivered;
        if (composed.opensThread !== undefined) this.#reportedThreads.add(composed.opensThread);
        if (fate.recovered) this.#onRecovered();
        return;
      }
      case 'failed':
        stats.fleetOccurrencesUnshown += fate.composed.fleetOccurrences;
        stats.queued -= fate.composed.records;
        stats.failed += fate.composed.records;
        this.#undelivered += fate.composed.records;
        return;
      case 'refused':
        this.#dropForRefusal(fate.composed);
        return;
    }
  }

  #onRecovered(): void {
    this.#diagnostics.report(
      'webhook-recovered',
      'webhook-recovered',
      `gchat-log: Google Chat accepts messages for ${this.#target.masked} again; ${this.#undelivered} records were not delivered meanwhile.`,
    );
  }

  /** Chat refused the webhook: the message and what waits for it are dropped now, not sent into the refusal. */
  #dropForRefusal(composed: Composed | undefined): void {
    if (composed !== undefined) this.#drop(composed, 'webhook-rejected', true);
    this.#drop(this.#pending.clear(), 'webhook-rejected', true);
  }

  #onAborted(error: unknown, composed: Composed | undefined): void {
    if (this.#courier.isRefusal(error)) {
      this.#dropForRefusal(composed);
      return;
    }
    if (composed !== undefined) this.#drop(composed, 'deadline', true);
    if (composed === undefined && !this.#abortAtDeadline.signal.aborted) {
      this.#diagnostics.report(
        'internal-error',
        'internal',
        `gchat-log: internal error while sending a message: ${String(error)}`,
      );
    }
  }

  /** Counts records given up without a final answer; `wereQueued` when they had been counted as queued. */
  #drop(
    dropped: number | { records: number; fleetOccurrences: number },
    problem: DropProblem,
    wereQueued = problem === 'queue-full',
  ): void {
    const { records, fleetOccurrences } =
      typeof dropped === 'number' ? { records: dropped, fleetOccurrences: 0 } : dropped;
    // Other replicas' occurrences this replica was to show are counted apart: they are not its records.
    this.#stats.fleetOccurrencesUnshown += fleetOccurrences;
    if (records === 0) return;
    this.#stats.dropped += records;
    if (wereQueued) this.#stats.queued -= records;
    this.#undelivered += records;
    this.#diagnostics.report(
      'records-dropped',
      `dropped:${problem}`,
      `gchat-log: ${DROP_EXPLANATIONS[problem]} Dropped records are counted in stats().dropped.`,
    );
  }

  #notifyIfIdle(): void {
    // Entries of other replicas' occurrences are not queued records of this one, but wait to be shown too.
    if (this.#stats.queued > 0 || this.#pending.entries > 0 || this.#inFlight !== undefined) return;
    this.#flushing = false;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async #closeWithin(deadlineMs: number): Promise<void> {
    this.#courier.closeBy(this.#clock.now() + deadlineMs);
    this.#pump();
    let cancelDeadline = () => {};
    const deadline = new Promise<void>((resolve) => {
      cancelDeadline = this.#clock.schedule(resolve, deadlineMs);
    });
    // The fleet learns the last counts, and this replica shows what the others added to its threads.
    const released = (this.#fleetDeduplication?.release() ?? Promise.resolve()).then(() => this.flush());
    await Promise.race([released, deadline]);
    cancelDeadline();
    if (this.#stats.queued > 0) {
      this.#abortAtDeadline.abort();
      this.#cancelWake();
      this.#drop(this.#pending.clear(), 'deadline', true);
      await this.flush();
    }
    releaseSpaceLane(this.#target.queueKey);
    await this.#fleet?.close();
    if (this.#ownsDispatcher) await this.#dispatcher.destroy().catch(() => {});
  }

  #serviceOf(record: LogRecord): string {
    return this.#config.service ?? record.service ?? record.loggerName ?? FALLBACK_SERVICE;
  }
}
