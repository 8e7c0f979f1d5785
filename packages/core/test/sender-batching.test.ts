import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSender } from '../src/create-sender.js';
import type { SenderDependencies, SenderOptions } from '../src/options.js';
import type { LogRecord } from '../src/record.js';
import { MAX_TEXT_LENGTH } from '../src/render/chat-message.js';
import { GATHER_MS } from '../src/sender/scheduler.js';
import { ManualClock } from './manual-clock.js';
import { privateProcess } from './private-process.js';

const ORIGIN = 'http://127.0.0.1:9998';
let space = 0;

function errorOfKind(kind: number, message: string): LogRecord {
  return {
    level: { value: 50, label: 'error' },
    time: Date.parse('2026-11-22T12:00:00Z'),
    message,
    fields: {},
    error: {
      type: `Kind${kind}Error`,
      message,
      stack: `Kind${kind}Error: ${message}\n    at step${kind} (/srv/app/src/steps.js:${kind}:1)`,
    },
  };
}

async function waitFor(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('batching and de-duplication', () => {
  let agent: MockAgent;
  let posted: Array<{ text: string; threadKey?: string }>;

  beforeEach(() => {
    space += 1;
    posted = [];
    agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(ORIGIN)
      .intercept({ path: () => true, method: 'POST' })
      .reply(200, (request) => {
        const body = JSON.parse(String(request.body));
        posted.push({ text: body.text, threadKey: body.thread?.threadKey });
        return { name: 'spaces/S/messages/m' };
      })
      .persist();
  });

  afterEach(async () => {
    await agent.close();
  });

  function sender(options: SenderOptions = {}, dependencies: SenderDependencies = {}) {
    return createSender(
      { webhookUrl: `${ORIGIN}/v1/spaces/BATCH${space}/messages?key=k&token=t`, ...options },
      {
        dispatcher: agent,
        env: {},
        projectRoot: '/srv/app',
        onDiagnostic: () => {},
        processCoordinator: privateProcess(dependencies.clock),
        ...dependencies,
      },
    );
  }

  it('sends the first record after a quiet period at once (after gathering its burst), without waiting for the batch window', async () => {
    const clock = new ManualClock();
    const chat = sender({ batchWindowMs: 5000 }, { clock });

    chat.log(errorOfKind(1, 'first'));
    await clock.advanceUntil(() => posted.length === 1);

    expect(clock.now()).toBeLessThanOrEqual(20 + GATHER_MS + 20);
    expect(posted[0]?.text).toContain('first');
    await chat.close();
  });

  it('coalesces the records that follow within the batch window into one message per thread, counted exactly', async () => {
    const clock = new ManualClock();
    const chat = sender({ batchWindowMs: 5000 }, { clock });

    chat.log(errorOfKind(1, 'order 1 failed'));
    await clock.advanceUntil(() => posted.length === 1);
    const firstSentAt = clock.now();
    for (let index = 2; index <= 38; index += 1) chat.log(errorOfKind(1, `order ${index} failed`));
    await clock.advanceUntil(() => clock.now() >= firstSentAt + 4990);
    expect(posted).toHaveLength(1);
    await clock.advanceUntil(() => posted.length === 2);

    expect(posted[1]?.threadKey).toBe(posted[0]?.threadKey);
    expect(posted[1]?.text).toBe('🔴 ×37 *ERROR* app · order 2 failed');
    expect(chat.stats()).toMatchObject({ received: 38, sent: 38, messages: 2, queued: 0 });
    await chat.close();
  });

  it('turns a 300-error burst of 10 distinct errors into 10 messages that account for every record', async () => {
    const chat = sender();

    for (let index = 0; index < 300; index += 1) chat.log(errorOfKind(index % 10, `burst #${index}`));
    await chat.flush();

    expect(posted).toHaveLength(10);
    expect(new Set(posted.map((message) => message.threadKey)).size).toBe(10);
    for (const message of posted) expect(message.text).toMatch(/×30 between 12:00:00 and 12:00:00 UTC/);
    expect(posted.map((message) => message.text.match(/burst #(\d+)/)?.[1])).toEqual(
      Array.from({ length: 10 }, (_, index) => String(index)),
    );
    expect(chat.stats()).toMatchObject({ received: 300, sent: 300, messages: 10, dropped: 0, queued: 0 });
    await chat.close();
  });

  it('inside a thread, shows different messages as separate lines and counts the same ones together', async () => {
    const chat = sender();
    const sameThrowSite = (message: string): LogRecord => ({
      ...errorOfKind(1, message),
      error: errorOfKind(1, 'boom').error,
    });

    for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) chat.log(sameThrowSite(`boom-${word}`));
    for (let order = 1041; order < 1044; order += 1) chat.log(sameThrowSite(`order ${order} failed`));
    await chat.flush();

    expect(posted).toHaveLength(1);
    const text = posted[0]?.text ?? '';
    for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) expect(text).toContain(`boom-${word}`);
    expect(text).toContain('🔴 ×3 *ERROR* app · order 1041 failed');
    expect(text).not.toContain('order 1042');
    expect(chat.stats()).toMatchObject({ received: 8, sent: 8, messages: 1 });
    await chat.close();
  });

  it('beyond ten messages in a thread, folds the others into one line that says how many they were', async () => {
    const chat = sender();
    const word = (index: number) => String.fromCharCode(97 + index).repeat(3);

    for (let index = 0; index < 14; index += 1) {
      chat.log({ ...errorOfKind(1, `failure ${word(index)}`), error: errorOfKind(1, 'boom').error });
    }
    chat.log({ ...errorOfKind(1, `failure ${word(13)}`), error: errorOfKind(1, 'boom').error });
    await chat.flush();

    expect(posted).toHaveLength(1);
    const text = posted[0]?.text ?? '';
    for (let index = 0; index < 10; index += 1) expect(text).toContain(`failure ${word(index)}`);
    expect(text).toContain('🔴 ×5 (4 other messages, the first of them:) *ERROR* app · failure kkk');
    expect(chat.stats()).toMatchObject({ received: 15, sent: 15, messages: 1 });
    await chat.close();
  });

  it("at its bounds, folds a thread's further messages into one line rather than dropping records", async () => {
    const chat = sender({ maxQueuedRecords: 50, rateLimitRequests: 3 });
    const word = (index: number) => String.fromCharCode(97 + index).repeat(3);

    for (let round = 0; round < 3; round += 1) {
      for (let site = 0; site < 20; site += 1) {
        for (let message = 0; message < 12; message += 1)
          chat.log(errorOfKind(site, `payment ${word(message)} declined`));
      }
    }
    await chat.flush();

    const stats = chat.stats();
    expect(stats).toMatchObject({ received: 720, dropped: 0, queued: 0 });
    expect(stats.sent + stats.digested).toBe(720);
    await chat.close();
  });

  it('titles each digest with the records and causes it lists, not all that wait', async () => {
    const chat = sender({ rateLimitRequests: 3 });

    for (let kind = 0; kind < 120; kind += 1) chat.log(errorOfKind(kind, `kind ${kind} failed`));
    await chat.flush();

    const digests = posted.filter((message) => message.threadKey === undefined);
    expect(digests.length).toBeGreaterThan(1);
    for (const digest of digests) {
      const [title = '', ...lines] = digest.text.split('\n');
      const [, records, causes] = /(\d+) records? of (\d+) causes?/.exec(title) ?? [];
      expect(Number(causes)).toBe(lines.length);
      expect(Number(records)).toBe(lines.length);
    }
    expect(digests.reduce((sum, digest) => sum + digest.text.split('\n').length - 1, 0)).toBe(120);
    await chat.close();
  });

  it('in a sustained flood of the causes a digest named, sends their full reports during the flood', async () => {
    // Real time (the lane's window is p-queue's): 5 requests per second, 30 causes every 100 ms for 3 s.
    const chat = sender({ rateLimitRequests: 5, rateLimitIntervalMs: 1000, batchWindowMs: 200 });
    for (let tick = 0; tick < 30; tick += 1) {
      for (let kind = 0; kind < 30; kind += 1) chat.log(errorOfKind(kind, `kind ${kind} failed`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const fullReports = posted.filter((message) => message.text.split('\n')[1]?.startsWith('📎'));
    expect(posted[0]?.threadKey).toBeUndefined();
    // Digests keep the counts fresh, but every other message is a full report.
    expect(fullReports.length).toBeGreaterThanOrEqual(Math.floor((posted.length - 1) / 2));
    expect(fullReports.length).toBeGreaterThanOrEqual(4);
    await chat.close();
  });

  it('sends a digest naming each cause when more threads wait than the quota can carry', async () => {
    const chat = sender({ rateLimitRequests: 3 });

    for (let kind = 0; kind < 10; kind += 1) {
      for (let repeat = 0; repeat < 4; repeat += 1) chat.log(errorOfKind(kind, `kind ${kind} failed`));
    }
    await chat.flush();

    const [digest] = posted;
    expect(posted).toHaveLength(1);
    expect(digest?.threadKey).toBeUndefined();
    const lines = digest?.text.split('\n') ?? [];
    expect(lines[0]).toBe(
      "📋 Digest · 40 records of 10 causes: more threads were waiting than Chat's quota lets through. Full reports follow in their threads.",
    );
    // Each cause by its level, error type and first line (the record's message when it says more), the
    // app's frame and its times.
    for (let kind = 0; kind < 10; kind += 1) {
      expect(lines).toContain(
        `🔴 ×4 *ERROR* app · Kind${kind}Error: kind ${kind} failed · at src/steps.js:step${kind} · 12:00:00 UTC`,
      );
    }
    expect(chat.stats()).toMatchObject({ received: 40, sent: 0, digested: 40, messages: 1, queued: 0 });
    await chat.close();
  });

  it('after a digest, sends each cause its full report in its own thread as the quota frees up, new errors first', async () => {
    // Real time (the lane's window is p-queue's): 3 requests per 400 ms.
    const chat = sender({ rateLimitRequests: 3, rateLimitIntervalMs: 400, batchWindowMs: 100 });
    const startedAt = Date.now();

    for (let kind = 0; kind < 10; kind += 1) chat.log(errorOfKind(kind, `kind ${kind} failed`));
    await waitFor(() => posted.length === 1);
    expect(posted[0]?.threadKey).toBeUndefined();
    // A new error while the full reports wait: it goes before them.
    chat.log(errorOfKind(10, 'kind 10 failed'));
    await waitFor(() => posted.length === 12);

    const reports = posted.slice(1);
    expect(reports[0]?.text).toContain('Kind10Error');
    expect(reports[0]?.text).not.toContain('📎');
    for (const [index, report] of reports.slice(1).entries()) {
      expect(report.threadKey).toBeDefined();
      expect(report.text.split('\n')[1]).toBe('📎 Counted in a digest above: 1 record at 12:00:00 UTC');
      expect(report.text).toContain(`at step${index} (src/steps.js:${index}:1)`);
    }
    expect(new Set(reports.map((report) => report.threadKey)).size).toBe(11);
    // Within the quota: 12 messages at 3 per 400 ms take at least three windows.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(3 * 400);
    expect(chat.stats()).toMatchObject({ received: 11, sent: 1, digested: 10, messages: 12, queued: 0 });
    await chat.close();
  });

  it('drops the full reports still waiting at close: the digest already counted their records', async () => {
    const chat = sender({ rateLimitRequests: 3 });

    for (let kind = 0; kind < 10; kind += 1) chat.log(errorOfKind(kind, `kind ${kind} failed`));
    await chat.flush();
    const closing = chat.close();
    await closing;

    expect(posted).toHaveLength(1);
    expect(chat.stats()).toMatchObject({ received: 10, digested: 10, dropped: 0, messages: 1, queued: 0 });
  });

  it('fills messages up to the text limit and carries the rest over, losing nothing', async () => {
    const chat = sender({ threading: false });

    // Letters, not numbers: numbers are normalised away, and the records would de-duplicate into one.
    const word = (index: number) => String.fromCharCode(97 + Math.floor(index / 26), 97 + (index % 26));
    for (let index = 0; index < 200; index += 1) {
      chat.log(errorOfKind(1, `distinct failure ${word(index)} ${'y'.repeat(300)}`));
    }
    await chat.flush();

    expect(posted.length).toBeGreaterThan(10);
    for (const message of posted) {
      expect(message.text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
      expect(message.threadKey).toBeUndefined();
    }
    const seen = posted.flatMap((message) =>
      [...message.text.matchAll(/distinct failure ([a-z]{2}) /g)].map((match) => match[1]),
    );
    expect(new Set(seen).size).toBe(200);
    expect(chat.stats()).toMatchObject({ received: 200, sent: 200, dropped: 0, queued: 0 });
    await chat.close();
  });

  it('on closing, sends what it holds for threads already in Chat as one message, and new errors in full', async () => {
    const chat = sender();
    for (let kind = 0; kind < 3; kind += 1) chat.log(errorOfKind(kind, `kind ${kind} failed`));
    await chat.flush();
    expect(posted).toHaveLength(3);

    for (let kind = 0; kind < 3; kind += 1) {
      for (let repeat = 0; repeat < 4; repeat += 1) chat.log(errorOfKind(kind, `kind ${kind} failed again`));
    }
    chat.log(errorOfKind(7, 'a new error at the last moment'));
    await chat.close();

    const last = posted.slice(3);
    expect(last).toHaveLength(2);
    const closing = last.find((message) => message.text.startsWith('📋'));
    const fullReport = last.find((message) => message !== closing);
    expect(fullReport?.text).toContain('a new error at the last moment');
    expect(fullReport?.threadKey).toBeDefined();
    expect(closing?.threadKey).toBeUndefined();
    expect(closing?.text.split('\n')[0]).toBe(
      "📋 On closing · 12 more records of 3 errors since their threads' last messages",
    );
    expect(closing?.text.match(/×4 \*ERROR\*/g)).toHaveLength(3);
    expect(chat.stats()).toMatchObject({ received: 16, sent: 4, digested: 12, queued: 0, dropped: 0 });
  });

  it('on closing, one thread with something left gets a reply in its thread, not a separate message', async () => {
    const chat = sender();
    chat.log(errorOfKind(1, 'once'));
    await chat.flush();
    chat.log(errorOfKind(1, 'twice'));
    await chat.close();

    expect(posted).toHaveLength(2);
    expect(posted[1]?.threadKey).toBe(posted[0]?.threadKey);
  });
});
