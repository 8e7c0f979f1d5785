import { workerData } from 'node:worker_threads';
import {
  createSender,
  fromPinoLine,
  PINO_DEFAULT_CONFIG,
  type PinoConfig,
  type SenderOptions,
  translateSafely,
  UNKNOWN_LEVEL_SEVERITY,
} from '@gchat-log/core';
import build from 'pino-abstract-transport';

/**
 * Options of the pino transport: the core's options, as plain JSON so they cross into pino's worker thread.
 * Every option can also come from its `GCHAT_LOG_*` environment variable.
 */
export type GchatLogPinoOptions = SenderOptions;

/**
 * Whether pino announced, in the worker it started, that it will send its configuration (message and
 * error keys, level labels). pino-abstract-transport errors if asked to wait for a config nobody sends.
 */
function pinoWillSendConfig(): boolean {
  return (
    (workerData as { workerData?: { pinoWillSendConfig?: unknown } } | null)?.workerData?.pinoWillSendConfig === true
  );
}

/**
 * The pino transport: `pino.transport({ target: '@gchat-log/pino', options })`.
 * Invalid options reject here, so pino reports them when the logger starts.
 * On close (normal exit, `logger.end()`), queued messages are sent within `closeTimeoutMs`.
 */
export default async function gchatLogTransport(options: GchatLogPinoOptions = {}) {
  const sender = createSender(options);
  let reading: Promise<void> = Promise.resolve();
  return build(
    (source) => {
      const announced = source as unknown as Partial<PinoConfig>;
      const config: PinoConfig = {
        messageKey: announced.messageKey ?? PINO_DEFAULT_CONFIG.messageKey,
        errorKey: announced.errorKey ?? PINO_DEFAULT_CONFIG.errorKey,
        ...(announced.levels !== undefined && { levels: announced.levels }),
      };
      reading = (async () => {
        for await (const line of source) {
          const level = typeof line === 'object' && line !== null ? (line as { level?: unknown }).level : undefined;
          if (typeof level === 'number' && sender.countIfBelowLevel(level)) continue;
          const severity = typeof level === 'number' ? level : UNKNOWN_LEVEL_SEVERITY;
          sender.log(translateSafely(() => fromPinoLine(line as Record<string, unknown>, config), severity));
        }
      })();
      return reading;
    },
    {
      expectPinoConfig: pinoWillSendConfig(),
      // pino may close the stream while lines it already wrote still wait in the reader: read them first.
      close: async () => {
        await reading.catch(() => {});
        await sender.close();
      },
    },
  );
}
