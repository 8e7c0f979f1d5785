/**
 * Chat answers 503 for OUTAGE_S seconds while an app logs 1,000 errors over 10 s, then recovers.
 * Prints, per adapter: requests, 429s, records delivered, the app's event-loop delay (p99, max) and
 * peak RSS, and how long after recovery the backlog took to drain. The quota window is scaled down to
 * 3 s (60 per 3 s; the sender 50 per 3 s) so that the drain takes a minute, not twenty.
 * Run with `pnpm bench:outage` (about three minutes).
 */
import { startChildApp } from '../e2e/child-app.js';
import { startFakeChat } from '../fake-chat/server.js';
import { waitFor } from '../fake-chat/wait-for.js';

const OUTAGE_MS = 15_000;
const RECORDS = 1000;
const WINDOW_MS = 3000;

async function outage(adapter: 'pino' | 'winston') {
  const fake = await startFakeChat({ quotaWindowMs: WINDOW_MS });
  try {
    fake.chat.setOutage({ status: 503 });
    const app = startChildApp(new URL('fixtures/load-app.mjs', import.meta.url), {
      ADAPTER: adapter,
      RECORDS: String(RECORDS),
      SPREAD_MS: '10000',
      GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl('OUTAGE'),
      GCHAT_LOG_RATE_LIMIT_INTERVAL_MS: String(WINDOW_MS),
    });
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    fake.chat.setOutage(undefined);
    const recoveredAt = Date.now();
    // Drained: Chat has accepted messages since it recovered, and nothing was sent for two windows.
    const lastRequestAt = () => fake.chat.requests.at(-1)?.at ?? 0;
    await waitFor(
      () => lastRequestAt() > recoveredAt && Date.now() - lastRequestAt() > 2 * WINDOW_MS,
      10 * 60_000,
      'the backlog to drain',
    );
    const drainedAt = lastRequestAt();
    const output = new Promise<string>((resolve) =>
      app.process.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    app.process.send('stop');
    const figures = JSON.parse(await output);
    await app.done;
    const delivered = fake.chat.messagesIn('OUTAGE');
    return {
      adapter,
      records: RECORDS,
      requests: fake.chat.requests.length,
      '503s': fake.chat.countAnswered(503),
      '429s': fake.chat.countAnswered(429),
      delivered: delivered.length,
      'says what was dropped': delivered.some((message) =>
        /earlier records? (was|were) not delivered/.test(message.text ?? ''),
      ),
      'drain after recovery (s)': Math.round((drainedAt - recoveredAt) / 100) / 10,
      'event-loop p99 (ms)': figures.eventLoopDelayP99Ms,
      'event-loop max (ms)': figures.eventLoopDelayMaxMs,
      'peak RSS (MB)': figures.peakRssMb,
      ...(figures.stats && {
        'stats sent/dropped/failed': `${figures.stats.sent}/${figures.stats.dropped}/${figures.stats.failed}`,
      }),
    };
  } finally {
    await fake.close();
  }
}

const rows = await Promise.all([outage('pino'), outage('winston')]);
console.table(rows);
