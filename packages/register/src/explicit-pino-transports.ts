/** Set on a pino transport stream whose targets include `@gchat-log/pino`: its logger already sends to Chat. */
export const EXPLICIT_TRANSPORT = Symbol.for('gchat-log.explicit-pino-transport');

const GCHAT_LOG_PINO_TARGET = /@gchat-log[\\/]pino(?:[\\/]|$)/;

type PinoTransportFactory = (options: unknown) => object;

/**
 * Wraps pino's `transport()` (behind both `pino.transport()` and pino's `transport` option) so that the
 * streams it makes for `@gchat-log/pino` are marked, and the preload leaves their loggers alone.
 */
export function markExplicitTransports(transport: PinoTransportFactory): PinoTransportFactory {
  return function gchatLogMarkedTransport(this: unknown, options: unknown) {
    const stream = transport.call(this, options);
    if (namesGchatLogTarget(options)) Object.defineProperty(stream, EXPLICIT_TRANSPORT, { value: true });
    return stream;
  };
}

/** Whether any `target` in the options (`target`, `targets`, `pipeline`, nested) is `@gchat-log/pino`. */
function namesGchatLogTarget(options: unknown): boolean {
  if (Array.isArray(options)) return options.some(namesGchatLogTarget);
  if (typeof options !== 'object' || options === null) return false;
  const { target, targets, pipeline } = options as Record<string, unknown>;
  return (
    (typeof target === 'string' && GCHAT_LOG_PINO_TARGET.test(target)) ||
    namesGchatLogTarget(targets) ||
    namesGchatLogTarget(pipeline)
  );
}
