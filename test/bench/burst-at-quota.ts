/**
 * The walking skeleton's acceptance figure: a 300-error burst (10 distinct errors) through real pino
 * (worker thread) and real winston, each into its own space of the fake Chat at Google's real quota
 * (60 requests per 60 s per space) with gchat-log's default budget (50 per 60 s). Prints, per adapter:
 * records, requests, 429s, delivered, threads, and how long until the last record arrived.
 * Takes about six minutes. Run with `pnpm bench:burst`.
 */

import { startChildApp } from '../e2e/child-app.js';
import { type RunningFakeChat, startFakeChat } from '../fake-chat/server.js';
import { waitFor } from '../fake-chat/wait-for.js';

const RECORDS = 300;
const fake: RunningFakeChat = await startFakeChat();

async function burst(adapter: 'pino' | 'winston') {
  const space = `BURST-${adapter.toUpperCase()}`;
  const started = Date.now();
  const app = startChildApp(`${adapter}-app.mjs`, {
    SCENARIO: 'burst',
    GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl(space),
    GCHAT_LOG_CLOSE_TIMEOUT_MS: String(15 * 60_000),
  });
  await waitFor(() => fake.chat.messagesIn(space).length >= RECORDS, 15 * 60_000, `${RECORDS} messages in ${space}`);
  const elapsedMs = Date.now() - started;
  if (app.process.connected) app.process.send('stop');
  const result = await app.done;
  const messages = fake.chat.messagesIn(space);
  const answered = fake.chat.requests.filter((request) => request.spaceId === space);
  return {
    adapter,
    records: RECORDS,
    requests: answered.length,
    '429s': answered.filter((request) => request.status === 429).length,
    delivered: messages.length,
    threads: new Set(messages.map((message) => message.threadName)).size,
    'seconds to last record': Math.round(elapsedMs / 100) / 10,
    'exit code': result.code,
  };
}

try {
  const rows = await Promise.all([burst('pino'), burst('winston')]);
  console.table(rows);
} finally {
  await fake.close();
}
