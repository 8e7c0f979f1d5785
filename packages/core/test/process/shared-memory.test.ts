import { describe, expect, it } from 'vitest';
import {
  LOCK_BYTE_OFFSET,
  LOCKED_AT_BYTE_OFFSET,
  SharedMemory,
  SPACES,
  WINDOW_CAPACITY,
} from '../../src/process/shared-memory.js';

const LIMIT = { requests: 3, intervalMs: 1000 };

describe('the memory the senders of a process share', () => {
  it("keeps each space's sliding window: requests within the limit, then the wait until one frees up", () => {
    const memory = new SharedMemory();
    expect([0, 100, 200].map((at) => memory.takeRequest('S', LIMIT, at))).toEqual([0, 0, 0]);
    expect(memory.takeRequest('S', LIMIT, 300)).toBe(700);
    expect(memory.takeRequest('OTHER', LIMIT, 300)).toBe(0);
    expect(memory.takeRequest('S', LIMIT, 1000)).toBe(0);
    expect(memory.takeRequest('S', LIMIT, 1001)).toBe(99);
  });

  it('will not share a window larger than it can hold', () => {
    expect(new SharedMemory().takeRequest('S', { requests: WINDOW_CAPACITY + 1, intervalMs: 1000 }, 0)).toBeUndefined();
  });

  it('elects the first participant to report a signature, counts the others, and shows them to the reporter', () => {
    const memory = new SharedMemory();
    expect(memory.report('S sig', 2, 1, { windowMs: 60_000, leaseMs: 60_000 }, 0)).toEqual({
      reporter: true,
      othersUnshown: 0,
      total: 2,
      replicas: 1,
      threadOpened: false,
    });
    expect(memory.report('S sig', 3, 2, { windowMs: 60_000, leaseMs: 60_000 }, 10)).toEqual({
      reporter: false,
      othersUnshown: 0,
      total: 5,
      replicas: 2,
      threadOpened: true,
    });
    expect(memory.report('S sig', 0, 1, { windowMs: 60_000, leaseMs: 60_000 }, 20)).toEqual({
      reporter: true,
      othersUnshown: 3,
      total: 5,
      replicas: 2,
      threadOpened: true,
    });
    expect(memory.report('S other', 1, 2, { windowMs: 60_000, leaseMs: 60_000 }, 20)).toMatchObject({
      reporter: true,
      total: 1,
    });
  });

  it('hands a released signature over with what was not shown, and forgets it after its window', () => {
    const memory = new SharedMemory();
    memory.report('S sig', 1, 1, { windowMs: 1000, leaseMs: 1000 }, 0);
    memory.report('S sig', 4, 2, { windowMs: 1000, leaseMs: 1000 }, 10);
    expect(memory.release('S sig', 2, 20)).toMatchObject({ reporter: false });
    expect(memory.release('S sig', 1, 20)).toEqual({
      reporter: true,
      othersUnshown: 4,
      total: 5,
      replicas: 2,
      threadOpened: true,
    });
    expect(memory.report('S sig', 1, 2, { windowMs: 1000, leaseMs: 1000 }, 30)).toMatchObject({
      reporter: true,
      othersUnshown: 0,
      threadOpened: true,
    });
    expect(memory.report('S sig', 1, 3, { windowMs: 1000, leaseMs: 1000 }, 5000)).toEqual({
      reporter: true,
      othersUnshown: 0,
      total: 1,
      replicas: 1,
      threadOpened: false,
    });
  });

  it('replaces a reporter whose lease ended (a thread that died without releasing), showing what it had not', () => {
    const memory = new SharedMemory();
    const times = { windowMs: 60_000, leaseMs: 100 };
    expect(memory.report('S sig', 1, 1, times, 0)).toMatchObject({ reporter: true });
    expect(memory.report('S sig', 5, 2, times, 50)).toMatchObject({ reporter: false });
    expect(memory.report('S sig', 0, 2, times, 200)).toEqual({
      reporter: true,
      othersUnshown: 5,
      total: 6,
      replicas: 2,
      threadOpened: true,
    });
  });

  it('gives a space whose window emptied its place up, so that any number of spaces over a life can share', () => {
    const memory = new SharedMemory();
    for (let space = 0; space < SPACES; space += 1) expect(memory.takeRequest(`S${space}`, LIMIT, 0)).toBe(0);
    expect(memory.takeRequest('ONE-MORE', LIMIT, 500)).toBeUndefined();
    expect(memory.takeRequest('ONE-MORE', LIMIT, 1000)).toBe(0);
    expect(memory.takeRequest('S0', LIMIT, 1000)).toBe(0);
  });

  it('says a thing once', () => {
    const memory = new SharedMemory();
    expect([memory.firstTime('a'), memory.firstTime('b'), memory.firstTime('a')]).toEqual([true, true, false]);
  });

  it('is shared through its buffer: a copy made from it (as another thread receives it) is the same memory', () => {
    const memory = new SharedMemory();
    const received = new SharedMemory(memory.buffer);
    memory.takeRequest('S', LIMIT, 0);
    memory.takeRequest('S', LIMIT, 0);
    expect(received.isSameAs(memory)).toBe(true);
    expect(received.takeRequest('S', LIMIT, 0)).toBe(0);
    expect(memory.takeRequest('S', LIMIT, 0)).toBe(1000);
    expect(SharedMemory.fits(memory.buffer)).toBe(true);
    expect(SharedMemory.fits(new SharedArrayBuffer(16))).toBe(false);
  });

  it('copies a younger memory into the older one when two threads meet: budgets stay whole, reporters stay', () => {
    const older = new SharedMemory(undefined, 1);
    const younger = new SharedMemory(undefined, 2);
    expect(older.isOlderThan(younger)).toBe(true);
    older.takeRequest('S', LIMIT, 0);
    younger.takeRequest('S', LIMIT, 0);
    younger.takeRequest('S', LIMIT, 0);
    older.report('S shared', 1, 1, { windowMs: 60_000, leaseMs: 60_000 }, 0);
    younger.report('S shared', 2, 2, { windowMs: 60_000, leaseMs: 60_000 }, 0);
    younger.report('S young', 1, 2, { windowMs: 60_000, leaseMs: 60_000 }, 0);
    younger.firstTime('said');

    younger.copyInto(older, 10);

    expect(older.takeRequest('S', LIMIT, 10)).toBe(990);
    expect(older.report('S shared', 0, 2, { windowMs: 60_000, leaseMs: 60_000 }, 10)).toMatchObject({
      reporter: false,
      total: 3,
    });
    expect(older.report('S young', 0, 2, { windowMs: 60_000, leaseMs: 60_000 }, 10)).toMatchObject({
      reporter: true,
      total: 1,
    });
    expect(older.firstTime('said')).toBe(false);
  });

  it('takes over a lock left by a thread that died holding it, and gives up on a lock held now', () => {
    const memory = new SharedMemory();
    const lock = new Int32Array(memory.buffer, LOCK_BYTE_OFFSET, 1);
    const lockedAt = new Float64Array(memory.buffer, LOCKED_AT_BYTE_OFFSET, 1);
    Atomics.store(lock, 0, 12345); // another thread's token…
    lockedAt[0] = Date.now() - 10_000; // …taken 10 s ago and never given back: it died inside
    expect(memory.takeRequest('S', LIMIT, 0)).toBe(0);
    expect(Atomics.load(lock, 0)).toBe(0);
    Atomics.store(lock, 0, 12345);
    lockedAt[0] = Date.now(); // taken just now by another thread, alive
    expect(memory.takeRequest('S', LIMIT, 0)).toBeUndefined();
    expect(Atomics.load(lock, 0)).toBe(12345); // and left to it
    lockedAt[0] = Date.now() + 60_000; // a clock that stepped back: not stale either
    expect(memory.takeRequest('S', LIMIT, 0)).toBeUndefined();
    Atomics.store(lock, 0, 0);
    expect(memory.takeRequest('S', LIMIT, 0)).toBe(0);
  });
});
