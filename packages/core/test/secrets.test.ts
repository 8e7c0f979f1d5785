import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../src/secrets.js';

describe('maskSecrets', () => {
  it('masks key, token and user info wherever they appear in a line', () => {
    const line =
      'POST https://u:pw@chat.googleapis.com/v1/spaces/S/messages?key=AIzaSy-abc&token=XyZ_123%3D&messageReplyOption=X failed; "token=abc"';
    expect(maskSecrets(line)).toBe(
      'POST https://***@chat.googleapis.com/v1/spaces/S/messages?key=***&token=***&messageReplyOption=X failed; "token=***"',
    );
  });

  it('leaves other text alone', () => {
    expect(maskSecrets('monkey business: tokens are fine')).toBe('monkey business: tokens are fine');
  });
});
