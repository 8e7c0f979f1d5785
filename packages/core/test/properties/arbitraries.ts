import fc from 'fast-check';
import type { LogRecord, RecordError } from '../../src/record.js';

/** Pieces that try to mention, link, format, break a code block, turn text around or leak a credential. */
const HOSTILE_PIECES = [
  '<users/all>',
  '<users/123456789>',
  '<https://evil.example/login|Reset your password>',
  '<http://x|y>',
  '```',
  '`',
  '*bold*',
  '_it_',
  '~s~',
  '|',
  '>',
  '<',
  '&',
  '"',
  '\u202e',
  '\u200f',
  '\u2028',
  '\ud800',
  '\udfff',
  '😀',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  'token=abcdef123',
  'Bearer abcdefghijklmnop',
  'password=hunter22',
  '    at handler (/srv/app/src/routes/orders.js:12:7)',
  '    at Object.<anonymous> (node_modules/express/lib/router.js:1:1)',
  'caused by: ',
];

/** Any text, weighted towards what an attacker would put in a log record. */
export const hostileText = (maxLength = 300): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength }),
    fc
      .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 8 })), { maxLength: 40 })
      .map((pieces) => pieces.join('').slice(0, maxLength * 4)),
  );

/** Field values as loggers hand them over: JSON, and what JSON cannot hold. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  hostileText(),
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
  }),
);

const recordError: fc.Arbitrary<RecordError> = fc.letrec<{ error: RecordError }>((tie) => ({
  error: fc.record(
    {
      type: hostileText(40),
      message: hostileText(),
      stack: hostileText(2000),
      code: hostileText(20),
      cause: fc.oneof({ depthSize: 'small' }, fc.constant(undefined), tie('error')),
    },
    { requiredKeys: ['type', 'message'] },
  ) as fc.Arbitrary<RecordError>,
})).error;

const LEVELS = [
  { value: 60, label: 'fatal' },
  { value: 50, label: 'error' },
  { value: 40, label: 'warn' },
  { value: 30, label: 'info' },
];

/** Log records with arbitrary, hostile content, at levels gchat-log sends and does not send. */
export const logRecord: fc.Arbitrary<LogRecord> = fc.record(
  {
    level: fc.oneof(
      fc.constantFrom(...LEVELS),
      fc.record({ value: fc.integer({ min: 0, max: 100 }), label: hostileText(20) }),
    ),
    time: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    message: hostileText(6000),
    fields: fc.dictionary(hostileText(20), fieldValue, { maxKeys: 15 }),
    error: recordError,
    loggerName: hostileText(40),
    service: hostileText(40),
    hostname: hostileText(40),
  },
  { requiredKeys: ['level', 'time', 'message', 'fields'] },
) as fc.Arbitrary<LogRecord>;

/**
 * Markup gchat-log itself writes in cards (as it reads inside JSON, quotes escaped); anything else
 * starting with `<` would have come from a record.
 */
const OWN_CARD_TAGS = /<font color=\\"#5f6368\\">|<\/font>|<br>|<\/?b>/g;

/** Whether a Chat text holds a mention or a link (`<users/…>`, `<url|label>`, or any `<` at all). */
export function holdsMarkupOpening(text: string): boolean {
  return text.includes('<');
}

/** The card's JSON with gchat-log's own tags removed: what is left must hold no `<`. */
export function cardWithoutOwnTags(cards: unknown): string {
  return JSON.stringify(cards).replace(OWN_CARD_TAGS, '');
}

/** Every line holding a fence is a fence alone, and fences come in pairs: no code block is broken out of. */
export function fencesAreWhole(text: string): boolean {
  const fenceLines = text.split('\n').filter((line) => line.includes('```'));
  return fenceLines.every((line) => line === '```') && fenceLines.length % 2 === 0;
}
