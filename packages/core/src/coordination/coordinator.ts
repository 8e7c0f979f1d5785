import type { RateLimit } from '../limits/rate-limit.js';

/** New occurrences of one signature that this participant saw since it last reported it. */
export interface OccurrenceReport {
  /**
   * The signature in its space: the space's key and the thread key, so that an error routed to two
   * spaces gets its full report in each.
   */
  readonly key: string;
  /** May be 0: the reporter then only asks what the others added. */
  readonly occurrences: number;
}

/** The coordinator's answer about one signature. */
export interface FleetAnswer {
  /**
   * Whether this participant posts the signature: it was the first to report it in the window (or still
   * is). The others only add to the shared counters.
   */
  readonly reporter: boolean;
  /** For the reporter: occurrences the others counted that no message has shown yet (it shows them now). */
  readonly othersUnshown: number;
  /** Occurrences counted by all participants in the window. */
  readonly total: number;
  /** Participants that reported the signature in the window. */
  readonly replicas: number;
  /** Whether the signature was shown in the window already: its thread has its full report. */
  readonly threadOpened: boolean;
}

/**
 * Coordination of the senders that post to the same spaces: one request budget per space, and one
 * participant posting each error signature while the others only count. The participants are the
 * loggers of one process (the in-process coordinator, always there) or the replicas of a service
 * (`@gchat-log/redis`). Every method may reject or be slow, and gchat-log then decides alone.
 */
export interface Coordinator {
  /** Takes one request of the space's shared budget: resolves with 0, or with the milliseconds until one frees up. */
  takeRequest(spaceKey: string, quota: RateLimit): Promise<number>;
  /**
   * Adds occurrences to the shared counters (kept for two `windowMs`), one answer per report, in order.
   * A reporter stays reporter for `leaseMs` after its last report: one that stops reporting (it went
   * quiet, or died without releasing) is replaced by the next participant to report.
   */
  report(reports: readonly OccurrenceReport[], windowMs: number, leaseMs: number): Promise<FleetAnswer[]>;
  /** Gives up reporting these signatures (the sender closes): answers say what the others added that was not shown yet. */
  release(keys: readonly string[]): Promise<FleetAnswer[]>;
  /** Disconnects; pending calls reject. */
  close(): Promise<void>;
  /**
   * Calls `listener` when answers given so far may be wrong (the in-process coordinator's memory was
   * merged into another thread's): the sender then asks again about every signature before it posts.
   * Returns a function that stops the calls. Optional: Redis never needs it.
   */
  onReset?(listener: () => void): () => void;
}
