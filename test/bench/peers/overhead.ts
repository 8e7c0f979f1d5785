import { startFakeChat } from '../../fake-chat/server.js';
import { runApp } from './run-app.js';

/** One run of the host-overhead scenario: 1,000,000 info records below the transport's level and 1,000 errors. */
export interface OverheadRun {
  readonly recordsPerSecond: number;
  readonly eventLoopDelayP99Ms: number;
  readonly peakRssMb: number;
  readonly crashed: string;
}

export const OVERHEAD_RECORDS = 1_000_000;

/** `transport` is a bench app TRANSPORT: a gchat-log or peer transport, or `none-pino`/`none-winston`. */
export async function runOverhead(transport: string, acceptAnyBody: boolean): Promise<OverheadRun> {
  const fake = await startFakeChat({ acceptAnyBody });
  try {
    const env = {
      TRANSPORT: transport,
      SCENARIO: 'overhead',
      RECORDS: '0',
      KINDS: '10',
      WEBHOOK_URL: fake.webhookUrl('BENCH'),
    };
    const run = await runApp(env, 120_000);
    return {
      recordsPerSecond: run.figures === undefined ? 0 : Math.round(OVERHEAD_RECORDS / (run.figures.loggedMs / 1000)),
      eventLoopDelayP99Ms: run.figures?.eventLoopDelayP99Ms ?? Number.NaN,
      peakRssMb: run.figures?.peakRssMb ?? Number.NaN,
      crashed: run.crashed,
    };
  } finally {
    await fake.close();
  }
}
