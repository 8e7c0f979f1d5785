import { describe, expect, it } from 'vitest';
import { acquireSpaceQueue, releaseSpaceQueue } from '../../src/queue/space-queues.js';

describe('space queues', () => {
  it('shares one queue per space key until every user released it', () => {
    const first = acquireSpaceQueue('host/S1', { requests: 5, intervalMs: 1000 });
    const second = acquireSpaceQueue('host/S1', { requests: 5, intervalMs: 1000 });
    expect(second).toBe(first);
    expect(acquireSpaceQueue('host/S2', { requests: 5, intervalMs: 1000 })).not.toBe(first);

    releaseSpaceQueue('host/S1');
    expect(acquireSpaceQueue('host/S1', { requests: 5, intervalMs: 1000 })).toBe(first);
    releaseSpaceQueue('host/S1');
    releaseSpaceQueue('host/S1');
    expect(acquireSpaceQueue('host/S1', { requests: 5, intervalMs: 1000 })).not.toBe(first);
  });

  it('runs tasks one at a time, in order, never more than the budget in any sliding window', async () => {
    const budget = { requests: 3, intervalMs: 300 };
    const queue = acquireSpaceQueue('host/sliding', budget);
    const starts: Array<{ index: number; at: number }> = [];
    let running = 0;
    let maxRunning = 0;
    const tasks = Array.from({ length: 10 }, (_, index) =>
      queue.add(async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        starts.push({ index, at: performance.now() });
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      }),
    );
    await Promise.all(tasks);
    releaseSpaceQueue('host/sliding');

    expect(starts.map((start) => start.index)).toEqual(Array.from({ length: 10 }, (_, index) => index));
    expect(maxRunning).toBe(1);
    for (const [position, start] of starts.entries()) {
      const inWindow = starts.filter((other) => other.at >= start.at && other.at < start.at + budget.intervalMs);
      expect(inWindow.length, `window starting at task ${position}`).toBeLessThanOrEqual(budget.requests);
    }
  });
});
