import { describe, expect, it } from 'vitest';
import { normalisedLines, normaliseMessage } from '../../src/signature/normalise-message.js';

describe('normaliseMessage', () => {
  it.each([
    ['order 17 failed after 2.5 s', 'order <n> failed after <n> s'],
    ['user 3f2504e0-4f89-11d3-9a0c-0305e82c3301 missing', 'user <uuid> missing'],
    ['mail to jane.doe+ops@example.co.uk bounced', 'mail to <email> bounced'],
    [
      'GET https://api.example.com/v1/items?page=2&key=abc failed',
      'GET https://api.example.com/v1/items?<query> failed',
    ],
    ['connect ECONNREFUSED 10.0.0.7:5432', 'connect ECONNREFUSED <ip>'],
    ['connect ECONNREFUSED ::1:6379', 'connect ECONNREFUSED <ip>'],
    ['host fe80::1ff:fe23:4567:890a unreachable', 'host <ip> unreachable'],
    ['object 0x7ffe4a2b and sha 9f8e7d6c5b4a3f21 gone', 'object <hex> and sha <hex> gone'],
    ['expired at 2026-11-22T23:09:58.123Z', 'expired at <time>'],
    [`column "email" of relation 'users' can't be null`, `column <str> of relation <str> can't be null`],
  ])('%s', (message, normalised) => {
    expect(normaliseMessage(message)).toBe(normalised);
  });

  it('keeps words, codes and names', () => {
    expect(normaliseMessage('ERR_INVALID_ARG_TYPE in parseOrder v2')).toBe('ERR_INVALID_ARG_TYPE in parseOrder v2');
  });

  it('takes the first lines only', () => {
    expect(normalisedLines('queue 12 stuck\nsince 3 min\ndetails 99', 2)).toBe('queue <n> stuck\nsince <n> min');
  });
});
