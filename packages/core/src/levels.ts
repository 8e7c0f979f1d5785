/** A level in gchat-log's scale, which is pino's: a larger value is more severe. */
export interface Level {
  /** Numeric severity: trace 10, debug 20, info 30, warn 40, error 50, fatal 60. */
  readonly value: number;
  /** The name the logger used for it (`error`, `warning`, `crit`, ...). */
  readonly label: string;
}

/**
 * Severity of every level name of pino and of winston's `npm`, `syslog` and `cli` level sets,
 * placed on pino's numeric scale.
 */
const SEVERITY_BY_LABEL: Readonly<Record<string, number>> = {
  // pino
  fatal: 60,
  error: 50,
  warn: 40,
  info: 30,
  debug: 20,
  trace: 10,
  // winston npm
  http: 27,
  verbose: 25,
  silly: 10,
  // winston syslog
  emerg: 60,
  alert: 60,
  crit: 60,
  warning: 40,
  notice: 35,
  // winston cli
  help: 28,
  data: 27,
  prompt: 22,
  input: 15,
};

/** Severity of a record whose level gchat-log cannot place (a custom name, no number): info. */
export const UNKNOWN_LEVEL_SEVERITY = 30;

/** The label names accepted wherever a level is configured. */
export const KNOWN_LEVEL_LABELS: readonly string[] = Object.keys(SEVERITY_BY_LABEL);

/** Severity for a level name, or `undefined` when the name is not one gchat-log knows. */
export function severityOfLabel(label: string): number | undefined {
  return Object.hasOwn(SEVERITY_BY_LABEL, label) ? SEVERITY_BY_LABEL[label] : undefined;
}

/** The conventional label for a pino-scale number (custom numbers get the nearest lower name). */
export function labelOfSeverity(value: number): string {
  if (value >= 60) return 'fatal';
  if (value >= 50) return 'error';
  if (value >= 40) return 'warn';
  if (value >= 30) return 'info';
  if (value >= 20) return 'debug';
  return 'trace';
}
