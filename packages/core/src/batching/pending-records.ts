import type { PeerWords } from '../coordination/coordination.js';
import type { LogRecord, RecordError } from '../record.js';
import { hash64 } from '../text-hash.js';

/**
 * Records of one message of one thread waiting to be sent (records of one signature whose normalised
 * messages are the same): the first one as a sample, the rest as a count.
 */
export interface PendingEntry {
  /** The de-duplication key within its thread: level and normalised message (see {@link PendingRecords.add}). */
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
  /**
   * Set on the entry of a thread that counts the records of messages beyond the thread's first
   * {@link MESSAGES_PER_THREAD}: how many other messages it folds in.
   */
  readonly folded?: FoldedMessages;
  /**
   * Set on the full report that follows a digest (its `count` is 0: the digest counted the records):
   * what the digest counted for the cause.
   */
  readonly followUp?: DigestedCause;
}

/** The other messages one entry of a thread folds in. */
export interface FoldedMessages {
  /** Distinct messages, up to {@link FOLDED_MESSAGES_KNOWN}. */
  readonly messages: number;
}

/** What a digest counted for one cause, which its full report recalls. */
export interface DigestedCause {
  readonly records: number;
  readonly firstAt: number;
  readonly lastAt: number;
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
  /** Hashes of the messages folded into the group's folded entry, while it waits. */
  folded: Set<number> | undefined;
  /** When a message of this group last went out; it waits a batch window before the next one. */
  lastSentAt: number;
  /** Held back from sending until the peers said who posts this signature. */
  held: boolean;
}

const UNTHREADED = '';
const FOLLOW_UP_KEY = '\u0000follow-up';
/**
 * Distinct messages a thread's pending records keep apart: "boom alpha" and "boom bravo" are two lines,
 * up to this many per message; the records of further messages are counted in one more line.
 */
export const MESSAGES_PER_THREAD = 10;
/** Distinct folded messages counted exactly; beyond, the line says "more than". */
export const FOLDED_MESSAGES_KNOWN = 1000;
const FOLDED_KEY = '\u0000folded';

/**
 * The records a sender holds until their message goes out, grouped per thread and, within a thread,
 * de-duplicated per normalised message (up to {@link MESSAGES_PER_THREAD} messages, the rest folded into
 * one entry). It also holds the full reports that follow a digest, which stand for no record and go
 * last. Memory is bounded by the number of distinct entries and their bytes, never by the number of
 * records: a flood of one error is one entry with a large count.
 */
export class PendingRecords {
  readonly #groups = new Map<string, Group>();
  #entries = 0;
  #followUps = 0;
  #bytes = 0;
  #records = 0;
  #fleetOccurrences = 0;

  /** Entries that stand for records (or the peers' occurrences): not the full reports following a digest. */
  get entries(): number {
    return this.#entries;
  }

