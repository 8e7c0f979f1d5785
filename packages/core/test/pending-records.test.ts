import { describe, expect, it } from 'vitest';
import { PendingRecords } from '../src/batching/pending-records.js';
import type { LogRecord } from '../src/record.js';

const record = (message: string): LogRecord => ({
  level: { value: 50, label: 'error' },
  time: Date.parse('2026-11-22T12:00:00Z'),
  message,
  fields: {},
});
const keep = (kept: LogRecord) => kept;

describe('PendingRecords', () => {
  it('frees an entry with every fold, and keeps every record counted', () => {
    const pending = new PendingRecords();
    for (const thread of ['a', 'b', 'c']) {
      for (const message of ['one', 'two', 'three']) pending.add(record(message), thread, message, keep);
    }
    expect(pending.entries).toBe(9);
    for (let fold = 1; fold <= 3; fold += 1) {
      expect(pending.foldOne()).toBe(true);
      expect(pending.entries).toBe(9 - fold);
    }
    // Each thread is down to one message and its folded entry: nothing more to fold.
    expect(pending.foldOne()).toBe(false);
    const counted = pending.readyGroups(Date.now(), 0, true).flatMap((group) => [...group.entries.values()]);
    expect(counted.reduce((sum, entry) => sum + entry.count, 0)).toBe(9);
  });

  it('keeps telling how many messages a folded entry holds once it is taken', () => {
    const pending = new PendingRecords();
    for (let message = 0; message < 14; message += 1) pending.add(record(`m${message}`), 't', `m${message}`, keep);
    const [group] = pending.readyGroups(Date.now(), 0, true);
    const folded = [...(group?.entries.values() ?? [])].find((entry) => entry.folded !== undefined);
    expect(folded?.folded?.messages).toBe(4);
    pending.take(group as NonNullable<typeof group>, [...(group?.entries.values() ?? [])]);
    expect(folded?.folded?.messages).toBe(4);
    expect(pending.entries).toBe(0);
  });

  it("at its bounds, counts a thread's new message in its folded entry instead of adding one", () => {
    const pending = new PendingRecords();
    pending.add(record('one'), 't', 'one', keep);
    expect(pending.add(record('two'), 't', 'two', keep, true)).toBe(true);
    expect(pending.add(record('three'), 't', 'three', keep, true)).toBe(false);
    expect(pending.entries).toBe(2);
  });
});
