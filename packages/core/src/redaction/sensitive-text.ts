import { maskSecrets } from '../secrets.js';

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const SECRET_PARAMETER =
  /\b(password|passwd|pwd|secret|client_secret|api_?key|access_token|refresh_token)=[^&\s"'<>#]+/gi;

/**
 * Masks what looks like a credential inside free text (messages, stacks): bearer and basic
 * authorisation values, secret query parameters, and webhook keys and tokens.
 */
export function maskSensitiveText(text: string): string {
  return maskSecrets(text)
    .replace(BEARER, (_match, scheme: string) => `${scheme} [REDACTED]`)
    .replace(SECRET_PARAMETER, (_match, name: string) => `${name}=[REDACTED]`);
}
