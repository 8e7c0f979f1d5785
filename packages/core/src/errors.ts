/** Codes carried by every error gchat-log throws, so callers can branch without parsing messages. */
export type GchatLogErrorCode =
  /** An option or environment variable has a value gchat-log cannot use. */
  | 'ERR_GCHAT_LOG_INVALID_OPTION'
  /** The webhook URL is malformed, points at a host that is not allowed, or lacks a credential. */
  | 'ERR_GCHAT_LOG_INVALID_WEBHOOK_URL';

/**
 * Marks every gchat-log error, whichever copy of the package made it (ESM and CommonJS builds, or two
 * versions, each have their own class): `instanceof GchatLogError` looks for it, as undici's errors do.
 */
const BRAND = Symbol.for('gchat-log.error');

/**
 * The only error type gchat-log throws, and only at construction, for a bad explicit option (a bad
 * environment variable is reported instead). Delivery failures are never thrown: they are counted in
 * `stats()` and reported on stderr. Messages never contain webhook credentials.
 */
export class GchatLogError extends Error {
  override readonly name = 'GchatLogError';
  readonly code: GchatLogErrorCode;
  /** The option (or environment variable) at fault. */
  readonly setting: string;
  readonly [BRAND] = true;

  /**
   * @param setting the option or environment variable at fault.
   * @param problem what is wrong and how to fix it; prefixed with `gchat-log [CODE]:`.
   */
  constructor(code: GchatLogErrorCode, setting: string, problem: string, options?: { cause?: unknown }) {
    super(`gchat-log [${code}]: ${problem}`, options);
    this.code = code;
    this.setting = setting;
  }

  /** `instanceof` holds for a gchat-log error made by any copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}
