import type { PendingEntry } from '../batching/pending-records.js';
import { plural } from '../format/words.js';
import type { LogRecord } from '../record.js';
import { renderCauseLine, summariseCause } from './cause-line.js';
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
  /** Stack paths are shown relative to it. */
  readonly projectRoot: string;
}

/**
 * One line of a digest: a cause (the records of one thread, whatever their messages, or one entry of
 * the unthreaded records), or occurrences the peers counted for a thread.
 */
export interface DigestItem {
  readonly threadKey: string | undefined;
  readonly entries: readonly PendingEntry[];
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
  const head = renderText(first.sample, {
    service: context.serviceOf(first.sample),
    notes: [...context.notes, ...(span === undefined ? [] : [span])],
    projectRoot: context.projectRoot,
  });
  return fillLines([head], rest, context, [first]);
}

/** A digest's composition: its text, and the items whose lines it carries. */
export interface DigestComposition extends Composition {
  readonly items: readonly DigestItem[];
}

/**
 * A digest, sent when more threads wait than the quota can carry: one line per cause with what tells it
 * from the others (its error, where the app threw it, its message, its count and time; see
 * renderCauseLine), oldest first, as many as fit; the rest go in the next digest.
 */
export function composeDigest(
  items: readonly DigestItem[],
  context: CompositionContext,
  titleOf: (listed: readonly DigestItem[]) => string,
  maxItems = Number.POSITIVE_INFINITY,
): DigestComposition {
  // Room is kept for the title of every item; the title then counts those listed (never longer).
  let length = [titleOf(items), ...context.notes].join('\n').length;
  const lines: string[] = [];
  const taken: DigestItem[] = [];
  for (const item of items) {
    if (taken.length >= maxItems) break;
    const line = digestLine(item, context);
    if (line === undefined) continue;
    if (taken.length > 0 && length + 1 + line.length > MAX_TEXT_LENGTH) break;
    lines.push(line);
    taken.push(item);
    length += 1 + line.length;
  }
  return {
    text: truncate([titleOf(taken), ...context.notes, ...lines].join('\n'), MAX_TEXT_LENGTH),
    taken: taken.flatMap((item) => item.entries),
    items: taken,
  };
}

/** Whether an item shows the peers' occurrences rather than a cause of this sender's. */
export function isPeersItem(item: DigestItem): boolean {
  return item.entries[0]?.fleet !== undefined;
}

function digestLine(item: DigestItem, context: CompositionContext): string | undefined {
  const [first] = item.entries;
  if (first === undefined) return undefined;
  if (isPeersItem(item)) return renderLine(first.sample, context.serviceOf(first.sample), countLabel(first));
  const cause = summariseCause(item.entries);
  return cause && renderCauseLine(cause, context.serviceOf(cause.sample), context.projectRoot);
}

/**
 * The title of the one message a closing sender sends for the threads whose full report is already in
 * Chat: "📋 On closing · 340 more records of 10 errors since their threads' last messages".
 */
export function closingTitle(items: readonly DigestItem[]): string {
  const errors = new Set(items.map((item) => item.threadKey)).size;
  return `📋 On closing · ${plural(recordsOf(items), 'more record')} of ${plural(errors, 'error')} since their threads' last messages`;
}

/**
 * A digest's title: "📋 Digest · 40 records of 10 causes: more threads were waiting than Chat's quota
 * lets through.", and when their full reports are to follow, " Full reports follow in their threads."
 */
export function digestTitle(items: readonly DigestItem[], reportsFollow: boolean): string {
  const causes = items.filter((item) => !isPeersItem(item)).length;
  const follow = reportsFollow ? ' Full reports follow in their threads.' : '';
  return `📋 Digest · ${plural(recordsOf(items), 'record')} of ${plural(causes, 'cause')}: more threads were waiting than Chat's quota lets through.${follow}`;
}

function recordsOf(items: readonly DigestItem[]): number {
  return items.reduce((sum, item) => sum + item.entries.reduce((total, entry) => total + entry.count, 0), 0);
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
