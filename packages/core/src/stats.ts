/** Counters of one sender since it was created. Every record received ends in exactly one of filtered, sent, failed or dropped, or is still queued. */
export interface SenderStats {
  /** Records handed to the sender. */
  received: number;
  /** Records below the configured level (or all records of a no-op sender). */
  filtered: number;
  /** Records waiting for, or in, delivery now. */
  queued: number;
  /** Records Chat accepted. */
  sent: number;
  /** Records given up after Chat refused them (400, twice) or retries ran out of time. */
  failed: number;
  /** Records given up without a final answer: queue full, sender closed, close deadline passed, or the webhook refused (401/403/404). */
  dropped: number;
  /** HTTP requests made to Chat. */
  requests: number;
  /** Requests that were retries of an earlier one (429, 5xx, network errors, timeouts). */
  retries: number;
}

export function emptyStats(): SenderStats {
  return { received: 0, filtered: 0, queued: 0, sent: 0, failed: 0, dropped: 0, requests: 0, retries: 0 };
}
