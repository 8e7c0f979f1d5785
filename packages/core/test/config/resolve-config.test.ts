import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { GchatLogError } from '../../src/errors.js';

const URL_A = 'http://127.0.0.1:1/v1/spaces/A/messages?key=k&token=SECRET-TOKEN';
const URL_B = 'http://127.0.0.1:1/v1/spaces/B/messages?key=k&token=t';

describe('resolveConfig', () => {
  it('uses the defaults when nothing is set, and is then a no-op', () => {
    const config = resolveConfig({}, {});
    expect(config).toEqual({
      target: undefined,
      minLevel: 50,
      service: undefined,
      rateLimit: { requests: 50, intervalMs: 60_000 },
      batchWindowMs: 5000,
      maxQueuedRecords: 1000,
      maxQueuedBytes: 8 * 1024 * 1024,
      connectTimeoutMs: 5000,
      requestTimeoutMs: 10_000,
      closeTimeoutMs: 8000,
      retry: { baseDelayMs: 1000, maxDelayMs: 32_000, maxElapsedMs: 600_000 },
      circuitProbeIntervalMs: 600_000,
      format: 'text',
      fields: { include: [], exclude: [] },
      redactPaths: [],
      threading: true,
      threadScope: 'forever',
      threadNonErrors: false,
      routes: [],
      fleet: { redisUrl: undefined, windowMs: 300_000 },
    });
  });

  it('works with only GCHAT_LOG_WEBHOOK_URL set', () => {
    expect(resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: URL_A }).target?.spaceId).toBe('A');
  });

  it('prefers an explicit option over the environment over the default', () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: URL_A, GCHAT_LOG_LEVEL: 'warn', GCHAT_LOG_RATE_LIMIT_REQUESTS: '10' };
    const config = resolveConfig({ webhookUrl: URL_B, level: 'fatal' }, env);
    expect(config.target?.spaceId).toBe('B');
    expect(config.minLevel).toBe(60);
    expect(config.rateLimit.requests).toBe(10);
    expect(config.rateLimit.intervalMs).toBe(60_000);
  });

  it('ignores empty environment variables', () => {
    expect(resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: '', GCHAT_LOG_LEVEL: ' ' }).minLevel).toBe(50);
  });

  it('understands pino and winston level names and numbers', () => {
    expect(resolveConfig({ level: 'warning' }, {}).minLevel).toBe(40);
    expect(resolveConfig({ level: 'crit' }, {}).minLevel).toBe(60);
    expect(resolveConfig({}, { GCHAT_LOG_LEVEL: 'INFO' }).minLevel).toBe(30);
    expect(resolveConfig({}, { GCHAT_LOG_LEVEL: '45' }).minLevel).toBe(45);
  });

  it('is a no-op when disabled, even with a URL', () => {
    expect(resolveConfig({ webhookUrl: URL_A }, { GCHAT_LOG_DISABLED: 'true' }).target).toBeUndefined();
  });

  it.each([
    [{}, { GCHAT_LOG_LEVEL: 'verbos' }, 'GCHAT_LOG_LEVEL', 'environment variable GCHAT_LOG_LEVEL is "verbos"'],
    [{ rateLimitRequests: 0 }, {}, 'rateLimitRequests', 'option "rateLimitRequests" is 0'],
    [{}, { GCHAT_LOG_THREADING: 'maybe' }, 'GCHAT_LOG_THREADING', 'is not true or false'],
    [{}, { GCHAT_LOG_THREAD_SCOPE: 'month' }, 'GCHAT_LOG_THREAD_SCOPE', 'is not one of forever, day, week'],
    [{ allowedHosts: 42 as unknown as string[] }, {}, 'allowedHosts', 'GCHAT_LOG_ALLOWED_HOSTS=chat-proxy.internal'],
  ])('fails at startup naming the setting, its problem and a valid value (%j %j)', (options, env, setting, text) => {
    let error: unknown;
    try {
      resolveConfig(options, env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GchatLogError);
    expect((error as GchatLogError).code).toBe('ERR_GCHAT_LOG_INVALID_OPTION');
    expect((error as GchatLogError).setting).toBe(setting);
    expect((error as GchatLogError).message).toContain(text);
    expect((error as GchatLogError).message).toMatch(/A valid value: GCHAT_LOG_\w+=/);
  });

  it('masks credentials when it shows a rejected value', () => {
    expect(() => resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: URL_A, GCHAT_LOG_SERVICE: ' ' })).not.toThrow();
    expect(() => resolveConfig({ webhookUrl: URL_A.replace('127.0.0.1', 'evil.example') }, {})).toThrow(/token=\*\*\*/);
  });
});
