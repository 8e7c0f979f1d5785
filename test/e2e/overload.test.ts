import { describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../fake-chat/fake-chat.js';
import { startFakeChat } from '../fake-chat/server.js';
import { waitFor } from '../fake-chat/wait-for.js';
import { startChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

const CAUSES = 100;
const LOGGERS = ['pino', 'winston'] as const;

/** The most requests the fake answered within any `windowMs` (sliding). */
function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

const causesNamedIn = (message: ReceivedMessage) =>
  [...(message.text ?? '').matchAll(/cause-(\d+) broke/g)].map((match) => Number(match[1]));

describe('overload that still tells the story (fake Chat at the real quota)', () => {
  // Both loggers at once: each run spends about a minute waiting for Chat's quota, not the CPU.
  it.concurrent.each(LOGGERS)(
    '%s: a bad deploy of 100 causes — digests name every cause, then each full report reaches its own thread, 0 × 429',
    async (logger) => {
      const fake = await startFakeChat();
      try {
        const app = startChildApp('overload-app.mjs', {
          LOGGER: logger,
          SCENARIO: 'causes',
          CAUSES: String(CAUSES),
          GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl('CAUSES'),
        });
        const loggedAt = await new Promise<number>((resolve) => app.process.once('message', () => resolve(Date.now())));
        const fullReports = () =>
          fake.chat.messagesIn('CAUSES').filter((message) => message.startedThread && message.threadKey !== undefined);
        await waitFor(() => fullReports().length >= CAUSES, 150_000, `${CAUSES} full reports`);
        app.process.send('stop');
        const result = await app.done;
        expect(result.code, result.stderr).toBe(0);

        const messages = fake.chat.messagesIn('CAUSES');
        const digests = messages.filter((message) => message.threadKey === undefined);
        const reports = fullReports();
        expect(fake.chat.countAnswered(429)).toBe(0);
        expect(
          mostInAnyWindow(
            fake.chat.requests.map((request) => request.at),
            60_000,
          ),
        ).toBeLessThanOrEqual(50);

        // The digests come first, and together name each of the 100 causes once, with its error, place and message.
        expect(digests.length).toBeGreaterThan(0);
        const lastDigestAt = Math.max(...digests.map((digest) => digest.receivedAt));
        expect(reports.every((report) => report.receivedAt >= lastDigestAt)).toBe(true);
        const named = digests.flatMap(causesNamedIn).sort((a, b) => a - b);
        expect(named).toEqual(Array.from({ length: CAUSES }, (_, index) => index));
        for (const digest of digests) {
          for (const line of (digest.text ?? '').split('\n').filter((text) => text.includes('cause-'))) {
            expect(line).toMatch(/^🔴 \*ERROR\* .*failed · Error: cause-(\d+) broke · at \S*causes\.mjs:cause\1 · /u);
          }
        }
        // Each cause's full report, stack included, in a thread of its own; it counts no record twice.
        expect(new Set(reports.map((report) => report.threadName)).size).toBe(CAUSES);
        const reportedCauses = reports.map((report) => {
          const [cause] = causesNamedIn(report);
          expect(report.text).toContain(`at cause${cause} (`);
          return cause;
        });
        expect(reportedCauses.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(named);
        expect(messages.reduce((sum, message) => sum + representedRecords(message.text), 0)).toBe(CAUSES);
        if (logger === 'winston') {
          const stats = JSON.parse(result.stdout);
          expect(stats).toMatchObject({ received: CAUSES, digested: CAUSES, sent: 0, dropped: 0, failed: 0 });
        }
        const seconds = (at: number) => ((at - loggedAt) / 1000).toFixed(1);
        console.info(
          `${logger}, ${CAUSES} causes: ${digests.length} digests between t+${seconds(Math.min(...digests.map((digest) => digest.receivedAt)))} s and t+${seconds(lastDigestAt)} s, last full report at t+${seconds(Math.max(...reports.map((report) => report.receivedAt)))} s, ${fake.chat.requests.length} requests, most in a 60 s window ${mostInAnyWindow(
            fake.chat.requests.map((request) => request.at),
            60_000,
          )}`,
        );
      } finally {
        await fake.close();
      }
    },
    180_000,
  );

  /** Runs a short scenario to its exit and returns the text of the one message it must have sent. */
  async function onlyMessageOf(logger: string, scenario: string, extra: Record<string, string> = {}): Promise<string> {
    const fake = await startFakeChat();
    try {
      const result = await startChildApp('overload-app.mjs', {
        LOGGER: logger,
        SCENARIO: scenario,
        GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl('SHORT'),
        ...extra,
      }).done;
      expect(result.code, result.stderr).toBe(0);
      const messages = fake.chat.messagesIn('SHORT');
      expect(messages).toHaveLength(1);
      return messages[0]?.text ?? '';
    } finally {
      await fake.close();
    }
  }

  it.concurrent.each(LOGGERS)(
    '%s: five messages from one throw site are five lines of one message in one thread',
    async (logger) => {
      const text = await onlyMessageOf(logger, 'five-messages');
      for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) expect(text).toContain(`boom-${word}`);
      expect(representedRecords(text)).toBe(5);
      expect(text).not.toContain('×5');
    },
  );

  it.concurrent.each(LOGGERS)('%s: "order N failed" for 40 orders is one line ×40', async (logger) => {
    const text = await onlyMessageOf(logger, 'orders', { COUNT: '40' });
    expect(text.split('\n')[1]).toMatch(/^×40 between /);
    expect(text.match(/order \d+ failed/g)).toHaveLength(1);
    expect(representedRecords(text)).toBe(40);
  });
});
