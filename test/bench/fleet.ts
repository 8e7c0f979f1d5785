/**
 * Eight replicas of one service, one Chat space (fake, at Google's quota of 60 requests per 60 s), with
 * and without the Redis coordinator (@gchat-log/redis): requests, 429s, messages, and records
 * represented in Chat when every replica has ended its logger and exited. Each replica logs 200 errors
 * over 1 s, and they all end together, as in a deploy. Each row is run FLEET_RUNS times (5 by default)
 * and shown as min / median / max. Run with `pnpm bench:fleet` (needs redis-server; a few minutes).
 */
import { startChildApp } from '../e2e/child-app.js';
import { representedRecords } from '../e2e/represented-records.js';
import { startFakeChat } from '../fake-chat/server.js';
import { startTestRedis } from '../redis/redis-server.js';

const REPLICAS = 8;
const RECORDS = 200;
const RUNS = Number(process.env.FLEET_RUNS ?? 5);

interface FleetRun {
  readonly requests: number;
  readonly tooManyRequests: number;
  readonly messages: number;
  readonly represented: number;
  readonly droppedOrFailed: number;
  readonly othersUnshown: number;
  readonly allExitedZero: boolean;
  readonly wallSeconds: number;
}

async function run(kinds: number, coordinated: boolean): Promise<FleetRun> {
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
    const sum = (pick: (replica: Record<string, number>) => number) =>
      stats.reduce((total, replica) => total + pick(replica), 0);
    return {
      requests: fake.chat.requests.length,
      tooManyRequests: fake.chat.countAnswered(429),
      messages: messages.length,
      represented: messages.reduce((total, message) => total + representedRecords(message.text), 0),
      droppedOrFailed: sum((replica) => (replica.dropped ?? 0) + (replica.failed ?? 0)),
      othersUnshown: sum((replica) => replica.fleetOccurrencesUnshown ?? 0),
      allExitedZero: results.every((result) => result.code === 0),
      wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await redis?.stop();
    await fake.close();
  }
}

/** `min / median / max` of the runs' values. */
function spread(runs: readonly FleetRun[], pick: (run: FleetRun) => number): string {
  const values = runs.map(pick).sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)] ?? Number.NaN;
  const format = (value: number | undefined) => (value ?? Number.NaN).toLocaleString('en-US');
  return values.length === 1 ? format(median) : `${format(values[0])} / ${format(median)} / ${format(values.at(-1))}`;
}

const rows: string[] = [];
for (const kinds of [5, 10]) {
  for (const coordinated of [false, true]) {
    const runs: FleetRun[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      runs.push(await run(kinds, coordinated));
      console.error(
        `fleet: ${kinds} kinds, ${coordinated ? 'Redis' : 'no coordinator'}: run ${index + 1} of ${RUNS} done`,
      );
    }
    rows.push(
      `| ${kinds} kinds | ${coordinated ? 'Redis' : 'none'} | ${spread(runs, (one) => one.requests)} | ${spread(runs, (one) => one.tooManyRequests)} | ${spread(runs, (one) => one.messages)} | ${spread(runs, (one) => one.represented)} of ${(REPLICAS * RECORDS).toLocaleString('en-US')} | ${spread(runs, (one) => one.droppedOrFailed)} | ${spread(runs, (one) => one.othersUnshown)} | ${runs.every((one) => one.allExitedZero) ? 'yes' : 'no'} | ${spread(runs, (one) => one.wallSeconds)} s |`,
    );
  }
}
console.log(`\n${REPLICAS} replicas × ${RECORDS} errors each, ${RUNS} runs per row, min / median / max:\n`);
console.log(
  "| errors of | coordinator | requests | 429s | messages | records represented in Chat | dropped or failed (counted) | others' occurrences unshown (counted) | all exited 0 | wall time |",
);
console.log(`|${' --- |'.repeat(10)}`);
for (const row of rows) console.log(row);
