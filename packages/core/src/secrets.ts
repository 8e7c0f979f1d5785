const CREDENTIAL_PARAMETER = /\b(key|token)=[^&\s"'<>#:;,)\]]*/gi;
/**
 * `scheme://user:password@` in free text, up to the last `@` of the URL (a password may hold `/`, `@`
 * or `:`), at most 256 characters on: a match starts only at a scheme, so the pattern stays linear.
 */
const URL_USER_INFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s"'<>]{0,256}@/gi;

/**
 * Replaces the values of `key=` and `token=` query parameters (the webhook's credentials), and any
 * `user:password@` in a URL, with `***`.
 * Applied to every line gchat-log prints or throws, as a last line of defence.
 */
export function maskSecrets(text: string): string {
  return text.replace(CREDENTIAL_PARAMETER, (_match, name: string) => `${name}=***`).replace(URL_USER_INFO, '$1***@');
}

/**
 * A URL given as a setting (a Redis URL, a webhook URL) with its user and password replaced by `***`,
 * whatever characters the password holds (spaces and quotes included): everything between the scheme
 * and the last `@`. Then {@link maskSecrets}, for its query.
 */
export function maskUrl(url: string): string {
  const scheme = url.indexOf('://');
  const at = url.lastIndexOf('@');
  const masked = scheme !== -1 && at > scheme ? `${url.slice(0, scheme + 3)}***${url.slice(at)}` : url;
  return maskSecrets(masked);
}
