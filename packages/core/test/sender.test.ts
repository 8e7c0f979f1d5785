import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../src/record.js';
import { createSender } from '../src/sender.js';
import { ManualClock } from './manual-clock.js';

const ORIGIN = 'http://127.0.0.1:9999';
const WEBHOOK = `${ORIGIN}/v1/spaces/UNIT/messages?key=SECRET-KEY&token=SECRET-TOKEN`;

function errorRecord(message = 'payment failed', label = 'error', value = 50): LogRecord {
  return {
    level: { value, label },
    time: 0,
    message,
    fields: {},
    error: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at pay (/srv/app/src/pay.js:3:9)' },
  };
}

interface Posted {
  path: string;
  headers: Record<string, string>;
  body: { text: string; thread?: { threadKey: string } };
}

describe('createSender', () => {
  let agent: MockAgent;
  let stderr: string[];
  let posted: Posted[];
  let clock: ManualClock;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    stderr = [];
    posted = [];
    clock = new ManualClock();
  });

  afterEach(async () => {
    await agent.close();
  });

  function sender(options: Parameters<typeof createSender>[0] = {}) {
    return createSender(
      { webhookUrl: WEBHOOK, ...options },
      { dispatcher: agent, env: {}, writeDiagnostic: (line) => stderr.push(line), projectRoot: '/srv/app', clock },
    );
  }

  function answer(status: number, body: object = { name: 'spaces/UNIT/messages/m1' }, times = 1) {
    agent
      .get(ORIGIN)
      .intercept({ path: (path) => path.startsWith('/v1/spaces/UNIT/messages'), method: 'POST' })
      .reply(status, (request) => {
        posted.push({
          path: request.path,
          headers: request.headers as Record<string, string>,
          body: JSON.parse(String(request.body)),
        });
        return body;
      })
      .times(times);
  }

  it('posts a threaded JSON message to the webhook with the reply option', async () => {
    answer(200);
    const chat = sender();

    chat.log(errorRecord());
    await chat.flush();

    expect(posted).toHaveLength(1);
    const [message] = posted;
    expect(new URL(message?.path ?? '', ORIGIN).searchParams.get('messageReplyOption')).toBe(
      'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
    );
    expect(message?.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(message?.body.text).toContain('payment failed');
    expect(message?.body.thread?.threadKey).toMatch(/^err-v1-[A-Za-z0-9_-]{22}$/);
    expect(chat.stats()).toMatchObject({ received: 1, sent: 1, requests: 1, queued: 0, failed: 0, dropped: 0 });
    await chat.close();
  });

  it('filters records below the level, and does not thread non-error records', async () => {
    answer(200);
    const chat = sender({ level: 'warn' });

    chat.log(errorRecord('just info', 'info', 30));
    chat.log(errorRecord('a warning', 'warn', 40));
    await chat.flush();

    expect(posted.map((message) => message.body.text.includes('a warning'))).toEqual([true]);
    expect(posted[0]?.body.thread).toBeUndefined();
    expect(chat.stats()).toMatchObject({ received: 2, filtered: 1, sent: 1 });
    await chat.close();
  });

  it('is a silent no-op without a webhook URL', async () => {
    const chat = createSender({}, { dispatcher: agent, env: {}, writeDiagnostic: (line) => stderr.push(line) });

    chat.log(errorRecord());
    await chat.flush();
    await chat.close();

    expect(chat.enabled).toBe(false);
    expect(chat.stats()).toMatchObject({ received: 1, filtered: 1, requests: 0 });
    expect(stderr).toEqual([]);
  });

  it('counts refused messages and reports each kind of failure once, without secrets', async () => {
    answer(500, { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } }, 3);
    const chat = sender();

    for (let index = 0; index < 3; index += 1) expect(() => chat.log(errorRecord())).not.toThrow();
    await chat.flush();

    expect(chat.stats()).toMatchObject({ sent: 0, failed: 3, requests: 3 });
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain('answered 500 (INTERNAL: Internal error encountered.)');
    expect(stderr[0]).toContain('key=***&token=***');
    expect(stderr.join('\n')).not.toMatch(/SECRET-(KEY|TOKEN)/);
    await chat.close();
  });

  it('counts a connection error as a failure and never rejects', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: () => true, method: 'POST' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const chat = sender();

    chat.log(errorRecord());
    await chat.flush();

    expect(chat.stats()).toMatchObject({ failed: 1 });
    expect(stderr[0]).toContain('could not be reached (ECONNRESET');
    await chat.close();
  });

  it('keeps memory bounded: records beyond maxQueuedRecords are dropped, counted and reported', async () => {
    answer(200, undefined, 2);
    const chat = sender({ maxQueuedRecords: 2 });

    for (let index = 0; index < 5; index += 1) chat.log(errorRecord());
    await chat.flush();

    expect(chat.stats()).toMatchObject({ received: 5, sent: 2, dropped: 3 });
    expect(stderr.join('\n')).toContain('more than 2 records are waiting');
    await chat.close();
  });

  it('close() gives up on what it cannot send by its deadline, and counts it', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: () => true, method: 'POST' })
      .reply(200, {})
      .delay(60_000)
      .persist();
    const chat = sender({ closeTimeoutMs: 8000 });

    for (let index = 0; index < 3; index += 1) chat.log(errorRecord());
    let closed = false;
    const closing = chat.close().then(() => {
      closed = true;
    });
    clock.advance(7999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    clock.advance(1);
    await closing;

    expect(clock.pending).toBe(0);
    expect(chat.stats()).toMatchObject({ received: 3, sent: 0, dropped: 3, queued: 0 });
    expect(stderr.join('\n')).toContain('close() reached its deadline');

    chat.log(errorRecord());
    expect(chat.stats()).toMatchObject({ received: 4, dropped: 4 });
    expect(stderr.join('\n')).toContain('after the transport was closed');
  });
});
