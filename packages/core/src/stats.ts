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
  /** Records Chat refused or that could not reach Chat. */
  failed: number;
  /** Records given up without trying: queue full, sender closed, or close deadline passed. */
  dropped: number;
  /** HTTP requests made to Chat. */
  requests: number;
}

export function emptyStats(): SenderStats {
  return { received: 0, filtered: 0, queued: 0, sent: 0, failed: 0, dropped: 0, requests: 0 };
}
