import type { Level } from './levels.js';

/** An error as gchat-log carries it, whether it came from a live `Error` or from pino's serialised JSON. */
export interface RecordError {
  /** Constructor name (`TypeError`) or pino's `type`. */
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  /** `err.code` when it is a string or number (`ECONNREFUSED`, `ERR_INVALID_ARG_TYPE`, 503). */
  readonly code?: string;
  /** The next error of the `cause` chain. */
  readonly cause?: RecordError;
  /** The errors an `AggregateError` holds (`errors`, or pino's `aggregateErrors`). */
  readonly children?: readonly RecordError[];
}

/** The one record shape both adapters produce and the core consumes. */
export interface LogRecord {
  readonly level: Level;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly message: string;
  readonly error?: RecordError;
  /** The logger's name (pino `name`, winston `label`), when it has one. */
  readonly loggerName?: string;
  /** The service the record names (winston `defaultMeta.service`, pino `service` binding). */
  readonly service?: string;
  readonly hostname?: string;
  /** Every other binding and metadata field of the record. */
  readonly fields: Readonly<Record<string, unknown>>;
}
