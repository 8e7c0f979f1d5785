import { approximateBytes, type PendingEntry, type PendingRecords } from '../batching/pending-records.js';
import type { Clock } from '../clock.js';
import type { LogRecord } from '../record.js';
import type { Coordination } from './coordination.js';
import type { FleetAnswer, OccurrenceReport } from './coordinator.js';

/** What the sender tells the de-duplication, and what it needs from the sender. */
export interface SharedDeduplicationSettings {
  readonly coordination: Coordination;
  readonly pending: PendingRecords;
  readonly clock: Clock;
  /**
   * Where this sender's threads live: the space and its webhook (Chat scopes thread keys to the webhook
   * that set them), so that signatures are shared among the senders posting to one thread.
   */
  readonly threadScope: string;
  /** How long the peers keep a signature's counters and its reporter. */
  readonly windowMs: number;
  /** How often the signatures this sender reports are asked for the peers' occurrences. */
  readonly collectEveryMs: number;
  /** Turns a record into the sample kept in memory (redaction). */
  readonly keep: (record: LogRecord) => LogRecord;
  /** Records another peer reports were added to the shared counters: they leave this sender's queue. */
  readonly onCountedByOthers: (records: number) => void;
  /** Something may be ready to send now (a group was released, an entry added). */
  readonly onChange: () => void;
  /** Another peer already posted the signature's full report: this sender's messages are replies. */
  readonly onThreadOpened: (threadKey: string) => void;
}

/** What this sender knows about one signature. */
interface SignatureState {
  role: 'reporter' | 'other' | undefined;
  /** The role is asked again after this (epoch ms): one lease after it was given. */
  roleUntil: number;
  /**
   * Until when this sender, as reporter, keeps asking for the others' occurrences: a lease after its
   * last own record or the last time others had something unshown. Then it lets the signature go.
   */
  activeUntil: number;
  entryKey: string;
  /** A redacted record of the signature: shown with the other replicas' occurrences. */
  sample: LogRecord;
  /** Records in the pending group not yet added to the shared counters. */
  unreported: number;
  /** Records counted for another reporter, not yet added to the shared counters. */
  owed: number;
  owedFirstAt: number;
  owedLastAt: number;
}

/** Delay between a record of an undecided signature and the question to the peers. */
const ASK_DELAY_MS = 20;
/** A role lasts this many collection intervals: a reporter that stops asking is replaced after it. */
const LEASE_COLLECTIONS = 3;

/**
 * De-duplication among peers (the other loggers of the process, or the replicas of a fleet): the first
 * peer to report a signature in the window posts it; the others add their occurrences to shared
 * counters, and the reporter shows them in its thread ("×340 on 23 replicas in the last 5 min"). While
 * the peers are asked, the signature's records are held; when they cannot be asked, this sender posts
 * its own records, as if alone.
 */
export class SharedDeduplication {
  readonly #settings: SharedDeduplicationSettings;
  readonly #signatures = new Map<string, SignatureState>();
  #asking: Promise<void> | undefined;
  #askAgain = false;
  #cancelAsk: (() => void) | undefined;
  #askAt = 0;
  readonly #leaseMs: number;
  readonly #stopResets: () => void;

  constructor(settings: SharedDeduplicationSettings) {
    this.#settings = settings;
    this.#leaseMs = LEASE_COLLECTIONS * settings.collectEveryMs;
    this.#stopResets = settings.coordination.onReset(() => this.#forgetRoles());
  }

