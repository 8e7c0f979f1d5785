import type { PendingEntry, PendingRecords, ThreadGroup } from '../batching/pending-records.js';
import type { BoundedSet } from '../bounded-set.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { Composed } from '../delivery/courier.js';
import { plural } from '../format/words.js';
import type { LogRecord } from '../record.js';
import { type ChatMessage, MAX_MESSAGE_BYTES } from '../render/chat-message.js';
import {
  type Composition,
  closingTitle,
  composeDigest,
  composeThreadMessage,
  digestTitle,
} from '../render/compose-message.js';
import { renderCardMessage } from '../render/render-card.js';
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
  /** Whether the sender is closing: what it still holds for threads already in Chat then goes out as one message. */
  readonly closing: () => boolean;
}

/**
 * Decides what the next message says, from what waits when its first attempt is admitted: the oldest
 * ready thread's message (its full report when it opens the thread, then one line per record), or a
 * digest when more threads wait than the quota can carry; when the sender closes, one message for every
 * thread that already has its full report (so that a fleet ending at once costs the space at most one
 * message per replica, not one per replica and thread); its card form when the format is cards and it
 * fits Chat's size limit, else its text; and the minimal plain text sent once if Chat refuses it (400).
 * The entries it composes leave the pending records.
 */
export class Composer {
  readonly #settings: ComposerSettings;

  constructor(settings: ComposerSettings) {
    this.#settings = settings;
  }

  /** The next message, or `undefined` when nothing is ready. */
  compose(now: number, ignoreWindow: boolean): Composed | undefined {
    const { config, pending, reportedThreads } = this.#settings;
    const ready = pending.readyGroups(now, config.batchWindowMs, ignoreWindow);
    const [oldest] = ready;
    if (oldest === undefined) return undefined;
    const notes = [undeliveredNotice(this.#settings.undelivered())].filter((note) => note !== '');
    const context = { serviceOf: this.#settings.serviceOf, notes };
    if (ready.length > config.rateLimit.requests) return this.#digest(ready, now, context, digestTitle);
    const opened = ready.filter((group) => group.threadKey !== undefined && reportedThreads.has(group.threadKey));
    if (this.#settings.closing() && opened.length > 1 && opened[0] === oldest) {
      return this.#digest(opened, now, context, closingTitle);
    }
    const entries = [...oldest.entries.values()].sort((a, b) => a.firstAt - b.firstAt);
    const threadKey = oldest.threadKey;
    const opensThread = threadKey === undefined || !reportedThreads.has(threadKey);
    const composition = composeThreadMessage(entries, opensThread, context);
    return this.#take([oldest], composition, {
      digest: false,
      now,
      cards: () => renderCardMessage(composition.taken, opensThread, context),
      ...(threadKey !== undefined && { threadKey }),
      ...(threadKey !== undefined && opensThread && { opensThread: threadKey }),
    });
  }

  /** One message, outside any thread, with a line per entry of these groups: as many as fit, oldest first. */
  #digest(
    groups: readonly ThreadGroup[],
    now: number,
    context: { serviceOf: (record: LogRecord) => string; notes: readonly string[] },
    titleOf: (entries: readonly PendingEntry[]) => string,
  ): Composed {
    const entries = groups.flatMap((group) => [...group.entries.values()]).sort((a, b) => a.firstAt - b.firstAt);
    const composition = composeDigest(entries, context, titleOf(entries));
    const cards = () =>
      renderCardMessage(composition.taken, false, { ...context, digestTitle: titleOf(composition.taken) });
    return this.#take(groups, composition, { digest: true, now, cards });
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
      pending.markSent(group, message.now);
      pending.take(
        group,
        [...group.entries.values()].filter((entry) => taken.has(entry)),
      );
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

/** The card message when it stays within Chat's size limit, else the text (which always does). */
function fitting(cards: ChatMessage, text: string): ChatMessage {
  return Buffer.byteLength(JSON.stringify(cards)) <= MAX_MESSAGE_BYTES ? cards : { text };
}
