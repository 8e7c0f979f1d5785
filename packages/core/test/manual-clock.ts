import type { Clock } from '../src/clock.js';

/** A clock that moves only when the test says so. */
export class ManualClock implements Clock {
  #now = 0;
  #timers: Array<{ at: number; callback: () => void }> = [];

  now(): number {
    return this.#now;
  }

  /**
   * Advances `stepMs` at a time (letting promises and the mock HTTP agent settle between steps) until
   * `condition` holds; throws after `limitMs` of clock time.
   */
  async advanceUntil(condition: () => boolean, stepMs = 10, limitMs = 600_000): Promise<void> {
    for (let advanced = 0; !condition(); advanced += stepMs) {
      if (advanced > limitMs) throw new Error(`condition not met within ${limitMs} ms of clock time`);
      this.advance(stepMs);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  schedule(callback: () => void, delayMs: number): () => void {
    const timer = { at: this.#now + delayMs, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((other) => other !== timer);
    };
  }

  /** Moves time forward, running every timer that falls due. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#timers.filter((timer) => timer.at <= this.#now);
    this.#timers = this.#timers.filter((timer) => timer.at > this.#now);
    for (const timer of due) timer.callback();
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.#timers.length;
  }
}
