/**
 * Eight replicas of one service, one Chat space (fake, at Google's quota of 60 requests per 60 s), with
 * and without the Redis coordinator (@gchat-log/redis): requests, 429s, messages, threads, and records
 * represented in Chat when every replica has ended its logger and exited. Each replica logs 200 errors
 * over 1 s. Run with `pnpm bench:fleet` (needs redis-server; about a minute).
 */
import { startChildApp } from '../e2e/child-app.js';
import { representedRecords } from '../e2e/represented-records.js';
import { startFakeChat } from '../fake-chat/server.js';
import { startTestRedis } from '../redis/redis-server.js';

const REPLICAS = 8;
const RECORDS = 200;

async function run(kinds: number, coordinated: boolean) {
  const fake = await startFakeChat();
  const redis = coordinated ? await startTestRedis() : undefined;
  try {
    const started = Date.now();
    const replicas = Array.from({ length: REPLICAS }, () =>
      startChildApp(new URL('../e2e/fixtures/fleet-app.mjs', import.meta.url), {
        GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl('FLEET'),
        ...(redis !== undefined && { GCHAT_LOG_REDIS_URL: redis.url }),
        RECORDS: String(RECORDS),
        KINDS: String(kinds),
        SPREAD_MS: '1000',
      }),
    );
    const results = await Promise.all(replicas.map((replica) => replica.done));
    const stats = results.map((result) => JSON.parse(result.stdout.trim() || '{}'));
    const messages = fake.chat.messagesIn('FLEET');
    return {
      replicas: `${REPLICAS} × ${RECORDS} errors of ${kinds} kinds`,
      coordinator: coordinated ? 'Redis' : 'none',
      requests: fake.chat.requests.length,
      '429s': fake.chat.countAnswered(429),
      messages: messages.length,
      threads: new Set(messages.map((message) => message.threadName)).size,
      represented: messages.reduce((sum, message) => sum + representedRecords(message.text), 0),
      'dropped or failed (counted)': stats.reduce(
        (sum, replica) => sum + (replica.dropped ?? 0) + (replica.failed ?? 0),
        0,
      ),
      "others' occurrences unshown (counted)": stats.reduce(
        (sum, replica) => sum + (replica.fleetOccurrencesUnshown ?? 0),
        0,
      ),
      'all exited 0': results.every((result) => result.code === 0),
      'wall time (s)': Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await redis?.stop();
    await fake.close();
  }
}

const rows = [];
for (const kinds of [5, 10]) for (const coordinated of [false, true]) rows.push(await run(kinds, coordinated));
console.table(rows);
