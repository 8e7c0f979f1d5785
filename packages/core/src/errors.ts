/** Codes carried by every error gchat-log throws, so callers can branch without parsing messages. */
export type GchatLogErrorCode =
  /** An option or environment variable has a value gchat-log cannot use. */
  | 'ERR_GCHAT_LOG_INVALID_OPTION'
  /** The webhook URL is malformed, points at a host that is not allowed, or lacks a credential. */
  | 'ERR_GCHAT_LOG_INVALID_WEBHOOK_URL';

/**
 * The only error type gchat-log throws, and only at startup (bad configuration).
 * Delivery failures are never thrown: they are counted in `stats()` and reported on stderr.
 * Messages never contain webhook credentials.
 */
export class GchatLogError extends Error {
  override readonly name = 'GchatLogError';
  readonly code: GchatLogErrorCode;
  /** The option (or environment variable) at fault. */
  readonly setting: string;

  /**
   * @param setting the option or environment variable at fault.
   * @param problem what is wrong and how to fix it; prefixed with `gchat-log [CODE]:`.
   */
  constructor(code: GchatLogErrorCode, setting: string, problem: string) {
    super(`gchat-log [${code}]: ${problem}`);
    this.code = code;
    this.setting = setting;
  }
}
