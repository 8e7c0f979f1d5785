/** Counters of one sender since it was created. Every record received ends in exactly one of filtered, sent, digested, countedByFleet, failed or dropped, or is still queued. */
export interface SenderStats {
  /** Records handed to the sender. */
  received: number;
  /** Records below the configured level (or all records of a no-op sender). Records the logger itself filtered (a pino target's `level`) never reach the sender and are not counted. */
  filtered: number;
  /** Records waiting for, or in, delivery now. */
  queued: number;
  /** Records delivered in a message of their thread (in full, or counted into a de-duplicated entry). */
  sent: number;
  /** Records delivered in a digest (a line with a count per signature), sent under overload. */
  digested: number;
  /** Records another replica reports (fleet de-duplication through Redis): added to the fleet's counts, shown in that replica's thread. */
  countedByFleet: number;
  /** Records given up after Chat refused them (400, twice) or retries ran out of time. */
  failed: number;
  /** Records given up without a final answer: queue full, sender closed, close deadline passed, or the webhook refused (401/403/404). */
  dropped: number;
  /**
   * Occurrences other replicas counted that this replica, reporting their signature, could not show (a
   * close deadline, a failed or refused message). Not records of this process, so outside the sum above.
   */
  fleetOccurrencesUnshown: number;
  /** Messages Chat accepted. */
  messages: number;
  /** HTTP requests made to Chat. */
  requests: number;
  /** Requests that were retries of an earlier one (429, 5xx, network errors, timeouts). */
  retries: number;
}

export function emptyStats(): SenderStats {
  return {
    received: 0,
    filtered: 0,
    queued: 0,
    sent: 0,
    digested: 0,
    countedByFleet: 0,
    failed: 0,
    dropped: 0,
    fleetOccurrencesUnshown: 0,
    messages: 0,
    requests: 0,
    retries: 0,
  };
}
