import type { PendingEntry } from '../batching/pending-records.js';
import type { LogRecord } from '../record.js';
import { stringifyValue } from '../stringify-value.js';
import { type CauseSummary, causeParts, summariseCause } from './cause-line.js';
import type { ChatMessage } from './chat-message.js';
import { type DigestItem, isPeersItem } from './compose-message.js';
import { countLabel, occurrenceSpan } from './occurrences.js';
import { readableStack } from './readable-stack.js';
import { RENDER_LIMITS } from './render-limits.js';
import { displayedMessage, levelMarker } from './render-text.js';
import { escapeHtml, neutraliseInline } from './sanitise.js';
import { truncate } from './truncate.js';

const CARD_ID = 'gchat-log';
const LIMITS = RENDER_LIMITS.card;

/** What a card needs besides its entries. */
export interface CardContext {
  serviceOf(record: LogRecord): string;
  /** Notes of ours (records not delivered), shown under the header. */
  readonly notes: readonly string[];
  /** Stack paths are shown relative to it. */
  readonly projectRoot: string;
}

/**
 * The `cardsV2` form of a thread's message: a header with the level and service, the first entry in full
 * when it opens its thread (message, error, fields as decoratedText, the readable stack in a collapsed
 * section, the app's frames in bold), and one decoratedText per further entry. Every string from a
 * record is HTML-escaped; `fallbackText` keeps phone notifications useful.
 */
export function renderCardMessage(
  entries: readonly PendingEntry[],
  fullFirst: boolean,
  context: CardContext,
): ChatMessage {
  const [first] = entries;
  if (first === undefined) return { text: '' };
  const service = context.serviceOf(first.sample);
  const label = first.sample.level.label.toUpperCase();
  const sections = noteSections(context);
  const listed = fullFirst ? entries.slice(1) : entries;
  if (fullFirst) sections.push(...fullReport(first, context.projectRoot));
  if (listed.length > 0) {
    sections.push({
      ...(sections.length > 0 && { header: 'More' }),
      // The composer gives a card at most LIMITS.entries entries after its full report.
      widgets: listed.map((entry) => entryWidget(entry, context)),
    });
  }
  const title = `${levelMarker(first.sample)} ${label} · ${service}`;
  return card(title, subtitleOf(first), sections, `${label} ${service}: ${displayedMessage(first.sample)}`);
}

/**
 * The `cardsV2` form of a digest: its title in the header, and a decoratedText per item: a cause with its
 * count, level, service and time above, its message and error, and where the app threw it below.
 */
export function renderDigestCard(items: readonly DigestItem[], title: string, context: CardContext): ChatMessage {
  const sections = noteSections(context);
  // The composer lists at most LIMITS.entries causes per card digest.
  const widgets = items.flatMap((item) => {
    const [first] = item.entries;
    if (first === undefined) return [];
    if (isPeersItem(item)) return [entryWidget(first, context)];
    const cause = summariseCause(item.entries);
    return cause === undefined ? [] : [causeWidget(cause, context)];
  });
  if (widgets.length > 0) sections.push({ widgets });
  return card(title, '', sections, title);
}

function noteSections(context: CardContext): Record<string, unknown>[] {
  const notes = context.notes.map((note) => ({ textParagraph: { text: escapeHtml(note) } }));
  return notes.length > 0 ? [{ widgets: notes }] : [];
}

function card(title: string, subtitle: string, sections: Record<string, unknown>[], fallback: string): ChatMessage {
  return {
    fallbackText: truncate(neutraliseInline(fallback), LIMITS.fallback),
    cardsV2: [
      { cardId: CARD_ID, card: { header: { title: escapeHtml(title), subtitle: escapeHtml(subtitle) }, sections } },
    ],
  };
}

function causeWidget(cause: CauseSummary, context: CardContext): Record<string, unknown> {
  const parts = causeParts(cause, context.projectRoot);
  const count = cause.records > 1 ? `×${cause.records} · ` : '';
  const label = cause.sample.level.label.toUpperCase();
  const text = [parts.message, parts.error].filter((part) => part !== undefined).join(' — ');
  return {
    decoratedText: {
      topLabel: escapeHtml(`${count}${label} · ${context.serviceOf(cause.sample)} · ${parts.when}`),
      text: escapeHtml(text === '' ? displayedMessage(cause.sample) : text),
      ...(parts.place !== undefined && { bottomLabel: escapeHtml(`at ${parts.place}`) }),
      wrapText: true,
    },
  };
}

function fullReport(entry: PendingEntry, projectRoot: string): Record<string, unknown>[] {
  const record = entry.sample;
  const widgets: Record<string, unknown>[] = [];
  if (record.message !== '')
    widgets.push({ textParagraph: { text: escapeHtml(truncate(record.message, LIMITS.message)) } });
  if (record.error !== undefined) {
    const error = record.error;
    widgets.push({
      decoratedText: {
        topLabel: escapeHtml(error.code === undefined ? 'Error' : `Error · ${error.code}`),
        text: escapeHtml(truncate(`${error.type}: ${error.message}`, LIMITS.fieldValue)),
        wrapText: true,
      },
    });
  }
  const fields = Object.entries(record.fields).filter(([, value]) => value !== undefined);
  for (const [key, value] of fields.slice(0, RENDER_LIMITS.fields)) {
    widgets.push({
      decoratedText: {
        topLabel: escapeHtml(key),
        text: escapeHtml(truncate(stringifyValue(value), LIMITS.fieldValue)),
        wrapText: true,
      },
    });
  }
  const sections: Record<string, unknown>[] = [{ widgets }];
  const stack = record.error?.stack;
  if (stack !== undefined) {
    sections.push({
      header: 'Stack',
      collapsible: true,
      uncollapsibleWidgetsCount: 0,
      widgets: [{ textParagraph: { text: stackHtml(stack, projectRoot) } }],
    });
  }
  return sections;
}

/** The readable stack as card HTML: the app's frames in bold, the rest in grey; within the card's budgets. */
function stackHtml(stack: string, projectRoot: string): string {
  const lines = readableStack(stack, projectRoot).slice(0, LIMITS.stackLines);
  const html: string[] = [];
  let length = 0;
  for (const line of lines) {
    const text = escapeHtml(truncate(line.text, LIMITS.stackLine));
    const shown = line.kind === 'app' ? `<b>${text}</b>` : `<font color="#5f6368">${text}</font>`;
    if (length + shown.length > LIMITS.stack) break;
    html.push(shown);
    length += shown.length + 4;
  }
  return html.join('<br>');
}

function entryWidget(entry: PendingEntry, context: CardContext): Record<string, unknown> {
  const record = entry.sample;
  const label = countLabel(entry);
  const count = label === '' ? '' : `${label} · `;
  return {
    decoratedText: {
      topLabel: escapeHtml(`${count}${record.level.label.toUpperCase()} · ${context.serviceOf(record)}`),
      text: escapeHtml(truncate(displayedMessage(record), LIMITS.fieldValue)),
      wrapText: true,
    },
  };
}

function subtitleOf(entry: PendingEntry): string {
  return [entry.sample.hostname, occurrenceSpan(entry)].filter((part) => part !== undefined && part !== '').join(' · ');
}
