/**
 * A 300-error burst (10 distinct errors) through real pino (worker thread) and real winston, each into
 * its own space of the fake Chat at Google's real quota (60 requests per 60 s per space) with
 * gchat-log's defaults. Prints, per adapter: records, requests, records per request, 429s, records
 * represented in Chat, threads, and how long until the last record was represented.
 * Run with `pnpm bench:burst`.
 */

import { startChildApp } from '../e2e/child-app.js';
import { representedRecords } from '../e2e/represented-records.js';
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
  const represented = () =>
    fake.chat.messagesIn(space).reduce((sum, message) => sum + representedRecords(message.text), 0);
  await waitFor(() => represented() >= RECORDS, 15 * 60_000, `${RECORDS} records represented in ${space}`);
  const elapsedMs = Date.now() - started;
  if (app.process.connected) app.process.send('stop');
  const result = await app.done;
  const messages = fake.chat.messagesIn(space);
  const answered = fake.chat.requests.filter((request) => request.spaceId === space);
  return {
    adapter,
    records: RECORDS,
    requests: answered.length,
    'records per request': Math.round((RECORDS / answered.length) * 10) / 10,
    '429s': answered.filter((request) => request.status === 429).length,
    'records represented': represented(),
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
