import type { Sender } from '@gchat-log/core';
import { GCHAT_LOG_TRANSPORT, GoogleChatTransport } from '@gchat-log/winston';

/** The parts of winston's `Logger` the preload uses. */
interface WinstonLogger {
  readonly transports: readonly object[];
  configure(...args: unknown[]): unknown;
  add(transport: object): unknown;
  remove(transport: object): unknown;
}

interface WinstonLoggerClass {
  prototype: WinstonLogger;
}

/**
 * Gives every winston logger that writes somewhere a `GoogleChatTransport` sending through the
 * preload's one sender, unless it already has a gchat-log transport: after `createLogger`/`configure`,
 * and after `add`. A logger without transports is left without one, so winston's own warning stays.
 */
export class WinstonLoggers {
  /** The one sender of the process, shared with pino's records. */
  readonly #sender: Sender;
  /** The transport the preload gave each logger; weak, so that a logger the app drops is collected. */
  readonly #added = new WeakMap<WinstonLogger, GoogleChatTransport>();

  constructor(sender: Sender) {
    this.#sender = sender;
  }

  patch(Logger: WinstonLoggerClass): void {
    const { configure, add } = Logger.prototype;
    const loggers = this;
    let configuring = 0;
    Logger.prototype.configure = function configureWithGchatLog(this: WinstonLogger, ...args: unknown[]) {
      configuring += 1;
      try {
        return configure.apply(this, args);
      } finally {
        configuring -= 1;
        loggers.#attach(this, add);
      }
    };
    Logger.prototype.add = function addWithGchatLog(this: WinstonLogger, transport: object) {
      const result = add.call(this, transport);
      if (configuring === 0) loggers.#attach(this, add);
      return result;
    };
  }

  #attach(logger: WinstonLogger, add: WinstonLogger['add']): void {
    const own = this.#added.get(logger);
    const present = own !== undefined && logger.transports.includes(own);
    const appTransports = logger.transports.filter((transport) => transport !== own);
    const explicit = appTransports.some((transport) => (transport as Record<symbol, unknown>)[GCHAT_LOG_TRANSPORT]);
    const wanted = !explicit && appTransports.length > 0;
    if (wanted && !present) {
      // A transport winston unpiped (configure() clears the logger) has closed itself: always a new one.
      const transport = new GoogleChatTransport({ sender: this.#sender });
      this.#added.set(logger, transport);
      add.call(logger, transport);
    } else if (!wanted && present) {
      logger.remove(own);
    }
  }
}
