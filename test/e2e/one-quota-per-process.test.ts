import { describe, expect, it } from 'vitest';
import type { FakeChat } from '../fake-chat/fake-chat.js';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { type ChildResult, startChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

/** Chat's quota scaled down to 10 requests per 2 s, and gchat-log told the same. */
const QUOTA = { requests: 10, windowMs: 2000 };
const SCALED = {
  GCHAT_LOG_RATE_LIMIT_REQUESTS: String(QUOTA.requests),
  GCHAT_LOG_RATE_LIMIT_INTERVAL_MS: String(QUOTA.windowMs),
};

/** The most requests the fake answered in any sliding window of the quota's length. */
function busiestWindow(chat: FakeChat): number {
  const times = chat.requests.map((request) => request.at).sort((a, b) => a - b);
  return Math.max(0, ...times.map((start) => times.filter((at) => at >= start && at < start + QUOTA.windowMs).length));
}

/** How many messages of each thread carry a full report (a code block: the stack). */
function fullReportsPerThread(chat: FakeChat, space: string): number[] {
  const counts = new Map<string, number>();
  for (const message of chat.messagesIn(space)) {
    if (message.threadKey === undefined) continue;
    counts.set(message.threadKey, (counts.get(message.threadKey) ?? 0) + (message.text?.includes('```') ? 1 : 0));
  }
  return [...counts.values()];
}

const represented = (chat: FakeChat, space: string) =>
  chat.messagesIn(space).reduce((sum, message) => sum + representedRecords(message.text), 0);

/**
 * A clean run that kept to one quota: no 429, never more requests in a window than the limit, each
 * error's full report exactly once, and every record represented in Chat.
 */
function expectOneQuota(result: ChildResult, chat: FakeChat, space: string, errors: number, records: number): void {
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  expect(chat.countAnswered(429)).toBe(0);
  expect(busiestWindow(chat)).toBeLessThanOrEqual(QUOTA.requests);
  expect(fullReportsPerThread(chat, space).sort()).toEqual(Array.from({ length: errors }, () => 1));
  expect(represented(chat, space)).toBe(records);
}

describe('one process, one quota, one report per error', () => {
  const fake = useFakeChat({ quotaRequests: QUOTA.requests, quotaWindowMs: QUOTA.windowMs });

  it("pino's worker transport and a winston transport in one process keep within one space's quota together", async () => {
    // 16 distinct errors, 8 through each logger: more than one window's 10 requests.
    const result = await startChildApp('two-loggers-app.mjs', {
      MODE: 'transports',
      DISTINCT: '16',
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('TWO'),
      ...SCALED,
    }).done;

    expectOneQuota(result, fake().chat, 'TWO', 16, 16);
    expect(fake().chat.requests.length).toBeGreaterThan(QUOTA.requests);
    const winston = JSON.parse(result.stdout.trim());
    expect(winston).toMatchObject({ received: 8, sent: 8, queued: 0, dropped: 0, failed: 0 });
  });

  it.each([
    ['gchat-log loaded before pino starts its worker', 'false'],
    ['gchat-log loaded once the worker runs (the threads meet on their channel)', 'true'],
  ])(
    "the same errors through pino's worker and winston, %s: one full report each, the other's occurrences counted",
    async (_, late) => {
      const result = await startChildApp('two-loggers-app.mjs', {
        MODE: 'transports',
        SAME: 'true',
        LATE: late,
        DISTINCT: '8',
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('SAME'),
        ...SCALED,
      }).done;

      expectOneQuota(result, fake().chat, 'SAME', 8, 16);
      const winston = JSON.parse(result.stdout.trim());
      expect(winston.received).toBe(8);
      expect(winston.sent + winston.countedByFleet).toBe(8);
      expect(winston).toMatchObject({ queued: 0, dropped: 0, failed: 0 });
    },
  );

  it("the app's own Worker threads, loading gchat-log at the same moment: one full report each", async () => {
    const result = await startChildApp('worker-threads-app.mjs', {
      WORKERS: '3',
      DISTINCT: '8',
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('WORKERS'),
      ...SCALED,
    }).done;

    expectOneQuota(result, fake().chat, 'WORKERS', 8, 24);
  });

  it('the preload with one pino and two winston loggers logging the same errors: one full report each', async () => {
    const result = await startChildApp(
      'two-loggers-app.mjs',
      { MODE: 'preload', DISTINCT: '8', GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('PRELOAD'), ...SCALED },
      ['--import', '@gchat-log/register'],
    ).done;

    expectOneQuota(result, fake().chat, 'PRELOAD', 8, 24);
  });
});
