import { describe, expect, it } from 'vitest';
import { maskSecrets, maskUrl } from '../src/secrets.js';

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

  it('masks a password holding / @ or : in free text, up to the last @ of the URL', () => {
    expect(maskSecrets('Redis at redis://:hun/ter2@127.0.0.1:1/0 failed')).toBe(
      'Redis at redis://***@127.0.0.1:1/0 failed',
    );
    expect(maskSecrets('redis://:p@ss@redis.internal:6379')).toBe('redis://***@redis.internal:6379');
  });
});

describe('maskUrl', () => {
  it('masks user and password of a URL setting whatever they hold, spaces and quotes included', () => {
    expect(maskUrl('redis://user:pa ss"word@redis.internal:6379/0')).toBe('redis://***@redis.internal:6379/0');
    expect(maskUrl('rediss://default:a/b@c@host:6380')).toBe('rediss://***@host:6380');
    expect(maskUrl('https://chat.googleapis.com/v1/spaces/S/messages?key=K&token=T')).toBe(
      'https://chat.googleapis.com/v1/spaces/S/messages?key=***&token=***',
    );
    expect(maskUrl('not a url')).toBe('not a url');
  });
});
