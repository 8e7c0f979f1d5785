import { followsUp, type PendingEntry, type PendingRecords, type ThreadGroup } from '../batching/pending-records.js';
import type { BoundedSet } from '../bounded-set.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { Composed } from '../delivery/courier.js';
import { plural } from '../format/words.js';
import type { LogRecord } from '../record.js';
import { summariseCause } from '../render/cause-line.js';
import { type ChatMessage, MAX_MESSAGE_BYTES } from '../render/chat-message.js';
import {
  type Composition,
  type CompositionContext,
  closingTitle,
  composeDigest,
  composeThreadMessage,
  type DigestItem,
  digestTitle,
  isPeersItem,
} from '../render/compose-message.js';
import { renderCardMessage, renderDigestCard } from '../render/render-card.js';
import { RENDER_LIMITS } from '../render/render-limits.js';
import { renderMinimalText, undeliveredNotice } from '../render/render-text.js';

/** What the composer reads of the sender's state; it changes none of it but the pending records it takes. */
export interface ComposerSettings {
  readonly config: ResolvedConfig;
  readonly pending: PendingRecords;
  /** Threads whose full report was delivered: their messages are one-line replies. */
  readonly reportedThreads: BoundedSet<string>;
  /** Records not delivered since the last message that reached Chat, which the next one announces. */
  readonly undelivered: () => number;
  readonly serviceOf: (record: LogRecord) => string;
  /** Stack paths are shown relative to it. */
  readonly projectRoot: string;
  /** Whether the sender is closing: what it still holds for threads already in Chat then goes out as one message. */
  readonly closing: () => boolean;
}

const UNTHREADED = '';

/**
 * Decides what the next message says, from what waits when its first attempt is admitted: the oldest
 * ready thread's message (its full report when it opens the thread, then one line per message), or, when
 * more threads wait than the quota can carry, digests naming each cause, one after the other until every
 * thread that waited then is in one, and later each digested cause's full report in its own thread, once
 * nothing newer waits; when the sender closes, one message for every thread that already has its full
 * report (so that a fleet ending at once costs the space at most one message per replica, not one per
 * replica and thread); its card form when the format is cards and it fits Chat's size limit, else its
 * text; and the minimal plain text sent once if Chat refuses it (400). The entries it composes leave the
 * pending records.
 */
export class Composer {
  readonly #settings: ComposerSettings;
  /** The threads a run of digests still has to list: those waiting when the first digest was decided. */
  readonly #digestRun = new Set<string>();
  /** Whether the last message composed was a digest. */
  #lastWasDigest = false;

  constructor(settings: ComposerSettings) {
    this.#settings = settings;
  }

