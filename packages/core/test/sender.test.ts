import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSender } from '../src/create-sender.js';
import type { SenderDependencies, SenderOptions } from '../src/options.js';
import type { LogRecord } from '../src/record.js';
import { ManualClock } from './manual-clock.js';
import { privateProcess } from './private-process.js';

const ORIGIN = 'http://127.0.0.1:9999';
/** Each test posts to a space of its own: spaces' lanes are shared process-wide. */
let space = 0;
const webhook = () => `${ORIGIN}/v1/spaces/UNIT${space}/messages?key=SECRET-KEY&token=SECRET-TOKEN`;
/** Retries at once: backoff ceilings of 1 ms with zero jitter. */
const FAST_RETRIES: SenderOptions = { retryBaseDelayMs: 1, retryMaxDelayMs: 1 };

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
  url: URL;
  headers: Record<string, string>;
  body: { text: string; thread?: { threadKey: string } };
}

type Answer = { status: number; body?: object; headers?: Record<string, string> } | 'reset';

const RPC_500 = { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } };
const RPC_400 = { error: { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT' } };
const RPC_403 = { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } };

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('createSender', () => {
  let agent: MockAgent;
  let reports: string[];
  let posted: Posted[];

  beforeEach(() => {
    space += 1;
    agent = new MockAgent();
    agent.disableNetConnect();
    reports = [];
    posted = [];
  });

  afterEach(async () => {
    await agent.close();
  });

  function sender(options: SenderOptions = {}, dependencies: SenderDependencies = {}) {
    return createSender(
      { webhookUrl: webhook(), ...options },
      {
        dispatcher: agent,
        env: {},
        onDiagnostic: (diagnostic) => reports.push(diagnostic.message),
        projectRoot: '/srv/app',
        random: () => 0,
        processCoordinator: privateProcess(dependencies.clock),
        ...dependencies,
      },
    );
  }

  /** Chat answers the next requests with these answers, in order. */
  function answers(...sequence: Answer[]) {
    const pool = agent.get(ORIGIN);
    for (const answer of sequence) {
      const scope = pool.intercept({
        path: (path) => path.startsWith(`/v1/spaces/UNIT${space}/messages`),
        method: 'POST',
      });
      if (answer === 'reset') {
        scope.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        continue;
      }
      scope.reply(
        answer.status,
        (request) => {
          posted.push({
            url: new URL(request.path, ORIGIN),
            headers: request.headers as Record<string, string>,
            body: JSON.parse(String(request.body)),
          });
          return answer.body ?? { name: 'spaces/UNIT/messages/m' };
        },
        { headers: answer.headers ?? {} },
      );
    }
  }

  const ok = { status: 200 };

  it('posts a threaded JSON message with the reply option and a requestId', async () => {
    answers(ok);
    const chat = sender();

    chat.log(errorRecord());
    await chat.flush();

    expect(posted).toHaveLength(1);
    const [message] = posted;
    expect(message?.url.searchParams.get('messageReplyOption')).toBe('REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    expect(message?.url.searchParams.get('requestId')).toMatch(/^gchat-log-[0-9a-f-]{36}$/);
    expect(message?.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(message?.body.text).toContain('payment failed');
    expect(message?.body.thread?.threadKey).toMatch(/^err-v1-[A-Za-z0-9_-]{22}$/);
    expect(chat.stats()).toMatchObject({
      received: 1,
      sent: 1,
      requests: 1,
      retries: 0,
      queued: 0,
      failed: 0,
      dropped: 0,
    });
    await chat.close();
  });

  it('sends the first occurrence of a thread in full and its repeats as one-line replies', async () => {
    answers(ok, ok, ok);
    const chat = sender();

    chat.log(errorRecord('payment failed #1'));
    await chat.flush();
    chat.log({ ...errorRecord('payment failed #2'), fields: { orderId: 2 } });
    await chat.flush();
    chat.log({
      ...errorRecord('refund failed'),
      error: { type: 'RangeError', message: 'x', stack: 'RangeError: x\n    at refund (/srv/app/src/refund.js:1:1)' },
    });
    await chat.flush();

    const [first, repeat, other] = posted;
    expect(repeat?.body.thread?.threadKey).toBe(first?.body.thread?.threadKey);
    expect(other?.body.thread?.threadKey).not.toBe(first?.body.thread?.threadKey);
    expect(first?.body.text).toContain('→ at pay (src/pay.js:3:9)');
    expect(repeat?.body.text).toBe('🔴 *ERROR* app · payment failed #2 · orderId: 2');
    expect(other?.body.text).toContain('at refund');
    await chat.close();
  });

  it('posts cards with a fallback text when the format is cards', async () => {
    answers(ok);
    const chat = sender({ messageFormat: 'cards' });

    chat.log(errorRecord('payment <users/all> failed'));
    await chat.flush();

    const body = posted[0]?.body as unknown as {
      text?: string;
      fallbackText: string;
      cardsV2: unknown[];
      thread: unknown;
    };
    expect(body.text).toBeUndefined();
    expect(body.fallbackText).toContain('payment');
    expect(body.cardsV2).toHaveLength(1);
    expect(body.thread).toEqual({ threadKey: expect.stringMatching(/^err-v1-/) });
    expect(JSON.stringify(body)).not.toContain('<users/all>');
    await chat.close();
  });

  it('redacts before anything leaves the process', async () => {
    answers(ok);
    const chat = sender();

    chat.log({
      ...errorRecord('login failed with Bearer abcdefghijklmnop'),
      fields: { password: 'hunter2', user: { token: 't-1', id: 3 } },
    });
    await chat.flush();

    const text = posted[0]?.body.text ?? '';
    expect(text).not.toMatch(/hunter2|abcdefghijklmnop|t-1/);
    expect(text).toContain('password: [REDACTED]');
    expect(text).toContain('user: {"token":"[REDACTED]","id":3}');
    await chat.close();
  });

  it('filters records below the level, and does not thread non-error records', async () => {
    answers(ok);
    const chat = sender({ level: 'warn' });

    chat.log(errorRecord('just info', 'info', 30));
    chat.log(errorRecord('a warning', 'warn', 40));
    await chat.flush();

    expect(posted.map((message) => message.body.text.includes('a warning'))).toEqual([true]);
    expect(posted[0]?.body.thread).toBeUndefined();
    expect(posted[0]?.url.searchParams.has('messageReplyOption')).toBe(false);
    expect(chat.stats()).toMatchObject({ received: 2, filtered: 1, sent: 1 });
    // What adapters ask before translating a record: below the level it is only counted.
    expect([chat.countIfBelowLevel(30), chat.countIfBelowLevel(40), chat.countIfBelowLevel(60)]).toEqual([
      true,
      false,
      false,
    ]);
    expect(chat.stats()).toMatchObject({ received: 3, filtered: 2, sent: 1 });
    await chat.close();
  });

  it('never throws into the logging call, even for a record it cannot handle', async () => {
    const chat = sender();
    const hostile = { ...errorRecord(), fields: 'not an object' } as unknown as LogRecord;
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('getter blew up');
      },
    });

    expect(() => chat.log(hostile)).not.toThrow();
    expect(chat.stats()).toMatchObject({ received: 1, dropped: 1, queued: 0 });
    expect(reports.join('\n')).toContain('internal error while taking a record: Error: getter blew up');
    await chat.close();
  });

  it('throws at construction for an onDiagnostic that is not a function, as for any bad option in code', () => {
    expect(() => sender({}, { onDiagnostic: 5 as never })).toThrow(/option "onDiagnostic" is not a function/);
  });

  it('is a silent no-op without a webhook URL', async () => {
    const chat = createSender({}, { dispatcher: agent, env: {}, onDiagnostic: (d) => reports.push(d.message) });

    chat.log(errorRecord());
    await chat.flush();
    await chat.close();

    expect(chat.enabled).toBe(false);
    expect(chat.stats()).toMatchObject({ received: 1, filtered: 1, requests: 0 });
    expect(reports).toEqual([]);
  });

  it('retries 5xx and connection resets with the same requestId until delivered, exactly once', async () => {
    answers({ status: 503, body: RPC_500 }, 'reset', { status: 500, body: RPC_500 }, ok);
    const chat = sender(FAST_RETRIES);

    chat.log(errorRecord());
    await chat.flush();

    expect(chat.stats()).toMatchObject({ sent: 1, failed: 0, requests: 4, retries: 3 });
    expect(new Set(posted.map((message) => message.url.searchParams.get('requestId'))).size).toBe(1);
    expect(reports.every((line) => line.includes('retrying'))).toBe(true);
    expect(reports.join('\n')).not.toMatch(/SECRET-(KEY|TOKEN)/);
    await chat.close();
  });

  it("honours 429's Retry-After, holding the whole space's lane meanwhile", async () => {
    const clock = new ManualClock();
    answers({ status: 429, body: RPC_500, headers: { 'retry-after': '2' } }, ok);
    const chat = sender({}, { clock });

    chat.log(errorRecord('first'));
    await clock.advanceUntil(() => reports.some((report) => report.includes('retrying in')));
    clock.advance(1999);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(posted).toHaveLength(1);
    clock.advance(1);
    await chat.flush();

    expect(posted.map((message) => message.body.text.includes('first'))).toEqual([true, true]);
    expect(reports[0]).toContain('retrying in 2 s as its Retry-After asks');
    await chat.close();
  });

  it('backs off exponentially with full jitter when a 429 has no Retry-After', async () => {
    const clock = new ManualClock();
    answers({ status: 429, body: RPC_500 }, { status: 429, body: RPC_500 }, ok);
    const chat = sender({ retryBaseDelayMs: 1000, retryMaxDelayMs: 32_000 }, { clock, random: () => 0.5 });

    chat.log(errorRecord());
    await clock.advanceUntil(() => reports.some((report) => report.includes('retrying in')));
    clock.advance(499); // first retry: half of 1 s
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posted).toHaveLength(1);
    clock.advance(1);
    await until(() => posted.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 20)); // its 429 is read and judged
    clock.advance(999); // second retry: half of 2 s
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posted).toHaveLength(2);
    clock.advance(1);
    await chat.flush();

    expect(chat.stats()).toMatchObject({ sent: 1, requests: 3, retries: 2 });
    await chat.close();
  });

  it('gives up a message whose retries would outlast retryMaxElapsedMs, and reports it', async () => {
    const clock = new ManualClock();
    answers({ status: 503, body: RPC_500 }, { status: 503, body: RPC_500 });
    const chat = sender({ retryBaseDelayMs: 4000, retryMaxElapsedMs: 5000 }, { clock, random: () => 0.99 });

    chat.log(errorRecord());
    await clock.advanceUntil(() => reports.some((report) => report.includes('retrying in')));
    clock.advance(3960);
    await chat.flush();

    expect(chat.stats()).toMatchObject({ sent: 0, failed: 1, requests: 2 });
    expect(reports.at(-1)).toContain('gave up a message');
    expect(reports.at(-1)).toContain('after 2 attempts');
    await chat.close();
  });

  it('re-sends a message refused with 400 once in minimal plain text, then gives up and reports', async () => {
    answers({ status: 400, body: RPC_400 }, { status: 400, body: RPC_400 }, { status: 400, body: RPC_400 }, ok);
    const chat = sender(FAST_RETRIES);

    chat.log(errorRecord('refused twice'));
    await chat.flush();
    chat.log(errorRecord('refused once'));
    await chat.flush();

    expect(posted.map((message) => [message.body.text.includes('```'), message.body.thread === undefined])).toEqual([
      [true, false],
      [false, true],
      [true, false],
      [false, true],
    ]);
    expect(posted[1]?.body.text).toMatch(/^\[ERROR\] app: refused twice \(TypeError: boom\)/);
    expect(posted.map((message) => message.url.searchParams.has('requestId'))).toEqual([true, false, true, false]);
    expect(chat.stats()).toMatchObject({ sent: 1, failed: 1, requests: 4, retries: 0 });
    expect(reports.join('\n')).toContain('sending it once more in a minimal plain-text form');
    expect(reports.join('\n')).toContain('gave up a message');
    await chat.close();
  });

  it('opens the circuit on 403: drops what waits without requests, reports once, probes later, then says what was lost', async () => {
    const clock = new ManualClock();
    answers({ status: 403, body: RPC_403 }, ok);
    const chat = sender({ circuitProbeIntervalMs: 600_000 }, { clock });

    chat.log(errorRecord('refused'));
    for (let index = 0; index < 4; index += 1) chat.log(errorRecord(`queued ${index}`));
    await clock.advanceUntil(() => reports.some((report) => report.includes('webhook was deleted or revoked')));
    await chat.flush();
    chat.log(errorRecord('while open'));
    expect(chat.stats()).toMatchObject({ received: 6, requests: 1, dropped: 6, queued: 0 });
    expect(reports.filter((line) => line.includes('webhook was deleted or revoked'))).toHaveLength(1);
    expect(reports[0]).toContain('key=***&token=***:');

    clock.advance(600_000);
    chat.log(errorRecord('probe'));
    await chat.flush();

    expect(chat.stats()).toMatchObject({ received: 7, requests: 2, sent: 1, dropped: 6 });
    expect(posted[1]?.body.text).toContain('6 earlier records were not delivered');
    expect(reports.at(-1)).toContain('accepts messages for');
    await chat.close();
  });

  it('keeps memory bounded: beyond maxQueuedRecords distinct records, the least severe and oldest are dropped', async () => {
    answers(ok, ok);
    const chat = sender({ maxQueuedRecords: 2, threading: false, level: 'warn' });

    chat.log(errorRecord('old error'));
    chat.log(errorRecord('a warning', 'warn', 40));
    chat.log(errorRecord('new error'));
    chat.log(errorRecord('new error')); // a repeat costs no memory: it only counts
    await chat.flush();

    const text = posted.map((message) => message.body.text).join('\n');
    expect(text).toContain('old error');
    expect(text).toContain('🔴 ×2 *ERROR* app · new error');
    expect(text).not.toContain('a warning');
    expect(text).toContain('1 earlier record was not delivered');
    expect(chat.stats()).toMatchObject({ received: 4, filtered: 0, sent: 3, dropped: 1, queued: 0 });
    expect(reports).toEqual([expect.stringContaining('too many different records are waiting for Chat')]);
    await chat.close();
  });

  it('close() gives up on what it cannot send by its deadline, and counts it', async () => {
    const clock = new ManualClock();
    agent
      .get(ORIGIN)
      .intercept({ path: () => true, method: 'POST' })
      .reply(200, {})
      .delay(60_000)
      .persist();
    const chat = sender({ closeTimeoutMs: 8000 }, { clock });

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
    expect(reports.join('\n')).toContain('close() reached its deadline');
    // With the number: a pino worker's stats() cannot be read by the app, its stderr can.
    expect(reports.join('\n')).toMatch(/close\(\) reached its deadline with 3 records for \S+ not delivered/);

    chat.log(errorRecord());
    expect(chat.stats()).toMatchObject({ received: 4, dropped: 4 });
    expect(reports.join('\n')).toContain('after the transport was closed');
  });

  it('close() cuts a request Chat hangs at half the time left, and the retry delivers before the deadline', async () => {
    const clock = new ManualClock();
    const pool = agent.get(ORIGIN);
    const requestIds: string[] = [];
    const requestIdOf = (path: string) => new URL(path, ORIGIN).searchParams.get('requestId') ?? '';
    // MockAgent calls a delayed reply only when the delay is over: the hung request is seen by its path.
    const hung = (path: string) => requestIds.length === 0 && requestIds.push(requestIdOf(path)) > 0;
    pool.intercept({ path: hung, method: 'POST' }).reply(200, {}).delay(60_000);
    pool.intercept({ path: () => true, method: 'POST' }).reply(200, (request) => {
      requestIds.push(requestIdOf(request.path));
      return { name: 'spaces/UNIT/messages/m' };
    });
    const chat = sender({ closeTimeoutMs: 8000 }, { clock });

    chat.log(errorRecord());
    const flushed = chat.flush();
    await until(() => requestIds.length === 1);
    clock.advance(2000); // the request has hung for 2 s when the app closes
    const closing = chat.close();
    clock.advance(3999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestIds).toHaveLength(1);
    clock.advance(1); // half of the 8 s left: cut short, and retried after a quarter second
    await clock.advanceUntil(() => requestIds.length === 2);
    await closing;
    await flushed;

    expect(requestIds[1]).toBe(requestIds[0]);
    expect(chat.stats()).toMatchObject({ received: 1, sent: 1, dropped: 0, requests: 2, retries: 1, queued: 0 });
    expect(reports.join('\n')).toContain('cut short so that a retry fits before the close deadline');
  });
});
