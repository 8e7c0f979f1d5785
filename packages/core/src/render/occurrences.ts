import { FOLDED_MESSAGES_KNOWN, type PendingEntry } from '../batching/pending-records.js';
import { clockTime, duration, plural } from '../format/words.js';

/**
 * "×37 between 12:00:01 and 12:00:43 UTC" for an entry that stands for several records, else
 * `undefined`; for the full report following a digest, that the digest counted them:
 * "📎 Counted in a digest above: ×37 between …".
 */
export function occurrenceSpan(entry: PendingEntry): string | undefined {
  const { followUp } = entry;
  if (followUp !== undefined) {
    const when =
      followUp.records === 1
        ? `1 record at ${clockTime(followUp.firstAt)} UTC`
        : `×${followUp.records} between ${clockTime(followUp.firstAt)} and ${clockTime(followUp.lastAt)} UTC`;
    return `${FOLLOW_UP_MARK} Counted in a digest above: ${when}`;
  }
  if (entry.count === 1) return undefined;
  return `×${entry.count} between ${clockTime(entry.firstAt)} and ${clockTime(entry.lastAt)} UTC`;
}

/** Starts the note of a full report that follows a digest (and so stands for no record of its own). */
export const FOLLOW_UP_MARK = '📎';

/**
 * The count shown before an entry's line: `×37`, nothing for a single record, and for the peers'
 * occurrences `×37 more on other replicas (×340 on 23 replicas in the last 5 min)` (or `in other
 * loggers of this process`), and for the records of a thread's further messages `×57 (12 other messages,
 * the first of them:)`, the line then showing the first of those messages.
 */
export function countLabel(entry: PendingEntry): string {
  const { fleet } = entry;
  if (fleet !== undefined) {
    const { peers } = fleet;
    const among = `${peers.preposition} ${plural(fleet.replicas, peers.one, peers.many)}`;
    return `×${entry.count} more ${peers.elsewhere} (×${fleet.total} ${among} in the last ${duration(fleet.windowMs)})`;
  }
  if (entry.folded !== undefined) {
    const { messages } = entry.folded;
    const known =
      messages >= FOLDED_MESSAGES_KNOWN
        ? `more than ${plural(messages, 'other message')}`
        : plural(messages, 'other message');
    return `×${entry.count} (${known}, the first of them:)`;
  }
  return entry.count > 1 ? `×${entry.count}` : '';
}
