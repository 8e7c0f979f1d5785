import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { type ChildResult, startChildApp } from './child-app.js';

const SECRET = 'SECRET-TOKEN-0123456789';
const OUTSIDE_ALLOW_LIST = `https://chat.example.com/v1/spaces/S/messages?key=SECRET-KEY&token=${SECRET}`;
const CLI = fileURLToPath(new URL('../../packages/pino/dist/cli.js', import.meta.url));

/** The one report gchat-log writes for a bad setting: one line, the problem, a valid example, no stack. */
function expectOneReport(result: ChildResult, variable: string, consequence: RegExp): void {
  const reports = result.stderr.split('\n').filter((line) => line.startsWith('gchat-log ['));
  expect(reports).toHaveLength(1);
  expect(reports[0]).toContain(variable);
  expect(reports[0]).toMatch(/A valid value: GCHAT_LOG_\w+=|chat\.googleapis\.com\/v1\/spaces\/SPACE_ID\/messages/);
  expect(reports[0]).toMatch(consequence);
  expect(result.stderr).not.toMatch(/SECRET-(KEY|TOKEN)/);
  expect(result.stderr).not.toMatch(/\n\s+at |Unhandled|ThreadStream/);
}

const EVERYTHING_OFF = /gchat-log sends nothing to Google Chat until it is fixed; the app runs on\.$/;

describe('a bad environment variable never stops the app', () => {
  const fake = useFakeChat();
  const run = (fixture: string, env: Record<string, string>, nodeArgs: string[] = []) =>
    startChildApp(fixture, env, nodeArgs).done;

  describe.each(['pino', 'winston'])('%s transport', (adapter) => {
    const ownOutput = (result: ChildResult) =>
      adapter === 'winston' ? result.stdout.split('\n').slice(0, -2).join('\n') : result.stdout;

    it.each([
      ['GCHAT_LOG_LEVEL', { GCHAT_LOG_LEVEL: 'loud' }],
      ['GCHAT_LOG_WEBHOOK_URL', { GCHAT_LOG_WEBHOOK_URL: OUTSIDE_ALLOW_LIST }],
      ['GCHAT_LOG_RATE_LIMIT_REQUESTS', { GCHAT_LOG_RATE_LIMIT_REQUESTS: 'fifty' }],
      ['GCHAT_LOG_REDACT_PATHS', { GCHAT_LOG_REDACT_PATHS: 'req.headers[' }],
    ])('%s: one report, a no-op, the app output and exit code unchanged', async (variable, env) => {
      const clean = await run('own-output-app.mjs', { ADAPTER: adapter });
      const result = await run('own-output-app.mjs', {
        ADAPTER: adapter,
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('BAD', SECRET),
        ...env,
      });

      expect(result.code).toBe(0);
      expect(ownOutput(result)).toBe(ownOutput(clean));
      expect(ownOutput(result)).toContain('payment failed');
      const consequence = variable === 'GCHAT_LOG_WEBHOOK_URL' ? /Nothing is sent to this webhook/ : EVERYTHING_OFF;
      expectOneReport(result, variable, consequence);
      expect(fake().chat.requests).toHaveLength(0);
      if (adapter === 'winston') {
        expect(JSON.parse(result.stdout.split('\n').at(-2) ?? '')).toMatchObject({ enabled: false });
      }
    });

    it('a bad route is left out alone: the other routes still deliver', async () => {
      const result = await run('own-output-app.mjs', {
        ADAPTER: adapter,
        GCHAT_LOG_ROUTES: `loud ${fake().webhookUrl('ROUTE1', SECRET)}; error ${fake().webhookUrl('ROUTE2', SECRET)}`,
      });

      expect(result.code).toBe(0);
      expectOneReport(result, 'GCHAT_LOG_ROUTES (route 1)', /This route is left out until it is fixed/);
      expect(fake().chat.messagesIn('ROUTE2')).toHaveLength(1);
      expect(fake().chat.messagesIn('ROUTE1')).toHaveLength(0);
      if (adapter === 'winston') {
        const said = JSON.parse(result.stdout.split('\n').at(-2) ?? '');
        expect(said).toEqual({ enabled: true, problems: ['GCHAT_LOG_ROUTES'] });
      }
    });
  });

  it("pino's worker transport and a winston transport in one process: still one report", async () => {
    const result = await run('own-output-app.mjs', {
      ADAPTER: 'both',
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('BAD', SECRET),
      GCHAT_LOG_LEVEL: 'loud',
    });

    expect(result.code).toBe(0);
    expectOneReport(result, 'GCHAT_LOG_LEVEL', EVERYTHING_OFF);
    expect(fake().chat.requests).toHaveLength(0);
  });

  it.each([
    ['--import (ESM)', 'register/pino-app.mjs', ['--import', '@gchat-log/register']],
    ['-r (CommonJS)', 'register/pino-app.cjs', ['-r', '@gchat-log/register']],
  ])('the preload with %s: one report, the app output and exit code unchanged', async (_, fixture, preload) => {
    const clean = await run(fixture, {});
    const result = await run(
      fixture,
      { GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('BAD', SECRET), GCHAT_LOG_LEVEL: 'loud' },
      preload,
    );

    expect(result.code).toBe(clean.code);
    const comparable = (stdout: string) => stdout.replace(/"(time|pid)":\d+/g, '"$1":0');
    expect(comparable(result.stdout)).toBe(comparable(clean.stdout));
    expectOneReport(result, 'GCHAT_LOG_LEVEL', EVERYTHING_OFF);
    expect(fake().chat.requests).toHaveLength(0);
  });

  describe('the gchat-log command', () => {
    const LINES = `not json\n${JSON.stringify({ level: 50, msg: 'payment failed', time: 1 })}\nlast line`;
    const runCli = (env: Record<string, string>, args: string[] = []) => {
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !key.startsWith('GCHAT_LOG_')),
      );
      const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env }, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdin.end(LINES);
      return new Promise<ChildResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    };

    it('a bad variable: stdin still passes through byte for byte, one report, exit 0', async () => {
      const result = await runCli({ GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('CLI', SECRET), GCHAT_LOG_LEVEL: 'loud' });

      expect(result.stdout).toBe(LINES);
      expect(result.code).toBe(0);
      expectOneReport(result, 'GCHAT_LOG_LEVEL', EVERYTHING_OFF);
      expect(fake().chat.requests).toHaveLength(0);
    });

    it('a bad flag: stdin still passes through, the flag is named, and the exit status is 2 at the end', async () => {
      const result = await runCli({}, ['--webhook-url', OUTSIDE_ALLOW_LIST]);

      expect(result.stdout).toBe(LINES);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('option "webhookUrl"');
      expect(result.stderr).toContain('stdin still passes through');
      expect(result.stderr).not.toContain(SECRET);
    });

    it('an unknown flag: the same', async () => {
      const result = await runCli({}, ['--webhook', 'x']);

      expect(result.stdout).toBe(LINES);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Unknown option '--webhook'");
    });
  });
});