  /**
   * Takes a threaded record: returns `true` when it was counted for another peer's report (the sender
   * counts it as queued and keeps nothing), `false` when the sender adds it to its pending records.
   */
  countForOthers(record: LogRecord, threadKey: string, entryKey: string): boolean {
    const now = this.#settings.clock.now();
    let state = this.#signatures.get(threadKey);
    if (state === undefined) {
      state = {
        role: undefined,
        roleUntil: 0,
        activeUntil: 0,
        entryKey,
        sample: this.#settings.keep(record),
        unreported: 0,
        owed: 0,
        owedFirstAt: record.time,
        owedLastAt: record.time,
      };
      this.#signatures.set(threadKey, state);
    }
    if (now >= state.roleUntil) state.role = undefined;
    if (state.role === 'other') {
      if (state.owed === 0) state.owedFirstAt = record.time;
      state.owed += 1;
      state.owedLastAt = record.time;
      this.#scheduleAsk(this.#settings.collectEveryMs, now);
      return true;
    }
    state.unreported += 1;
    state.activeUntil = now + this.#leaseMs;
    if (state.role === undefined) {
      this.#settings.pending.hold(threadKey);
      this.#scheduleAsk(ASK_DELAY_MS, now);
    } else {
      this.#scheduleAsk(this.#settings.collectEveryMs, now);
    }
    return false;
  }

  /** Asks the peers now about what waits (the sender flushes): held records are decided without the usual delay. */
  hurry(): Promise<void> {
    this.#cancelAsk?.();
    this.#cancelAsk = undefined;
    return this.#ask();
  }

