import {
  createSender,
  type Diagnostic,
  fromWinstonInfo,
  type Sender,
  type SenderOptions,
  severityOfWinstonInfo,
  translateSafely,
  type WinstonLevels,
} from '@gchat-log/core';
import TransportStream from 'winston-transport';

/** Marks a gchat-log winston transport (`transport[GCHAT_LOG_TRANSPORT] === true`), across copies of the package. */
export const GCHAT_LOG_TRANSPORT: unique symbol = Symbol.for('gchat-log.winston-transport');

/**
 * Options of {@link GoogleChatTransport}: the core's options plus winston's own transport switches.
 * The level filter is the core's `level` (default `error`, or `GCHAT_LOG_LEVEL`), which understands
 * winston's npm, syslog and cli level names.
 */
export interface GoogleChatTransportOptions extends SenderOptions {
  /** winston format applied before this transport. Leave unset to receive `info` (and its `Error`) untouched. */
  format?: TransportStream.TransportStreamOptions['format'];
  /** Whether this transport ignores every record. */
  silent?: boolean;
  /** Whether uncaught exceptions logged by winston are sent. */
  handleExceptions?: boolean;
  /** Whether unhandled rejections logged by winston are sent. */
  handleRejections?: boolean;
  /**
   * Receives reports of delivery trouble instead of stderr (rate-limited, credentials masked). Never log
   * them through this same logger: a failing webhook would feed itself.
   */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
  /**
   * A core sender to send through, shared with other loggers (the preload gives every winston logger
   * the one sender of the process). The transport then neither configures nor closes it: `logger.end()`
   * waits for it to flush, and whoever made it closes it. The other options but winston's are ignored.
   * @default a sender of its own, from these options and the `GCHAT_LOG_*` variables
   */
  sender?: Sender;
}

/**
 * A winston transport that sends records to a Google Chat space.
 * `logger.end()` finishes only after queued messages were delivered (within `closeTimeoutMs`).
 * Delivery trouble never emits `'error'` (winston would re-emit it on the logger): it is counted in
 * `sender.stats()` and reported on stderr (or to `onDiagnostic`).
 */
export class GoogleChatTransport extends TransportStream {
  /** The core sender, for `stats()` and `flush()`. */
  readonly sender: Sender;
  /** Marks every gchat-log winston transport, whichever copy of this package made it: the preload looks for it. */
  readonly [GCHAT_LOG_TRANSPORT] = true;

  /** Whether the sender is this transport's own, to close when it closes. */
  readonly #ownsSender: boolean;

  constructor(options: GoogleChatTransportOptions = {}) {
    const { format, silent, handleExceptions, handleRejections, onDiagnostic, sender, ...senderOptions } = options;
    super({ format, silent, handleExceptions, handleRejections });
    this.#ownsSender = sender === undefined;
    this.sender = sender ?? createSender(senderOptions, onDiagnostic === undefined ? {} : { onDiagnostic });
  }

  /**
   * winston calls this inside the app's `logger.error(...)`: nothing may throw out of it, whatever `info`
   * holds (the core reads it through guards; this catch is the last line). Custom levels are ranked with
   * the logger's own `levels`, which winston-transport copies onto the transport when it is added.
   */
  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    try {
      const levels = (this as { levels?: WinstonLevels }).levels;
      const severity = severityOfWinstonInfo(info, levels);
      if (!this.sender.countIfBelowLevel(severity)) {
        this.sender.log(translateSafely(() => fromWinstonInfo(info, levels), severity));
        setImmediate(() => this.emit('logged', info));
      }
    } catch {
      // Unreachable by design; never into winston, which would hand it to the app.
    }
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    void (this.#ownsSender ? this.sender.close() : this.sender.flush()).then(() => callback());
  }

  override close(): void {
    if (this.#ownsSender) void this.sender.close();
  }
}
