import PQueue from 'p-queue';

/** A space's request budget: at most `requests` in any sliding window of `intervalMs`. */
export interface RateLimit {
  readonly requests: number;
  readonly intervalMs: number;
}

/**
 * Added to the window: p-queue's strict mode times the window with millisecond timers that can fire a
 * millisecond early, and Chat counts arrival times, not our start times.
 */
const WINDOW_SLACK_MS = 25;

interface SharedQueue {
  readonly queue: PQueue;
  users: number;
}

/**
 * One p-queue per Chat space for the whole process (or worker thread): Chat's quota is per space, so
 * every sender posting to a space, through any of its webhook URLs, shares that space's queue.
 * Requests run one at a time, in order, within a sliding-window budget.
 * The first sender to acquire a space sets its budget.
 */
const queuesBySpace = new Map<string, SharedQueue>();

/** Takes a reference to a space's queue; give it back with {@link releaseSpaceQueue}. */
export function acquireSpaceQueue(queueKey: string, rateLimit: RateLimit): PQueue {
  let shared = queuesBySpace.get(queueKey);
  if (shared === undefined) {
    const queue = new PQueue({
      concurrency: 1,
      intervalCap: rateLimit.requests,
      interval: rateLimit.intervalMs + WINDOW_SLACK_MS,
      strict: true,
    });
    shared = { queue, users: 0 };
    queuesBySpace.set(queueKey, shared);
  }
  shared.users += 1;
  return shared.queue;
}

/** Gives back a reference; the queue is forgotten once nobody uses it. */
export function releaseSpaceQueue(queueKey: string): void {
  const shared = queuesBySpace.get(queueKey);
  if (shared === undefined) return;
  shared.users -= 1;
  if (shared.users <= 0) queuesBySpace.delete(queueKey);
}
