import type { ConfigurationProblem } from '../config/resolve-config.js';
import type { LogRecord } from '../record.js';
import type { SenderStats } from '../stats.js';

/** Sends log records to Google Chat. No method ever throws or rejects. */
export interface Sender {
  /** `false` when no webhook URL is configured (or it is disabled): every record is then ignored. */
  readonly enabled: boolean;
  /** The webhook URL with its credentials masked, for display; `undefined` when disabled. */
  readonly maskedUrl: string | undefined;
  /**
   * Bad environment variables found at startup, each reported once: what they affect is left out (all of
   * it when `enabled` is `false`). Empty when the configuration is sound; a health check can read it.
   */
  readonly configurationProblems: readonly ConfigurationProblem[];
  /** Hands a record over for delivery. Returns at once. */
  log(record: LogRecord): void;
  /**
   * Counts a record of this severity as received and filtered, and returns `true`, when it is below the
   * level; returns `false` otherwise (then hand it to `log`). Adapters call it first, so that records
   * below the level (most of them) cost a comparison, not a translation.
   */
  countIfBelowLevel(severity: number): boolean;
  /**
   * Sends what waits without waiting for batch windows; resolves once nothing is queued or on its way
   * (records logged meanwhile included).
   */
  flush(): Promise<void>;
  /** Stops accepting records and flushes, waiting at most `closeTimeoutMs`; what is still queued then is dropped and reported. */
  close(): Promise<void>;
  /** A snapshot of the counters. */
  stats(): SenderStats;
}
