import type { PendingRecords } from '../batching/pending-records.js';
import type { Clock } from '../clock.js';

/**
 * After a quiet period, how long the first message waits for records logged in the same burst (a loop,
 * or the chunks pino's worker reads), so that a burst of one error is one message, not two.
 */
export const GATHER_MS = 200;

/** What the scheduler works with. */
export interface SchedulerSettings {
  readonly pending: PendingRecords;
  readonly clock: Clock;
  readonly batchWindowMs: number;
  /** Delivers one message (composed when its attempt is admitted); resolves when its delivery ended. */
  readonly deliver: () => Promise<void>;
  /** Nothing waits to be sent now and nothing is on its way. */
  readonly onQuiet: () => void;
}

/**
 * Decides when the next message goes, one at a time: the first record after a quiet period after a
 * short gathering of its burst, later ones of a thread once its batch window passed, and everything at
 * once while flushing or closing. It wakes itself when the next thread becomes ready; it is told when
 * records arrive or a held thread is let go.
 */
export class Scheduler {
  readonly #settings: SchedulerSettings;
  #delivering = false;
  #cancelGathering: (() => void) | undefined;
  #cancelWake: () => void = () => {};
  #quiet = true;
  #atOnce = false;
  #stopped = false;

  constructor(settings: SchedulerSettings) {
    this.#settings = settings;
  }

  /** Whether a message is on its way. */
  get delivering(): boolean {
    return this.#delivering;
  }

  /** Whether batch windows and gathering are skipped (flushing or closing). */
  get atOnce(): boolean {
    return this.#atOnce;
  }

  /** Sends what waits without waiting for batch windows (`true`, and starts), or with them again (`false`). */
  sendAtOnce(atOnce: boolean): void {
    this.#atOnce = atOnce;
    if (!atOnce) return;
    this.#cancelGathering?.();
    this.#cancelGathering = undefined;
    this.poke();
  }

  /** Starts nothing more (the close deadline passed). */
  stop(): void {
    this.#stopped = true;
    this.#cancelWake();
    this.#cancelGathering?.();
    this.#cancelGathering = undefined;
  }

  /** Starts the next message if one is due and none is on its way; else wakes up when one will be. */
  poke(): void {
    if (this.#delivering || this.#cancelGathering !== undefined) return;
    this.#cancelWake();
    const { pending, clock, batchWindowMs } = this.#settings;
    if (this.#stopped || (pending.entries === 0 && pending.followUps === 0)) {
      this.#quiet = true;
      this.#settings.onQuiet();
      return;
    }
    const now = clock.now();
    if (pending.readyGroups(now, batchWindowMs, this.#atOnce).length === 0) {
      // Only full reports following a digest wait: no record does, so a flush is done.
      if (pending.entries === 0) {
        this.#quiet = true;
        this.#settings.onQuiet();
      }
      // Held threads (the peers are asked) are let go with a poke; others wake up when their window ends.
      // Full reports following a digest do not keep the process alive.
      const readyAt = pending.nextReadyAt(batchWindowMs, this.#atOnce);
      if (readyAt !== undefined) {
        this.#cancelWake = clock.schedule(() => this.poke(), Math.max(0, readyAt - now), pending.entries > 0);
      }
      return;
    }
    if (this.#quiet && !this.#atOnce) {
      this.#quiet = false;
      this.#cancelGathering = clock.schedule(() => {
        this.#cancelGathering = undefined;
        this.poke();
      }, GATHER_MS);
      return;
    }
    this.#quiet = false;
    this.#delivering = true;
    const delivered = () => {
      this.#delivering = false;
      this.poke();
    };
    // deliver() never rejects; were it to, the next message must still go.
    this.#settings.deliver().then(delivered, delivered);
  }
}
