import { expect } from 'vitest';
import type { FakeChat } from '../fake-chat/fake-chat.js';

/** The burst fixtures log `burst #0` … `burst #299` with 10 distinct errors: all must arrive, in order, in 10 threads, with no 429. */
export function expectBurstDelivered(chat: FakeChat, spaceId: string, records = 300): void {
  expect(chat.countAnswered(429)).toBe(0);
  const sequence = chat.messagesIn(spaceId).map((message) => Number(message.text?.match(/burst #(\d+)/)?.[1]));
  expect(sequence).toEqual(Array.from({ length: records }, (_, index) => index));
  expect(new Set(chat.messagesIn(spaceId).map((message) => message.threadName)).size).toBe(10);
}
