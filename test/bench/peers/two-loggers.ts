import { representedRecords } from '../../e2e/represented-records.js';
import type { FakeChat } from '../../fake-chat/fake-chat.js';
import { startFakeChat } from '../../fake-chat/server.js';
import { type AppRun, runApp } from './run-app.js';
import { EXIT_GRACE_MS } from './scenarios.js';

/**
 * Two loggers, one process, one space: pino's worker transport and a winston transport, 120 distinct
 * errors alternating between them over 60 s, Chat's real quota (60 per 60 s). Before gchat-log shared
 * a quota per process, each logger kept its own and together they went over it.
 */
export const TWO_LOGGERS = { records: 120, spreadMs: 60_000, runsForAtMostMs: 240_000 } as const;
const QUOTA_WINDOW_MS = 60_000;

export interface TwoLoggersRun extends AppRun {
  readonly requests: number;
  /** The most requests in any sliding 60 s window, as Chat counts them. */
  readonly busiestWindow: number;
  readonly tooManyRequests: number;
  readonly represented: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function busiestWindow(chat: FakeChat): number {
  const times = chat.requests.map((request) => request.at).sort((a, b) => a - b);
  return Math.max(0, ...times.map((start) => times.filter((at) => at >= start && at < start + QUOTA_WINDOW_MS).length));
}

export async function runTwoLoggers(): Promise<TwoLoggersRun> {
  const fake = await startFakeChat();
  const represented = () =>
    fake.chat.messagesIn('BENCH').reduce((sum, message) => sum + representedRecords(message.text), 0);
  try {
    const started = Date.now();
    const run = await runApp(
      {
        TRANSPORT: 'gchat-log-both',
        SCENARIO: 'two-loggers',
        RECORDS: String(TWO_LOGGERS.records),
        KINDS: String(TWO_LOGGERS.records),
        SPREAD_MS: String(TWO_LOGGERS.spreadMs),
        WEBHOOK_URL: fake.webhookUrl('BENCH'),
      },
      EXIT_GRACE_MS,
      async (exited) => {
        while (!exited() && represented() < TWO_LOGGERS.records && Date.now() - started < TWO_LOGGERS.runsForAtMostMs) {
          await sleep(100);
        }
      },
    );
    return {
      ...run,
      requests: fake.chat.requests.length,
      busiestWindow: busiestWindow(fake.chat),
      tooManyRequests: fake.chat.countAnswered(429),
      represented: represented(),
    };
  } finally {
    await fake.close();
  }
}

export function twoLoggersTable(run: TwoLoggersRun): string {
  const count = (value: number) => Math.round(value).toLocaleString('en-US');
  return [
    '| scenario | loggers | records | requests | most requests in a 60 s window | 429s | represented in Chat | app crashed? | wall time |',
    `|${' --- |'.repeat(9)}`,
    `| two loggers, one process | @gchat-log/pino (worker) + @gchat-log/winston | ${count(TWO_LOGGERS.records)} | ${count(run.requests)} | ${run.busiestWindow} | ${run.tooManyRequests} | ${count(run.represented)} (${((100 * run.represented) / TWO_LOGGERS.records).toFixed(1)} %) | ${run.crashed} | ${(run.wallMs / 1000).toFixed(1)} s |`,
  ].join('\n');
}
