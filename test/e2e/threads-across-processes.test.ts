import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { runChildApp } from './child-app.js';

describe('one thread per root cause across processes and loggers', () => {
  const fake = useFakeChat();

  it('a pino process and a winston process of one service thread the same two errors into two threads', async () => {
    const env = { SCENARIO: 'orders', GCHAT_LOG_SERVICE: 'orders', GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('ORDERS') };
    const [pinoRun, winstonRun] = await Promise.all([
      runChildApp('pino-app.mjs', env),
      runChildApp('winston-app.mjs', env),
    ]);

    expect([pinoRun.code, winstonRun.code]).toEqual([0, 0]);
    const messages = fake().chat.messagesIn('ORDERS');
    expect(messages).toHaveLength(10);
    const threads = new Map<string, string[]>();
    for (const message of messages) {
      const order = message.text?.match(/order (\d) failed/)?.[1] ?? '?';
      threads.set(message.threadName, [...(threads.get(message.threadName) ?? []), order]);
    }
    // Even orders fail at the card, odd ones at the stock: each process logs 2 + 3 of them.
    expect([...threads.values()].map((orders) => orders.sort().join(','))).toEqual(
      expect.arrayContaining(['2,2,4,4', '1,1,3,3,5,5']),
    );
    expect(threads.size).toBe(2);
  });
});
