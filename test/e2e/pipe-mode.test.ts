import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { startChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

const CLI = fileURLToPath(new URL('../../packages/pino/dist/cli.js', import.meta.url));

/** Starts `gchat-log` with a clean environment plus `env`, collecting its stdout as bytes. */
function startCli(env: Record<string, string>, args: string[] = []) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GCHAT_LOG_')));
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env }, stdio: 'pipe' });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; stdout: Buffer; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
  });
  return { child, done };
}

const PINO_ERROR = JSON.stringify({
  level: 50,
  time: 1_700_000_000_000,
  name: 'orders',
  msg: 'payment failed',
  err: {
    type: 'TypeError',
    message: 'card declined',
    stack: 'TypeError: card declined\n    at charge (/srv/app/pay.js:3:9)',
  },
});
const WINSTON_ERROR = JSON.stringify({
  level: 'error',
  message: 'invoice run failed',
  service: 'billing',
  stack: 'Error: ledger locked\n    at run (/srv/app/invoices.js:7:3)',
});

describe('pipe mode: node app.js | gchat-log', () => {
  const fake = useFakeChat();

  it('passes stdin through byte for byte and sends the pino and winston errors among the lines', async () => {
    const input = Buffer.concat([
      Buffer.from(`starting…\n${PINO_ERROR}\r\n{"level":30,"msg":"info only"}\n`),
      Buffer.from([0xff, 0xfe, 0x00, 0x0a]), // not UTF-8, not JSON
      Buffer.from(`{ not json\n[1,2]\n${WINSTON_ERROR}\nno newline at the end`),
    ]);
    const cli = startCli({ GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('PIPE', 'SECRET-TOKEN') });
    // Written in small chunks that split lines, as a pipe may deliver them.
    for (let at = 0; at < input.length; at += 7) cli.child.stdin.write(input.subarray(at, at + 7));
    cli.child.stdin.end();
    const result = await cli.done;

    expect(result.code).toBe(0);
    expect(result.stdout.equals(input)).toBe(true);
    expect(result.stderr).toBe('');
    const texts = fake()
      .chat.messagesIn('PIPE')
      .map((message) => message.text ?? '');
    expect(texts.join('\n')).toContain('payment failed');
    expect(texts.join('\n')).toContain('TypeError: card declined');
    expect(texts.join('\n')).toContain('invoice run failed');
    expect(texts.join('\n')).toContain('Error: ledger locked');
    expect(texts.join('\n')).not.toContain('info only');
  });

  it('sends the errors of a real pino app piped into it, and its flags win over the environment', async () => {
    const app = startChildApp('pino-stdout-app.mjs', {});
    const cli = startCli({ GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('PIPED'), GCHAT_LOG_LEVEL: 'fatal' }, [
      '--level',
      'warn',
      '--service',
      'orders-api',
    ]);
    app.process.stdout?.pipe(cli.child.stdin);
    const [appResult, cliResult] = await Promise.all([app.done, cli.done]);

    expect(appResult.code).toBe(0);
    expect(cliResult.code).toBe(0);
    const lines = cliResult.stdout.toString().trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      'service started',
      'payment failed #1',
      'payment failed #2',
      'payment failed #3',
      'slow response',
    ]);
    const messages = fake().chat.messagesIn('PIPED');
    expect(messages.map((message) => representedRecords(message.text)).reduce((a, b) => a + b, 0)).toBe(4);
    expect(messages[0]?.text).toContain('· orders-api');
  });

  it('drains what it read and exits on SIGTERM while the input stays open', async () => {
    const cli = startCli({ GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('SIGNAL') });
    cli.child.stdin.write(`${PINO_ERROR}\n`);
    // Once the line came through, it was read; the 200 ms gather window keeps it queued a moment longer.
    await new Promise<void>((resolve) => cli.child.stdout.once('data', () => resolve()));
    cli.child.kill('SIGTERM');
    const result = await cli.done;

    expect(result.code).toBe(143);
    expect(result.stderr).toBe('');
    expect(fake().chat.messagesIn('SIGNAL')).toHaveLength(1);
  });

  it('lists every setting in --help', async () => {
    const help = startCli({}, ['--help']);
    const result = await help.done;
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toContain('--webhook-url VALUE');
    expect(result.stdout.toString()).toContain('GCHAT_LOG_ROUTES');
  });

  it('is a pure pass-through without a webhook URL', async () => {
    const cli = startCli({});
    cli.child.stdin.end(`${PINO_ERROR}\n`);
    const result = await cli.done;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe(`${PINO_ERROR}\n`);
    expect(fake().chat.requests).toHaveLength(0);
  });
});