  /** Reports what is left, gives up reporting, and adds the peers' last occurrences (the sender closes). */
  async release(): Promise<void> {
    this.#stopResets();
    await this.hurry();
    const owned = [...this.#signatures].filter(([, state]) => state.role === 'reporter').map(([key]) => key);
    const answers = owned.length === 0 ? [] : await this.#settings.coordination.release(owned.map(this.#keyOf));
    for (const [index, answer] of (answers ?? []).entries()) this.#showOthers(owned[index] as string, answer);
    for (const state of this.#signatures.values()) state.role = undefined;
    this.#settings.onChange();
  }

  /** Asks the peers in `delayMs`, unless an ask is due sooner already; called for every record, so cheap. */
  #scheduleAsk(delayMs: number, now = this.#settings.clock.now()): void {
    const askAt = now + delayMs;
    if (this.#cancelAsk !== undefined && this.#askAt <= askAt) return;
    this.#cancelAsk?.();
    this.#askAt = askAt;
    // Collecting for a signature must not keep an idle process alive; deciding a held one must.
    this.#cancelAsk = this.#settings.clock.schedule(
      () => {
        this.#cancelAsk = undefined;
        void this.#ask();
      },
      delayMs,
      delayMs <= ASK_DELAY_MS,
    );
  }

  /** The signature's key among the peers: its space and thread. */
  readonly #keyOf = (threadKey: string): string => `${this.#settings.threadScope} ${threadKey}`;

  /** One question to the peers about every signature with news, and every one this sender reports. */
  #ask(): Promise<void> {
    if (this.#asking !== undefined) {
      this.#askAgain = true;
      return this.#asking;
    }
    this.#asking = this.#askOnce().finally(() => {
      this.#asking = undefined;
      if (this.#askAgain) {
        this.#askAgain = false;
        void this.#ask();
      }
    });
    return this.#asking;
  }

  async #askOnce(): Promise<void> {
    const now = this.#settings.clock.now();
    // A reporter asks about a signature only while it is active: a quiet one is let go, and forgotten.
    const asked = [...this.#signatures].filter(
      ([, state]) => state.unreported > 0 || state.owed > 0 || (state.role === 'reporter' && now < state.activeUntil),
    );
    if (asked.length === 0) return;
    const reports: OccurrenceReport[] = asked.map(([threadKey, state]) => ({
      key: this.#keyOf(threadKey),
      occurrences: state.unreported + state.owed,
    }));
    const counted = asked.map(([, state]) => ({ unreported: state.unreported, owed: state.owed }));
    const answers = await this.#settings.coordination.report(reports, this.#settings.windowMs, this.#leaseMs);
    const answeredAt = this.#settings.clock.now();
    asked.forEach(([threadKey, state], index) => {
      const { unreported, owed } = counted[index] as { unreported: number; owed: number };
      state.unreported -= unreported;
      this.#apply(threadKey, state, answers?.[index], owed, answeredAt);
    });
    const stillActive = (state: SignatureState) =>
      (state.role === 'reporter' && answeredAt < state.activeUntil) || state.owed > 0;
    if ([...this.#signatures.values()].some(stillActive)) this.#scheduleAsk(this.#settings.collectEveryMs);
    this.#forgetIdleSignatures(answeredAt);
    this.#settings.onChange();
  }

  #apply(threadKey: string, state: SignatureState, answer: FleetAnswer | undefined, owed: number, now: number): void {
    const { pending } = this.#settings;
    if (answer === undefined || answer.reporter) {
      // This sender posts: what it owed becomes records of its own again. Without an answer, it decides
      // alone until it asks again. Taking over a signature another peer showed, it only replies.
      if (state.role !== 'reporter' && answer?.threadOpened) this.#settings.onThreadOpened(threadKey);
      state.role = 'reporter';
      state.roleUntil = now + (answer === undefined ? this.#settings.collectEveryMs : this.#leaseMs);
      if (answer !== undefined && answer.othersUnshown > 0) state.activeUntil = now + this.#leaseMs;
      this.#moveOwedToPending(threadKey, state, owed);
      if (answer !== undefined) this.#showOthers(threadKey, answer);
      pending.letGo(threadKey);
      return;
    }
    state.role = 'other';
    state.roleUntil = now + this.#leaseMs;
    state.owed -= owed;
    // The held records leave the queue: those logged while the peers were asked are owed to the counters.
    const held = pending.takeOwnRecords(threadKey);
    pending.letGo(threadKey);
    const later = state.unreported;
    state.unreported = 0;
    if (later > 0) {
      if (state.owed === 0) state.owedFirstAt = now;
      state.owed += later;
      state.owedLastAt = now;
    }
    this.#settings.onCountedByOthers(owed + held - later);
  }

  #moveOwedToPending(threadKey: string, state: SignatureState, owed: number): void {
    const records = Math.min(owed, state.owed);
    if (records === 0) return;
    state.owed -= records;
    this.#settings.pending.addCounted(threadKey, {
      key: state.entryKey,
      sample: state.sample,
      count: records,
      firstAt: state.owedFirstAt,
      lastAt: state.owedLastAt,
      bytes: approximateBytes(state.sample),
    });
  }

  /** Adds the occurrences the peers counted, not shown yet, to the thread's next message. */
  #showOthers(threadKey: string, answer: FleetAnswer): void {
    const state = this.#signatures.get(threadKey);
    if (state === undefined || answer.othersUnshown <= 0) return;
    const now = this.#settings.clock.now();
    const entry: PendingEntry = {
      key: `fleet|${threadKey}`,
      sample: state.sample,
      count: answer.othersUnshown,
      firstAt: now,
      lastAt: now,
      bytes: 0,
      fleet: {
        total: answer.total,
        replicas: answer.replicas,
        windowMs: this.#settings.windowMs,
        peers: this.#settings.coordination.peers,
      },
    };
    this.#settings.pending.addCounted(threadKey, entry);
  }

  /**
   * The coordinator's earlier answers may be wrong (two threads' memories were merged): every role is
   * asked again, and the records of undecided signatures held, before anything more is posted.
   */
  #forgetRoles(): void {
    for (const [threadKey, state] of this.#signatures) {
      state.role = undefined;
      state.roleUntil = 0;
      if (state.unreported > 0) this.#settings.pending.hold(threadKey);
    }
    this.#scheduleAsk(0);
  }

  /** Signatures with nothing to report and no role left are forgotten, so memory stays bounded. */
  #forgetIdleSignatures(now: number): void {
    for (const [threadKey, state] of this.#signatures) {
      if (state.unreported === 0 && state.owed === 0 && now >= state.roleUntil) this.#signatures.delete(threadKey);
    }
  }
}
