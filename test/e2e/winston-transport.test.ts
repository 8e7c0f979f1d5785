import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { runChildApp } from './child-app.js';
import { expectBurstDelivered } from './expect-burst-delivered.js';
import { representedRecords } from './represented-records.js';

describe('real winston with GoogleChatTransport', () => {
  describe('at Google Chat quota', () => {
    const fake = useFakeChat();

    it('delivers every error before logger.end() finishes, one message per root cause, stacks kept', async () => {
      const result = await runChildApp('winston-app.mjs', { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('WINSTON') });

      expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'finished\n' });
      const [payments, stock, ...others] = fake().chat.messagesIn('WINSTON');
      expect(others).toEqual([]);
      // One message per root cause whichever way the error was logged (logger.error(err),
      // logger.error('msg', err), { err }, { error }): only possible if its stack was kept.
      expect([payments, stock].map((message) => representedRecords(message?.text))).toEqual([3, 2]);
      expect(payments?.threadName).not.toBe(stock?.threadName);
      expect(payments?.text).toContain('*ERROR* · winston-e2e');
      expect(payments?.text).toContain('TypeError: card declined for order 1');
      expect(payments?.text).toContain('at chargeCard');
      expect(stock?.text).toContain('Kind1Error: order 2 failed');
      expect(stock?.text).toContain('at errorOfKind');
      expect(stock?.text).toContain('orderId: 2');
    });

    it('sends cards that the fake Chat accepts when GCHAT_LOG_MESSAGE_FORMAT=cards', async () => {
      const result = await runChildApp('winston-app.mjs', {
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('CARDS'),
        GCHAT_LOG_MESSAGE_FORMAT: 'cards',
      });

      expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'finished\n' });
      expect(fake().chat.requests.map((request) => request.status)).toEqual([200, 200]);
      const [payments] = fake().chat.messagesIn('CARDS');
      expect(payments?.body.fallbackText).toBe('ERROR winston-e2e: card declined for order 1');
      expect(JSON.stringify(payments?.body.cardsV2)).toContain('TypeError: card declined for order 1');
      expect(payments?.threadKey).toMatch(/^err-v1-/);
    });

    it('is a silent no-op when no webhook URL is configured', async () => {
      const result = await runChildApp('winston-app.mjs', {});

      expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'finished\n' });
      expect(fake().chat.requests).toHaveLength(0);
    });
  });

  describe('with the quota window scaled down to 2 s (60 requests per 2 s)', () => {
    const fake = useFakeChat({ quotaWindowMs: 2000 });

    it('delivers a 300-error burst with no 429 and nothing lost before logger.end() finishes', async () => {
      const started = Date.now();
      const result = await runChildApp('winston-app.mjs', {
        SCENARIO: 'burst',
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('BURST'),
        GCHAT_LOG_RATE_LIMIT_INTERVAL_MS: '2000',
        GCHAT_LOG_CLOSE_TIMEOUT_MS: '60000',
      });
      const elapsedMs = Date.now() - started;

      expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'finished\n' });
      expectBurstDelivered(fake().chat, 'BURST');
      console.info(`winston: 300-error burst delivered in ${elapsedMs} ms at 50 requests per 2 s`);
    });
  });
});
