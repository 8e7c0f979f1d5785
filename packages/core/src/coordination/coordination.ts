import { setTimeout as sleep } from 'node:timers/promises';
import type { Diagnostics } from '../diagnostics.js';
import type { RateLimit } from '../limits/rate-limit.js';
import type { Coordinator, FleetAnswer, OccurrenceReport } from './coordinator.js';

/** Longest wait for a coordinator (Redis) before a call falls back to deciding alone. */
export const COORDINATOR_TIMEOUT_MS = 1000;

/** How a message names the peers that share a space: other replicas, or other loggers of the process. */
export interface PeerWords {
  /** One peer: `replica`, `logger`. */
  readonly one: string;
  /** Several: `replicas`, `loggers`. */
  readonly many: string;
  /** Where the others' occurrences happened: `on other replicas`. */
  readonly elsewhere: string;
  /** The preposition before a count of them: `on` 23 replicas. */
  readonly preposition: string;
}

export const REPLICAS: PeerWords = {
  one: 'replica',
  many: 'replicas',
  elsewhere: 'on other replicas',
  preposition: 'on',
};
export const PROCESS_LOGGERS: PeerWords = {
  one: 'logger',
  many: 'loggers',
  elsewhere: 'in other loggers of this process',
  preposition: 'in',
};

/** A coordinator and how to speak of it. */
export interface CoordinationSettings {
  readonly diagnostics: Diagnostics;
  /** Names the coordinator in reports, credentials masked ("Redis at redis://…"). */
  readonly describe: string;
  /** Who the participants are, as messages name them. */
  readonly peers: PeerWords;
}

/**
 * A coordinator as the sender uses it: every call bounded by {@link COORDINATOR_TIMEOUT_MS}, and any
 * failure (down, slow, refused, not installed, busy) answered with `undefined`, which means "decide
 * alone": this participant's own limits, and it posts its own records. The trouble is reported once,
 * and its end once.
 */
export class Coordination {
  readonly peers: PeerWords;
  readonly #coordinator: Promise<Coordinator>;
  readonly #settings: CoordinationSettings;
  #degraded = false;
  #users = 0;

  constructor(coordinator: Promise<Coordinator>, settings: CoordinationSettings) {
    this.#coordinator = coordinator;
    // A coordinator that cannot be loaded is reported by the first call that needs it.
    this.#coordinator.catch(() => {});
    this.#settings = settings;
    this.peers = settings.peers;
  }

  /** 0 or the milliseconds until the space's shared budget has room; `undefined`: decide alone. */
  takeRequest(spaceKey: string, quota: RateLimit): Promise<number | undefined> {
    return this.#call((coordinator) => coordinator.takeRequest(spaceKey, quota));
  }

  report(reports: readonly OccurrenceReport[], windowMs: number, leaseMs: number): Promise<FleetAnswer[] | undefined> {
    return this.#call((coordinator) => coordinator.report(reports, windowMs, leaseMs));
  }

  release(keys: readonly string[]): Promise<FleetAnswer[] | undefined> {
    return this.#call((coordinator) => coordinator.release(keys));
  }

  /** Calls `listener` when the coordinator says earlier answers may be wrong; returns a function that stops it. */
  onReset(listener: () => void): () => void {
    let stop: (() => void) | undefined;
    let stopped = false;
    void this.#coordinator.then(
      (coordinator) => {
        if (!stopped) stop = coordinator.onReset?.(listener);
      },
      () => {},
    );
    return () => {
      stopped = true;
      stop?.();
    };
  }

  /** Another sender uses this coordination: it is closed when the last one closes it. */
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
    const { diagnostics, describe } = this.#settings;
    try {
      const result = await Promise.race([
        this.#coordinator.then(use),
        sleep(COORDINATOR_TIMEOUT_MS, undefined, { signal: timeout.signal, ref: false }).then(() => {
          throw new Error(`no answer within ${COORDINATOR_TIMEOUT_MS} ms`);
        }),
      ]);
      if (this.#degraded) {
        this.#degraded = false;
        diagnostics.report(
          'fleet-recovered',
          'fleet-recovered',
          `gchat-log: ${describe} answers again; its senders share their quota and counts again.`,
        );
      }
      return result;
    } catch (error) {
      if (!this.#degraded) {
        this.#degraded = true;
        diagnostics.report(
          'fleet-unavailable',
          'fleet-unavailable',
          `gchat-log: ${describe} cannot be used (${error instanceof Error ? error.message : String(error)}); each sender now keeps to its own rate limit and posts its own records until it answers again.`,
        );
      }
      return undefined;
    } finally {
      timeout.abort();
    }
  }
}
