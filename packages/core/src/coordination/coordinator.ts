/** A space's request budget: at most `requests` in any sliding window of `intervalMs`. */
export interface FleetQuota {
  readonly requests: number;
  readonly intervalMs: number;
}

/** New occurrences of one signature that this replica saw since it last reported it. */
export interface OccurrenceReport {
  readonly threadKey: string;
  /** May be 0: the reporter then only asks what the other replicas added. */
  readonly occurrences: number;
}

/** The fleet's answer about one signature. */
export interface FleetAnswer {
  /**
   * Whether this replica posts the signature: it was the first to report it in the window (or still
   * is). The other replicas only add to the shared counters.
   */
  readonly reporter: boolean;
  /** For the reporter: occurrences other replicas counted that no message has shown yet (it shows them now). */
  readonly othersUnshown: number;
  /** Occurrences counted by the whole fleet in the window. */
  readonly total: number;
  /** Replicas that reported the signature in the window. */
  readonly replicas: number;
  /** Whether the fleet has shown the signature in the window already: its thread has its full report. */
  readonly threadOpened: boolean;
}

/**
 * Coordination of the replicas (processes) that post to the same spaces: one request budget per space
 * for the whole fleet, and one replica posting each error signature while the others only count.
 * `@gchat-log/redis` implements it; every method may reject or be slow, and gchat-log then falls back
 * to per-process limits.
 */
export interface Coordinator {
  /** Takes one request of the space's fleet-wide budget: resolves with 0, or with the milliseconds until one frees up. */
  takeRequest(spaceKey: string, quota: FleetQuota): Promise<number>;
  /** Adds occurrences to the shared counters (kept for `windowMs`), one answer per report, in order. */
  report(reports: readonly OccurrenceReport[], windowMs: number): Promise<FleetAnswer[]>;
  /** Gives up reporting these signatures (the process ends): answers say what the others added that was not shown yet. */
  release(threadKeys: readonly string[]): Promise<FleetAnswer[]>;
  /** Disconnects; pending calls reject. */
  close(): Promise<void>;
}
