import { subscribe } from 'node:diagnostics_channel';
import { fromPinoLine, type Sender, translateSafely } from '@gchat-log/core';
import { EXPLICIT_TRANSPORT } from './explicit-pino-transports.js';
import type { PinoInstances } from './pino-instances.js';

/** What pino publishes when it has serialised a record (pino ≥ 9.10, `tracing:pino_asJson:end`). */
interface AsJsonEnd {
  readonly instance: Record<symbol | string, unknown>;
  /** `(obj, msg, level, time)` of the log call. */
  readonly arguments: readonly unknown[];
  /** The finished NDJSON line. */
  readonly result?: unknown;
}

/**
 * Sends every pino record at or above the sender's level, read from pino's tracing channel: no pino
 * function is patched, the app's own output is untouched, and child loggers and every copy of pino are
 * seen alike. Loggers that already have the `@gchat-log/pino` transport are skipped.
 */
export function forwardPinoRecords(sender: Sender, pino: PinoInstances): void {
  subscribe('tracing:pino_asJson:end', (message) => {
    const { instance, arguments: args, result } = message as AsJsonEnd;
    const level = args[2];
    if (typeof result !== 'string' || typeof level !== 'number' || sender.countIfBelowLevel(level)) return;
    // A channel subscriber's exception would surface as the app's uncaught exception: nothing here
    // throws, and a record the preload cannot read is sent as a placeholder of its level.
    const logger = readLogger(pino, instance);
    if (logger === undefined || hasExplicitTransport(logger.stream)) return;
    sender.log(translateSafely(() => fromPinoLine(JSON.parse(result), logger.config), level));
  });
}

/** Whether the stream is (or, for `pino.multistream`, includes) a marked `@gchat-log/pino` transport. */
function hasExplicitTransport(stream: unknown): boolean {
  if (typeof stream !== 'object' || stream === null) return false;
  if ((stream as Record<symbol, unknown>)[EXPLICIT_TRANSPORT] === true) return true;
  const { streams } = stream as { streams?: unknown };
  return Array.isArray(streams) && streams.some((entry) => hasExplicitTransport(entry?.stream));
}

/** What the preload needs of the logger, or `undefined` if it cannot be read (another library's object). */
function readLogger(
  pino: PinoInstances,
  instance: AsJsonEnd['instance'],
): ReturnType<PinoInstances['read']> | undefined {
  try {
    return pino.read(instance);
  } catch {
    return undefined;
  }
}
