import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { runChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

describe('one thread per root cause across processes and loggers', () => {
  const fake = useFakeChat();

  it('a pino process and a winston process of one service thread the same two errors into two threads', async () => {
    const env = { SCENARIO: 'orders', GCHAT_LOG_SERVICE: 'orders', GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('ORDERS') };
    const [pinoRun, winstonRun] = await Promise.all([
      runChildApp('pino-app.mjs', env),
      runChildApp('winston-app.mjs', env),
    ]);

    expect([pinoRun.code, winstonRun.code]).toEqual([0, 0]);
    // Even orders fail at the card, odd ones at the stock: each process logs 2 + 3 of them, and each
    // process de-duplicates its own repeats into one message per thread.
    const threads = new Map<string, number>();
    for (const message of fake().chat.messagesIn('ORDERS')) {
      threads.set(message.threadName, (threads.get(message.threadName) ?? 0) + representedRecords(message.text));
    }
    expect([...threads.values()].sort()).toEqual([4, 6]);
    expect(threads.size).toBe(2);
  });
});
