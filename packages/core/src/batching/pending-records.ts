import type { PeerWords } from '../coordination/coordination.js';
import type { LogRecord, RecordError } from '../record.js';

/** Records of one signature waiting to be sent: the first one as a sample, the rest as a count. */
export interface PendingEntry {
  /** The de-duplication key: the thread key, or level and normalised message for unthreaded records. */
  readonly key: string;
  readonly sample: LogRecord;
  /** How many records the entry stands for (exact). */
  count: number;
  /** Log times of the first and last record, epoch ms. */
  readonly firstAt: number;
  lastAt: number;
  /** Approximate memory the sample holds. */
  readonly bytes: number;
  /**
   * Set on an entry that shows occurrences other replicas counted (fleet de-duplication): its count
   * is theirs, not records of this process.
   */
  fleet?: FleetTally;
}

/** What the peers (other replicas, or other loggers of the process) counted for a signature, shown with their occurrences. */
export interface FleetTally {
  readonly total: number;
  /** How many peers saw the signature in the window. */
  readonly replicas: number;
  readonly windowMs: number;
  /** Who the peers are, in the words of the message. */
  readonly peers: PeerWords;
}

/** The pending entries of one Chat thread (or of the unthreaded messages). */
export interface ThreadGroup {
  readonly threadKey: string | undefined;
  readonly entries: ReadonlyMap<string, PendingEntry>;
}

/** A group as the pending records keep it. */
interface Group extends ThreadGroup {
  readonly entries: Map<string, PendingEntry>;
  /** When a message of this group last went out; it waits a batch window before the next one. */
  lastSentAt: number;
  /** Held back from sending until the peers said who posts this signature. */
  held: boolean;
}

const UNTHREADED = '';

/**
 * The records a sender holds until their message goes out, grouped per thread and de-duplicated per
 * signature. Memory is bounded by the number of distinct entries and their bytes, never by the number
 * of records: a flood of one error is one entry with a large count.
 */
export class PendingRecords {
  readonly #groups = new Map<string, Group>();
  #entries = 0;
  #bytes = 0;
  #records = 0;
  #fleetOccurrences = 0;

  get entries(): number {
    return this.#entries;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Adds a record; returns whether it started a new entry (as opposed to counting into one).
   * @param keep turns the record into the sample kept in memory (redaction): called only for a new entry,
   * since a repeat only adds to a count.
   */
  add(
    record: LogRecord,
    threadKey: string | undefined,
    entryKey: string,
    keep: (record: LogRecord) => LogRecord,
  ): boolean {
    const group = this.#group(threadKey);
    this.#records += 1;
    const entry = group.entries.get(entryKey);
    if (entry !== undefined) {
      entry.count += 1;
      entry.lastAt = Math.max(entry.lastAt, record.time);
      return false;
    }
    const sample = keep(record);
    const bytes = approximateBytes(sample);
    group.entries.set(entryKey, {
      key: entryKey,
      sample,
      count: 1,
      firstAt: record.time,
      lastAt: record.time,
      bytes,
    });
    this.#entries += 1;
    this.#bytes += bytes;
    return true;
  }

  /** Holds a thread's records back until {@link letGo} (the peers are asked who posts it). */
  hold(threadKey: string): void {
    this.#group(threadKey).held = true;
  }

  /** Lets a held thread's records go out again. */
  letGo(threadKey: string): void {
    this.#group(threadKey).held = false;
  }

  /**
   * Removes a thread's own records (not the peers' occurrences it was to show), which another peer
   * reports; returns how many records they were.
   */
  takeOwnRecords(threadKey: string): number {
    const group = this.#group(threadKey);
    const own = [...group.entries.values()].filter((entry) => entry.fleet === undefined);
    this.take(group, own);
    return own.reduce((sum, entry) => sum + entry.count, 0);
  }

  /** A message of the group went out at `now`: its next one waits a batch window. */
  markSent(group: ThreadGroup, now: number): void {
    const kept = this.#groups.get(group.threadKey ?? UNTHREADED);
    if (kept !== undefined) kept.lastSentAt = now;
  }

  /** The group of a thread, created empty if it has none. */
  #group(threadKey: string | undefined): Group {
    const groupKey = threadKey ?? UNTHREADED;
    let group = this.#groups.get(groupKey);
    if (group === undefined) {
      group = { threadKey, entries: new Map(), lastSentAt: Number.NEGATIVE_INFINITY, held: false };
      this.#groups.set(groupKey, group);
    }
    return group;
  }

