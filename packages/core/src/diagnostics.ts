import { writeSync } from 'node:fs';
import type { Clock } from './clock.js';
import { maskSecrets } from './secrets.js';

/** Least time between two reports of one problem, unless told otherwise. */
const REPEAT_REPORT_INTERVAL_MS = 60_000;

/** Kinds of trouble gchat-log reports. */
export type DiagnosticCode =
  /** Chat or the network failed a request; it will be retried. */
  | 'delivery-retrying'
  /** A message could not be delivered and was given up. */
  | 'delivery-failed'
  /** Chat refused the webhook as revoked, wrong or deleted; sending stopped. */
  | 'webhook-rejected'
  /** Chat accepts the webhook again. */
  | 'webhook-recovered'
  /** Records were given up without being sent (queue full, closed, deadline, webhook refused). */
  | 'records-dropped'
  /** A fault inside gchat-log itself. */
  | 'internal-error'
  /** A `GCHAT_LOG_*` environment variable has a bad value: what it affects is left out, the app runs on. */
  | 'invalid-configuration'
  /** A `GCHAT_LOG_*` environment variable that is not a setting (a typo, most likely). */
  | 'unknown-variable'
  /** The fleet coordinator (Redis) cannot be reached or answers too slowly: per-process limits apply. */
  | 'fleet-unavailable'
  /** The fleet coordinator answers again. */
  | 'fleet-recovered';

/** One report about delivery trouble. Its message never contains webhook credentials. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** How many reports of this problem were held back since it was last passed on. */
  readonly suppressed: number;
}

/** Reports delivery trouble without ever going back through the logger (which could loop). */
export interface Diagnostics {
  /**
   * Passes a report on the first time `problem` occurs, then at most once per interval, with the
   * number of reports held back in between.
   */
  report(code: DiagnosticCode, problem: string, message: string): void;
}

/** Where reports go and how often. */
export interface DiagnosticsSettings {
  readonly clock: Clock;
  /** Receives every report passed on. Default: one line on stderr. */
  readonly onDiagnostic?: ((diagnostic: Diagnostic) => void) | undefined;
  /** Least time between two reports of one problem, in milliseconds. Default: a minute. */
  readonly repeatIntervalMs?: number;
}

/** Diagnostics that pass on masked reports, rate-limited per problem. */
export function createDiagnostics(settings: DiagnosticsSettings): Diagnostics {
  const lastPassedAt = new Map<string, number>();
  const heldBack = new Map<string, number>();
  const passOn = settings.onDiagnostic ?? writeToStderr;
  const repeatIntervalMs = settings.repeatIntervalMs ?? REPEAT_REPORT_INTERVAL_MS;
  return {
    report(code, problem, message) {
      const now = settings.clock.now();
      const last = lastPassedAt.get(problem);
      if (last !== undefined && now - last < repeatIntervalMs) {
        heldBack.set(problem, (heldBack.get(problem) ?? 0) + 1);
        return;
      }
      const suppressed = heldBack.get(problem) ?? 0;
      lastPassedAt.set(problem, now);
      heldBack.delete(problem);
      try {
        passOn({ code, message: maskSecrets(message), suppressed });
      } catch {
        // A broken hook or stderr must not break logging.
      }
    },
  };
}

/** The stderr line for a report. */
export function formatDiagnosticLine(diagnostic: Diagnostic): string {
  const repeats = diagnostic.suppressed > 0 ? ` (${diagnostic.suppressed} more like this since the last report)` : '';
  return `${diagnostic.message}${repeats}\n`;
}

/**
 * Writes synchronously to file descriptor 2: in pino's worker thread `process.stderr` is relayed to the
 * main thread asynchronously, and lines written while the process exits would be lost.
 */
function writeToStderr(diagnostic: Diagnostic): void {
  writeSync(2, formatDiagnosticLine(diagnostic));
}
