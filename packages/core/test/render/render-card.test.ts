import { describe, expect, it } from 'vitest';
import type { PendingEntry } from '../../src/batching/pending-records.js';
import type { LogRecord } from '../../src/record.js';
import { MAX_MESSAGE_BYTES } from '../../src/render/chat-message.js';
import { renderCardMessage, renderDigestCard } from '../../src/render/render-card.js';

const HOSTILE = '<users/all> <https://evil.example|click> <b>bold</b> & "quotes"';

function entry(sample: Partial<LogRecord>, count = 1): PendingEntry {
  const record: LogRecord = {
    level: { value: 50, label: 'error' },
    time: 0,
    message: 'payment failed',
    fields: {},
    ...sample,
  };
  return { key: String(Math.random()), sample: record, count, firstAt: 0, lastAt: 61_000, bytes: 0 };
}

const context = { serviceOf: () => 'checkout', notes: [] as string[], projectRoot: '/srv/app' };

describe('renderCardMessage', () => {
  it('builds a card with a header, the message, error and fields as rows, the stack collapsed, and a fallback', () => {
    const message = renderCardMessage(
      [
        entry(
          {
            hostname: 'web-1',
            error: {
              type: 'TypeError',
              message: 'x is undefined',
              stack: 'TypeError: x\n    at pay (/srv/app/pay.js:1:1)',
              code: 'E_X',
            },
            fields: { orderId: 17 },
          },
          3,
        ),
        entry({ message: 'refund failed' }, 2),
      ],
      true,
      context,
    );

    expect(message.text).toBeUndefined();
    expect(message.fallbackText).toBe('ERROR checkout: payment failed');
    const card = message.cardsV2?.[0]?.card as { header: unknown; sections: Array<Record<string, unknown>> };
    expect(card.header).toEqual({
      title: '🔴 ERROR · checkout',
      subtitle: 'web-1 · ×3 between 00:00:00 and 00:01:01 UTC',
    });
    expect(card.sections).toEqual([
      {
        widgets: [
          { textParagraph: { text: 'payment failed' } },
          { decoratedText: { topLabel: 'Error · E_X', text: 'TypeError: x is undefined', wrapText: true } },
          { decoratedText: { topLabel: 'orderId', text: '17', wrapText: true } },
        ],
      },
      {
        header: 'Stack',
        collapsible: true,
        uncollapsibleWidgetsCount: 0,
        widgets: [
          { textParagraph: { text: '<font color="#5f6368">TypeError: x</font><br><b>at pay (pay.js:1:1)</b>' } },
        ],
      },
      {
        header: 'More',
        widgets: [{ decoratedText: { topLabel: '×2 · ERROR · checkout', text: 'refund failed', wrapText: true } }],
      },
    ]);
  });

  it('HTML-escapes every string taken from a record', () => {
    const message = renderCardMessage(
      [
        entry({
          message: HOSTILE,
          hostname: HOSTILE,
          fields: { [HOSTILE]: HOSTILE },
          error: { type: 'Error', message: HOSTILE, stack: `Error: ${HOSTILE}` },
        }),
      ],
      true,
      { ...context, serviceOf: () => HOSTILE },
    );
    const json = JSON.stringify(message.cardsV2);
    expect(json).not.toContain('<users/');
    expect(json).not.toContain('<https://');
    expect(json).not.toContain('<b>');
    expect(json).toContain('&lt;users/all&gt;');
    expect(message.fallbackText).not.toContain('<users/');
  });

  it('stays within Chat’s message size for an oversized record', () => {
    const message = renderCardMessage(
      [
        entry({
          message: 'm'.repeat(1_000_000),
          error: {
            type: 'Error',
            message: 'e'.repeat(100_000),
            stack: ['Error: deep', ...Array.from({ length: 10_000 }, (_, i) => `    at f${i} (/a.js:${i}:1)`)].join(
              '\n',
            ),
          },
          fields: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field${i}`, '<'.repeat(5000)])),
        }),
      ],
      true,
      context,
    );
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });
});

describe('renderDigestCard', () => {
  it('names each cause as the text digest does: count, level, service, times, message, error and place', () => {
    const cause = (type: string, place: string, count: number) =>
      entry(
        {
          message: 'failed',
          error: {
            type,
            message: `${type} broke`,
            stack: `${type}: broke\n    at ${place} (/srv/app/src/jobs.js:3:9)`,
          },
        },
        count,
      );
    const message = renderDigestCard(
      [
        { threadKey: 'a', entries: [cause('TypeError', 'charge', 37)] },
        { threadKey: 'b', entries: [cause('RangeError', 'refund', 1)] },
      ],
      '📋 Digest · 38 records of 2 causes',
      context,
    );
    const card = message.cardsV2?.[0]?.card as { header: { title: string }; sections: Array<{ widgets: unknown[] }> };
    expect(card.header.title).toBe('📋 Digest · 38 records of 2 causes');
    expect(card.sections.at(-1)?.widgets).toEqual([
      {
        decoratedText: {
          topLabel: '×37 · ERROR · checkout · 00:00:00–00:01:01 UTC',
          text: 'failed — TypeError: TypeError broke',
          bottomLabel: 'at src/jobs.js:charge',
          wrapText: true,
        },
      },
      {
        decoratedText: {
          topLabel: 'ERROR · checkout · 00:00:00 UTC',
          text: 'failed — RangeError: RangeError broke',
          bottomLabel: 'at src/jobs.js:refund',
          wrapText: true,
        },
      },
    ]);
  });
});
