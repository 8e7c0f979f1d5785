import PQueue from 'p-queue';
import type { Clock } from '../clock.js';
import type { RateLimit } from '../limits/rate-limit.js';
import { enforcedWindow } from '../limits/request-limiter.js';

/** Priority of a retry: it goes before first attempts, so a space's messages stay in order. */
export const RETRY_PRIORITY = 1;

/** How a task is queued on a lane. */
export interface LaneTaskOptions {
  readonly priority: number;
  /** Aborts the task while it waits or runs; the lane then rejects with the signal's reason. */
  readonly signal: AbortSignal;
}

/**
 * The requests of this thread to one Chat space: one at a time, in order, each attempt (retries
 * included) within the space's sliding window (the {@link RequestLimiter} adds the shared budgets).
 * Chat's quota is per space and shared with other apps, so a 429 or an outage holds the whole lane, not
 * just the request that met it.
 */
export class SpaceLane {
  readonly #queue: PQueue;
  #resumeAt = 0;
  #cancelResume: () => void = () => {};

  constructor(rateLimit: RateLimit) {
    const window = enforcedWindow(rateLimit);
    this.#queue = new PQueue({
      concurrency: 1,
      intervalCap: window.requests,
      interval: window.intervalMs,
      strict: true,
    });
  }

  /** Runs `task` when its turn comes; it gets the signal that aborts it. */
  run<T>(task: (signal: AbortSignal | undefined) => Promise<T>, options: LaneTaskOptions): Promise<T> {
    return this.#queue.add(({ signal }) => task(signal), options);
  }

  /** Starts nothing new for `delayMs` (extends a hold already in force, never shortens it). */
  holdFor(delayMs: number, clock: Clock): void {
    if (delayMs <= 0) return;
    const resumeAt = clock.now() + delayMs;
    if (resumeAt <= this.#resumeAt && this.#queue.isPaused) return;
    this.#resumeAt = resumeAt;
    this.#queue.pause();
    this.#cancelResume();
    this.#cancelResume = clock.schedule(() => this.#queue.start(), delayMs);
  }

  /** Ends a hold at once (the last sender of the space is closing). */
  release(): void {
    this.#cancelResume();
    this.#queue.start();
  }
}

/**
 * One lane per Chat space for this module copy of gchat-log in this thread: every sender posting to a
 * space, through any of its webhook URLs, shares it. The budget shared with other threads and copies is
 * the {@link RequestLimiter}'s; the lane keeps this thread's messages in order. The first sender to
 * acquire a space sets its window.
 */
const lanesBySpace = new Map<string, { readonly lane: SpaceLane; users: number }>();

/** Takes a reference to a space's lane; give it back with {@link releaseSpaceLane}. */
export function acquireSpaceLane(queueKey: string, rateLimit: RateLimit): SpaceLane {
  let shared = lanesBySpace.get(queueKey);
  if (shared === undefined) {
    shared = { lane: new SpaceLane(rateLimit), users: 0 };
    lanesBySpace.set(queueKey, shared);
  }
  shared.users += 1;
  return shared.lane;
}

/** Gives back a reference; the lane is forgotten once nobody uses it. */
export function releaseSpaceLane(queueKey: string): void {
  const shared = lanesBySpace.get(queueKey);
  if (shared === undefined) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  shared.lane.release();
  lanesBySpace.delete(queueKey);
}
