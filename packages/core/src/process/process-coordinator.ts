import { type Clock, systemClock } from '../clock.js';
import type { Coordinator, FleetAnswer, OccurrenceReport } from '../coordination/coordinator.js';
import type { RateLimit } from '../limits/rate-limit.js';
import { onMemoryMerged, processMemory, whenMemorySettled } from './process-memory.js';
import type { SharedMemory } from './shared-memory.js';

/**
 * The coordinator of the senders of one process: every logger, thread and module copy shares each
 * space's budget and elects one reporter per signature, in the process's shared memory. It implements
 * the same interface as the Redis coordinator, so the sender has one way to ask before it sends,
 * whether the peers are other loggers of the process or other replicas. It answers at once and never
 * rejects: what the memory cannot serve (its lock not free within a few milliseconds of spinning, no
 * room left, a window larger than it holds) is answered "decide alone" for that call only, with nothing
 * written, so that no occurrence is counted twice.
 */
export class ProcessCoordinator implements Coordinator {
  /** Names this sender in the shared counters: random, so that memories merged later do not collide. */
  readonly #participant = (Math.floor(Math.random() * 0x7ffffffe) + 1) | 0;
  readonly #memory: () => SharedMemory;
  readonly #settled: () => Promise<void>;
  readonly #clock: Clock;

  /**
   * @param memory the memory to share; by default the process's, which may change as threads meet.
   * @param settled resolves once the memory has met the other threads' (see {@link whenMemorySettled}).
   */
  constructor(
    memory: () => SharedMemory = processMemory,
    clock: Clock = systemClock,
    settled: () => Promise<void> = whenMemorySettled,
  ) {
    this.#memory = memory;
    this.#clock = clock;
    this.#settled = settled;
  }

  async takeRequest(spaceKey: string, quota: RateLimit): Promise<number> {
    await this.#settled();
    // Alone, the request keeps to its thread's own lane.
    return this.#memory().takeRequest(spaceKey, quota, this.#clock.now()) ?? 0;
  }

  async report(reports: readonly OccurrenceReport[], windowMs: number, leaseMs: number): Promise<FleetAnswer[]> {
    await this.#settled();
    const memory = this.#memory();
    const now = this.#clock.now();
    return reports.map(
      ({ key, occurrences }) =>
        memory.report(key, occurrences, this.#participant, { windowMs, leaseMs }, now) ?? alone(occurrences),
    );
  }

  async release(keys: readonly string[]): Promise<FleetAnswer[]> {
    await this.#settled();
    const memory = this.#memory();
    const now = this.#clock.now();
    return keys.map((key) => memory.release(key, this.#participant, now) ?? alone(0));
  }

  async close(): Promise<void> {}

  onReset(listener: () => void): () => void {
    return onMemoryMerged(listener);
  }
}

/** The answer of a participant that decides alone: it posts its own records, and nobody else's. */
function alone(occurrences: number): FleetAnswer {
  return { reporter: true, othersUnshown: 0, total: occurrences, replicas: 1, threadOpened: false };
}
