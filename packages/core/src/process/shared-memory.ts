import type { RateLimit } from '../limits/rate-limit.js';
import { hash64 } from '../text-hash.js';

/**
 * The state every gchat-log sender of one process shares, whatever thread (pino's transport worker, the
 * main thread, the app's own workers) or module copy (ESM and CommonJS builds) it runs in: one
 * `SharedArrayBuffer`, so that reading and updating it is synchronous and never waits for another
 * thread's event loop. It holds each space's sliding window of requests, each signature's reporter and
 * counts (the same rules as the Redis scripts), and what the process has already said once.
 *
 * Every access happens under one lock: a thread takes it by writing its own token with
 * `Atomics.compareExchange`, and only the holder gives it back. Critical sections take microseconds
 * (merging two memories, once, a few milliseconds). A thread that cannot take the lock within
 * {@link MAX_SPINS} tries gives up (its caller then decides alone), and a lock held longer than
 * {@link STALE_LOCK_MS} (its thread was terminated inside) is taken over.
 */

/** Bumped whenever the layout changes: copies of gchat-log with another layout do not share memory. */
export const LAYOUT_VERSION = 3;
/** Spaces whose windows are shared at once; a space whose window emptied gives its place up. */
export const SPACES = 32;
/** Requests a space's window can hold; a larger rate limit is kept per thread instead. */
export const WINDOW_CAPACITY = 512;
/** Signatures shared at once (each for two fleet windows after its last report). */
export const SIGNATURES = 2048;
const SIGNATURE_PROBES = 64;
const SAID = 256;
const MAX_SPINS = 20_000;
const STALE_LOCK_MS = 250;

// Float64 region: header, then per space its window's expiry and request times, then per signature its expiries.
const F_CREATED_AT = 0;
const F_TIE_BREAK = 1;
const F_LOCKED_AT = 2;
const F_SPACES = 3;
const SPACE_FLOATS = 1 + WINDOW_CAPACITY; // the window empties at, then the request times
const F_SIGNATURES = F_SPACES + SPACES * SPACE_FLOATS;
const SIGNATURE_FLOATS = 3; // counts expire at, reporter's lease ends at, replicas expire at
const FLOATS = F_SIGNATURES + SIGNATURES * SIGNATURE_FLOATS;
// Int32 region: header, spaces, signatures, said-once hashes.
const I_LOCK = 0;
const I_VERSION = 1;
/** Set once this memory was copied into an older one: a second thread adopting that one copies nothing again. */
const I_MERGED = 2;
const I_SPACES = 3;
const SPACE_INTS = 4; // hash high, hash low, first request, requests
const I_SIGNATURES = I_SPACES + SPACES * SPACE_INTS;
const SIGNATURE_INTS = 6; // hash high, hash low, reporter, total, shown, replicas (a bit per participant)
const I_SAID = I_SIGNATURES + SIGNATURES * SIGNATURE_INTS;
const INTS = I_SAID + SAID * 2;
const MEMORY_BYTES = FLOATS * 8 + INTS * 4;
/** Where the lock word is, in bytes: for tests that play a thread dying while it holds the lock. */
export const LOCK_BYTE_OFFSET = FLOATS * 8 + I_LOCK * 4;
/** Where the time the lock was taken is, in bytes: for the same tests. */
export const LOCKED_AT_BYTE_OFFSET = F_LOCKED_AT * 8;

/** What the shared memory says about one signature, as a fleet coordinator would. */
export interface SignatureAnswer {
  readonly reporter: boolean;
  readonly othersUnshown: number;
  readonly total: number;
  readonly replicas: number;
  readonly threadOpened: boolean;
}

/** How long a signature's counts and reporter are kept. */
export interface SignatureTimes {
  /** The fleet window: counts are kept for two of them after the last report. */
  readonly windowMs: number;
  /** How long the reporter stays reporter without reporting again (then another participant takes over). */
  readonly leaseMs: number;
}

/** The process's shared memory; `undefined` answers mean it cannot serve this call: decide alone. */
export class SharedMemory {
  readonly buffer: SharedArrayBuffer;
  readonly #floats: Float64Array;
  readonly #ints: Int32Array;
  /** This thread's token in the lock word: never 0, never another thread's. */
  readonly #token = (Math.floor(Math.random() * 0x7ffffffe) + 1) | 0 || 1;

