import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { waitFor } from '../fake-chat/wait-for.js';
import { runChildApp, startChildApp } from './child-app.js';
import { expectBurstDelivered } from './expect-burst-delivered.js';
import { representedRecords } from './represented-records.js';

describe('real pino with @gchat-log/pino in its worker thread', () => {
  describe('at Google Chat quota', () => {
    const fake = useFakeChat();

    it('delivers every error on a normal exit: one message per root cause, in order, repeats counted', async () => {
      const result = await runChildApp('pino-app.mjs', { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('PINO') });

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const [payments, stock, ...others] = fake().chat.messagesIn('PINO');
      expect(others).toEqual([]);
      // Orders 1, 3 and 5 failed at the card, 2 and 4 at the stock: one de-duplicated message each.
      expect([payments, stock].map((message) => representedRecords(message?.text))).toEqual([3, 2]);
      expect([payments?.startedThread, stock?.startedThread]).toEqual([true, true]);
      expect(stock?.threadName).not.toBe(payments?.threadName);
      expect(payments?.threadKey).toMatch(/^err-v1-[A-Za-z0-9_-]{22}$/);
      expect(payments?.text).toContain('*ERROR* · pino-e2e');
      expect(payments?.text).toMatch(/\n×3 between \d\d:\d\d:\d\d and \d\d:\d\d:\d\d UTC\n/);
      expect(payments?.text).toContain('payment failed #1');
      expect(payments?.text).toContain('TypeError: card declined for order 1');
      expect(payments?.text).toContain('at chargeCard');
      expect(payments?.text).toContain('orderId: 1');
      expect(stock?.text).toContain('Kind1Error: order 2 failed');
    });

    it('works as one of several pino targets, with its own level', async () => {
      const result = await runChildApp('pino-app.mjs', {
        SCENARIO: 'targets',
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('TARGETS'),
      });

      expect(result).toMatchObject({ code: 0, stderr: '' });
      const texts = fake()
        .chat.messagesIn('TARGETS')
        .map((message) => message.text ?? '');
      expect(texts).toHaveLength(2);
      expect(texts[0]).toContain('*WARN* · pino-e2e');
      expect(texts[0]).toContain('disk: 91%');
      expect(texts[1]).toContain('TypeError: card declined for order 1');
    });

    it('is a silent no-op when no webhook URL is configured', async () => {
      const result = await runChildApp('pino-app.mjs', {});

      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(fake().chat.requests).toHaveLength(0);
    });
  });

  describe('with the quota window scaled down to 2 s (60 requests per 2 s)', () => {
    const fake = useFakeChat({ quotaWindowMs: 2000 });

    it('delivers a 300-error burst with no 429 and nothing lost', async () => {
      const started = Date.now();
      const app = startChildApp('pino-app.mjs', {
        SCENARIO: 'burst',
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('BURST'),
        GCHAT_LOG_RATE_LIMIT_INTERVAL_MS: '2000',
      });
      const represented = () =>
        fake()
          .chat.messagesIn('BURST')
          .reduce((sum, message) => sum + representedRecords(message.text), 0);
      await waitFor(() => represented() >= 300, 60_000, '300 records represented');
      const elapsedMs = Date.now() - started;
      app.process.send('stop');
      const result = await app.done;

      expect(result).toMatchObject({ code: 0, stderr: '' });
      expectBurstDelivered(fake().chat, 'BURST');
      console.info(`pino: 300-error burst delivered in ${elapsedMs} ms at 50 requests per 2 s`);
    });
  });
});
