/**
 * The behaviour of Google Chat's incoming-webhook endpoint, kept free of any HTTP library so that msw
 * handlers (in process or served on loopback) can share it: the quota of 60 requests per 60 s per space
 * (shared by every app of the space), 4,096 characters of `text` and 32,000 bytes a message, `threadKey`
 * with `messageReplyOption`, thread keys scoped to their webhook, `requestId`, and the `google.rpc.Status`
 * error bodies (400 INVALID_ARGUMENT, 403 PERMISSION_DENIED, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED), as
 * Google's page "Build a Google Chat app as a webhook" and the reports of its users describe them.
 */

/**
 * A failure the fake plays for one request instead of its normal answer: an HTTP error answer, or a
 * transport fault that the HTTP layer plays (`reset`: the connection is cut before any answer; `hang`:
 * no answer ever; `lose-response`: the message is created, then the connection is cut, as when a
 * response is lost on the way back).
 */
export type Fault =
  | { readonly status: number; readonly retryAfter?: string; readonly message?: string }
  | { readonly transport: 'reset' | 'hang' | 'lose-response' };

/** How the fake behaves; the defaults are Google Chat's. */
export interface FakeChatOptions {
  /** Requests accepted per space in any sliding window of `quotaWindowMs`. */
  quotaRequests?: number;
  quotaWindowMs?: number;
  /** When set, 429 responses carry `Retry-After` with this many seconds. */
  retryAfterSeconds?: number;
  /** Tokens that Chat no longer accepts (403 PERMISSION_DENIED). */
  revokedTokens?: string[];
  /** Clock in epoch ms. */
  now?: () => number;
  /**
   * Whether a repeated `requestId` returns the message created with it instead of a new one, as
   * `spaces.messages.create` documents (unconfirmed for webhooks).
   */
  honourRequestId?: boolean;
  /**
   * Whether any JSON object is accepted as a message (quota, faults and size limits still apply), so
   * that Slack-shaped transports can be benchmarked against the same endpoint; Chat itself answers
   * 400 to fields it does not know.
   */
  acceptAnyBody?: boolean;
}

/** A message the space shows. */
export interface ReceivedMessage {
  readonly name: string;
  readonly spaceId: string;
  readonly threadName: string;
  /** The `thread.threadKey` the sender used, if any. */
  readonly threadKey: string | undefined;
  /** Whether this message started its thread (false: it is a reply). */
  readonly startedThread: boolean;
  readonly text: string | undefined;
  readonly body: Record<string, unknown>;
  readonly receivedAt: number;
}

/** Every request the fake answered, accepted or not. */
export interface AnsweredRequest {
  readonly spaceId: string;
  readonly status: number;
  readonly at: number;
}

/** What the HTTP layer should answer. */
export interface FakeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export const MAX_TEXT_CHARACTERS = 4096;
export const MAX_MESSAGE_BYTES = 32_000;
const MESSAGE_FIELDS = new Set([
  'text',
  'cardsV2',
  'cards',
  'thread',
  'fallbackText',
  'accessoryWidgets',
  'privateMessageViewer',
  'annotations',
  'attachment',
  'matchedUrl',
  'quotedMessageMetadata',
  'formattedText',
]);
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
};

export class FakeChat {
  readonly messages: ReceivedMessage[] = [];
  readonly requests: AnsweredRequest[] = [];
  readonly #options: Required<Omit<FakeChatOptions, 'retryAfterSeconds'>> & Pick<FakeChatOptions, 'retryAfterSeconds'>;
  readonly #acceptedAt = new Map<string, number[]>();
  readonly #threadsByKey = new Map<string, string>();
  readonly #messagesByRequestId = new Map<string, ReceivedMessage>();
  #faults: Fault[] = [];
  #outage: Fault | undefined;
  #nextId = 1;

