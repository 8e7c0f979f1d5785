import PQueue from 'p-queue';
import type { Clock } from '../clock.js';

/** A space's request budget: at most `requests` in any sliding window of `intervalMs`. */
export interface RateLimit {
  readonly requests: number;
  readonly intervalMs: number;
}

/** Priority of a retry: it goes before first attempts, so a space's messages stay in order. */
export const RETRY_PRIORITY = 1;

/**
 * Added to the window: p-queue's strict mode times the window with millisecond timers that can fire a
 * millisecond early, and Chat counts arrival times, not our start times.
 */
const WINDOW_SLACK_MS = 25;

/**
 * The requests to one Chat space: one at a time, in order, each attempt (retries included) within the
 * space's sliding-window budget. Chat's quota is per space and shared with other apps, so a 429 or an
 * outage holds the whole lane, not just the request that met it.
 */
export class SpaceLane {
  readonly queue: PQueue;
  #resumeAt = 0;
  #cancelResume: () => void = () => {};

  constructor(rateLimit: RateLimit) {
    this.queue = new PQueue({
      concurrency: 1,
      intervalCap: rateLimit.requests,
      interval: rateLimit.intervalMs + WINDOW_SLACK_MS,
      strict: true,
    });
  }

  /** Starts nothing new for `delayMs` (extends a hold already in force, never shortens it). */
  holdFor(delayMs: number, clock: Clock): void {
    if (delayMs <= 0) return;
    const resumeAt = clock.now() + delayMs;
    if (resumeAt <= this.#resumeAt && this.queue.isPaused) return;
    this.#resumeAt = resumeAt;
    this.queue.pause();
    this.#cancelResume();
    this.#cancelResume = clock.schedule(() => this.queue.start(), delayMs);
  }

  /** Ends a hold at once (the last sender of the space is closing). */
  release(): void {
    this.#cancelResume();
    this.queue.start();
  }
}

/**
 * One lane per Chat space for the whole process (or worker thread): every sender posting to a space,
 * through any of its webhook URLs, shares it. The first sender to acquire a space sets its budget.
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
