import type { Clock } from '../clock.js';

/** What the breaker lets a message do. */
export type Passage = 'send' | 'probe' | 'reject';

/**
 * Stops sending to a webhook that Chat refused as revoked, wrong or deleted (401/403/404), and lets
 * one message through as a probe every `probeIntervalMs`, in case the refusal was transient.
 */
export class CircuitBreaker {
  readonly #probeIntervalMs: number;
  readonly #clock: Clock;
  #openedAt: number | undefined;
  #probing = false;

  constructor(probeIntervalMs: number, clock: Clock) {
    this.#probeIntervalMs = probeIntervalMs;
    this.#clock = clock;
  }

  get isOpen(): boolean {
    return this.#openedAt !== undefined;
  }

  /** Whether a record logged now would be refused: open, and no probe is due (or one is out). */
  rejectsNow(): boolean {
    if (this.#openedAt === undefined) return false;
    return this.#probing || this.#clock.now() - this.#openedAt < this.#probeIntervalMs;
  }

  /** Whether a message may go now. `'probe'` is handed out once per interval; report its result. */
  passage(): Passage {
    if (this.#openedAt === undefined) return 'send';
    if (this.rejectsNow()) return 'reject';
    this.#probing = true;
    return 'probe';
  }

  /** Chat refused the webhook (again): stop sending until the next probe is due. */
  open(): void {
    this.#openedAt = this.#clock.now();
    this.#probing = false;
  }

  /** Chat accepted a message: send normally again. */
  close(): void {
    this.#openedAt = undefined;
    this.#probing = false;
  }
}
