import type { Clock } from '../clock.js';
import type { Coordination } from '../coordination/coordination.js';
import type { RateLimit } from './rate-limit.js';

/**
 * Added to the window: a slot is taken when a request starts, Chat counts it when it arrives, and on a
 * loaded machine a thread's request can arrive a good while after another thread's (p-queue's timers
 * may also fire a millisecond early). A quarter second costs nothing against a 60 s window.
 */
const WINDOW_SLACK_MS = 250;

/** The window as it is enforced: the configured one, with room for timers and arrival times. */
export function enforcedWindow(rateLimit: RateLimit): RateLimit {
  return { requests: rateLimit.requests, intervalMs: rateLimit.intervalMs + WINDOW_SLACK_MS };
}

/**
 * Decides when a request to a space may start. Its own thread's lane keeps to the space's sliding
 * window on its own (p-queue's interval cap, see {@link enforcedWindow}); on top of that every request,
 * retries included, takes a slot of each shared budget: the process's (every logger, thread and module
 * copy), then the fleet's (Redis, when configured). A budget that cannot be asked is left out: the
 * request then keeps to the others, and to its lane's.
 */
export class RequestLimiter {
  readonly #spaceKey: string;
  readonly #window: RateLimit;
  readonly #budgets: readonly Coordination[];
  readonly #clock: Clock;

  constructor(spaceKey: string, rateLimit: RateLimit, budgets: readonly Coordination[], clock: Clock) {
    this.#spaceKey = spaceKey;
    this.#window = enforcedWindow(rateLimit);
    this.#budgets = budgets;
    this.#clock = clock;
  }

  /** Resolves once every shared budget gave this request a slot; rejects with the signal's reason when aborted. */
  async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (const budget of this.#budgets) {
      for (;;) {
        const waitMs = await budget.takeRequest(this.#spaceKey, this.#window);
        if (waitMs === undefined || waitMs <= 0) break;
        await this.#sleep(waitMs, signal);
      }
    }
  }

  #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.#clock.schedule(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
