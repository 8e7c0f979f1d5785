/** Time as the sender sees it; tests replace it to run deadlines and delays without waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` after `delayMs`; returns a function that cancels the call. */
  schedule(callback: () => void, delayMs: number): () => void;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};
