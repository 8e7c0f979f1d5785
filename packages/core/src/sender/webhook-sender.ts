import type { Dispatcher } from 'undici';
import { PendingRecords } from '../batching/pending-records.js';
import { BoundedSet } from '../bounded-set.js';
import { withBoundedFields } from '../bounds/bounded-record.js';
import { describeError } from '../bounds/read-safely.js';
import { type Clock, systemClock } from '../clock.js';
import type { ConfigurationProblem, ResolvedConfig } from '../config/resolve-config.js';
import type { Coordination } from '../coordination/coordination.js';
import { SharedDeduplication } from '../coordination/shared-deduplication.js';
import { type Composed, Courier, type Fate } from '../delivery/courier.js';
import { DeliveryAborted, isRefusal } from '../delivery/delivery-aborted.js';
import type { Diagnostics } from '../diagnostics.js';
import { plural } from '../format/words.js';
import { createDefaultDispatcher } from '../http/default-dispatcher.js';
import { RequestLimiter } from '../limits/request-limiter.js';
import type { SenderDependencies } from '../options.js';
import { everythingSaid } from '../process/once-per-process.js';
import { acquireSpaceLane, releaseSpaceLane } from '../queue/space-lanes.js';
import type { LogRecord } from '../record.js';
import { createRecordRedactor } from '../redaction/redact-record.js';
import { selectFields } from '../render/select-fields.js';
import type { SenderStats } from '../stats.js';
import type { WebhookTarget } from '../webhook-url.js';
import { Accounting } from './accounting.js';
import { Composer } from './composer.js';
import { Intake } from './intake.js';
import { Scheduler } from './scheduler.js';
import type { Sender } from './sender.js';

const FALLBACK_SERVICE = 'app';
/** Threads whose full first report this sender delivered: later occurrences are sent as one-line replies. */
const REMEMBERED_THREADS = 10_000;

/** What a sender shares with the other senders of its transport, and with whom it coordinates. */
export interface SharedWith {
  /** Reports trouble, once per problem a minute for the whole transport (all its routes). */
  readonly diagnostics: Diagnostics;
  /** Whose every request also takes a slot: the process's coordination, then the fleet's. */
  readonly budgets: readonly Coordination[];
  /** Who elects one reporter per signature: the fleet when configured, else the process. */
  readonly deduplication: Coordination | undefined;
}

/**
 * Sends records to one Google Chat space. It wires the parts, each with one job: the {@link Intake}
 * takes records in, the {@link Scheduler} decides when the next message goes, the {@link Composer}
 * what it says, the {@link Courier} takes it to Chat within the {@link RequestLimiter}'s budgets, and
 * the {@link Accounting} keeps the books; the sender itself owns flushing, closing and the dispatcher.
 */
export class WebhookSender implements Sender {
  readonly enabled = true;
  readonly maskedUrl: string;
  readonly configurationProblems: readonly ConfigurationProblem[];
  readonly #config: ResolvedConfig;
  readonly #target: WebhookTarget;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #clock: Clock;
  readonly #diagnostics: Diagnostics;
  readonly #accounting: Accounting;
  readonly #pending = new PendingRecords();
  readonly #reportedThreads = new BoundedSet<string>(REMEMBERED_THREADS);
  readonly #abortAtDeadline = new AbortController();
  readonly #shared: SharedWith;
  readonly #deduplication: SharedDeduplication | undefined;
  readonly #intake: Intake;
  readonly #scheduler: Scheduler;
  readonly #composer: Composer;
  readonly #courier: Courier;
  #idleWaiters: Array<() => void> = [];
  #closing: Promise<void> | undefined;

