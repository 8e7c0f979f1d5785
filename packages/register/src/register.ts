import { isMainThread, workerData } from 'node:worker_threads';
import { createSender } from '@gchat-log/core';
import { Hook } from 'require-in-the-middle';
import { closeOnExit } from './close-on-exit.js';
import { markExplicitTransports } from './explicit-pino-transports.js';
import { PinoInstances } from './pino-instances.js';
import { forwardPinoRecords } from './pino-records.js';
import { WinstonLoggers } from './winston-loggers.js';

/** Set once per thread, so that the ESM and the CommonJS entry loaded together register once. */
const REGISTERED = Symbol.for('gchat-log.register');

/**
 * Hooks gchat-log into every pino and winston logger of this thread: the main thread and the app's own
 * Worker threads (each has its own loggers; they share each space's quota and reports through the
 * process's memory). Not in pino's transport workers: they re-run `NODE_OPTIONS` preloads, and must not
 * send their records a second time.
 * A bad `GCHAT_LOG_*` variable is reported once on stderr and turns the preload into a no-op: the app runs on.
 */
export function register(): void {
  const threadState = globalThis as { [REGISTERED]?: true };
  if (isPinoTransportWorker() || threadState[REGISTERED] === true) return;
  threadState[REGISTERED] = true;
  const sender = createSender();
  if (!sender.enabled) return;

  // One sender for the whole process, whatever number of pino and winston loggers it serves.
  const pino = new PinoInstances();
  const winston = new WinstonLoggers(sender);
  new Hook(['pino', 'winston'], { internals: true }, (exports, name, basedir) => {
    if (name === 'pino/lib/symbols.js') pino.addSymbols(exports as never, basedir);
    if (name === 'pino/lib/transport.js') return markExplicitTransports(exports as never) as never;
    if (name === 'winston/lib/winston/logger.js') winston.patch(exports as never);
    return exports;
  });
  forwardPinoRecords(sender, pino);
  closeOnExit(sender);
}

/** Whether this thread is a worker that pino's thread-stream started for its transports. */
function isPinoTransportWorker(): boolean {
  if (isMainThread) return false;
  const context = (workerData as { workerData?: { $context?: { threadStreamVersion?: unknown } } } | null)?.workerData
    ?.$context;
  return context?.threadStreamVersion !== undefined;
}
