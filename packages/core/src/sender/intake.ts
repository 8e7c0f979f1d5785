import type { PendingRecords } from '../batching/pending-records.js';
import { boundedRecord } from '../bounds/bounded-record.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { SharedDeduplication } from '../coordination/shared-deduplication.js';
import type { LogRecord } from '../record.js';
import { normalisedLines } from '../signature/normalise-message.js';
import { threadKeyFor } from '../signature/thread-key.js';
import type { Accounting } from './accounting.js';

/** What the intake works with. */
export interface IntakeSettings {
  readonly config: ResolvedConfig;
  readonly pending: PendingRecords;
  readonly accounting: Accounting;
  /** Shares signatures with the peers: the loggers of the process, or the replicas of the fleet. */
  readonly deduplication: SharedDeduplication | undefined;
  /** What is kept of a record that starts a new entry: its chosen fields, bounded and redacted. */
  readonly keep: (record: LogRecord) => LogRecord;
  /** Root that stack paths are made relative to for thread signatures. */
  readonly projectRoot: string;
  readonly serviceOf: (record: LogRecord) => string;
  /** Whether a record logged now is refused at once: the sender is closed, or Chat refuses the webhook. */
  readonly refusesNow: () => 'closed' | 'webhook-rejected' | undefined;
}

/**
 * Takes records in, at once and within bounded work: each one is bounded, then filtered by level, dropped
 * when the sender cannot take it, counted for a peer that reports its signature, or added to the pending
 * records; beyond `maxQueuedRecords` or `maxQueuedBytes`, the least severe and oldest entries are evicted.
 * Every outcome is counted.
 */
export class Intake {
  readonly #settings: IntakeSettings;

  constructor(settings: IntakeSettings) {
    this.#settings = settings;
  }

  /**
   * Returns whether the record started a new entry: only then may the scheduler have something new to
   * send (a repeat only adds to a count, and changes no thread's readiness).
   */
  take(record: LogRecord): boolean {
    const { config, accounting } = this.#settings;
    // Every text is cut to a bounded length before signatures, normalisation or rendering see it.
    const bounded = boundedRecord(record);
    if (bounded.level.value < config.minLevel) {
      accounting.filtered();
      return false;
    }
    const refused = this.#settings.refusesNow();
    if (refused !== undefined) {
      accounting.dropped(1, refused);
      return false;
    }
    return this.#enqueue(bounded);
  }

  #enqueue(record: LogRecord): boolean {
    const { config, pending, accounting, deduplication, keep } = this.#settings;
    const service = this.#settings.serviceOf(record);
    const threadKey = config.threading
      ? threadKeyFor(record, {
          service,
          projectRoot: this.#settings.projectRoot,
          scope: config.threadScope,
          threadNonErrors: config.threadNonErrors,
        })
      : undefined;
    // Within a thread, records are told apart by their message ("boom alpha", "boom bravo"), counted
    // together when only numbers and ids differ ("order 1041 failed", "order 1042 failed").
    const message = `${record.level.value}|${normalisedLines(record.message, 2)}`;
    const entryKey = threadKey === undefined ? `${service}|${message}` : message;
    if (threadKey !== undefined && deduplication?.countForOthers(record, threadKey, entryKey)) {
      accounting.queuedOne();
      return false;
    }
    // Only what is kept is redacted (a repeat only counts); the signature is a one-way hash, computed first.
    const crowded = pending.entries >= config.maxQueuedRecords || pending.bytes >= config.maxQueuedBytes;
    const added = pending.add(record, threadKey, entryKey, keep, crowded);
    accounting.queuedOne();
    while (pending.entries > config.maxQueuedRecords || pending.bytes > config.maxQueuedBytes) {
      // A full report following a digest goes first when bytes are short (it stands for no record); then
      // a thread's further messages are folded into one line: nothing is dropped for them.
      const forBytes = pending.bytes > config.maxQueuedBytes;
      if (!(forBytes && pending.followUps > 0) && pending.foldOne()) continue;
      const evicted = pending.evictOne(forBytes);
      if (evicted === undefined) break;
      accounting.dropped(evicted, 'queue-full');
    }
    return added;
  }
}
