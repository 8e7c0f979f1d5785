import { createHash } from 'node:crypto';
import { GchatLogError } from './errors.js';
import { maskSecrets, maskUrl } from './secrets.js';

/** Google's webhook host. Any other non-loopback host must be listed in `allowedHosts`. */
export const GOOGLE_CHAT_HOST = 'chat.googleapis.com';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const MESSAGES_PATH = /^(?<prefix>(?:\/[^/]+)*?)\/v1\/spaces\/(?<space>[^/]+)\/messages$/;
const EXAMPLE_URL = `https://${GOOGLE_CHAT_HOST}/v1/spaces/SPACE_ID/messages?key=KEY&token=TOKEN`;

/** A validated webhook: where to POST, which space it posts to, and how to name it safely. */
export interface WebhookTarget {
  /** The URL to POST to. */
  readonly url: string;
  /** The Chat space id (`AAAA...`) from the path. */
  readonly spaceId: string;
  /** One key per space and host: webhooks of one space share its quota, and so one queue. */
  readonly queueKey: string;
  /**
   * Where this webhook's threads live: Chat scopes thread keys to the webhook that set them, so two
   * webhooks of one space have two threads for one key. The space and a hash of the credentials (never
   * the credentials themselves: it may be kept in Redis).
   */
  readonly threadScope: string;
  /** The URL with `key` and `token` replaced by `***`: the only form ever printed. */
  readonly masked: string;
}

/**
 * Parses and validates a webhook URL. Accepts Google's `https://chat.googleapis.com/v1/spaces/{space}/messages?key=…&token=…`,
 * `http`/`https` to a loopback host (local fakes and proxies), and `https` to a host named in `allowedHosts`.
 * @param setting the option or environment variable the URL came from, named in errors.
 * @throws {GchatLogError} `ERR_GCHAT_LOG_INVALID_WEBHOOK_URL`, with credentials masked.
 */
export function parseWebhookUrl(raw: string, allowedHosts: readonly string[], setting: string): WebhookTarget {
  const fail = (problem: string, fix: string): never => {
    throw new GchatLogError(
      'ERR_GCHAT_LOG_INVALID_WEBHOOK_URL',
      setting,
      maskSecrets(`${setting} "${maskUrl(raw)}" ${problem}. ${fix}`),
    );
  };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail(
      'is not an absolute URL',
      `Copy the webhook URL from the space's Apps & integrations page, e.g. ${EXAMPLE_URL}`,
    );
  }
  const host = url.hostname.toLowerCase();
  const isGoogle = host === GOOGLE_CHAT_HOST;
  const isLoopback = LOOPBACK_HOSTS.has(host);
  const isAllowed = allowedHosts.some((allowed) => allowed.toLowerCase() === host);

  if (!isGoogle && !isLoopback && !isAllowed) {
    fail(
      `posts to host "${host}", which is neither ${GOOGLE_CHAT_HOST} nor a loopback host`,
      `Use the URL Chat gave you (${EXAMPLE_URL}); if this is your own proxy, add "${host}" to the allowedHosts option (or GCHAT_LOG_ALLOWED_HOSTS).`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
    fail(
      `uses ${url.protocol.replace(':', '')}`,
      `Use https (plain http is accepted only for loopback hosts): ${EXAMPLE_URL}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    fail(
      'contains user credentials',
      `Remove the user:password@ part; the webhook authenticates with key and token: ${EXAMPLE_URL}`,
    );
  }
  const path = MESSAGES_PATH.exec(url.pathname);
  const spaceId = path?.groups?.space;
  if (path === null || spaceId === undefined || (isGoogle && path.groups?.prefix !== '')) {
    fail('does not have the path /v1/spaces/SPACE_ID/messages', `A webhook URL looks like ${EXAMPLE_URL}`);
  }
  if (isGoogle && (!url.searchParams.get('key') || !url.searchParams.get('token'))) {
    fail('lacks its key or token query parameter', `Copy the whole URL, including ?key=…&token=…: ${EXAMPLE_URL}`);
  }

  url.hash = '';
  const credentials = createHash('sha256')
    .update(`${url.searchParams.get('key') ?? ''}\u0000${url.searchParams.get('token') ?? ''}`)
    .digest('base64url')
    .slice(0, 16);
  return {
    url: url.href,
    spaceId: spaceId as string,
    queueKey: `${url.host}/${spaceId}`,
    threadScope: `${url.host}/${spaceId}/${credentials}`,
    masked: maskSecrets(url.href),
  };
}