  constructor(options: FakeChatOptions = {}) {
    this.#options = {
      quotaRequests: options.quotaRequests ?? 60,
      quotaWindowMs: options.quotaWindowMs ?? 60_000,
      revokedTokens: options.revokedTokens ?? [],
      honourRequestId: options.honourRequestId ?? true,
      acceptAnyBody: options.acceptAnyBody ?? false,
      now: options.now ?? Date.now,
      ...(options.retryAfterSeconds !== undefined && { retryAfterSeconds: options.retryAfterSeconds }),
    };
  }

  /** Plays these faults, one per request, before answering normally again. */
  injectFaults(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }

  /** Plays `fault` for every request until called again with `undefined` (an outage). */
  setOutage(fault: Fault | undefined): void {
    this.#outage = fault;
  }

  /** The fault the next request gets, if any; the HTTP layer plays transport faults. */
  takeFault(): Fault | undefined {
    return this.#outage ?? this.#faults.shift();
  }

  /** Records a request that a transport fault cut before any answer. */
  recordUnanswered(spaceId: string): void {
    this.requests.push({ spaceId, status: 0, at: this.#options.now() });
  }

  /**
   * Handles `POST /v1/spaces/{spaceId}/messages?{query}` with a raw body.
   * @param fault an HTTP error fault to answer with instead (taken by the HTTP layer with {@link takeFault}).
   */
  createMessage(spaceId: string, query: URLSearchParams, rawBody: string, fault?: Fault): FakeResponse {
    const response =
      fault !== undefined && 'status' in fault
        ? rpcError(fault.status, fault.message ?? 'Injected failure.', fault.retryAfter)
        : this.#answer(spaceId, query, rawBody);
    this.requests.push({ spaceId, status: response.status, at: this.#options.now() });
    return response;
  }

  /** Messages of one space, in the order the space shows them. */
  messagesIn(spaceId: string): ReceivedMessage[] {
    return this.messages.filter((message) => message.spaceId === spaceId);
  }

  /** How many requests were answered with `status`. */
  countAnswered(status: number): number {
    return this.requests.filter((request) => request.status === status).length;
  }

  #answer(spaceId: string, query: URLSearchParams, rawBody: string): FakeResponse {
    const key = query.get('key');
    const token = query.get('token');
    if (!key) return rpcError(400, 'API key not valid. Please pass a valid API key.');
    if (!token || this.#options.revokedTokens.includes(token)) {
      return rpcError(403, 'The API is called without a valid token.');
    }
    const requestId = query.get('requestId');
    const earlier = requestId === null ? undefined : this.#messagesByRequestId.get(`${spaceId}|${requestId}`);
    if (earlier !== undefined)
      return { status: 200, body: { name: earlier.name, thread: { name: earlier.threadName } } };
    if (!this.#withinQuota(spaceId)) {
      const retryAfter = this.#options.retryAfterSeconds;
      return rpcError(
        429,
        "Resource has been exhausted (e.g. check quota). Quota exceeded for quota metric 'Write requests' per space.",
        retryAfter === undefined ? undefined : String(retryAfter),
      );
    }
    if (Buffer.byteLength(rawBody, 'utf8') > MAX_MESSAGE_BYTES) {
      return rpcError(400, `Message is too large. The maximum size is ${MAX_MESSAGE_BYTES} bytes.`);
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return rpcError(400, 'Invalid JSON payload received. Unexpected token.');
    }
    const unknownField = this.#options.acceptAnyBody
      ? undefined
      : Object.keys(body).find((field) => !MESSAGE_FIELDS.has(field));
    if (unknownField !== undefined) {
      return rpcError(
        400,
        `Invalid JSON payload received. Unknown name "${unknownField}" at 'message': Cannot find field.`,
      );
    }
    const text = typeof body.text === 'string' ? body.text : undefined;
    if (text !== undefined && [...text].length > MAX_TEXT_CHARACTERS) {
      return rpcError(400, `Message is longer than ${MAX_TEXT_CHARACTERS} characters.`);
    }
    if (!text && !Array.isArray(body.cardsV2) && !this.#options.acceptAnyBody) {
      return rpcError(400, 'Message cannot be empty.');
    }
    const response = this.#post(spaceId, `${key}/${token}`, query.get('messageReplyOption'), body, text);
    const created = this.messages.at(-1);
    if (requestId !== null && this.#options.honourRequestId && response.status === 200 && created !== undefined) {
      this.#messagesByRequestId.set(`${spaceId}|${requestId}`, created);
    }
    return response;
  }

  #post(
    spaceId: string,
    webhook: string,
    replyOption: string | null,
    body: Record<string, unknown>,
    text: string | undefined,
  ): FakeResponse {
    const thread = body.thread as { threadKey?: unknown } | undefined;
    const threadKey = typeof thread?.threadKey === 'string' ? thread.threadKey : undefined;
    const replies = replyOption === 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' || replyOption === 'REPLY_MESSAGE_OR_FAIL';
    // Thread keys are scoped to the webhook that set them; without a reply option Chat ignores them.
    const scopedKey = replies && threadKey !== undefined ? `${spaceId}|${webhook}|${threadKey}` : undefined;
    const existingThread = scopedKey === undefined ? undefined : this.#threadsByKey.get(scopedKey);
    if (replyOption === 'REPLY_MESSAGE_OR_FAIL' && existingThread === undefined) {
      return rpcError(404, 'Requested entity was not found.');
    }
    const id = this.#nextId++;
    const threadName = existingThread ?? `spaces/${spaceId}/threads/t${id}`;
    if (scopedKey !== undefined) this.#threadsByKey.set(scopedKey, threadName);
    const message: ReceivedMessage = {
      name: `spaces/${spaceId}/messages/m${id}`,
      spaceId,
      threadName,
      threadKey,
      startedThread: existingThread === undefined,
      text,
      body,
      receivedAt: this.#options.now(),
    };
    this.messages.push(message);
    return { status: 200, body: { name: message.name, thread: { name: threadName } } };
  }

  #withinQuota(spaceId: string): boolean {
    const now = this.#options.now();
    const windowStart = now - this.#options.quotaWindowMs;
    const recent = (this.#acceptedAt.get(spaceId) ?? []).filter((at) => at > windowStart);
    if (recent.length >= this.#options.quotaRequests) {
      this.#acceptedAt.set(spaceId, recent);
      return false;
    }
    recent.push(now);
    this.#acceptedAt.set(spaceId, recent);
    return true;
  }
}

function rpcError(status: number, message: string, retryAfter?: string): FakeResponse {
  return {
    status,
    body: {
      error: { code: status, message, status: STATUS_NAMES[status] ?? (status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN') },
    },
    ...(retryAfter !== undefined && { headers: { 'retry-after': retryAfter } }),
  };
}