  constructor(
    config: ResolvedConfig,
    target: WebhookTarget,
    dependencies: SenderDependencies,
    shared: SharedWith,
    configurationProblems: readonly ConfigurationProblem[] = [],
  ) {
    this.configurationProblems = configurationProblems;
    this.#config = config;
    this.#target = target;
    this.maskedUrl = target.masked;
    this.#shared = shared;
    this.#ownsDispatcher = dependencies.dispatcher === undefined;
    this.#dispatcher = dependencies.dispatcher ?? createDefaultDispatcher(config.connectTimeoutMs);
    this.#clock = dependencies.clock ?? systemClock;
    this.#diagnostics = shared.diagnostics;
    this.#accounting = new Accounting(this.#diagnostics);
    const redact = createRecordRedactor(config.redactPaths);
    // Fields that will not appear are left out, and the rest bounded, before redaction sees them.
    const keep = (record: LogRecord) => redact(withBoundedFields(selectFields(record, config.fields)));
    const serviceOf = (record: LogRecord) => this.#serviceOf(record);
    const projectRoot = dependencies.projectRoot ?? process.cwd();
    this.#scheduler = new Scheduler({
      pending: this.#pending,
      clock: this.#clock,
      batchWindowMs: config.batchWindowMs,
      deliver: () => this.#deliver(),
      onQuiet: () => this.#notifyIfIdle(),
    });
    this.#deduplication =
      shared.deduplication &&
      new SharedDeduplication({
        coordination: shared.deduplication,
        pending: this.#pending,
        clock: this.#clock,
        threadScope: target.threadScope,
        windowMs: config.fleet.windowMs,
        collectEveryMs: config.batchWindowMs,
        keep,
        onCountedByOthers: (records) => this.#accounting.countedByOthers(records),
        onChange: () => this.#scheduler.poke(),
        onThreadOpened: (threadKey) => this.#reportedThreads.add(threadKey),
      });
    this.#courier = new Courier({
      config,
      target,
      dispatcher: this.#dispatcher,
      lane: acquireSpaceLane(target.queueKey, config.rateLimit),
      limiter: new RequestLimiter(target.queueKey, config.rateLimit, shared.budgets, this.#clock),
      clock: this.#clock,
      random: dependencies.random ?? Math.random,
      diagnostics: this.#diagnostics,
      onRequest: (retry) => this.#accounting.requested(retry),
      deadline: this.#abortAtDeadline.signal,
    });
    this.#intake = new Intake({
      config,
      pending: this.#pending,
      accounting: this.#accounting,
      deduplication: this.#deduplication,
      keep,
      projectRoot,
      serviceOf,
      refusesNow: () =>
        this.#closing !== undefined ? 'closed' : this.#courier.breaker.rejectsNow() ? 'webhook-rejected' : undefined,
    });
    this.#composer = new Composer({
      config,
      pending: this.#pending,
      reportedThreads: this.#reportedThreads,
      undelivered: () => this.#accounting.undelivered,
      serviceOf,
      projectRoot,
      closing: () => this.#closing !== undefined,
    });
  }

  log(record: LogRecord): void {
    this.#accounting.received();
    try {
      if (this.#intake.take(record)) this.#scheduler.poke();
    } catch (error) {
      // Never into the logging call: a record gchat-log cannot handle is counted and reported.
      this.#accounting.dropped(1, 'internal');
      this.#diagnostics.report(
        'internal-error',
        'enqueue',
        `gchat-log: internal error while taking a record: ${describeError(error)}`,
      );
    }
  }

  countIfBelowLevel(severity: number): boolean {
    if (severity >= this.#config.minLevel) return false;
    this.#accounting.received();
    this.#accounting.filtered();
    return true;
  }

  flush(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    const idle = new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    void this.#deduplication?.hurry();
    this.#scheduler.sendAtOnce(true);
    return idle;
  }

  close(): Promise<void> {
    this.#closing ??= this.#closeWithin(this.#config.closeTimeoutMs);
    return this.#closing;
  }

  stats(): SenderStats {
    return this.#accounting.snapshot();
  }

  /** Delivers the next message, composed when its first attempt is admitted; never rejects. */
  async #deliver(): Promise<void> {
    let composed: Composed | undefined;
    try {
      const fate = await this.#courier.deliver(() => {
        composed = this.#composer.compose(this.#clock.now(), this.#scheduler.atOnce);
        return composed;
      });
      this.#account(fate);
    } catch (error) {
      this.#onAborted(error, composed);
    }
  }

  #account(fate: Fate): void {
    switch (fate.kind) {
      case 'nothing-to-send':
        return;
      case 'delivered':
        this.#accounting.delivered(fate.composed);
        if (fate.composed.opensThread !== undefined) this.#reportedThreads.add(fate.composed.opensThread);
        if (fate.recovered) this.#onRecovered();
        return;
      case 'failed':
        this.#accounting.failed(fate.composed);
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
      `gchat-log: Google Chat accepts messages for ${this.#target.masked} again; ${this.#accounting.undelivered} records were not delivered meanwhile.`,
    );
  }

  /** Chat refused the webhook: the message and what waits for it are dropped now, not sent into the refusal. */
  #dropForRefusal(composed: Composed | undefined): void {
    if (composed !== undefined) this.#accounting.dropped(composed, 'webhook-rejected', true);
    this.#accounting.dropped(this.#pending.clear(), 'webhook-rejected', true);
  }

  #onAborted(error: unknown, composed: Composed | undefined): void {
    if (isRefusal(error)) {
      this.#dropForRefusal(composed);
      return;
    }
    if (composed !== undefined) this.#accounting.dropped(composed, 'deadline', true);
    if (!(error instanceof DeliveryAborted)) {
      this.#diagnostics.report(
        'internal-error',
        'internal',
        `gchat-log: internal error while sending a message: ${describeError(error)}`,
      );
    }
  }

  #isIdle(): boolean {
    // Records counted for a peer while it is asked are queued too, though not pending.
    return this.#accounting.queued === 0 && this.#pending.entries === 0 && !this.#scheduler.delivering;
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    if (this.#closing === undefined) this.#scheduler.sendAtOnce(false);
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async #closeWithin(deadlineMs: number): Promise<void> {
    this.#courier.closeBy(this.#clock.now() + deadlineMs);
    // Full reports still to follow digests stand for no record: they do not hold the close up.
    this.#pending.dropFollowUps();
    // A configuration problem still to be reported is, before the sender ends (see everythingSaid).
    const said = everythingSaid();
    let cancelDeadline = () => {};
    const deadline = new Promise<void>((resolve) => {
      cancelDeadline = this.#clock.schedule(resolve, deadlineMs);
    });
    // The peers learn the last counts, and this sender shows what the others added to its threads.
    const released = (this.#deduplication?.release() ?? Promise.resolve()).then(() => this.flush());
    await Promise.race([released, deadline]);
    cancelDeadline();
    if (this.#accounting.queued > 0) {
      const droppedBefore = this.#accounting.snapshot().dropped;
      this.#abortAtDeadline.abort(new DeliveryAborted('deadline'));
      this.#scheduler.stop();
      this.#accounting.dropped(this.#pending.clear(), 'deadline', true);
      await this.flush();
      // The drop reports are rate-limited and name no number, and a pino worker's stats() cannot be
      // read: the last word says how many records the deadline cost.
      const given = this.#accounting.snapshot().dropped - droppedBefore;
      this.#diagnostics.report(
        'records-dropped',
        'dropped:at-deadline',
        `gchat-log: close() reached its deadline with ${plural(given, 'record')} for ${this.#target.masked} not delivered; they are counted in stats().dropped.`,
      );
    }
    await said;
    releaseSpaceLane(this.#target.queueKey);
    await Promise.all(this.#shared.budgets.map((budget) => budget.close()));
    if (this.#ownsDispatcher) await this.#dispatcher.destroy().catch(() => {});
  }

  #serviceOf(record: LogRecord): string {
    return this.#config.service ?? record.service ?? record.loggerName ?? FALLBACK_SERVICE;
  }
}
