import type { Composed } from '../delivery/courier.js';
import type { Diagnostics } from '../diagnostics.js';
import { emptyStats, type SenderStats } from '../stats.js';

/** Why records were given up without a final answer from Chat. */
export type DropProblem = 'closed' | 'queue-full' | 'deadline' | 'webhook-rejected' | 'internal';

const DROP_EXPLANATIONS: Readonly<Record<DropProblem, string>> = {
  closed: 'a record was logged after the transport was closed; it was not sent.',
  'queue-full':
    'too many different records are waiting for Chat; the least severe and oldest are dropped (raise maxQueuedRecords or maxQueuedBytes).',
  deadline:
    'records still queued when close() reached its deadline were not sent (raise closeTimeoutMs or GCHAT_LOG_CLOSE_TIMEOUT_MS).',
  'webhook-rejected': 'records are dropped while Google Chat refuses the webhook.',
  internal: 'a record could not be processed (see the internal error reported with it).',
};

/** Records given up, with the peers' occurrences among them (which are not records of this sender). */
export interface GivenUp {
  readonly records: number;
  readonly fleetOccurrences: number;
}

/**
 * The sender's books: every record received ends in exactly one of filtered, sent, digested, counted
 * by another peer, failed or dropped, or is still queued; what failed or was dropped since the last
 * message that reached Chat is announced by the next one; each drop is reported (rate-limited).
 */
export class Accounting {
  readonly #stats = emptyStats();
  readonly #diagnostics: Diagnostics;
  #undelivered = 0;

  constructor(diagnostics: Diagnostics) {
    this.#diagnostics = diagnostics;
  }

  /** Records failed or dropped since the last message that reached Chat. */
  get undelivered(): number {
    return this.#undelivered;
  }

  /** Records waiting for, or in, delivery now. */
  get queued(): number {
    return this.#stats.queued;
  }

  received(): void {
    this.#stats.received += 1;
  }

  filtered(): void {
    this.#stats.filtered += 1;
  }

  queuedOne(): void {
    this.#stats.queued += 1;
  }

  /** Queued records another peer reports: they leave this sender's queue. */
  countedByOthers(records: number): void {
    this.#stats.queued -= records;
    this.#stats.countedByFleet += records;
  }

  /** An HTTP request to Chat was made; `retry` when it repeats an earlier one. */
  requested(retry: boolean): void {
    this.#stats.requests += 1;
    if (retry) this.#stats.retries += 1;
  }

  delivered(composed: Composed): void {
    const stats = this.#stats;
    stats.queued -= composed.records;
    if (composed.digest) stats.digested += composed.records;
    else stats.sent += composed.records;
    stats.messages += 1;
    this.#undelivered -= composed.announcedUndelivered;
  }

  failed(composed: Composed): void {
    this.#stats.fleetOccurrencesUnshown += composed.fleetOccurrences;
    this.#stats.queued -= composed.records;
    this.#stats.failed += composed.records;
    this.#undelivered += composed.records;
  }

  /** Counts records given up without a final answer; `wereQueued` when they had been counted as queued. */
  dropped(given: number | GivenUp, problem: DropProblem, wereQueued = problem === 'queue-full'): void {
    const { records, fleetOccurrences } = typeof given === 'number' ? { records: given, fleetOccurrences: 0 } : given;
    // The peers' occurrences this sender was to show are counted apart: they are not its records.
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

  /** A snapshot of the counters. */
  snapshot(): SenderStats {
    return { ...this.#stats };
  }
}
