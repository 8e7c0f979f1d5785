import { type Clock, systemClock } from '../clock.js';
import type { Coordinator, FleetAnswer, OccurrenceReport } from '../coordination/coordinator.js';
import type { RateLimit } from '../limits/rate-limit.js';
import { processMemory } from './process-memory.js';
import type { SharedMemory } from './shared-memory.js';

/**
 * The coordinator of the senders of one process: every logger, thread and module copy shares each
 * space's budget and elects one reporter per signature, in the process's shared memory. It implements
 * the same interface as the Redis coordinator, so the sender has one way to ask before it sends,
 * whether the peers are other loggers of the process or other replicas. It answers at once; when the
 * memory cannot be used (its lock is not free within a few microseconds of spinning, or it is full) it
 * rejects, and the sender decides alone, as with an unreachable Redis.
 */
export class ProcessCoordinator implements Coordinator {
  /** Names this sender in the shared counters: random, so that memories merged later do not collide. */
  readonly #participant = (Math.floor(Math.random() * 0x7ffffffe) + 1) | 0;
  readonly #memory: () => SharedMemory;
  readonly #clock: Clock;

  /** @param memory the memory to share; by default the process's, which may change as threads meet. */
  constructor(memory: () => SharedMemory = processMemory, clock: Clock = systemClock) {
    this.#memory = memory;
    this.#clock = clock;
  }

  async takeRequest(spaceKey: string, quota: RateLimit): Promise<number> {
    return usable(this.#memory().takeRequest(spaceKey, quota, this.#clock.now()));
  }

  async report(reports: readonly OccurrenceReport[], windowMs: number): Promise<FleetAnswer[]> {
    const memory = this.#memory();
    const now = this.#clock.now();
    return reports.map(({ key, occurrences }) =>
      usable(memory.report(key, occurrences, this.#participant, windowMs, now)),
    );
  }

  async release(keys: readonly string[]): Promise<FleetAnswer[]> {
    const memory = this.#memory();
    const now = this.#clock.now();
    return keys.map((key) => usable(memory.release(key, this.#participant, now)));
  }

  async close(): Promise<void> {}
}

function usable<T>(answer: T | undefined): T {
  if (answer === undefined) throw new Error("the process's shared memory is busy or full");
  return answer;
}
