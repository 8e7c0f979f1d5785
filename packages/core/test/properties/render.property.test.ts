import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PendingEntry } from '../../src/batching/pending-records.js';
import { boundedRecord, withBoundedFields } from '../../src/bounds/bounded-record.js';
import { createRecordRedactor } from '../../src/redaction/redact-record.js';
import { MAX_TEXT_LENGTH } from '../../src/render/chat-message.js';
import { composeDigest, composeThreadMessage, digestTitle } from '../../src/render/compose-message.js';
import { renderCardMessage, renderDigestCard } from '../../src/render/render-card.js';
import { renderLine, renderMinimalText, renderText } from '../../src/render/render-text.js';
import { cardWithoutOwnTags, fencesAreWhole, holdsMarkupOpening, hostileText, logRecord } from './arbitraries.js';

const redact = createRecordRedactor([]);
/** A record as the sender keeps it: bounded, its fields bounded, redacted. */
const kept = (record: Parameters<typeof boundedRecord>[0]) => redact(withBoundedFields(boundedRecord(record)));
const entriesOf = (records: Parameters<typeof boundedRecord>[0][], counts: number[]): PendingEntry[] =>
  records.map((record, index) => {
    const sample = kept(record);
    return { key: `k${index}`, sample, count: counts[index] ?? 1, firstAt: sample.time, lastAt: sample.time, bytes: 0 };
  });
const context = (service: string) => ({ serviceOf: () => service, notes: [], projectRoot: '/srv/app' });

describe('rendering arbitrary records', () => {
  it('renderText never throws, stays within 4,096 characters, and lets no mention, link or fence through', () => {
    fc.assert(
      fc.property(logRecord, hostileText(60), (record, service) => {
        for (const text of [
          renderText(kept(record), { service, projectRoot: '/srv/app' }),
          renderLine(kept(record), service, '×3'),
          renderMinimalText(kept(record), service),
        ]) {
          expect(text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
          expect(holdsMarkupOpening(text)).toBe(false);
          expect(fencesAreWhole(text)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a thread message or a digest of many records stays within the limits and takes at least one entry', () => {
    fc.assert(
      fc.property(
        fc.array(logRecord, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 12 }),
        fc.boolean(),
        hostileText(60),
        (records, counts, opensThread, service) => {
          const entries = entriesOf(records, counts);
          for (const composition of [
            composeThreadMessage(entries, opensThread, context(service)),
            composeDigest(
              entries.map((entry, index) => ({
                threadKey: index % 2 === 0 ? `t${index}` : undefined,
                entries: [entry],
              })),
              context(service),
              (listed) => digestTitle(listed, true),
            ),
          ]) {
            expect(composition.taken.length).toBeGreaterThan(0);
            expect(composition.text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
            expect(holdsMarkupOpening(composition.text)).toBe(false);
            expect(fencesAreWhole(composition.text)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('cards escape every string taken from a record', () => {
    fc.assert(
      fc.property(
        fc.array(logRecord, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        hostileText(60),
        (records, full, service) => {
          const entries = entriesOf(records, []);
          const digest = renderDigestCard([{ threadKey: 't', entries }], '📋 Digest', context(service));
          for (const card of [renderCardMessage(entries, full, context(service)), digest]) {
            expect(cardWithoutOwnTags(card.cardsV2)).not.toContain('<');
            expect(holdsMarkupOpening(card.fallbackText ?? '')).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
