/** A space's request budget: at most `requests` in any sliding window of `intervalMs` milliseconds. */
export interface RateLimit {
  readonly requests: number;
  readonly intervalMs: number;
}
