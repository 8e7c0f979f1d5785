const CREDENTIAL_PARAMETER = /\b(key|token)=[^&\s"'<>#:;,)\]]*/gi;
const URL_USER_INFO = /(\/\/)[^/@\s"'<>]+@/g;

/**
 * Replaces the values of `key=` and `token=` query parameters (the webhook's credentials), and any
 * `user:password@` in a URL, with `***`.
 * Applied to every line gchat-log prints or throws, as a last line of defence.
 */
export function maskSecrets(text: string): string {
  return text.replace(CREDENTIAL_PARAMETER, (_match, name: string) => `${name}=***`).replace(URL_USER_INFO, '$1***@');
}