  /**
   * Adds an entry that already stands for `entry.count` occurrences (records counted while the fleet was
   * asked, or other replicas' occurrences when `entry.fleet` is set), merging it into one of the same key.
   */
  addCounted(threadKey: string | undefined, entry: PendingEntry): void {
    const group = this.#group(threadKey);
    if (entry.fleet === undefined) this.#records += entry.count;
    else this.#fleetOccurrences += entry.count;
    const existing = group.entries.get(entry.key);
    if (existing !== undefined) {
      existing.count += entry.count;
      existing.lastAt = Math.max(existing.lastAt, entry.lastAt);
      if (entry.fleet !== undefined) existing.fleet = entry.fleet;
      return;
    }
    group.entries.set(entry.key, { ...entry });
    this.#entries += 1;
    this.#bytes += entry.bytes;
  }

  /**
   * Groups whose batch window has passed (all of them when `ignoreWindow`), the one holding the oldest
   * record first, so that threads go out in the order their problems started.
   */
  readyGroups(now: number, windowMs: number, ignoreWindow: boolean): ThreadGroup[] {
    // An emptied group is kept until its window passes: it remembers when its thread last got a message.
    for (const [key, group] of this.#groups) {
      if (group.entries.size === 0 && now >= group.lastSentAt + windowMs) this.#groups.delete(key);
    }
    return [...this.#groups.values()]
      .filter((group) => group.entries.size > 0 && !group.held && (ignoreWindow || now >= group.lastSentAt + windowMs))
      .sort((a, b) => oldest(a) - oldest(b));
  }

  /** When the next group becomes ready, or `undefined` when nothing waits. */
  nextReadyAt(windowMs: number): number | undefined {
    let next: number | undefined;
    for (const group of this.#groups.values()) {
      if (group.entries.size === 0 || group.held) continue;
      const readyAt = group.lastSentAt + windowMs;
      next = next === undefined ? readyAt : Math.min(next, readyAt);
    }
    return next;
  }

  /** Removes entries that are now on their way to Chat (or given up). */
  take(group: ThreadGroup, entries: readonly PendingEntry[]): void {
    const kept = this.#groups.get(group.threadKey ?? UNTHREADED);
    if (kept === undefined) return;
    for (const entry of entries) {
      if (!kept.entries.delete(entry.key)) continue;
      this.#entries -= 1;
      this.#bytes -= entry.bytes;
      if (entry.fleet === undefined) this.#records -= entry.count;
      else this.#fleetOccurrences -= entry.count;
    }
  }

  /** Removes and returns the entry to sacrifice when memory is short: the least severe, then the oldest. */
  evictOne(): PendingEntry | undefined {
    let victim: { group: Group; entry: PendingEntry } | undefined;
    for (const group of this.#groups.values()) {
      for (const entry of group.entries.values()) {
        const worse =
          victim === undefined ||
          entry.sample.level.value < victim.entry.sample.level.value ||
          (entry.sample.level.value === victim.entry.sample.level.value && entry.firstAt < victim.entry.firstAt);
        if (worse) victim = { group, entry };
      }
    }
    if (victim !== undefined) this.take(victim.group, [victim.entry]);
    return victim?.entry;
  }

  /** Removes everything (the close deadline passed); returns how many records, and other replicas' occurrences, that was. */
  clear(): { records: number; fleetOccurrences: number } {
    const cleared = { records: this.#records, fleetOccurrences: this.#fleetOccurrences };
    this.#groups.clear();
    this.#entries = 0;
    this.#bytes = 0;
    this.#records = 0;
    this.#fleetOccurrences = 0;
    return cleared;
  }
}

function oldest(group: Group): number {
  let first = Number.POSITIVE_INFINITY;
  for (const entry of group.entries.values()) first = Math.min(first, entry.firstAt);
  return first;
}

/** A cheap estimate of a record's memory: its strings, and its fields as JSON. */
export function approximateBytes(record: LogRecord): number {
  let fields = 0;
  try {
    fields = JSON.stringify(record.fields)?.length ?? 0;
  } catch {
    fields = 1024;
  }
  return 2 * (record.message.length + (record.error === undefined ? 0 : errorChars(record.error)) + fields) + 256;
}

/** The characters an error holds with its causes and children (a bounded tree: see boundedRecord). */
function errorChars(error: RecordError): number {
  const cause = error.cause === undefined ? 0 : errorChars(error.cause);
  const children = (error.children ?? []).reduce((sum, child) => sum + errorChars(child), 0);
  return (error.stack?.length ?? 0) + error.message.length + cause + children;
}
