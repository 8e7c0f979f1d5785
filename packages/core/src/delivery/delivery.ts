import { randomUUID } from 'node:crypto';
import type { LogRecord } from '../record.js';

/** One record on its way to Chat, across its attempts. */
export interface Delivery {
  readonly record: LogRecord;
  /** Sent as `requestId` with every attempt, so a retry after a lost response cannot post twice. */
  readonly requestId: string;
  /** Retries made so far (0 on the first attempt). */
  readonly retries: number;
  /** When the first attempt was made; `undefined` before it. */
  readonly firstAttemptAt: number | undefined;
  /** Whether to send the minimal safe rendering (after Chat refused the full one with 400). */
  readonly minimal: boolean;
  /** Whether this message is the circuit breaker's probe of a refused webhook. */
  readonly probe: boolean;
}

export function newDelivery(record: LogRecord): Delivery {
  return {
    record,
    requestId: `gchat-log-${randomUUID()}`,
    retries: 0,
    firstAttemptAt: undefined,
    minimal: false,
    probe: false,
  };
}
