import { constants } from 'node:os';

/**
 * Makes SIGTERM and SIGINT end the process through `process.exit`, so that pino runs its exit handler
 * and the transport worker sends what is queued (within `closeTimeoutMs`). By default Node.js ends on
 * these signals without an `'exit'` event and queued messages are lost (pinojs/pino#2002).
 * Use it only in an app that does not handle these signals itself.
 * @returns a function that removes the handlers again.
 */
export function exitOnSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
  const installed = signals.map((signal) => {
    const handler = () => process.exit(128 + (constants.signals[signal] ?? 0));
    process.once(signal, handler);
    return { signal, handler };
  });
  return () => {
    for (const { signal, handler } of installed) process.off(signal, handler);
  };
}
