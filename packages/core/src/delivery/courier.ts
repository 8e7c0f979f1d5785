import type { Dispatcher } from 'undici';
import type { Clock } from '../clock.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { Diagnostics } from '../diagnostics.js';
import { duration } from '../format/words.js';
import { type PostOutcome, postMessage } from '../http/post-message.js';
import type { RequestLimiter } from '../limits/request-limiter.js';
import { RETRY_PRIORITY, type SpaceLane } from '../queue/space-lanes.js';
import type { ChatMessage } from '../render/chat-message.js';
import type { WebhookTarget } from '../webhook-url.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { DeliveryAborted } from './delivery-aborted.js';
import { parseRetryAfter } from './retry-after.js';
import { backoffDelayMs, classifyAnswer } from './retry-policy.js';

/** A message ready to go, and what it stands for. */
export interface Composed {
  readonly body: ChatMessage;
  /** The plain-text form sent once if Chat refuses `body` with 400. */
  readonly minimalText: string;
  /** Records of this process the message represents. */
  readonly records: number;
  /** Other replicas' occurrences it shows (fleet de-duplication). */
  readonly fleetOccurrences: number;
  readonly digest: boolean;
  /** The thread this message opens with its full report, if it does. */
  readonly opensThread?: string;
  /** Records it says were not delivered before it. */
  readonly announcedUndelivered: number;
}

/** How a message's delivery ended. */
export type Fate =
  | {
      readonly kind: 'delivered';
      readonly composed: Composed;
      /** Whether this message ended a refusal of the webhook (the circuit closes again). */
      readonly recovered: boolean;
    }
  | { readonly kind: 'failed'; readonly composed: Composed }
  | { readonly kind: 'refused'; readonly composed: Composed | undefined }
  | { readonly kind: 'nothing-to-send' };

/** One attempt's result: the fate, or the next attempt already queued. */
type Step = { readonly fate: Fate } | { readonly next: Promise<Fate> };

interface Attempt {
  /** Sent as `requestId` with every attempt, so a retry after a lost response cannot post twice. */
  readonly requestId: string;
  readonly retries: number;
  readonly firstAttemptAt: number | undefined;
  /** Whether to send the minimal form (after a 400). */
  readonly minimal: boolean;
  /** Whether this message is the circuit breaker's probe of a refused webhook. */
  readonly probe: boolean;
  /** Fixed at the first attempt; retries send the same message. */
  readonly composed: Composed | undefined;
}

/** What a courier works with. */
export interface CourierSettings {
  readonly config: ResolvedConfig;
  readonly target: WebhookTarget;
  readonly dispatcher: Dispatcher;
  readonly lane: SpaceLane;
  /** Gives every attempt its slot of the shared budgets (the process's, the fleet's). */
  readonly limiter: RequestLimiter;
  readonly clock: Clock;
  readonly random: () => number;
  readonly diagnostics: Diagnostics;
  /** Told of every request made, and whether it was a retry. */
  readonly onRequest: (retry: boolean) => void;
  /** Aborts every attempt, waiting or in flight (the close deadline). */
  readonly deadline: AbortSignal;
}

/**
 * Takes messages to one webhook through the space's lane: each attempt within the space's budget,
 * retries of 429/5xx/network errors with backoff (holding the lane), a minimal re-send after a 400,
 * and a circuit breaker for a webhook Chat refuses (401/403/404).
 */
export class Courier {
  readonly breaker: CircuitBreaker;
  readonly #settings: CourierSettings;
  /** Aborted, and replaced, when the circuit opens: drops what waits for the refused webhook. */
  #abortOnRefusal = new AbortController();
  /** Epoch ms by which the sender must be closed, once it is closing. */
  #closeDeadline: number | undefined;
  /** The request on its way, and how to cut it short. */
  #inFlight: { readonly cut: AbortController; cancelCut: () => void } | undefined;

  constructor(settings: CourierSettings) {
    this.#settings = settings;
    this.breaker = new CircuitBreaker(settings.config.circuitProbeIntervalMs, settings.clock);
  }

