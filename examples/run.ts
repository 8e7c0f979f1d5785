/**
 * Runs one example service against a local fake Google Chat (no Google account needed) and prints what
 * the space received, grouped by thread. Usage: `tsx examples/run.ts NAME` (`pnpm example`,
 * `pnpm example:pino-http`, `pnpm example:winston`, `pnpm example:preload`, `pnpm example:pipe`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startFakeChat } from '../test/fake-chat/server.js';

const GCHAT_LOG_COMMAND = fileURLToPath(new URL('../packages/pino/dist/cli.js', import.meta.url));

/** How each example is started: node arguments before its `service.mjs`, and whether it is piped into `gchat-log`. */
const EXAMPLES: Record<string, { nodeArgs: string[]; piped: boolean; shownAs: string }> = {
  'pino-and-winston': { nodeArgs: [], piped: false, shownAs: 'node service.mjs' },
  'pino-http': { nodeArgs: [], piped: false, shownAs: 'node service.mjs' },
  winston: { nodeArgs: [], piped: false, shownAs: 'node service.mjs' },
  preload: {
    nodeArgs: ['--import', '@gchat-log/register'],
    piped: false,
    shownAs: 'node --import @gchat-log/register service.mjs',
  },
  pipe: { nodeArgs: [], piped: true, shownAs: 'node service.mjs | gchat-log' },
};

const name = process.argv[2] ?? 'pino-and-winston';
const example = EXAMPLES[name];
if (example === undefined) {
  console.error(`Unknown example "${name}". Examples: ${Object.keys(EXAMPLES).join(', ')}`);
  process.exit(2);
}

const fake = await startFakeChat();
const env = { ...process.env, GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl('EXAMPLE') };
console.log(`Fake Google Chat listening on ${fake.origin}`);
console.log(`Running examples/${name}: ${example.shownAs}, with GCHAT_LOG_WEBHOOK_URL pointing at it...\n`);

const script = fileURLToPath(new URL(`${name}/service.mjs`, import.meta.url));
const children: ChildProcess[] = [];
if (example.piped) {
  const service = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const command = spawn(process.execPath, [GCHAT_LOG_COMMAND], { env, stdio: ['pipe', 'inherit', 'inherit'] });
  service.stdout.pipe(command.stdin);
  children.push(service, command);
} else {
  children.push(spawn(process.execPath, [...example.nodeArgs, script], { env, stdio: 'inherit' }));
}
const exitCodes = await Promise.all(children.map(async (child) => (await once(child, 'close'))[0] as number | null));
await fake.close();

const messages = fake.chat.messagesIn('EXAMPLE');
const threads = new Map<string, typeof messages>();
for (const message of messages) threads.set(message.threadName, [...(threads.get(message.threadName) ?? []), message]);
console.log(`\nThe space received ${messages.length} messages in ${threads.size} threads:\n`);
for (const [threadName, inThread] of threads) {
  console.log(`── thread ${threadName} (${inThread.length} message${inThread.length === 1 ? '' : 's'})`);
  for (const message of inThread) {
    const body =
      message.text ??
      `(a card; its notification text: "${message.body.fallbackText}")\n${JSON.stringify(message.body.cardsV2, null, 1)}`;
    console.log(`${message.startedThread ? '' : '   ↳ reply\n'}${body}\n`);
  }
}
console.log(
  `Requests: ${fake.chat.requests.length}, 429s: ${fake.chat.countAnswered(429)}; exit codes ${exitCodes.join(', ')}.`,
);
process.exitCode = exitCodes.every((code) => code === 0) && messages.length > 0 ? 0 : 1;
