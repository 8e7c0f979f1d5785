import fc from 'fast-check';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createSender } from '../../src/create-sender.js';
import { MAX_TEXT_LENGTH } from '../../src/render/chat-message.js';
import { privateProcess } from '../private-process.js';
import { cardWithoutOwnTags, fencesAreWhole, holdsMarkupOpening, logRecord } from './arbitraries.js';

const ORIGIN = 'http://127.0.0.1:9998';
/** Chat's own limit on a whole message. */
const CHAT_MAX_BYTES = 32_000;

describe('every message gchat-log posts for arbitrary records', () => {
  it.each(['text', 'cards'] as const)(
    'is within Chat limits and carries no mention, link or broken fence (%s)',
    async (format) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(logRecord, { minLength: 1, maxLength: 15 }), async (records) => {
          run += 1;
          const bodies: string[] = [];
          const agent = new MockAgent();
          agent.disableNetConnect();
          agent
            .get(ORIGIN)
            .intercept({ path: () => true, method: 'POST' })
            .reply(200, (request) => {
              bodies.push(String(request.body));
              return { name: 'spaces/S/messages/m' };
            })
            .persist();
          const sender = createSender(
            {
              webhookUrl: `${ORIGIN}/v1/spaces/PROP${format}${run}/messages?key=k&token=t`,
              level: 'info',
              messageFormat: format,
            },
            {
              dispatcher: agent,
              env: {},
              onDiagnostic: () => {},
              projectRoot: '/srv/app',
              processCoordinator: privateProcess(),
            },
          );
          for (const record of records) sender.log(record);
          await sender.close();
          await agent.close();

          const stats = sender.stats();
          expect(stats.received).toBe(records.length);
          expect(stats.queued).toBe(0);
          expect(stats.filtered + stats.sent + stats.digested + stats.failed + stats.dropped).toBe(records.length);
          expect(stats.failed + stats.dropped).toBe(0);
          for (const raw of bodies) {
            expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(CHAT_MAX_BYTES);
            const body = JSON.parse(raw) as { text?: string; cardsV2?: unknown; fallbackText?: string };
            const text = body.text ?? '';
            expect([...text].length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
            expect(holdsMarkupOpening(text)).toBe(false);
            expect(fencesAreWhole(text)).toBe(true);
            expect(holdsMarkupOpening(body.fallbackText ?? '')).toBe(false);
            if (body.cardsV2 !== undefined) expect(cardWithoutOwnTags(body.cardsV2)).not.toContain('<');
          }
        }),
        { numRuns: 40 },
      );
    },
    60_000,
  );
});