  /**
   * Delivers one message, composed by `compose` when its first attempt is admitted (so it carries
   * everything that arrived while it waited). Rejects only when aborted (deadline or refusal).
   */
  deliver(compose: () => Composed | undefined): Promise<Fate> {
    const requestId = `gchat-log-${globalThis.crypto.randomUUID()}`;
    return this.#attempt(
      { requestId, retries: 0, firstAttemptAt: undefined, minimal: false, probe: false, composed: undefined },
      compose,
    );
  }

  /**
   * The sender closes by `deadlineAt`. From now on every attempt (the one in flight included) is given
   * at most half the time left before it is cut short and retried, so that a request Chat hangs cannot
   * take the whole close deadline with it: the retry (same `requestId`) still fits.
   */
  closeBy(deadlineAt: number): void {
    this.#closeDeadline = deadlineAt;
    const inFlight = this.#inFlight;
    if (inFlight !== undefined) this.#cutWhileClosing(inFlight);
  }

  #attempt(attempt: Attempt, compose: () => Composed | undefined): Promise<Fate> {
    const signal = AbortSignal.any([this.#settings.deadline, this.#abortOnRefusal.signal]);
    const priority = attempt.firstAttemptAt === undefined ? 0 : RETRY_PRIORITY;
    return this.#settings.lane
      .run(
        async (attemptSignal): Promise<Step> => {
          const passage = attempt.probe ? 'probe' : this.breaker.passage();
          if (passage === 'reject') return { fate: { kind: 'refused', composed: attempt.composed } };
          // The budgets shared with the process and the fleet, on top of this thread's lane.
          await this.#settings.limiter.waitForSlot(attemptSignal);
          const composed = attempt.composed ?? compose();
          if (composed === undefined) {
            if (passage === 'probe') this.breaker.open();
            return { fate: { kind: 'nothing-to-send' } };
          }
          const started: Attempt = {
            ...attempt,
            composed,
            probe: passage === 'probe',
            firstAttemptAt: attempt.firstAttemptAt ?? this.#settings.clock.now(),
          };
          const outcome = await this.#post(started, composed, attemptSignal);
          // Aborted meanwhile: the lane has already rejected this attempt; schedule nothing more.
          attemptSignal?.throwIfAborted();
          return this.#judge(started, composed, outcome, compose);
        },
        { priority, signal },
      )
      .then((step) => ('next' in step ? step.next : step.fate));
  }

  async #post(attempt: Attempt, composed: Composed, signal: AbortSignal | undefined): Promise<PostOutcome> {
    const { target, config, dispatcher, onRequest } = this.#settings;
    const url = new URL(target.url);
    const body: ChatMessage = attempt.minimal ? { text: composed.minimalText } : composed.body;
    // The minimal form leaves out everything Chat could have refused, requestId included.
    if (!attempt.minimal) url.searchParams.set('requestId', attempt.requestId);
    // A threadKey works only with this option, and the option means nothing without a key.
    if (body.thread !== undefined) url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    onRequest(attempt.retries > 0);
    const cut = new AbortController();
    const inFlight = { cut, cancelCut: () => {} };
    if (this.#closeDeadline !== undefined) this.#cutWhileClosing(inFlight);
    this.#inFlight = inFlight;
    try {
      const outcome = await postMessage(dispatcher, url.href, body, {
        headersTimeoutMs: config.requestTimeoutMs,
        bodyTimeoutMs: config.requestTimeoutMs,
        signal: signal === undefined ? cut.signal : AbortSignal.any([signal, cut.signal]),
      });
      return cut.signal.aborted && !signal?.aborted ? CUT_SHORT : outcome;
    } finally {
      inFlight.cancelCut();
      this.#inFlight = undefined;
    }
  }

  /**
   * While closing, an attempt may run half the time left, so that a retry fits in the rest; when that is
   * no shorter than the request timeout, the timeout acts alone.
   */
  #cutWhileClosing(inFlight: { readonly cut: AbortController; cancelCut: () => void }): void {
    const left = (this.#closeDeadline ?? 0) - this.#settings.clock.now();
    const allowedMs = Math.max(MIN_CLOSING_ATTEMPT_MS, left / 2);
    if (allowedMs >= this.#settings.config.requestTimeoutMs) return;
    inFlight.cancelCut();
    inFlight.cancelCut = this.#settings.clock.schedule(() => inFlight.cut.abort(), allowedMs);
  }

  #judge(attempt: Attempt, composed: Composed, outcome: PostOutcome, compose: () => Composed | undefined): Step {
    if (outcome.delivered) {
      const recovered = attempt.probe || this.breaker.isOpen;
      if (recovered) this.breaker.close();
      return { fate: { kind: 'delivered', composed, recovered } };
    }
    const masked = this.#settings.target.masked;
    switch (classifyAnswer(outcome)) {
      case 'transient':
        return this.#retryLater(attempt, composed, outcome, compose);
      case 'bad-request':
        if (attempt.minimal) return this.#giveUp(attempt, composed, outcome, 'even in its minimal form');
        this.#settings.diagnostics.report(
          'delivery-retrying',
          'bad-request',
          `gchat-log: Google Chat refused a message (${describe(outcome)}) for ${masked}; sending it once more in a minimal plain-text form.`,
        );
        return { next: this.#attempt({ ...attempt, minimal: true }, compose) };
      default:
        this.#onWebhookRefused(outcome);
        return { fate: { kind: 'refused', composed } };
    }
  }

  #retryLater(attempt: Attempt, composed: Composed, outcome: FailedOutcome, compose: () => Composed | undefined): Step {
    const { clock, config, random, diagnostics, lane, target } = this.#settings;
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, clock.now());
    const backoffMs = backoffDelayMs(attempt.retries, config.retry, random);
    // While closing, a request that got no answer (hung, cut short, reset) is retried within a quarter of
    // the time left, so that the retry fits; Chat's own answers (429, 5xx) keep their backoff: retrying
    // into a spent quota sooner would only add 429s.
    const noAnswer = outcome.status === undefined && this.#closeDeadline !== undefined;
    const closingLimitMs = noAnswer ? ((this.#closeDeadline as number) - clock.now()) / 4 : Number.POSITIVE_INFINITY;
    // Not sooner than a quarter second, though: a connection refused at once must not become a storm.
    const delayMs = retryAfterMs ?? Math.max(noAnswer ? MIN_CLOSING_RETRY_MS : 0, Math.min(backoffMs, closingLimitMs));
    const elapsedMs = clock.now() - (attempt.firstAttemptAt ?? clock.now());
    if (elapsedMs + delayMs > config.retry.maxElapsedMs) {
      return this.#giveUp(
        attempt,
        composed,
        outcome,
        `after ${attempt.retries + 1} attempts over ${duration(elapsedMs)}`,
      );
    }
    diagnostics.report(
      'delivery-retrying',
      `retrying:${outcome.status ?? ''}:${outcome.reason}`,
      `gchat-log: Google Chat ${answered(outcome)} for ${target.masked}; retrying in ${duration(delayMs)}${retryAfterMs === undefined ? '' : ' as its Retry-After asks'}.`,
    );
    lane.holdFor(delayMs, clock);
    return { next: this.#attempt({ ...attempt, retries: attempt.retries + 1 }, compose) };
  }

  #giveUp(attempt: Attempt, composed: Composed, outcome: FailedOutcome, circumstance: string): Step {
    if (attempt.probe) this.breaker.open();
    this.#settings.diagnostics.report(
      'delivery-failed',
      `failed:${outcome.status ?? ''}:${outcome.reason}`,
      `gchat-log: gave up a message for ${this.#settings.target.masked} ${circumstance}; Google Chat ${answered(outcome)}. Failed records are counted in stats().failed.`,
    );
    return { fate: { kind: 'failed', composed } };
  }

  #onWebhookRefused(outcome: FailedOutcome): void {
    this.breaker.open();
    // What waits for the refused webhook is dropped now instead of taking the space's budget.
    this.#abortOnRefusal.abort(new DeliveryAborted('refusal'));
    this.#abortOnRefusal = new AbortController();
    const { diagnostics, target, config } = this.#settings;
    diagnostics.report(
      'webhook-rejected',
      'webhook-rejected',
      `gchat-log: Google Chat ${answered(outcome)} for ${target.masked}: the webhook was deleted or revoked, or the URL is wrong. Check the space's Apps & integrations and the webhookUrl option (GCHAT_LOG_WEBHOOK_URL). Records are dropped and counted in stats().dropped; one is sent as a probe every ${duration(config.circuitProbeIntervalMs)}.`,
    );
  }
}

type FailedOutcome = Exclude<PostOutcome, { delivered: true }>;

/** The least wait before retrying, while closing, a request that got no answer. */
const MIN_CLOSING_RETRY_MS = 250;

/** The least time an attempt is given while the sender closes, however little is left. */
const MIN_CLOSING_ATTEMPT_MS = 250;

/** The outcome of an attempt cut short at close so that its retry fits before the deadline. */
const CUT_SHORT: FailedOutcome = {
  delivered: false,
  reason: 'CUT_SHORT',
  detail: 'no answer yet; cut short so that a retry fits before the close deadline',
};

function describe(outcome: FailedOutcome): string {
  return `${outcome.status ?? 'no answer'} ${outcome.reason}: ${outcome.detail}`;
}

function answered(outcome: FailedOutcome): string {
  return outcome.status === undefined
    ? `could not be reached (${outcome.reason}: ${outcome.detail})`
    : `answered ${describe(outcome)}`;
}
