import { createSender, type SenderOptions } from '@gchat-log/core';
import build from 'pino-abstract-transport';
import { fromPinoLine, type PinoConfig } from './pino-record.js';

/**
 * Options of the pino transport: the core's options, as plain JSON so they cross into pino's worker thread.
 * Every option can also come from its `GCHAT_LOG_*` environment variable.
 */
export type GchatLogPinoOptions = SenderOptions;

/**
 * The pino transport: `pino.transport({ target: '@gchat-log/pino', options })`.
 * Invalid options reject here, so pino reports them when the logger starts.
 * On close (normal exit or `logger.flush`/end), queued messages are sent within `closeTimeoutMs`.
 */
export default async function gchatLogTransport(options: GchatLogPinoOptions = {}) {
  const sender = createSender(options);
  return build(
    async (source) => {
      const config = source as unknown as PinoConfig;
      for await (const line of source) {
        sender.log(fromPinoLine(line as Record<string, unknown>, config));
      }
    },
    { expectPinoConfig: true, close: () => sender.close() },
  );
}
