import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { waitFor } from '../fake-chat/wait-for.js';
import { runChildApp, startChildApp } from './child-app.js';
import { expectBurstDelivered } from './expect-burst-delivered.js';

describe('real pino with @gchat-log/pino in its worker thread', () => {
  describe('at Google Chat quota', () => {
    const fake = useFakeChat();

    it('delivers every error on a normal exit, in order, one thread per root cause', async () => {
      const result = await runChildApp('pino-app.mjs', { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('PINO') });

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const messages = fake().chat.messagesIn('PINO');
      expect(messages.map((message) => message.text?.match(/(?:payment|stock) failed #\d/)?.[0])).toEqual([
        'payment failed #1',
        'stock failed #2',
        'payment failed #3',
        'stock failed #4',
        'payment failed #5',
      ]);
      const [payment1, stock2, payment3, stock4, payment5] = messages;
      expect(payment1?.startedThread).toBe(true);
      expect(stock2?.startedThread).toBe(true);
      expect(stock2?.threadName).not.toBe(payment1?.threadName);
      expect([payment3, payment5].map((message) => message?.threadName)).toEqual([
        payment1?.threadName,
        payment1?.threadName,
      ]);
      expect(stock4?.threadName).toBe(stock2?.threadName);
      expect(payment1?.threadKey).toMatch(/^err-v1-[A-Za-z0-9_-]{22}$/);
      expect(payment1?.text).toContain('*ERROR* · pino-e2e');
      expect(payment1?.text).toContain('TypeError: card declined for order 1');
      expect(payment1?.text).toContain('at chargeCard');
      expect(payment1?.text).toContain('orderId: 1');
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

    it('fails at startup naming the variable, with the credentials masked', async () => {
      const url = 'https://chat.example.com/v1/spaces/S/messages?key=SECRET-KEY&token=SECRET-TOKEN';
      const result = await runChildApp('pino-app.mjs', { GCHAT_LOG_WEBHOOK_URL: url });

      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('environment variable GCHAT_LOG_WEBHOOK_URL');
      expect(result.stderr).toContain('ERR_GCHAT_LOG_INVALID_WEBHOOK_URL');
      expect(result.stderr).toContain('key=***&token=***');
      expect(result.stderr).not.toMatch(/SECRET-(KEY|TOKEN)/);
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
      await waitFor(() => fake().chat.messagesIn('BURST').length >= 300, 60_000, '300 messages');
      const elapsedMs = Date.now() - started;
      app.process.send('stop');
      const result = await app.done;

      expect(result).toMatchObject({ code: 0, stderr: '' });
      expectBurstDelivered(fake().chat, 'BURST');
      console.info(`pino: 300-error burst delivered in ${elapsedMs} ms at 50 requests per 2 s`);
    });
  });
});
