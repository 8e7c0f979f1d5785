import { representedRecords } from '../../e2e/represented-records.js';
import { startFakeChat } from '../../fake-chat/server.js';
import { type AppRun, runApp } from './run-app.js';
import { type DeliveryScenario, EXIT_GRACE_MS } from './scenarios.js';
import type { BenchTransport } from './transports.js';

/** One run of a delivery scenario by one transport. */
export interface DeliveryRun extends AppRun {
  readonly requests: number;
  readonly tooManyRequests: number;
  /** Records Chat shows, in full or counted ("×N"); a peer's message is one record. */
  readonly represented: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runDelivery(scenario: DeliveryScenario, transport: BenchTransport): Promise<DeliveryRun> {
  // Slack-shaped bodies are accepted for the peers; quota, outage and size limits apply to all.
  const fake = await startFakeChat({ acceptAnyBody: !transport.ours });
  const represented = () =>
    fake.chat
      .messagesIn('BENCH')
      .reduce((sum, message) => sum + (transport.ours ? representedRecords(message.text) : 1), 0);
  try {
    if (scenario.outageMs !== undefined) {
      fake.chat.setOutage({ status: 503 });
      setTimeout(() => fake.chat.setOutage(undefined), scenario.outageMs).unref();
    }
    const env = {
      TRANSPORT: transport.id,
      SCENARIO: scenario.id,
      RECORDS: String(scenario.records),
      KINDS: String(scenario.kinds),
      SPREAD_MS: String(scenario.spreadMs),
      WEBHOOK_URL: fake.webhookUrl('BENCH'),
    };
    const started = Date.now();
    const limit = scenario.runsForAtMostMs;
    const run = await runApp(env, EXIT_GRACE_MS, async (exited) => {
      if (limit === undefined) return;
      while (!exited() && represented() < scenario.records && Date.now() - started < limit) await sleep(100);
    });
    return {
      ...run,
      requests: fake.chat.requests.length,
      tooManyRequests: fake.chat.countAnswered(429),
      represented: represented(),
    };
  } finally {
    await fake.close();
  }
}
