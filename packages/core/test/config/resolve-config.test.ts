import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { GchatLogError } from '../../src/errors.js';

const URL_A = 'http://127.0.0.1:1/v1/spaces/A/messages?key=k&token=SECRET-TOKEN';
const URL_B = 'http://127.0.0.1:1/v1/spaces/B/messages?key=k&token=t';

describe('resolveConfig', () => {
  it('uses the defaults when nothing is set, and is then a no-op', () => {
    const { config, problems } = resolveConfig({}, {});
    expect(problems).toEqual([]);
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
    expect(resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: URL_A }).config.target?.spaceId).toBe('A');
  });

  it('prefers an explicit option over the environment over the default', () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: URL_A, GCHAT_LOG_LEVEL: 'warn', GCHAT_LOG_RATE_LIMIT_REQUESTS: '10' };
    const { config } = resolveConfig({ webhookUrl: URL_B, level: 'fatal' }, env);
    expect(config.target?.spaceId).toBe('B');
    expect(config.minLevel).toBe(60);
    expect(config.rateLimit.requests).toBe(10);
    expect(config.rateLimit.intervalMs).toBe(60_000);
  });

  it('ignores empty environment variables', () => {
    expect(resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: '', GCHAT_LOG_LEVEL: ' ' }).config.minLevel).toBe(50);
  });

  it('understands pino and winston level names and numbers', () => {
    expect(resolveConfig({ level: 'warning' }, {}).config.minLevel).toBe(40);
    expect(resolveConfig({ level: 'crit' }, {}).config.minLevel).toBe(60);
    expect(resolveConfig({}, { GCHAT_LOG_LEVEL: 'INFO' }).config.minLevel).toBe(30);
    expect(resolveConfig({}, { GCHAT_LOG_LEVEL: '45' }).config.minLevel).toBe(45);
  });

  it('is a no-op when disabled, even with a URL', () => {
    expect(resolveConfig({ webhookUrl: URL_A }, { GCHAT_LOG_DISABLED: 'true' }).config.target).toBeUndefined();
  });

  it.each([
    [{ level: 'verbos' }, 'level', 'option "level" is "verbos"'],
    [{ rateLimitRequests: 0 }, 'rateLimitRequests', 'option "rateLimitRequests" is 0'],
    [{ threading: 'maybe' as unknown as boolean }, 'threading', 'is not true or false'],
    [{ threadScope: 'month' as 'day' }, 'threadScope', 'is not one of forever, day, week'],
    [{ allowedHosts: 42 as unknown as string[] }, 'allowedHosts', 'GCHAT_LOG_ALLOWED_HOSTS=chat-proxy.internal'],
  ])('throws for a bad explicit option, naming it, its problem and a valid value (%j)', (options, setting, text) => {
    let error: unknown;
    try {
      resolveConfig(options, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GchatLogError);
    expect((error as GchatLogError).code).toBe('ERR_GCHAT_LOG_INVALID_OPTION');
    expect((error as GchatLogError).setting).toBe(setting);
    expect((error as GchatLogError).message).toContain(text);
    expect((error as GchatLogError).message).toMatch(/A valid value: GCHAT_LOG_\w+=/);
  });

  it.each([
    [{ GCHAT_LOG_LEVEL: 'verbos' }, 'GCHAT_LOG_LEVEL', 'environment variable GCHAT_LOG_LEVEL is "verbos"'],
    [{ GCHAT_LOG_RATE_LIMIT_REQUESTS: '0' }, 'GCHAT_LOG_RATE_LIMIT_REQUESTS', 'is not a whole number greater than 0'],
    [{ GCHAT_LOG_THREADING: 'maybe' }, 'GCHAT_LOG_THREADING', 'is not true or false'],
    [{ GCHAT_LOG_THREAD_SCOPE: 'month' }, 'GCHAT_LOG_THREAD_SCOPE', 'is not one of forever, day, week'],
    [{ GCHAT_LOG_DISABLED: 'perhaps' }, 'GCHAT_LOG_DISABLED', 'is not true or false'],
  ])('never throws for a bad global variable: reports it and sends nothing (%j)', (env, setting, text) => {
    const { config, problems } = resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: URL_A, ...env });

    expect(config.target).toBeUndefined();
    expect(config.routes).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'ERR_GCHAT_LOG_INVALID_OPTION', setting });
    expect(problems[0]?.message).toContain(text);
    expect(problems[0]?.message).toMatch(/A valid value: GCHAT_LOG_\w+=/);
    expect(problems[0]?.message).toContain(
      'gchat-log sends nothing to Google Chat until it is fixed; the app runs on.',
    );
    expect(problems[0]?.message).not.toContain('SECRET-TOKEN');
  });

  it.each([
    [{ GCHAT_LOG_REDACT_PATHS: 'a[' }, 'GCHAT_LOG_REDACT_PATHS', 'has "a[", which is not a field path'],
    [{ GCHAT_LOG_CLOSE_TIMEOUT_MS: '2147483648' }, 'GCHAT_LOG_CLOSE_TIMEOUT_MS', 'the longest timer Node.js keeps'],
    [{ GCHAT_LOG_BATCH_WINDOW_MS: '3000000000' }, 'GCHAT_LOG_BATCH_WINDOW_MS', 'the longest timer Node.js keeps'],
  ])('reads what would crash the redactor or a timer as a bad variable (%j)', (env, setting, text) => {
    const { config, problems } = resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: URL_A, ...env });
    expect(config.target).toBeUndefined();
    expect(problems).toMatchObject([{ setting, message: expect.stringContaining(text) }]);
  });

  it('throws for a bad redaction path or a too long delay given in code', () => {
    expect(() => resolveConfig({ redactPaths: ['req.headers['] }, {})).toThrow(GchatLogError);
    expect(() => resolveConfig({ requestTimeoutMs: 2 ** 31 }, {})).toThrow(/the longest timer Node.js keeps/);
  });

  it('splits GCHAT_LOG_REDACT_PATHS on commas outside brackets and quotes', () => {
    const { config } = resolveConfig({}, { GCHAT_LOG_REDACT_PATHS: 'req.headers["x-api-key"], user.email,a[0]' });
    expect(config.redactPaths).toEqual(['req.headers["x-api-key"]', 'user.email', 'a[0]']);
  });

  it('reports every bad variable at once', () => {
    const { problems } = resolveConfig({}, { GCHAT_LOG_LEVEL: 'loud', GCHAT_LOG_BATCH_WINDOW_MS: '-1' });
    expect(problems.map((problem) => problem.setting)).toEqual(['GCHAT_LOG_LEVEL', 'GCHAT_LOG_BATCH_WINDOW_MS']);
  });

  it('ignores a bad variable that an explicit option overrides', () => {
    const { config, problems } = resolveConfig({ webhookUrl: URL_A, level: 'warn' }, { GCHAT_LOG_LEVEL: 'loud' });
    expect([config.minLevel, config.target?.spaceId, problems]).toEqual([40, 'A', []]);
  });

  it('a webhook URL variable outside the allowed hosts turns off that webhook only, secrets masked', () => {
    const url = URL_A.replace('127.0.0.1', 'evil.example').replace('http:', 'https:');
    const { config, problems } = resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: url, GCHAT_LOG_ROUTES: `error ${URL_B}` });

    expect(config.target).toBeUndefined();
    expect(config.routes.map((route) => route.target.spaceId)).toEqual(['B']);
    expect(problems[0]).toMatchObject({
      code: 'ERR_GCHAT_LOG_INVALID_WEBHOOK_URL',
      setting: 'environment variable GCHAT_LOG_WEBHOOK_URL',
    });
    expect(problems[0]?.message).toContain('evil.example');
    expect(problems[0]?.message).toContain('token=***');
    expect(problems[0]?.message).not.toContain('SECRET-TOKEN');
  });

  it('a bad Redis URL variable turns off the fleet only', () => {
    const { config, problems } = resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: URL_A, GCHAT_LOG_REDIS_URL: 'http://x' });

    expect(config.target?.spaceId).toBe('A');
    expect(config.fleet.redisUrl).toBeUndefined();
    expect(problems[0]?.message).toContain('Each process keeps to its own limits, without the fleet');
  });

  it('masks credentials when it shows a rejected value', () => {
    expect(() => resolveConfig({}, { GCHAT_LOG_WEBHOOK_URL: URL_A, GCHAT_LOG_SERVICE: ' ' })).not.toThrow();
    expect(() => resolveConfig({ webhookUrl: URL_A.replace('127.0.0.1', 'evil.example') }, {})).toThrow(/token=\*\*\*/);
  });
});
