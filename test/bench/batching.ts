/**
 * Batching under load, at Google Chat's real quota (60 requests per 60 s per space) with gchat-log's
 * defaults, through real pino (worker thread) and real winston. For each scenario and adapter: records,
 * requests, records per request, 429s, records represented in Chat, peak RSS of the app, and the time
 * from the first record until the last request. Run with `pnpm bench:batching` (a few minutes).
 */
import { startChildApp } from '../e2e/child-app.js';
import { representedRecords } from '../e2e/represented-records.js';
import { startFakeChat } from '../fake-chat/server.js';
import { waitFor } from '../fake-chat/wait-for.js';

interface Scenario {
  readonly name: string;
  readonly records: number;
  readonly kinds: number;
  readonly spreadMs: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'burst: 300 errors, 10 kinds, at once', records: 300, kinds: 10, spreadMs: 1 },
  { name: 'flood: 100,000 errors, 20 kinds, 10 s', records: 100_000, kinds: 20, spreadMs: 10_000 },
  { name: 'many kinds: 2,000 errors, 200 kinds, 2 s', records: 2000, kinds: 200, spreadMs: 2000 },
];
/** Drained: nothing was sent for longer than the quota window after the last request. */
const QUIET_MS = 65_000;

async function run(scenario: Scenario, adapter: 'pino' | 'winston') {
  const fake = await startFakeChat();
  try {
    const started = Date.now();
    const app = startChildApp(new URL('fixtures/load-app.mjs', import.meta.url), {
      ADAPTER: adapter,
      RECORDS: String(scenario.records),
      KINDS: String(scenario.kinds),
      SPREAD_MS: String(scenario.spreadMs),
      GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl('LOAD'),
    });
    const represented = () =>
      fake.chat.messagesIn('LOAD').reduce((sum, message) => sum + representedRecords(message.text), 0);
    const lastRequestAt = () => fake.chat.requests.at(-1)?.at ?? started;
    await waitFor(
      () =>
        represented() >= scenario.records ||
        (Date.now() - started > scenario.spreadMs && Date.now() - lastRequestAt() > QUIET_MS),
      15 * 60_000,
      `${scenario.name} to drain`,
    );
    const output = new Promise<string>((resolve) =>
      app.process.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    app.process.send('stop');
    const figures = JSON.parse(await output);
    await app.done;
    const requests = fake.chat.requests.length;
    return {
      scenario: scenario.name,
      adapter,
      records: scenario.records,
      requests,
      'records per request': Math.round((scenario.records / Math.max(1, requests)) * 10) / 10,
      '429s': fake.chat.countAnswered(429),
      represented: represented(),
      'peak RSS (MB)': figures.peakRssMb,
      'first record to last request (s)': Math.round((lastRequestAt() - started) / 100) / 10,
    };
  } finally {
    await fake.close();
  }
}

const rows = [];
for (const scenario of SCENARIOS) rows.push(...(await Promise.all([run(scenario, 'pino'), run(scenario, 'winston')])));
console.table(rows);