  /** The next message, or `undefined` when nothing is ready. */
  compose(now: number, ignoreWindow: boolean): Composed | undefined {
    const { config, pending } = this.#settings;
    const ready = pending.readyGroups(now, config.batchWindowMs, ignoreWindow);
    const [oldest] = ready;
    if (oldest === undefined) return undefined;
    const notes = [undeliveredNotice(this.#settings.undelivered())].filter((note) => note !== '');
    const context = { serviceOf: this.#settings.serviceOf, notes, projectRoot: this.#settings.projectRoot };
    const withRecords = ready.filter(standsForRecords);
    const run = withRecords.filter((group) => this.#digestRun.has(groupKey(group)));
    // A run down to its last thread ends: that one goes as its own message (a digest of one line would
    // cost the same request and show less).
    if (run.length <= 1) this.#digestRun.clear();
    // While full reports follow a digest, a new run of digests waits for one of them to go first: in a
    // long incident every other message is a full report, not digests only (and no stack ever).
    const reportsWait = this.#lastWasDigest && ready.some(followsUp);
    if (run.length <= 1 && !reportsWait && withRecords.length > config.rateLimit.requests) {
      for (const group of withRecords) this.#digestRun.add(groupKey(group));
      return this.#digest(withRecords, now, context, false);
    }
    if (run.length > 1) return this.#digest(run, now, context, false);
    const opened = ready.filter((group) => this.#replied(group));
    if (this.#settings.closing() && opened.length > 1 && opened[0] === oldest) {
      return this.#digest(opened, now, context, true);
    }
    this.#lastWasDigest = false;
    const next = this.#nextThread(ready);
    // The full report a digest announced opens the message, whatever the times of what came since.
    const entries = [...next.entries.values()].sort(
      (a, b) => Number(b.followUp !== undefined) - Number(a.followUp !== undefined) || a.firstAt - b.firstAt,
    );
    const threadKey = next.threadKey;
    const opensThread = !this.#replied(next);
    // A card lists at most so many entries after its full report: the rest wait for the next message.
    const shown =
      config.format === 'cards' ? entries.slice(0, RENDER_LIMITS.card.entries + (opensThread ? 1 : 0)) : entries;
    const composition = composeThreadMessage(shown, opensThread, context);
    return this.#take([next], composition, {
      digest: false,
      now,
      cards: () => renderCardMessage(composition.taken, opensThread, context),
      ...(threadKey !== undefined && { threadKey }),
      ...(threadKey !== undefined && opensThread && { opensThread: threadKey }),
    });
  }

  /**
   * One message, outside any thread, with a line per cause of these groups (and per occurrences the
   * peers counted): as many as fit, oldest first. The causes of a digest that opens no thread get their
   * full report later (not when closing: it stands for no record, and would only hold the close up).
   */
  #digest(groups: readonly ThreadGroup[], now: number, context: CompositionContext, closing: boolean): Composed {
    const items = groups.flatMap(digestItems).sort((a, b) => firstAt(a) - firstAt(b));
    const reportsFollow =
      !closing &&
      !this.#settings.closing() &&
      groups.some((group) => group.threadKey !== undefined && !this.#replied(group));
    const titleOf = (listed: readonly DigestItem[]) =>
      closing ? closingTitle(listed) : digestTitle(listed, reportsFollow);
    // A card shows at most so many causes: the text form then lists the same ones.
    const maxItems = this.#settings.config.format === 'cards' ? RENDER_LIMITS.card.entries : Number.POSITIVE_INFINITY;
    const composition = composeDigest(items, context, titleOf, maxItems);
    const cards = () => renderDigestCard(composition.items, titleOf(composition.items), context);
    const composed = this.#take(groups, composition, { digest: true, now, cards });
    this.#lastWasDigest = true;
    for (const group of groups) if (!standsForRecords(group)) this.#digestRun.delete(groupKey(group));
    if (reportsFollow) for (const item of composition.items) this.#followUp(item);
    return composed;
  }

  /**
   * The thread whose message goes next: the oldest ready one; but while full reports follow a digest,
   * a new error first, then those full reports, then the replies to threads already in Chat (whose
   * records are counted meanwhile), so that a long incident does not hold the reports back.
   */
  #nextThread(ready: readonly ThreadGroup[]): ThreadGroup {
    const [oldest] = ready as [ThreadGroup, ...ThreadGroup[]];
    if (this.#settings.closing() || !ready.some(followsUp)) return oldest;
    return ready.find((group) => !followsUp(group) && !this.#replied(group)) ?? ready.find(followsUp) ?? oldest;
  }

  /** Whether a group's thread has its full report already (in Chat or on its way): its messages are replies. */
  #replied(group: ThreadGroup): boolean {
    return group.threadKey !== undefined && this.#settings.reportedThreads.has(group.threadKey);
  }

  /** The full report of a cause a digest listed, to follow in its thread once nothing newer waits. */
  #followUp(item: DigestItem): void {
    const { threadKey } = item;
    if (threadKey === undefined || isPeersItem(item) || this.#settings.reportedThreads.has(threadKey)) return;
    const cause = summariseCause(item.entries);
    if (cause === undefined) return;
    const digested = { records: cause.records, firstAt: cause.firstAt, lastAt: cause.lastAt };
    this.#settings.pending.addFollowUp(threadKey, cause.sample, digested, this.#settings.config.maxQueuedRecords);
  }

  /** Takes the composed entries out of the pending records and makes the message. */
  #take(
    groups: readonly ThreadGroup[],
    composition: Composition,
    message: { digest: boolean; now: number; cards: () => ChatMessage; threadKey?: string; opensThread?: string },
  ): Composed {
    const { config, pending, serviceOf } = this.#settings;
    const taken = new Set<PendingEntry>(composition.taken);
    for (const group of groups) {
      const fromGroup = [...group.entries.values()].filter((entry) => taken.has(entry));
      if (fromGroup.length === 0) continue; // it waits for the next message, not for a batch window
      pending.markSent(group, message.now);
      pending.take(group, fromGroup);
    }
    // Records of this sender only: the peers' occurrences are shown, not counted here.
    const records = composition.taken.reduce((sum, entry) => sum + (entry.fleet === undefined ? entry.count : 0), 0);
    const [first] = composition.taken;
    const others = records - (first?.count ?? 0);
    const minimalNotes = others > 0 ? [`(and ${plural(others, 'more record')})`] : [];
    const content = config.format === 'cards' ? fitting(message.cards(), composition.text) : { text: composition.text };
    return {
      body: message.threadKey === undefined ? content : { ...content, thread: { threadKey: message.threadKey } },
      minimalText: first === undefined ? '' : renderMinimalText(first.sample, serviceOf(first.sample), minimalNotes),
      records,
      fleetOccurrences: composition.taken.reduce(
        (sum, entry) => sum + (entry.fleet === undefined ? 0 : entry.count),
        0,
      ),
      digest: message.digest,
      announcedUndelivered: this.#settings.undelivered(),
      ...(message.opensThread !== undefined && { opensThread: message.opensThread }),
    };
  }
}

/** Whether a group holds records (or the peers' occurrences), not only a full report following a digest. */
function standsForRecords(group: ThreadGroup): boolean {
  for (const entry of group.entries.values()) if (entry.followUp === undefined) return true;
  return false;
}

function groupKey(group: ThreadGroup): string {
  return group.threadKey ?? UNTHREADED;
}

/**
 * A group's lines in a digest: a thread's own records as one cause, whatever their messages, and the
 * peers' occurrences apart; each unthreaded record (no signature to group by) as a cause of its own.
 */
function digestItems(group: ThreadGroup): DigestItem[] {
  const { threadKey } = group;
  const entries = [...group.entries.values()].filter((entry) => entry.followUp === undefined);
  if (threadKey === undefined) return entries.map((entry) => ({ threadKey, entries: [entry] }));
  const own = entries.filter((entry) => entry.fleet === undefined);
  const peers = entries.filter((entry) => entry.fleet !== undefined).map((entry) => ({ threadKey, entries: [entry] }));
  return own.length === 0 ? peers : [{ threadKey, entries: own }, ...peers];
}

function firstAt(item: DigestItem): number {
  return Math.min(...item.entries.map((entry) => entry.firstAt));
}

/** The card message when it stays within Chat's size limit, else the text (which always does). */
function fitting(cards: ChatMessage, text: string): ChatMessage {
  return Buffer.byteLength(JSON.stringify(cards)) <= MAX_MESSAGE_BYTES ? cards : { text };
}
