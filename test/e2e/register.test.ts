import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { startChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

const ESM = ['--import', '@gchat-log/register'];
const CJS = ['-r', '@gchat-log/register'];

/** The app's own output, with pino's timestamp and pid (which differ run to run) zeroed. */
const comparable = (stdout: string) => stdout.replace(/"(time|pid)":\d+/g, '"$1":0');

/** Runs a fixture app without and then with the preload; returns both results. */
async function runBothWays(fixture: string, env: Record<string, string>, preload: string[]) {
  const without = await startChildApp(`register/${fixture}`, env).done;
  const withPreload = await startChildApp(`register/${fixture}`, env, preload).done;
  return { without, withPreload };
}

describe('@gchat-log/register: every logger of an unchanged app also sends to Chat', () => {
  const fake = useFakeChat();
  const texts = (space: string) =>
    fake()
      .chat.messagesIn(space)
      .map((message) => message.text ?? '');
  const represented = (space: string) =>
    fake()
      .chat.messagesIn(space)
      .reduce((sum, message) => sum + representedRecords(message.text), 0);

  it('ESM app, pino default import, child logger: errors arrive, the app output is unchanged', async () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('PINO_ESM', 'SECRET-TOKEN') };
    const { without, withPreload } = await runBothWays('pino-app.mjs', env, ESM);

    expect(withPreload.code).toBe(0);
    expect(withPreload.stderr).toBe('');
    expect(comparable(withPreload.stdout)).toBe(comparable(without.stdout));
    expect(represented('PINO_ESM')).toBe(3);
    const text = texts('PINO_ESM').join('\n');
    expect(text).toContain('payment failed #1');
    expect(text).toContain('TypeError: card declined for order 1');
    expect(text).toContain('module: payments');
    expect(text).not.toContain('service started');
  });

  it('CommonJS app, pino named import with a custom messageKey', async () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('PINO_CJS') };
    const { without, withPreload } = await runBothWays('pino-app.cjs', env, CJS);

    expect(withPreload).toMatchObject({ code: 0, stderr: '' });
    expect(comparable(withPreload.stdout)).toBe(comparable(without.stdout));
    expect(texts('PINO_CJS')).toHaveLength(1);
    expect(texts('PINO_CJS')[0]).toContain('reservation failed');
    expect(texts('PINO_CJS')[0]).toContain('RangeError: stock below zero');
  });

  it('ESM app, winston named imports and a child logger', async () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('WINSTON_ESM'), GCHAT_LOG_LEVEL: 'warn' };
    const { without, withPreload } = await runBothWays('winston-app.mjs', env, ESM);

    expect(withPreload).toMatchObject({ code: 0, stderr: '' });
    expect(withPreload.stdout).toBe(without.stdout);
    const text = texts('WINSTON_ESM').join('\n');
    expect(text).toContain('invoice run failed');
    expect(text).toContain('Error: ledger locked');
    expect(text).toContain('slow response');
    expect(text).not.toContain('service started');
  });

  it('CommonJS app, winston default logger, preloaded through NODE_OPTIONS', async () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('WINSTON_CJS'), NODE_OPTIONS: '-r @gchat-log/register' };
    const { without, withPreload } = await runBothWays('winston-app.cjs', { ...env, NODE_OPTIONS: '' }, []);
    const viaNodeOptions = await startChildApp('register/winston-app.cjs', env).done;

    expect(without.code).toBe(0);
    expect(withPreload.stdout).toBe(without.stdout);
    expect(viaNodeOptions).toMatchObject({ code: 0, stderr: '', stdout: without.stdout });
    expect(texts('WINSTON_CJS')).toHaveLength(1);
    expect(texts('WINSTON_CJS')[0]).toContain('nightly export failed');
    expect(texts('WINSTON_CJS')[0]).toContain('Error: disk full');
  });

  it('does not send twice when the app also configured the transport explicitly', async () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('EXPLICIT'), SCENARIO: 'explicit' };
    const pino = await startChildApp('register/pino-app.mjs', env, ESM).done;
    const winston = await startChildApp('register/winston-app.mjs', env, ESM).done;

    expect(pino).toMatchObject({ code: 0, stderr: '' });
    expect(winston).toMatchObject({ code: 0, stderr: '' });
    // pino: 3 payment errors in one message; winston: 1 error. Twice as many if both paths had sent.
    expect(represented('EXPLICIT')).toBe(4);
  });

  it('runs in the main thread only, even when pino starts a transport worker that re-runs NODE_OPTIONS', async () => {
    const env = {
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('WORKER'),
      SCENARIO: 'worker',
      NODE_OPTIONS: '--import @gchat-log/register',
    };
    const result = await startChildApp('register/pino-app.mjs', env).done;

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(represented('WORKER')).toBe(3);
  });

  it('leaves a winston logger without transports alone, so winston still warns', async () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('EMPTY'), SCENARIO: 'no-transports' };
    const { without, withPreload } = await runBothWays('winston-app.mjs', env, ESM);

    expect(withPreload.stderr).toBe(without.stderr);
    expect(withPreload.stderr).toContain('Attempt to write logs with no transports');
    expect(fake().chat.requests).toHaveLength(0);
  });

  it("sends the errors of a logger in one of the app's own Worker threads too", async () => {
    const env = { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('APP_WORKER') };
    const result = await startChildApp('register/worker-app.mjs', env, ESM).done;

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(texts('APP_WORKER').join('\n')).toContain('batch failed in a worker');
  });

  it('does nothing at all without a webhook URL', async () => {
    const { without, withPreload } = await runBothWays('pino-app.mjs', {}, ESM);

    expect(withPreload).toMatchObject({ code: 0, stderr: '' });
    expect(comparable(withPreload.stdout)).toBe(comparable(without.stdout));
    expect(fake().chat.requests).toHaveLength(0);
  });
});