  /** Wraps `buffer` (memory another thread shared), or allocates new memory stamped with its birth time. */
  constructor(buffer?: SharedArrayBuffer, now = Date.now()) {
    this.buffer = buffer ?? new SharedArrayBuffer(MEMORY_BYTES);
    this.#floats = new Float64Array(this.buffer, 0, FLOATS);
    this.#ints = new Int32Array(this.buffer, FLOATS * 8, INTS);
    if (buffer === undefined) {
      this.#floats[F_CREATED_AT] = now;
      this.#floats[F_TIE_BREAK] = Math.random();
      Atomics.store(this.#ints, I_VERSION, LAYOUT_VERSION);
    }
  }

  /** Whether `buffer` is memory of this layout (a copy of gchat-log of another version may send other memory). */
  static fits(buffer: unknown): buffer is SharedArrayBuffer {
    return (
      buffer instanceof SharedArrayBuffer &&
      buffer.byteLength === MEMORY_BYTES &&
      Atomics.load(new Int32Array(buffer, FLOATS * 8, INTS), I_VERSION) === LAYOUT_VERSION
    );
  }

  /** Orders memories by birth: the oldest one of a process is the one all threads end up sharing. */
  isOlderThan(other: SharedMemory): boolean {
    const [mine, theirs] = [this.#floats, other.#floats];
    const [myBirth, theirBirth] = [mine[F_CREATED_AT] ?? 0, theirs[F_CREATED_AT] ?? 0];
    return myBirth !== theirBirth ? myBirth < theirBirth : (mine[F_TIE_BREAK] ?? 0) < (theirs[F_TIE_BREAK] ?? 0);
  }

  /** Whether both wrap the same memory (a buffer received from another thread is another object). */
  isSameAs(other: SharedMemory): boolean {
    return !this.isOlderThan(other) && !other.isOlderThan(this);
  }

  /**
   * Takes a request of the space's window: 0, or the milliseconds until one frees up; `undefined` when
   * the window cannot be shared (lock not taken, every place held by a busy space, a limit above the capacity).
   */
  takeRequest(spaceKey: string, limit: RateLimit, now: number): number | undefined {
    if (limit.requests > WINDOW_CAPACITY) return undefined;
    const [high, low] = hash64(spaceKey);
    return this.#locked(() => {
      const slot = this.#spaceSlot(high, low, now);
      if (slot === undefined) return undefined;
      const ints = I_SPACES + slot * SPACE_INTS;
      const floats = F_SPACES + slot * SPACE_FLOATS;
      const times = floats + 1;
      let first = this.#ints[ints + 2] as number;
      let count = this.#ints[ints + 3] as number;
      while (count > 0 && (this.#floats[times + first] as number) <= now - limit.intervalMs) {
        first = (first + 1) % WINDOW_CAPACITY;
        count -= 1;
      }
      let wait = 0;
      if (count < limit.requests) {
        this.#floats[times + ((first + count) % WINDOW_CAPACITY)] = now;
        count += 1;
        this.#floats[floats] = Math.max(this.#floats[floats] as number, now + limit.intervalMs);
      } else {
        wait = Math.max(1, (this.#floats[times + first] as number) + limit.intervalMs - now);
      }
      this.#ints[ints + 2] = first;
      this.#ints[ints + 3] = count;
      return wait;
    });
  }

  /**
   * Adds a participant's occurrences of a signature, electing it reporter when the signature has none or
   * its reporter's lease ended (the rules of the Redis coordinator's REPORT script); `undefined` when the
   * memory cannot be used, and then nothing was written.
   */
  report(
    key: string,
    occurrences: number,
    participant: number,
    times: SignatureTimes,
    now: number,
  ): SignatureAnswer | undefined {
    const [high, low] = hash64(key);
    return this.#locked(() => {
      const slot = this.#signatureSlot(high, low, now, true);
      if (slot === undefined) return undefined;
      const [ints, floats] = [I_SIGNATURES + slot * SIGNATURE_INTS, F_SIGNATURES + slot * SIGNATURE_FLOATS];
      const total = (this.#ints[ints + 3] as number) + occurrences;
      this.#ints[ints + 3] = total;
      this.#floats[floats] = now + 2 * times.windowMs;
      if ((this.#floats[floats + 2] as number) <= now) this.#ints[ints + 5] = 0;
      if (occurrences > 0) this.#ints[ints + 5] = (this.#ints[ints + 5] as number) | participantBit(participant);
      this.#floats[floats + 2] = now + times.windowMs;
      if ((this.#floats[floats + 1] as number) <= now) this.#ints[ints + 2] = 0;
      if (this.#ints[ints + 2] === 0) this.#ints[ints + 2] = participant;
      const shownBefore = this.#ints[ints + 4] as number;
      const answer = { total, replicas: bitCount(this.#ints[ints + 5] as number), threadOpened: shownBefore > 0 };
      if (this.#ints[ints + 2] !== participant) return { ...answer, reporter: false, othersUnshown: 0 };
      this.#floats[floats + 1] = now + times.leaseMs;
      this.#ints[ints + 4] = total;
      return { ...answer, reporter: true, othersUnshown: total - shownBefore - occurrences };
    });
  }

  /** Gives up reporting a signature (the Redis coordinator's RELEASE script); `undefined` when the memory cannot be used. */
  release(key: string, participant: number, now: number): SignatureAnswer | undefined {
    const [high, low] = hash64(key);
    return this.#locked(() => {
      const slot = this.#signatureSlot(high, low, now, false);
      const ints = I_SIGNATURES + (slot ?? 0) * SIGNATURE_INTS;
      if (slot === undefined || this.#ints[ints + 2] !== participant) {
        return { reporter: false, othersUnshown: 0, total: 0, replicas: 0, threadOpened: false };
      }
      const [total, shown] = [this.#ints[ints + 3] as number, this.#ints[ints + 4] as number];
      this.#ints[ints + 4] = total;
      this.#ints[ints + 2] = 0;
      const replicas = bitCount(this.#ints[ints + 5] as number);
      return { reporter: true, othersUnshown: total - shown, total, replicas, threadOpened: true };
    });
  }

  /** `true` the first time the process is to say `what` (a hash of it is kept), `false` after. */
  firstTime(what: string): boolean {
    const [high, low] = hash64(what);
    const first = this.#locked(() => this.#remember(high, low));
    return first ?? true;
  }

  /**
   * Copies what this memory holds into `older`, which all threads now share: request times (so that
   * budgets stay whole), signatures `older` does not know, and what was said. Called by the thread
   * that adopts `older`; a signature both know keeps `older`'s reporter, with the counts added up.
   */
  copyInto(older: SharedMemory, now: number): void {
    older.#locked(() =>
      this.#locked(() => {
        // Several threads may share this memory and each adopt the older one: only the first copies.
        if (this.#ints[I_MERGED] === 1) return true;
        this.#ints[I_MERGED] = 1;
        for (let slot = 0; slot < SPACES; slot += 1) this.#copySpace(slot, older, now);
        for (let slot = 0; slot < SIGNATURES; slot += 1) this.#copySignature(slot, older, now);
        for (let slot = 0; slot < SAID; slot += 1) {
          const at = I_SAID + slot * 2;
          const [high, low] = [this.#ints[at] as number, this.#ints[at + 1] as number];
          if (high !== 0 || low !== 0) older.#remember(high, low);
        }
        return true;
      }),
    );
  }

  #copySpace(slot: number, older: SharedMemory, now: number): void {
    const ints = I_SPACES + slot * SPACE_INTS;
    const floats = F_SPACES + slot * SPACE_FLOATS;
    const count = this.#ints[ints + 3] as number;
    if (count === 0 || (this.#floats[floats] as number) <= now) return;
    const target = older.#spaceSlot(this.#ints[ints] as number, this.#ints[ints + 1] as number, now);
    if (target === undefined) return;
    const first = this.#ints[ints + 2] as number;
    const times = Array.from(
      { length: count },
      (_, index) => this.#floats[floats + 1 + ((first + index) % WINDOW_CAPACITY)] as number,
    );
    older.#mergeTimes(target, times, this.#floats[floats] as number);
  }

  #copySignature(slot: number, older: SharedMemory, now: number): void {
    const [ints, floats] = [I_SIGNATURES + slot * SIGNATURE_INTS, F_SIGNATURES + slot * SIGNATURE_FLOATS];
    if ((this.#floats[floats] as number) <= now) return;
    const target = older.#signatureSlot(this.#ints[ints] as number, this.#ints[ints + 1] as number, now, true);
    if (target === undefined) return;
    const [targetInts, targetFloats] = [
      I_SIGNATURES + target * SIGNATURE_INTS,
      F_SIGNATURES + target * SIGNATURE_FLOATS,
    ];
    const known = older.#ints[targetInts + 3] !== 0;
    older.#ints[targetInts + 3] = (older.#ints[targetInts + 3] as number) + (this.#ints[ints + 3] as number);
    older.#ints[targetInts + 4] = (older.#ints[targetInts + 4] as number) + (this.#ints[ints + 4] as number);
    older.#ints[targetInts + 5] = (older.#ints[targetInts + 5] as number) | (this.#ints[ints + 5] as number);
    if (!known) older.#ints[targetInts + 2] = this.#ints[ints + 2] as number;
    for (let index = 0; index < SIGNATURE_FLOATS; index += 1) {
      older.#floats[targetFloats + index] = Math.max(
        older.#floats[targetFloats + index] as number,
        this.#floats[floats + index] as number,
      );
    }
  }

  #mergeTimes(slot: number, added: readonly number[], emptiesAt: number): void {
    const ints = I_SPACES + slot * SPACE_INTS;
    const floats = F_SPACES + slot * SPACE_FLOATS;
    const first = this.#ints[ints + 2] as number;
    const count = this.#ints[ints + 3] as number;
    const own = Array.from(
      { length: count },
      (_, index) => this.#floats[floats + 1 + ((first + index) % WINDOW_CAPACITY)] as number,
    );
    const merged = [...own, ...added].sort((a, b) => a - b).slice(-WINDOW_CAPACITY);
    merged.forEach((time, index) => {
      this.#floats[floats + 1 + index] = time;
    });
    this.#ints[ints + 2] = 0;
    this.#ints[ints + 3] = merged.length;
    this.#floats[floats] = Math.max(this.#floats[floats] as number, emptiesAt);
  }

  /** Keeps a hash of something said: `true` if it was new (or the table is full), `false` if it was said before. */
  #remember(high: number, low: number): boolean {
    for (let slot = 0; slot < SAID; slot += 1) {
      const at = I_SAID + slot * 2;
      if (this.#ints[at] === high && this.#ints[at + 1] === low) return false;
      if (this.#ints[at] === 0 && this.#ints[at + 1] === 0) {
        this.#ints[at] = high;
        this.#ints[at + 1] = low;
        return true;
      }
    }
    return true; // the table is full: saying it again is better than not saying it
  }

  /** The place of a space's window: its own, or one no window holds now (never used, or emptied). */
  #spaceSlot(high: number, low: number, now: number): number | undefined {
    let free: number | undefined;
    for (let slot = 0; slot < SPACES; slot += 1) {
      const ints = I_SPACES + slot * SPACE_INTS;
      if (this.#ints[ints] === high && this.#ints[ints + 1] === low) return slot;
      const unused = this.#ints[ints] === 0 && this.#ints[ints + 1] === 0;
      if (free === undefined && (unused || (this.#floats[F_SPACES + slot * SPACE_FLOATS] as number) <= now))
        free = slot;
    }
    if (free === undefined) return undefined;
    const ints = I_SPACES + free * SPACE_INTS;
    this.#ints.fill(0, ints, ints + SPACE_INTS);
    this.#ints[ints] = high;
    this.#ints[ints + 1] = low;
    this.#floats[F_SPACES + free * SPACE_FLOATS] = 0;
    return free;
  }

  /**
   * The slot of a signature (open addressing with linear probes); with `claim`, a free one is taken
   * for it: never used, or expired. An expired slot of the signature itself starts afresh.
   */
  #signatureSlot(high: number, low: number, now: number, claim: boolean): number | undefined {
    let free: number | undefined;
    const start = (low >>> 0) % SIGNATURES;
    for (let probe = 0; probe < SIGNATURE_PROBES; probe += 1) {
      const slot = (start + probe) % SIGNATURES;
      const ints = I_SIGNATURES + slot * SIGNATURE_INTS;
      const expired = (this.#floats[F_SIGNATURES + slot * SIGNATURE_FLOATS] as number) <= now;
      const mine = this.#ints[ints] === high && this.#ints[ints + 1] === low;
      if (mine && !expired) return slot;
      if ((mine || expired) && free === undefined) free = slot;
      if (this.#ints[ints] === 0 && this.#ints[ints + 1] === 0) break;
    }
    if (!claim || free === undefined) return undefined;
    const ints = I_SIGNATURES + free * SIGNATURE_INTS;
    this.#ints.fill(0, ints, ints + SIGNATURE_INTS);
    this.#ints[ints] = high;
    this.#ints[ints + 1] = low;
    this.#floats.fill(0, F_SIGNATURES + free * SIGNATURE_FLOATS, F_SIGNATURES + (free + 1) * SIGNATURE_FLOATS);
    return free;
  }

  /** Runs `critical` under the lock; `undefined` when the lock could not be taken. */
  #locked<T>(critical: () => T): T | undefined {
    if (!this.#acquire()) return undefined;
    try {
      return critical();
    } finally {
      // Only the holder gives the lock back: had it been taken over, this leaves the new holder's alone.
      Atomics.compareExchange(this.#ints, I_LOCK, this.#token, 0);
    }
  }

  #acquire(): boolean {
    for (let spin = 0; spin < MAX_SPINS; spin += 1) {
      const held = Atomics.compareExchange(this.#ints, I_LOCK, 0, this.#token);
      if (held === 0) {
        this.#floats[F_LOCKED_AT] = Date.now();
        return true;
      }
      // Checked now and then: a lock held that long belongs to a thread that died inside. A clock that
      // stepped back makes the age negative: not stale.
      if (spin % 1024 === 1023) {
        const age = Date.now() - (this.#floats[F_LOCKED_AT] as number);
        if (age > STALE_LOCK_MS && Atomics.compareExchange(this.#ints, I_LOCK, held, this.#token) === held) {
          this.#floats[F_LOCKED_AT] = Date.now();
          return true;
        }
      }
    }
    return false;
  }
}

function participantBit(participant: number): number {
  return 1 << (participant & 31);
}

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits >>> 0; rest !== 0; rest >>>= 1) count += rest & 1;
  return count;
}
