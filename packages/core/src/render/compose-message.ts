import type { PendingEntry } from '../batching/pending-records.js';
import { plural } from '../format/words.js';
import type { LogRecord } from '../record.js';
import { MAX_TEXT_LENGTH } from './chat-message.js';
import { countLabel, occurrenceSpan } from './occurrences.js';
import { renderLine, renderText } from './render-text.js';
import { truncate } from './truncate.js';

/** The text of one message and the entries it carries; the entries that did not fit wait for the next one. */
export interface Composition {
  readonly text: string;
  readonly taken: readonly PendingEntry[];
}

/** What every composition needs besides the entries. */
export interface CompositionContext {
  /** The service name shown for a record. */
  serviceOf(record: LogRecord): string;
  /** Notes of ours under the header (records not delivered). */
  readonly notes: readonly string[];
}

/**
 * A message for one thread: the full report of the oldest entry when it opens the thread (with how
 * often it occurred), then one line for each further entry, as many as fit within Chat's text limit.
 * In a thread that already has its full report, every entry is one line.
 */
export function composeThreadMessage(
  entries: readonly PendingEntry[],
  opensThread: boolean,
  context: CompositionContext,
): Composition {
  const [first, ...rest] = entries;
  if (first === undefined) return { text: '', taken: [] };
  if (!opensThread) return fillLines([], entries, context);
  const span = occurrenceSpan(first);
  const head = renderText(first.sample, context.serviceOf(first.sample), [
    ...context.notes,
    ...(span === undefined ? [] : [span]),
  ]);
  return fillLines([head], rest, context, [first]);
}

/**
 * A digest, sent when more threads wait than the quota can carry: one line per signature with its
 * count and a sample, oldest first, as many as fit; the rest go in the next digest.
 */
export function composeDigest(
  entries: readonly PendingEntry[],
  context: CompositionContext,
  title = digestTitle(entries),
): Composition {
  return fillLines([title, ...context.notes], entries, { ...context, notes: [] });
}

/**
 * The title of the one message a closing sender sends for the threads whose full report is already in
 * Chat: "📋 On closing · 340 more records of 10 errors since their threads' last messages".
 */
export function closingTitle(entries: readonly PendingEntry[]): string {
  const records = entries.reduce((sum, entry) => sum + entry.count, 0);
  const errors = new Set(entries.map((entry) => entry.key.replace(/^fleet\|/, ''))).size;
  return `📋 On closing · ${plural(records, 'more record')} of ${plural(errors, 'error')} since their threads' last messages`;
}

/** A digest's title: "📋 Digest · 40 records of 10 kinds: more threads were waiting than Chat's quota lets through." */
export function digestTitle(entries: readonly PendingEntry[]): string {
  const records = entries.reduce((sum, entry) => sum + entry.count, 0);
  return `📋 Digest · ${plural(records, 'record')} of ${plural(entries.length, 'kind')}: more threads were waiting than Chat's quota lets through.`;
}

function fillLines(
  head: readonly string[],
  entries: readonly PendingEntry[],
  context: CompositionContext,
  alreadyTaken: readonly PendingEntry[] = [],
): Composition {
  const lines = [...head, ...(alreadyTaken.length === 0 ? context.notes : [])];
  const taken = [...alreadyTaken];
  let length = lines.join('\n').length;
  for (const entry of entries) {
    const line = renderLine(entry.sample, context.serviceOf(entry.sample), countLabel(entry));
    if (taken.length > 0 && length + 1 + line.length > MAX_TEXT_LENGTH) break;
    lines.push(line);
    taken.push(entry);
    length += 1 + line.length;
  }
  return { text: truncate(lines.join('\n'), MAX_TEXT_LENGTH), taken };
}
