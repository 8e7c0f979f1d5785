import type { PendingEntry } from '../batching/pending-records.js';

/** "×37 between 12:00:01 and 12:00:43 UTC" for an entry that stands for several records, else `undefined`. */
export function occurrenceSpan(entry: PendingEntry): string | undefined {
  if (entry.count === 1) return undefined;
  return `×${entry.count} between ${clockTime(entry.firstAt)} and ${clockTime(entry.lastAt)} UTC`;
}

function clockTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}
