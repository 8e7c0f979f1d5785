import type { PostOutcome } from '../http/post-message.js';

/** What an answer means for the message that got it. */
export type AnswerKind =
  /** 2xx. */
  | 'delivered'
  /** 429, 408, 5xx, connection errors and timeouts: worth retrying after a delay. */
  | 'transient'
  /** 400 and other 4xx: the same request would fail again. */
  | 'bad-request'
  /** 401, 403, 404: the webhook is revoked, wrong or deleted. */
  | 'webhook-rejected';

/** Classifies one HTTP outcome. */
export function classifyAnswer(outcome: PostOutcome): AnswerKind {
  if (outcome.delivered) return 'delivered';
  const status = outcome.status;
  if (status === undefined || status === 429 || status === 408 || status >= 500) return 'transient';
  if (status === 401 || status === 403 || status === 404) return 'webhook-rejected';
  return 'bad-request';
}

/** Truncated exponential backoff, as Google advises for its APIs. */
export interface BackoffPolicy {
  /** Ceiling of the first delay, in milliseconds. */
  readonly baseDelayMs: number;
  /** Ceiling of any delay, in milliseconds. */
  readonly maxDelayMs: number;
}

/**
 * Delay before retry number `retry` (0 for the first retry): "full jitter", a uniformly random delay
 * between 0 and `min(maxDelayMs, baseDelayMs × 2^retry)`, so that many processes that failed together do
 * not retry together. `random` returns a number in [0, 1).
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}
