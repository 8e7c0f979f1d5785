import { describe, expect, it } from 'vitest';
import { acquireSpaceLane, releaseSpaceLane } from '../../src/queue/space-lanes.js';
import { ManualClock } from '../manual-clock.js';

const BUDGET = { requests: 5, intervalMs: 1000 };

describe('space lanes', () => {
  it('shares one lane per space key until every user released it', () => {
    const first = acquireSpaceLane('host/S1', BUDGET);
    const second = acquireSpaceLane('host/S1', BUDGET);
    expect(second).toBe(first);
    expect(acquireSpaceLane('host/S2', BUDGET)).not.toBe(first);

    releaseSpaceLane('host/S1');
    expect(acquireSpaceLane('host/S1', BUDGET)).toBe(first);
    releaseSpaceLane('host/S1');
    releaseSpaceLane('host/S1');
    expect(acquireSpaceLane('host/S1', BUDGET)).not.toBe(first);
    releaseSpaceLane('host/S1');
    releaseSpaceLane('host/S2');
  });

  it('runs tasks one at a time, in order, never more than the budget in any sliding window', async () => {
    const budget = { requests: 3, intervalMs: 300 };
    const lane = acquireSpaceLane('host/sliding', budget);
    const starts: Array<{ index: number; at: number }> = [];
    let running = 0;
    let maxRunning = 0;
    const signal = new AbortController().signal;
    const tasks = Array.from({ length: 10 }, (_, index) =>
      lane.run(
        async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          starts.push({ index, at: performance.now() });
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        },
        { priority: 0, signal },
      ),
    );
    await Promise.all(tasks);
    releaseSpaceLane('host/sliding');

    expect(starts.map((start) => start.index)).toEqual(Array.from({ length: 10 }, (_, index) => index));
    expect(maxRunning).toBe(1);
    for (const [position, start] of starts.entries()) {
      const inWindow = starts.filter((other) => other.at >= start.at && other.at < start.at + budget.intervalMs);
      expect(inWindow.length, `window starting at task ${position}`).toBeLessThanOrEqual(budget.requests);
    }
  });

  it('holds the whole lane for a delay, extending but never shortening a hold', async () => {
    const clock = new ManualClock();
    const lane = acquireSpaceLane('host/held', BUDGET);
    const ran: string[] = [];

    lane.holdFor(1000, clock);
    lane.holdFor(500, clock);
    const done = lane.run(async () => ran.push('a'), { priority: 0, signal: new AbortController().signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    clock.advance(999);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ran).toEqual([]);
    clock.advance(1);
    await done;
    expect(ran).toEqual(['a']);
    releaseSpaceLane('host/held');
  });
});
