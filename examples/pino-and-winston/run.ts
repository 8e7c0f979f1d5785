/**
 * Runs the example service against a local fake Google Chat (no Google account needed) and prints what
 * the space received, grouped by thread. Usage: `pnpm example`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeChat } from '../../test/fake-chat/server.js';

const fake = await startFakeChat();
const webhookUrl = fake.webhookUrl('EXAMPLE');
console.log(`Fake Google Chat listening on ${fake.origin}`);
console.log('Running examples/pino-and-winston/service.mjs with GCHAT_LOG_WEBHOOK_URL pointing at it...\n');

const exitCode = await new Promise<number | null>((resolve) => {
  const service = spawn(process.execPath, [fileURLToPath(new URL('service.mjs', import.meta.url))], {
    env: { ...process.env, GCHAT_LOG_WEBHOOK_URL: webhookUrl },
    stdio: 'inherit',
  });
  service.on('close', resolve);
});
await fake.close();

const messages = fake.chat.messagesIn('EXAMPLE');
const threads = new Map<string, typeof messages>();
for (const message of messages) threads.set(message.threadName, [...(threads.get(message.threadName) ?? []), message]);
console.log(`The space received ${messages.length} messages in ${threads.size} threads:\n`);
for (const [threadName, inThread] of threads) {
  console.log(`── thread ${threadName} (${inThread.length} message${inThread.length === 1 ? '' : 's'})`);
  for (const message of inThread) {
    console.log(`${message.startedThread ? '' : '   ↳ reply\n'}${message.text}\n`);
  }
}
console.log(
  `Requests: ${fake.chat.requests.length}, 429s: ${fake.chat.countAnswered(429)}; service exit code ${exitCode}.`,
);
process.exitCode = exitCode === 0 && messages.length > 0 ? 0 : 1;
