import { describe, expect, it } from 'vitest';
import type { Fault } from '../fake-chat/fake-chat.js';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { type ChildResult, runChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

/** Retries after 0–100 ms, then up to 400 ms: the behaviour of the defaults, faster. */
const FAST_RETRIES = { GCHAT_LOG_RETRY_BASE_DELAY_MS: '100', GCHAT_LOG_RETRY_MAX_DELAY_MS: '400' };
const SECRET_TOKEN = 'SECRET-TOKEN-0123456789';

function expectCleanStderr(result: ChildResult): void {
  expect(result.stderr).not.toContain(SECRET_TOKEN);
  expect(result.stderr).not.toMatch(/Unhandled|ERR_UNHANDLED|at .*node:internal/);
}

describe.each(['pino', 'winston'])('delivery through %s when Chat misbehaves', (adapter) => {
  const fake = useFakeChat();
  const run = (faults: Fault[], env: Record<string, string> = {}) => {
    fake().chat.injectFaults(...faults);
    return runChildApp('delivery-app.mjs', {
      ADAPTER: adapter,
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('FAULTS', SECRET_TOKEN),
      ...FAST_RETRIES,
      ...env,
    });
  };
  const texts = () =>
    fake()
      .chat.messagesIn('FAULTS')
      .map((message) => message.text ?? '');
  const statuses = () => fake().chat.requests.map((request) => request.status);

  it('503 three times, then OK: delivered exactly once', async () => {
    const result = await run([{ status: 503 }, { status: 503 }, { status: 503 }]);

    expect(result.code).toBe(0);
    expect(statuses()).toEqual([503, 503, 503, 200]);
    expect(texts()).toHaveLength(1);
    expect(result.stderr).toContain('answered 503 UNAVAILABLE');
    expect(result.stderr).toContain('retrying in');
    expectCleanStderr(result);
  });

  it('429 with Retry-After: 2 waits two seconds, then delivers', async () => {
    const result = await run([{ status: 429, retryAfter: '2' }]);

    expect(result.code).toBe(0);
    expect(statuses()).toEqual([429, 200]);
    const [refused, accepted] = fake().chat.requests;
    expect((accepted?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(texts()).toHaveLength(1);
    expectCleanStderr(result);
  });

  it('429 without Retry-After backs off, then delivers', async () => {
    const result = await run([{ status: 429 }, { status: 429 }]);

    expect(statuses()).toEqual([429, 429, 200]);
    expect(texts()).toHaveLength(1);
    expect(result.code).toBe(0);
  });

  it('a connection reset is retried and delivered once', async () => {
    const result = await run([{ transport: 'reset' }]);

    expect(statuses()).toEqual([0, 200]);
    expect(texts()).toHaveLength(1);
    expect(result.stderr).toContain('could not be reached');
    expectCleanStderr(result);
  });

  it('a lost response is retried with the same requestId: one message, not two', async () => {
    const result = await run([{ transport: 'lose-response' }]);

    expect(statuses()).toEqual([200, 200]);
    expect(texts()).toHaveLength(1);
    expect(result.code).toBe(0);
  });

  it('a server that never answers times out, and the retry delivers', async () => {
    const result = await run([{ transport: 'hang' }], { GCHAT_LOG_REQUEST_TIMEOUT_MS: '1000' });

    expect(statuses()).toEqual([0, 200]);
    expect(texts()).toHaveLength(1);
    expect(result.stderr).toContain('UND_ERR_HEADERS_TIMEOUT');
    expect(result.code).toBe(0);
  });

  it('Chat hangs the one request in flight at shutdown: it is cut short and the retry delivers before the deadline', async () => {
    // The defaults: a 10 s request timeout, longer than the 8 s close deadline.
    const started = Date.now();
    const result = await run([{ transport: 'hang' }], { GCHAT_LOG_RETRY_BASE_DELAY_MS: '1000' });
    const elapsedMs = Date.now() - started;

    expect(statuses()).toEqual([0, 200]);
    expect(texts()).toHaveLength(1);
    expect(result.code).toBe(0);
    expect(elapsedMs).toBeLessThan(8000 + 1500);
    expect(result.stderr).toContain('cut short');
    expectCleanStderr(result);
  });

  it('400 is not retried: re-sent once in minimal form, then dropped with a report', async () => {
    const result = await run([{ status: 400 }, { status: 400 }]);

    expect(statuses()).toEqual([400, 400]);
    expect(texts()).toEqual([]);
    expect(result.stderr).toContain('sending it once more in a minimal plain-text form');
    expect(result.stderr).toContain('gave up a message');
    expect(result.code).toBe(0);
    expectCleanStderr(result);
  });

  it.each([403, 404])('%i opens the circuit: one request, one report, no storm, a clean exit', async (status) => {
    const result = await run([{ status }], { COUNT: '20' });

    expect(statuses()).toEqual([status]);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/the webhook was deleted or revoked/g)).toHaveLength(1);
    expect(result.stderr).toContain('token=***');
    expectCleanStderr(result);
  });

  it('Chat down for the whole run: bounded requests and a clean exit by the close deadline', async () => {
    fake().chat.setOutage({ status: 503 });
    const started = Date.now();
    const result = await run([], { COUNT: '2000', GCHAT_LOG_CLOSE_TIMEOUT_MS: '2000' });
    const elapsedMs = Date.now() - started;

    expect(result.code).toBe(0);
    expect(elapsedMs).toBeLessThan(8000);
    expect(fake().chat.requests.length).toBeLessThan(40);
    expect(result.stderr).toContain('close() reached its deadline');
    expectCleanStderr(result);
    if (adapter === 'winston') {
      expect(JSON.parse(result.stdout)).toMatchObject({ received: 2000, sent: 0, dropped: 2000, queued: 0 });
    }
  });

  it('shutdown with 50 queued records delivers all of them', async () => {
    const result = await run([], { COUNT: '50' });

    expect(result.code).toBe(0);
    expect(texts().map(representedRecords)).toEqual([50]);
    expect(texts()[0]).toContain('record #0');
    expect(result.stderr).toBe('');
  });
});

describe.each(['pino', 'winston'])('%s after an outage', (adapter) => {
  const fake = useFakeChat({ quotaWindowMs: 2000 });

  it('drains the backlog within the quota when Chat returns, and says what was dropped', async () => {
    fake().chat.setOutage({ status: 503 });
    setTimeout(() => fake().chat.setOutage(undefined), 1500);
    const result = await runChildApp('delivery-app.mjs', {
      ADAPTER: adapter,
      COUNT: '300',
      DISTINCT: 'true',
      GCHAT_LOG_THREADING: 'false',
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('OUTAGE'),
      GCHAT_LOG_MAX_QUEUED_RECORDS: '100',
      GCHAT_LOG_RATE_LIMIT_INTERVAL_MS: '2000',
      GCHAT_LOG_CLOSE_TIMEOUT_MS: '9000',
      ...FAST_RETRIES,
    });

    expect(result.code).toBe(0);
    const texts = fake()
      .chat.messagesIn('OUTAGE')
      .map((message) => message.text ?? '');
    expect(texts.reduce((sum, text) => sum + representedRecords(text), 0)).toBe(100);
    expect(texts.join('\n')).toMatch(/200 earlier records were not delivered/);
    expect(fake().chat.countAnswered(429)).toBe(0);
    expect(result.stderr).toContain('too many different records are waiting for Chat');
  });
});

describe('exits that pino users meet', () => {
  const fake = useFakeChat();
  const run = (ending: string) =>
    runChildApp('delivery-app.mjs', {
      ADAPTER: 'pino',
      ENDING: ending,
      COUNT: '3',
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('EXIT'),
    });
  const delivered = () =>
    fake()
      .chat.messagesIn('EXIT')
      .reduce((sum, message) => sum + representedRecords(message.text), 0);

  it('process.exit() right after logging: delivered', async () => {
    const result = await run('exit');
    expect([result.code, delivered()]).toEqual([0, 3]);
  });

  it('an uncaught exception right after logging: delivered, and the app still exits with 1', async () => {
    const result = await run('throw');
    expect([result.code, delivered()]).toEqual([1, 3]);
    expect(result.stderr).toContain('the app crashed');
  });

  it('SIGTERM with exitOnSignals(): delivered, exit code 143', async () => {
    const result = await run('signal');
    expect([result.code, delivered()]).toEqual([143, 3]);
  });
});

describe('exits that winston users meet', () => {
  const fake = useFakeChat();
  const run = (ending: string) =>
    runChildApp('delivery-app.mjs', {
      ADAPTER: 'winston',
      ENDING: ending,
      COUNT: '3',
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('EXIT'),
    });
  const texts = () =>
    fake()
      .chat.messagesIn('EXIT')
      .map((message) => message.text ?? '');

  it("an uncaught exception handled by winston's handleExceptions: the crash record is delivered before exit", async () => {
    const result = await run('crash');

    expect(result.code).toBe(1);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain('uncaughtException');
    expect(texts()[0]).toContain('the app crashed');
  });

  it("an unhandled rejection handled by winston's handleRejections: the record is delivered before exit", async () => {
    const result = await run('reject');

    expect(result.code).toBe(1);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain('the app rejected');
  });

  it('logger.close() instead of end(): queued records are still delivered before the process exits', async () => {
    const result = await run('close');

    expect(result.code).toBe(0);
    expect(texts().map(representedRecords)).toEqual([3]);
  });
});
