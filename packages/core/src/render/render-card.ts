import type { PendingEntry } from '../batching/pending-records.js';
import type { LogRecord } from '../record.js';
import { stringifyValue } from '../stringify-value.js';
import type { ChatMessage } from './chat-message.js';
import { countLabel, occurrenceSpan } from './occurrences.js';
import { RENDER_LIMITS } from './render-limits.js';
import { displayedMessage, levelMarker } from './render-text.js';
import { escapeHtml, neutraliseInline } from './sanitise.js';
import { truncate, truncateLines } from './truncate.js';

const CARD_ID = 'gchat-log';
const LIMITS = RENDER_LIMITS.card;

/** What a card needs besides its entries. */
export interface CardContext {
  serviceOf(record: LogRecord): string;
  /** Notes of ours (records not delivered), shown under the header. */
  readonly notes: readonly string[];
  /** A digest's title, when the card is a digest. */
  readonly digestTitle?: string;
}

/**
 * The `cardsV2` form of a message: a header with the level and service, the first entry in full when it
 * opens its thread (message, error, fields as decoratedText, the stack in a collapsed section), and one
 * decoratedText per further entry. Every string from a record is HTML-escaped; `fallbackText` keeps phone
 * notifications useful.
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
  const sections: Record<string, unknown>[] = [];
  const notes = context.notes.map((note) => ({ textParagraph: { text: escapeHtml(note) } }));
  if (notes.length > 0) sections.push({ widgets: notes });
  const listed = fullFirst && context.digestTitle === undefined ? entries.slice(1) : entries;
  if (fullFirst && context.digestTitle === undefined) sections.push(...fullReport(first));
  if (listed.length > 0) {
    sections.push({
      ...(sections.length > 0 && { header: 'More' }),
      widgets: listed.slice(0, LIMITS.entries).map((entry) => entryWidget(entry, context)),
    });
  }
  const title =
    context.digestTitle === undefined ? `${levelMarker(first.sample)} ${label} · ${service}` : context.digestTitle;
  const subtitle = context.digestTitle === undefined ? subtitleOf(first) : '';
  return {
    fallbackText: truncate(neutraliseInline(`${label} ${service}: ${displayedMessage(first.sample)}`), LIMITS.fallback),
    cardsV2: [
      { cardId: CARD_ID, card: { header: { title: escapeHtml(title), subtitle: escapeHtml(subtitle) }, sections } },
    ],
  };
}

function fullReport(entry: PendingEntry): Record<string, unknown>[] {
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
    const lines = truncate(truncateLines(stack, LIMITS.stackLines), LIMITS.stack).split('\n').map(escapeHtml);
    sections.push({
      header: 'Stack',
      collapsible: true,
      uncollapsibleWidgetsCount: 0,
      widgets: [{ textParagraph: { text: `<font color="#5f6368">${lines.join('<br>')}</font>` } }],
    });
  }
  return sections;
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
