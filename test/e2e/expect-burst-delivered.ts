import { expect } from 'vitest';
import type { FakeChat } from '../fake-chat/fake-chat.js';
import { representedRecords } from './represented-records.js';

/**
 * The burst fixtures log `burst #0` … `burst #299`, ten distinct errors in turn: every record must be
 * represented, one message per error (each counting its 30), in 10 threads, with no 429.
 */
export function expectBurstDelivered(chat: FakeChat, spaceId: string): void {
  expect(chat.countAnswered(429)).toBe(0);
  const messages = chat.messagesIn(spaceId);
  expect(messages).toHaveLength(10);
  expect(messages.map((message) => representedRecords(message.text))).toEqual(Array(10).fill(30));
  expect(messages.map((message) => message.text?.match(/burst #(\d+)/)?.[1])).toEqual(
    Array.from({ length: 10 }, (_, index) => String(index)),
  );
  expect(new Set(messages.map((message) => message.threadName)).size).toBe(10);
}