  /** Full reports waiting to follow a digest. */
  get followUps(): number {
    return this.#followUps;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Adds a record; returns whether it started a new entry (as opposed to counting into one). In a thread
   * that already holds {@link MESSAGES_PER_THREAD} messages, a record of another message is counted in
   * the thread's folded entry.
   * @param entryKey the record's message within its thread: level and normalised message.
   * @param keep turns the record into the sample kept in memory (redaction): called only for a new entry,
   * since a repeat only adds to a count.
   * @param crowded whether the pending records are at their bounds: a record of another message of a
   * thread that already waits is then folded into that thread (counted) rather than made an entry of its
   * own, which would only push another entry out.
   */
  add(
    record: LogRecord,
    threadKey: string | undefined,
    entryKey: string,
    keep: (record: LogRecord) => LogRecord,
    crowded = false,
  ): boolean {
    const group = this.#group(threadKey);
    this.#records += 1;
    let key = entryKey;
    const messages = threadKey === undefined || group.entries.has(entryKey) ? 0 : messagesOf(group);
    if (messages >= MESSAGES_PER_THREAD || (crowded && messages >= 1)) {
      key = FOLDED_KEY;
      noteFolded(group, entryKey);
    }
    const entry = group.entries.get(key);
    if (entry !== undefined) {
      entry.count += 1;
      entry.lastAt = Math.max(entry.lastAt, record.time);
      return false;
    }
    const sample = keep(record);
    const bytes = approximateBytes(sample);
    const created: PendingEntry = { key, sample, count: 1, firstAt: record.time, lastAt: record.time, bytes };
    group.entries.set(key, key === FOLDED_KEY ? foldedEntry(group, created) : created);
    this.#entries += 1;
    this.#bytes += bytes;
    return true;
  }

  /**
   * Folds one message entry of the thread that keeps most messages apart into that thread's folded
   * entry (its records stay counted, in one line); returns whether there was one to fold. Memory is
   * then made by merging, before anything is evicted.
   */
  foldOne(): boolean {
    let widest: Group | undefined;
    let most = 1;
    for (const group of this.#groups.values()) {
      const messages = group.threadKey === undefined ? 0 : messagesOf(group);
      if (messages > most) {
        most = messages;
        widest = group;
      }
    }
    if (widest === undefined) return false;
    // The thread's last message entries, merged into its folded entry; the first fold of a thread
    // merges two, so that every fold frees an entry.
    const messages = [...widest.entries.values()].filter(isMessageEntry);
    const folded = widest.entries.get(FOLDED_KEY);
    const victims = messages.slice(folded === undefined ? -2 : -1);
    for (const victim of victims) {
      widest.entries.delete(victim.key);
      this.#entries -= 1;
      this.#bytes -= victim.bytes;
      noteFolded(widest, victim.key);
    }
    const into = folded ?? foldedEntry(widest, { ...(victims[0] as PendingEntry), key: FOLDED_KEY, count: 0 });
    if (folded === undefined) {
      this.#entries += 1;
      this.#bytes += into.bytes;
    }
    widest.entries.set(FOLDED_KEY, {
      ...into,
      count: into.count + victims.reduce((sum, victim) => sum + victim.count, 0),
      firstAt: Math.min(into.firstAt, ...victims.map((victim) => victim.firstAt)),
      lastAt: Math.max(into.lastAt, ...victims.map((victim) => victim.lastAt)),
    });
    return true;
  }

  /**
   * Adds the full report of a cause a digest listed, to go to its thread once nothing else waits
   * (it stands for no record: the digest counted them). At most `limit` wait; beyond, the oldest is
   * given up.
   */
  addFollowUp(threadKey: string, sample: LogRecord, cause: DigestedCause, limit: number): void {
    const group = this.#group(threadKey);
    if (group.entries.has(FOLLOW_UP_KEY)) return;
    if (this.#followUps >= limit) this.#dropOldestFollowUp();
    const bytes = approximateBytes(sample);
    group.entries.set(FOLLOW_UP_KEY, {
      key: FOLLOW_UP_KEY,
      sample,
      count: 0,
      firstAt: cause.firstAt,
      lastAt: cause.lastAt,
      bytes,
      followUp: cause,
    });
    this.#followUps += 1;
    this.#bytes += bytes;
  }

  /** Gives up the full reports waiting to follow digests (the sender closes: they stand for no record). */
  dropFollowUps(): void {
    for (const group of this.#groups.values()) {
      const followUp = group.entries.get(FOLLOW_UP_KEY);
      if (followUp !== undefined) this.take(group, [followUp]);
    }
  }

  #dropOldestFollowUp(): void {
    let oldest: { group: Group; entry: PendingEntry } | undefined;
    for (const group of this.#groups.values()) {
      const entry = group.entries.get(FOLLOW_UP_KEY);
      if (entry !== undefined && (oldest === undefined || entry.firstAt < oldest.entry.firstAt))
        oldest = { group, entry };
    }
    if (oldest !== undefined) this.take(oldest.group, [oldest.entry]);
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
    const own = [...group.entries.values()].filter(
      (entry) => entry.fleet === undefined && entry.followUp === undefined,
    );
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
      group = { threadKey, entries: new Map(), folded: undefined, lastSentAt: Number.NEGATIVE_INFINITY, held: false };
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
   * record first, so that threads go out in the order their problems started; then the groups holding a
   * full report that follows a digest (new errors go first), of which those that hold nothing else wait
   * for their window even when `ignoreWindow` (a flush or a close does not wait for them).
   */
  readyGroups(now: number, windowMs: number, ignoreWindow: boolean): ThreadGroup[] {
    // An emptied group is kept until its window passes: it remembers when its thread last got a message.
    for (const [key, group] of this.#groups) {
      if (group.entries.size === 0 && now >= group.lastSentAt + windowMs) this.#groups.delete(key);
    }
    const ready = [...this.#groups.values()].filter(
      (group) => group.entries.size > 0 && !group.held && now >= this.#readyAt(group, windowMs, ignoreWindow),
    );
    return ready.sort((a, b) => Number(followsUp(a)) - Number(followsUp(b)) || oldest(a) - oldest(b));
  }

  /** When the next group becomes ready (with `ignoreWindow`, as {@link readyGroups} has it), or `undefined` when nothing waits. */
  nextReadyAt(windowMs: number, ignoreWindow = false): number | undefined {
    let next: number | undefined;
    for (const group of this.#groups.values()) {
      if (group.entries.size === 0 || group.held) continue;
      const readyAt = this.#readyAt(group, windowMs, ignoreWindow);
      next = next === undefined ? readyAt : Math.min(next, readyAt);
    }
    return next;
  }

  #readyAt(group: Group, windowMs: number, ignoreWindow: boolean): number {
    return ignoreWindow && !onlyFollowsUp(group) ? Number.NEGATIVE_INFINITY : group.lastSentAt + windowMs;
  }

  /** Removes entries that are now on their way to Chat (or given up). */
  take(group: ThreadGroup, entries: readonly PendingEntry[]): void {
    const kept = this.#groups.get(group.threadKey ?? UNTHREADED);
    if (kept === undefined) return;
    for (const entry of entries) {
      if (!kept.entries.delete(entry.key)) continue;
      if (entry.key === FOLDED_KEY) kept.folded = undefined;
      this.#bytes -= entry.bytes;
      if (entry.followUp !== undefined) {
        this.#followUps -= 1;
        continue;
      }
      this.#entries -= 1;
      if (entry.fleet === undefined) this.#records -= entry.count;
      else this.#fleetOccurrences -= entry.count;
    }
  }

  /**
   * Removes the entry to sacrifice when memory is short, and returns what it stood for (`undefined` when
   * nothing is left): for bytes, a full report following a digest first (it stands for no record); else
   * the least severe, then the oldest.
   */
  evictOne(forBytes = false): { records: number; fleetOccurrences: number } | undefined {
    if (forBytes && this.#followUps > 0) {
      this.#dropOldestFollowUp();
      return { records: 0, fleetOccurrences: 0 };
    }
    let victim: { group: Group; entry: PendingEntry } | undefined;
    for (const group of this.#groups.values()) {
      for (const entry of group.entries.values()) {
        if (entry.followUp !== undefined) continue;
        const worse =
          victim === undefined ||
          entry.sample.level.value < victim.entry.sample.level.value ||
          (entry.sample.level.value === victim.entry.sample.level.value && entry.firstAt < victim.entry.firstAt);
        if (worse) victim = { group, entry };
      }
    }
    if (victim === undefined) return undefined;
    this.take(victim.group, [victim.entry]);
    const { count, fleet } = victim.entry;
    return fleet === undefined ? { records: count, fleetOccurrences: 0 } : { records: 0, fleetOccurrences: count };
  }

  /** Removes everything (the close deadline passed); returns how many records, and other replicas' occurrences, that was. */
  clear(): { records: number; fleetOccurrences: number } {
    const cleared = { records: this.#records, fleetOccurrences: this.#fleetOccurrences };
    this.#groups.clear();
    this.#entries = 0;
    this.#followUps = 0;
    this.#bytes = 0;
    this.#records = 0;
    this.#fleetOccurrences = 0;
    return cleared;
  }
}

/** Whether an entry is one of the messages a thread keeps apart: its own, not the peers' occurrences, a follow-up or the folded entry. */
function isMessageEntry(entry: PendingEntry): boolean {
  return entry.fleet === undefined && entry.followUp === undefined && entry.key !== FOLDED_KEY;
}

/** The messages a thread keeps apart now. */
function messagesOf(group: Group): number {
  let messages = 0;
  for (const entry of group.entries.values()) if (isMessageEntry(entry)) messages += 1;
  return messages;
}

/** Counts a message among those the thread's folded entry holds (up to {@link FOLDED_MESSAGES_KNOWN}). */
function noteFolded(group: Group, entryKey: string): void {
  group.folded ??= new Set();
  // Counted by a hash of the message (its first half), so that the texts are not kept.
  if (group.folded.size < FOLDED_MESSAGES_KNOWN) group.folded.add(hash64(entryKey)[0]);
}

/**
 * The entry as a thread's folded entry: it tells how many messages the thread folded in (the set of
 * this entry, which stays with it once it is taken).
 */
function foldedEntry(group: Group, entry: PendingEntry): PendingEntry {
  group.folded ??= new Set();
  const folded = group.folded;
  return {
    ...entry,
    folded: {
      get messages() {
        return folded.size;
      },
    },
  };
}

/** Whether a group holds a full report following a digest (and perhaps records that came since). */
export function followsUp(group: ThreadGroup): boolean {
  return group.entries.has(FOLLOW_UP_KEY);
}

/** Whether all a group holds is a full report following a digest. */
function onlyFollowsUp(group: Group): boolean {
  return group.entries.size === 1 && group.entries.has(FOLLOW_UP_KEY);
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
