/** Time as the sender sees it; tests replace it to run deadlines and delays without waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Calls `callback` after `delayMs`; returns a function that cancels the call.
   * @param keepsAlive whether the timer keeps the process alive until it fires (a timer that only
   * collects or tidies up must not). Default: `true`.
   */
  schedule(callback: () => void, delayMs: number, keepsAlive?: boolean): () => void;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, delayMs, keepsAlive = true) {
    const timer = setTimeout(callback, delayMs);
    if (!keepsAlive) timer.unref();
    return () => clearTimeout(timer);
  },
};
