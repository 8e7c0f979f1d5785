import type { PendingEntry } from '../batching/pending-records.js';
import { clockTime, duration, plural } from '../format/words.js';

/** "×37 between 12:00:01 and 12:00:43 UTC" for an entry that stands for several records, else `undefined`. */
export function occurrenceSpan(entry: PendingEntry): string | undefined {
  if (entry.count === 1) return undefined;
  return `×${entry.count} between ${clockTime(entry.firstAt)} and ${clockTime(entry.lastAt)} UTC`;
}

/**
 * The count shown before an entry's line: `×37`, nothing for a single record, and for the peers'
 * occurrences `×37 more on other replicas (×340 on 23 replicas in the last 5 min)` (or `in other
 * loggers of this process`).
 */
export function countLabel(entry: PendingEntry): string {
  const { fleet } = entry;
  if (fleet !== undefined) {
    const { peers } = fleet;
    const among = `${peers.preposition} ${plural(fleet.replicas, peers.one, peers.many)}`;
    return `×${entry.count} more ${peers.elsewhere} (×${fleet.total} ${among} in the last ${duration(fleet.windowMs)})`;
  }
  return entry.count > 1 ? `×${entry.count}` : '';
}
