import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeChat } from './fake-chat.js';
import { fakeChatHandlers } from './handlers.js';
import { startFakeChat } from './server.js';

// The fake's behaviour is checked in process, through msw intercepting fetch: the same handlers the
// loopback server serves to the e2e tests.
const ORIGIN = 'https://chat.googleapis.com';
let clock = 0;
let chat = new FakeChat();
const server = setupServer();

function post(
  body: unknown,
  query = 'key=K&token=T&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
  space = 'S',
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${ORIGIN}/v1/spaces/${space}/messages?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: raw,
  });
}

/** Reads a `google.rpc.Status` error body. */
async function rpcError(response: Response): Promise<{ code: number; message: string; status: string }> {
  return ((await response.json()) as { error: { code: number; message: string; status: string } }).error;
}

function useFake(options: ConstructorParameters<typeof FakeChat>[0] = {}) {
  chat = new FakeChat({ now: () => clock, ...options });
  server.use(...fakeChatHandlers(chat, ORIGIN));
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  clock = 0;
});
afterAll(() => server.close());

describe('fake Google Chat webhook endpoint', () => {
  it('creates a message and answers with its name and thread name', async () => {
    useFake();
    const response = await post({ text: 'hello' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'spaces/S/messages/m1', thread: { name: 'spaces/S/threads/t1' } });
    expect(chat.messagesIn('S')).toMatchObject([{ text: 'hello', startedThread: true }]);
  });

  it('replies in the thread of a known threadKey when the reply option is set', async () => {
    useFake();
    await post({ text: 'a', thread: { threadKey: 'k1' } });
    await post({ text: 'b', thread: { threadKey: 'k2' } });
    await post({ text: 'c', thread: { threadKey: 'k1' } });

    const [a, b, c] = chat.messages;
    expect(c?.threadName).toBe(a?.threadName);
    expect(c?.startedThread).toBe(false);
    expect(b?.threadName).not.toBe(a?.threadName);
  });

  it('ignores threadKey without messageReplyOption: every message starts a thread', async () => {
    useFake();
    await post({ text: 'a', thread: { threadKey: 'k1' } }, 'key=K&token=T');
    await post({ text: 'b', thread: { threadKey: 'k1' } }, 'key=K&token=T');

    expect(chat.messages.map((message) => message.startedThread)).toEqual([true, true]);
  });

  it('scopes thread keys to the webhook that set them', async () => {
    useFake();
    const reply = '&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD';
    await post({ text: 'a', thread: { threadKey: 'k' } }, `key=K&token=T1${reply}`);
    await post({ text: 'b', thread: { threadKey: 'k' } }, `key=K&token=T2${reply}`);

    expect(chat.messages.map((message) => message.startedThread)).toEqual([true, true]);
  });

  it('answers 404 NOT_FOUND for REPLY_MESSAGE_OR_FAIL to an unknown thread', async () => {
    useFake();
    const response = await post(
      { text: 'a', thread: { threadKey: 'new' } },
      'key=K&token=T&messageReplyOption=REPLY_MESSAGE_OR_FAIL',
    );

    expect(response.status).toBe(404);
    expect(await rpcError(response)).toEqual({
      code: 404,
      message: 'Requested entity was not found.',
      status: 'NOT_FOUND',
    });
  });

  it('enforces 60 requests per 60 s per space in a sliding window, with 429 RESOURCE_EXHAUSTED', async () => {
    useFake();
    for (let index = 0; index < 60; index += 1) {
      clock = index * 500; // 60 requests over 29.5 s
      expect((await post({ text: `m${index}` })).status).toBe(200);
    }
    clock = 59_999;
    const refused = await post({ text: 'one too many' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect((await rpcError(refused)).status).toBe('RESOURCE_EXHAUSTED');
    expect((await post({ text: 'other space' }, undefined, 'OTHER')).status).toBe(200);

    clock = 60_000; // the first request has left the window
    expect((await post({ text: 'again' })).status).toBe(200);
    expect((await post({ text: 'but only one' })).status).toBe(429);
    expect(chat.countAnswered(429)).toBe(2);
  });

  it('sends Retry-After on 429 when configured to', async () => {
    useFake({ quotaRequests: 1, retryAfterSeconds: 7 });
    await post({ text: 'a' });
    const refused = await post({ text: 'b' });

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
  });

  it.each([
    ['text over 4,096 characters', { text: 'x'.repeat(4097) }, 'Message is longer than 4096 characters.'],
    ['a body over 32,000 bytes', { text: 'x', cardsV2: ['é'.repeat(16_000)] }, 'Message is too large'],
    ['an unknown field', { text: 'x', severity: 'high' }, 'Unknown name "severity"'],
    ['malformed JSON', '{"text": ', 'Invalid JSON payload'],
    ['an empty message', {}, 'Message cannot be empty.'],
  ])('rejects %s with 400 INVALID_ARGUMENT', async (_case, body, message) => {
    useFake();
    const response = await post(body);

    expect(response.status).toBe(400);
    const error = await rpcError(response);
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(message);
    expect(chat.messages).toHaveLength(0);
  });

  it('accepts any JSON object when told to (for Slack-shaped peers in benchmarks), still within the quota', async () => {
    useFake({ acceptAnyBody: true, quotaRequests: 1 });
    const slackShaped = { channel: '#alerts', username: 'bot', icon_emoji: ':ghost:', text: 'error: boom' };
    expect((await post(slackShaped)).status).toBe(200);
    expect((await post(slackShaped)).status).toBe(429);
    expect(chat.messagesIn('S').map((message) => message.text)).toEqual(['error: boom']);
  });

  it('accepts exactly 4,096 characters, counted as characters, not UTF-16 units', async () => {
    useFake();
    expect((await post({ text: '😀'.repeat(4096) })).status).toBe(200);
  });

  it('returns the message already created for a repeated requestId instead of posting twice', async () => {
    useFake();
    const query = 'key=K&token=T&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&requestId=r-1';
    const first = await (await post({ text: 'once' }, query)).json();
    const second = await (await post({ text: 'once' }, query)).json();

    expect(second).toEqual(first);
    expect(chat.messages).toHaveLength(1);
  });

  it('plays injected HTTP faults once each, then answers normally; an outage lasts until lifted', async () => {
    useFake();
    chat.injectFaults({ status: 503 }, { status: 429, retryAfter: '2' });
    const unavailable = await post({ text: 'a' });
    expect([unavailable.status, (await rpcError(unavailable)).status]).toEqual([503, 'UNAVAILABLE']);
    const limited = await post({ text: 'a' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    expect((await post({ text: 'a' })).status).toBe(200);

    chat.setOutage({ status: 500 });
    expect((await post({ text: 'b' })).status).toBe(500);
    expect((await post({ text: 'b' })).status).toBe(500);
    chat.setOutage(undefined);
    expect((await post({ text: 'b' })).status).toBe(200);
    expect(chat.messages.map((message) => message.text)).toEqual(['a', 'b']);
  });

  it('rejects a missing key with 400 and a missing or revoked token with 403', async () => {
    useFake({ revokedTokens: ['OLD'] });
    expect((await post({ text: 'x' }, 'token=T')).status).toBe(400);
    expect((await post({ text: 'x' }, 'key=K')).status).toBe(403);
    const revoked = await post({ text: 'x' }, 'key=K&token=OLD');
    expect(revoked.status).toBe(403);
    expect((await rpcError(revoked)).status).toBe('PERMISSION_DENIED');
  });
});

describe('fake Chat served on loopback', () => {
  const send = (url: string) =>
    fetch(url, { method: 'POST', body: JSON.stringify({ text: 'x' }), signal: AbortSignal.timeout(1000) });

  it('plays transport faults: reset, hang, and a response lost after the message was created', async () => {
    server.close();
    const fake = await startFakeChat();
    try {
      fake.chat.injectFaults({ transport: 'reset' }, { transport: 'hang' }, { transport: 'lose-response' });
      await expect(send(fake.webhookUrl('F'))).rejects.toThrow();
      await expect(send(fake.webhookUrl('F'))).rejects.toThrow(/abort|timeout/i);
      await expect(send(fake.webhookUrl('F'))).rejects.toThrow();
      expect(fake.chat.messagesIn('F')).toHaveLength(1); // only the lost response created one
      expect((await send(fake.webhookUrl('F'))).status).toBe(200);
      expect(fake.chat.requests.map((request) => request.status)).toEqual([0, 0, 200, 200]);
    } finally {
      await fake.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });

  it('serves the same handlers over real HTTP', async () => {
    server.close(); // let real requests through
    const fake = await startFakeChat();
    try {
      const response = await fetch(fake.webhookUrl('LOOP'), {
        method: 'POST',
        body: JSON.stringify({ text: 'over TCP' }),
      });
      expect(response.status).toBe(200);
      expect(fake.chat.messagesIn('LOOP')).toMatchObject([{ text: 'over TCP' }]);
      const listed = await (await fetch(`${fake.origin}/__fake/messages`)).json();
      expect(listed).toMatchObject([{ text: 'over TCP' }]);
    } finally {
      await fake.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});
