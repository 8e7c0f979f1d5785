import type { PendingEntry } from '../batching/pending-records.js';

/** "×37 between 12:00:01 and 12:00:43 UTC" for an entry that stands for several records, else `undefined`. */
export function occurrenceSpan(entry: PendingEntry): string | undefined {
  if (entry.count === 1) return undefined;
  return `×${entry.count} between ${clockTime(entry.firstAt)} and ${clockTime(entry.lastAt)} UTC`;
}

function clockTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/**
 * The count shown before an entry's line: `×37`, nothing for a single record, and for the other
 * replicas' occurrences `×37 more on other replicas (×340 on 23 replicas in the last 5 min)`.
 */
export function countLabel(entry: PendingEntry): string {
  const { fleet } = entry;
  if (fleet !== undefined) {
    const replicas = `${fleet.replicas} replica${fleet.replicas === 1 ? '' : 's'}`;
    return `×${entry.count} more on other replicas (×${fleet.total} on ${replicas} in the last ${duration(fleet.windowMs)})`;
  }
  return entry.count > 1 ? `×${entry.count}` : '';
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
