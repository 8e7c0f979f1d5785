import { type Dispatcher, request } from 'undici';
import type { ChatMessage } from '../render/chat-message.js';

/** What became of one POST to a webhook. Never thrown: every outcome is a value. */
export type PostOutcome =
  | { readonly delivered: true; readonly status: number }
  | {
      readonly delivered: false;
      /** HTTP status, absent when no response arrived (connection error, timeout). */
      readonly status?: number;
      /** `google.rpc.Status` status (`RESOURCE_EXHAUSTED`) or the network error code (`ECONNRESET`). */
      readonly reason: string;
      /** A short human description, without credentials. */
      readonly detail: string;
      /** The `Retry-After` header, when the answer had one. */
      readonly retryAfter?: string;
    };

/** Limits of one request. */
export interface PostLimits {
  /** Time allowed for the response headers, in milliseconds. */
  readonly headersTimeoutMs: number;
  /** Time allowed between body chunks of the response, in milliseconds. */
  readonly bodyTimeoutMs: number;
  /** Abandons the request (used when `close()` reaches its deadline). */
  readonly signal?: AbortSignal;
}

/** POSTs a message to a webhook URL and classifies the result. */
export async function postMessage(
  dispatcher: Dispatcher,
  url: string,
  message: ChatMessage,
  limits: PostLimits,
): Promise<PostOutcome> {
  try {
    const response = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify(message),
      headersTimeout: limits.headersTimeoutMs,
      bodyTimeout: limits.bodyTimeoutMs,
      signal: limits.signal,
    });
    const body = await response.body.text();
    if (response.statusCode >= 200 && response.statusCode < 300) {
      return { delivered: true, status: response.statusCode };
    }
    const { reason, detail } = describeErrorBody(body, response.statusCode);
    const retryAfter = response.headers['retry-after'];
    return {
      delivered: false,
      status: response.statusCode,
      reason,
      detail,
      ...(typeof retryAfter === 'string' && { retryAfter }),
    };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : 'NETWORK_ERROR';
    return { delivered: false, reason, detail: (error as Error).message ?? String(error) };
  }
}

/** Reads Chat's `google.rpc.Status` error body: `{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}`. */
function describeErrorBody(body: string, statusCode: number): { reason: string; detail: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; status?: unknown } };
    const status = parsed.error?.status;
    const message = parsed.error?.message;
    return {
      reason: typeof status === 'string' ? status : `HTTP_${statusCode}`,
      detail: typeof message === 'string' ? message : body.slice(0, 200),
    };
  } catch {
    return { reason: `HTTP_${statusCode}`, detail: body.slice(0, 200) };
  }
}
