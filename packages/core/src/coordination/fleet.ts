import { setTimeout as sleep } from 'node:timers/promises';
import type { Diagnostics } from '../diagnostics.js';
import type { Coordinator, FleetAnswer, FleetQuota, OccurrenceReport } from './coordinator.js';

/** Longest wait for the coordinator (Redis) before a call falls back to per-process behaviour. */
export const FLEET_TIMEOUT_MS = 1000;

/**
 * The coordinator as the sender uses it: every call bounded by {@link FLEET_TIMEOUT_MS}, and any
 * failure (down, slow, refused, not installed) answered with `undefined`, which means "decide alone":
 * per-process rate limits, and this replica posts its own records. The trouble is reported once, and
 * its end once.
 */
export class Fleet {
  readonly #coordinator: Promise<Coordinator>;
  readonly #diagnostics: Diagnostics;
  readonly #describe: string;
  #degraded = false;
  #users = 0;

  /** @param describe names the coordinator in reports, credentials masked ("Redis at redis://…"). */
  constructor(coordinator: Promise<Coordinator>, diagnostics: Diagnostics, describe: string) {
    this.#coordinator = coordinator;
    // A coordinator that cannot be loaded is reported by the first call that needs it.
    this.#coordinator.catch(() => {});
    this.#diagnostics = diagnostics;
    this.#describe = describe;
  }

  /** Waits until the space's fleet-wide budget has room for one request; at once when the fleet cannot be asked. */
  async waitForRequestSlot(spaceKey: string, quota: FleetQuota, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const waitMs = await this.#call((coordinator) => coordinator.takeRequest(spaceKey, quota));
      if (waitMs === undefined || waitMs <= 0) return;
      await sleep(waitMs, undefined, signal === undefined ? {} : { signal });
    }
  }

  report(reports: readonly OccurrenceReport[], windowMs: number): Promise<FleetAnswer[] | undefined> {
    return this.#call((coordinator) => coordinator.report(reports, windowMs));
  }

  release(threadKeys: readonly string[]): Promise<FleetAnswer[] | undefined> {
    return this.#call((coordinator) => coordinator.release(threadKeys));
  }

  /** Another sender uses this fleet: it is closed when the last one closes it. */
  share(): this {
    this.#users += 1;
    return this;
  }

  async close(): Promise<void> {
    this.#users -= 1;
    if (this.#users > 0) return;
    const coordinator = await this.#coordinator.catch(() => undefined);
    await coordinator?.close().catch(() => {});
  }

  async #call<T>(use: (coordinator: Coordinator) => Promise<T>): Promise<T | undefined> {
    const timeout = new AbortController();
    try {
      const result = await Promise.race([
        this.#coordinator.then(use),
        sleep(FLEET_TIMEOUT_MS, undefined, { signal: timeout.signal, ref: false }).then(() => {
          throw new Error(`no answer within ${FLEET_TIMEOUT_MS} ms`);
        }),
      ]);
      if (this.#degraded) {
        this.#degraded = false;
        this.#diagnostics.report(
          'fleet-recovered',
          'fleet-recovered',
          `gchat-log: ${this.#describe} answers again; the fleet shares its quota and counts again.`,
        );
      }
      return result;
    } catch (error) {
      if (!this.#degraded) {
        this.#degraded = true;
        this.#diagnostics.report(
          'fleet-unavailable',
          'fleet-unavailable',
          `gchat-log: ${this.#describe} cannot be used (${error instanceof Error ? error.message : String(error)}); each process now keeps to its own rate limit and posts its own records until it answers again.`,
        );
      }
      return undefined;
    } finally {
      timeout.abort();
    }
  }
}
