import { describe, expect, it } from 'vitest';
import { GchatLogError } from '../src/errors.js';
import { parseWebhookUrl } from '../src/webhook-url.js';

const GOOGLE_URL = 'https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=SECRET-KEY&token=SECRET-TOKEN';

function errorOf(run: () => unknown): GchatLogError {
  try {
    run();
  } catch (error) {
    if (error instanceof GchatLogError) return error;
    throw error;
  }
  throw new Error('expected a GchatLogError');
}

describe('parseWebhookUrl', () => {
  it("accepts Google's webhook URL and extracts the space", () => {
    const target = parseWebhookUrl(GOOGLE_URL, [], 'option "webhookUrl"');

    expect(target.spaceId).toBe('AAAA1234');
    expect(new URL(target.url).searchParams.get('token')).toBe('SECRET-TOKEN');
    expect(target.masked).toBe('https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=***&token=***');
  });

  it('gives two webhooks of one space the same queue key', () => {
    const other = GOOGLE_URL.replace('SECRET-TOKEN', 'OTHER-TOKEN');
    expect(parseWebhookUrl(other, [], 's').queueKey).toBe(parseWebhookUrl(GOOGLE_URL, [], 's').queueKey);
    expect(parseWebhookUrl(GOOGLE_URL.replace('AAAA1234', 'BBBB'), [], 's').queueKey).not.toBe(
      parseWebhookUrl(GOOGLE_URL, [], 's').queueKey,
    );
  });

  it.each([
    'http://127.0.0.1:4010/v1/spaces/S/messages?key=k&token=t',
    'http://localhost:4010/v1/spaces/S/messages',
    'https://[::1]:4010/proxy/v1/spaces/S/messages?key=k&token=t',
  ])('accepts a loopback fake or proxy: %s', (url) => {
    expect(parseWebhookUrl(url, [], 's').spaceId).toBe('S');
  });

  it('accepts another https host only when it is allowed', () => {
    const url = 'https://chat-proxy.internal/v1/spaces/S/messages?key=k&token=t';
    const error = errorOf(() => parseWebhookUrl(url, [], 'environment variable GCHAT_LOG_WEBHOOK_URL'));
    expect(error.code).toBe('ERR_GCHAT_LOG_INVALID_WEBHOOK_URL');
    expect(error.setting).toBe('environment variable GCHAT_LOG_WEBHOOK_URL');
    expect(error.message).toContain('allowedHosts');
    expect(parseWebhookUrl(url, ['chat-proxy.internal'], 's').spaceId).toBe('S');
  });

  it.each([
    ['not a URL', 'chat.googleapis.com/v1/spaces/S/messages', 'is not an absolute URL'],
    ['plain http to Google', GOOGLE_URL.replace('https', 'http'), 'uses http'],
    ['a wrong path', 'https://chat.googleapis.com/v1/spaces/S?key=SECRET-KEY&token=SECRET-TOKEN', 'path'],
    ['no token', 'https://chat.googleapis.com/v1/spaces/S/messages?key=SECRET-KEY', 'key or token'],
    [
      'user info',
      'https://user:SECRET-TOKEN@chat.googleapis.com/v1/spaces/S/messages?key=k&token=t',
      'user credentials',
    ],
    ['a foreign host', 'https://evil.example/v1/spaces/S/messages?key=SECRET-KEY&token=SECRET-TOKEN', 'evil.example'],
  ])('rejects %s, naming the problem without printing secrets', (_case, url, problem) => {
    const error = errorOf(() => parseWebhookUrl(url, [], 'option "webhookUrl"'));
    expect(error.message).toContain(problem);
    expect(error.message).toContain('option "webhookUrl"');
    expect(error.message).not.toMatch(/SECRET-(KEY|TOKEN)/);
  });
});
