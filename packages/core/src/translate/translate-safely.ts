import { describeError } from '../bounds/read-safely.js';
import { labelOfSeverity } from '../levels.js';
import type { LogRecord } from '../record.js';

/**
 * The record `translate` makes of what a logger handed over; if even the guarded translation throws
 * (a Proxy of the app's, a broken line), a record of the same severity saying so, so that the record is
 * neither thrown into the logging call nor lost without a trace.
 */
export function translateSafely(translate: () => LogRecord, severity: number): LogRecord {
  try {
    return translate();
  } catch (error) {
    return {
      level: { value: severity, label: labelOfSeverity(severity) },
      time: Date.now(),
      message: `[gchat-log could not read this record: ${describeError(error)}]`,
      fields: {},
    };
  }
}
