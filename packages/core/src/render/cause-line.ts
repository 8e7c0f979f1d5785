import type { PendingEntry } from '../batching/pending-records.js';
import { clockTime, plural } from '../format/words.js';
import type { LogRecord } from '../record.js';
import { topAppFrame } from './readable-stack.js';
import { RENDER_LIMITS } from './render-limits.js';
import { levelMarker } from './render-text.js';
import { neutraliseInline } from './sanitise.js';
import { truncate } from './truncate.js';

const BUDGET = RENDER_LIMITS.cause;

/** A cause as a digest lists it: one thread's own records, whatever their messages. */
export interface CauseSummary {
  /** The record of its oldest message. */
  readonly sample: LogRecord;
  readonly records: number;
  readonly firstAt: number;
  readonly lastAt: number;
  /** Distinct messages among its records. */
  readonly messages: number;
}

/** What names a cause, each part cut to its budget and still untrusted (each form escapes it its way). */
export interface CauseParts {
  /** The record's own message, when it says something its error does not. */
  readonly message: string | undefined;
  /** `TypeError: first line of its message`. */
  readonly error: string | undefined;
  /** The app's frame nearest the throw, `path:function`. */
  readonly place: string | undefined;
  /** `12:00:01–12:00:43 UTC`, or `12:00:01 UTC` for one record; with ` · 3 messages` when several. */
  readonly when: string;
}

/** The cause the entries of one thread stand for. */
export function summariseCause(entries: readonly PendingEntry[]): CauseSummary | undefined {
  const sorted = [...entries].sort((a, b) => a.firstAt - b.firstAt);
  const [first] = sorted;
  if (first === undefined) return undefined;
  return {
    sample: first.sample,
    records: sorted.reduce((sum, entry) => sum + entry.count, 0),
    firstAt: first.firstAt,
    lastAt: Math.max(...sorted.map((entry) => entry.lastAt)),
    messages: sorted.reduce((sum, entry) => sum + (entry.folded?.messages ?? 1), 0),
  };
}

/** The parts that tell one cause from another: its error, where the app threw it, its message, when. */
export function causeParts(cause: CauseSummary, projectRoot: string): CauseParts {
  const { sample } = cause;
  const error = sample.error;
  const errorMessage = error?.message.split('\n', 1)[0] ?? '';
  const firstLine = sample.message.split('\n', 1)[0] ?? '';
  const message = firstLine !== '' && firstLine !== errorMessage ? firstLine : undefined;
  const span =
    cause.records === 1 || clockTime(cause.firstAt) === clockTime(cause.lastAt)
      ? `${clockTime(cause.firstAt)} UTC`
      : `${clockTime(cause.firstAt)}–${clockTime(cause.lastAt)} UTC`;
  const place = error?.stack === undefined ? undefined : topAppFrame(error.stack, projectRoot);
  return {
    message: message === undefined ? undefined : truncate(message, BUDGET.message),
    error: error === undefined ? undefined : truncate(`${error.type}: ${errorMessage}`, BUDGET.error),
    place: place === undefined ? undefined : truncate(place, BUDGET.place),
    when: cause.messages > 1 ? `${span} · ${plural(cause.messages, 'message')}` : span,
  };
}

/**
 * One cause on one line of a digest: "🔴 ×37 *ERROR* orders-api · failed · TypeError: cannot read 'id' ·
 * at src/orders.js:charge · 12:00:01–12:00:43 UTC". Nothing from the record can format.
 */
export function renderCauseLine(cause: CauseSummary, service: string, projectRoot: string): string {
  const parts = causeParts(cause, projectRoot);
  const count = cause.records > 1 ? ` ×${cause.records}` : '';
  const label = `${levelMarker(cause.sample)}${count} *${neutraliseInline(cause.sample.level.label.toUpperCase())}*`;
  const described = [service, parts.message, parts.error, parts.place === undefined ? undefined : `at ${parts.place}`];
  const rest = neutraliseInline(described.filter((part) => part !== undefined && part !== '').join(' · '));
  return truncate(`${label} ${rest} · ${parts.when}`, RENDER_LIMITS.text.line);
}
