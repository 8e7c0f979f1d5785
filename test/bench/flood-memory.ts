/**
 * Memory in a flood: 100,000 errors of 20 kinds over 10 s through real pino, into @gchat-log/pino, side
 * by side with the same script into pino/file to /dev/null (what any worker target costs), interleaved,
 * FLOOD_RUNS times each (3 by default). Prints the growth of the process's RSS (main thread and worker)
 * from the worker being ready to its peak, min / median / max, and the difference. The fake Chat answers
 * at Google's quota. Run with `pnpm bench:flood-memory` (about a minute per run).
 */
import { startChildApp } from '../e2e/child-app.js';
import { startFakeChat } from '../fake-chat/server.js';

const RUNS = Number(process.env.FLOOD_RUNS ?? 3);
const APP = new URL('fixtures/flood-pino.mjs', import.meta.url);

async function growth(target: 'gchat-log' | 'file'): Promise<number> {
  const fake = await startFakeChat();
  try {
    const result = await startChildApp(APP, { TARGET: target, WEBHOOK_URL: fake.webhookUrl('FLOOD') }).done;
    const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('FLOOD-MEMORY '));
    if (line === undefined)
      throw new Error(`the ${target} run printed no figures (exit ${result.code}): ${result.stderr}`);
    const { rssReadyMb, rssPeakMb } = JSON.parse(line.slice('FLOOD-MEMORY '.length));
    return rssPeakMb - rssReadyMb;
  } finally {
    await fake.close();
  }
}

const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return { min: sorted[0] ?? Number.NaN, median, max: sorted.at(-1) ?? Number.NaN };
};
const mb = (value: number) => `${value.toFixed(1)} MB`;

const runs = { 'gchat-log': [] as number[], file: [] as number[] };
for (let index = 0; index < RUNS; index += 1) {
  for (const target of ['file', 'gchat-log'] as const) {
    runs[target].push(await growth(target));
    console.error(`flood memory: ${target}, run ${index + 1} of ${RUNS}: +${runs[target].at(-1)?.toFixed(1)} MB`);
  }
}
const [ours, baseline] = [spread(runs['gchat-log']), spread(runs.file)];
console.log('\nRSS growth during a flood of 100,000 errors of 20 kinds in 10 s, min / median / max:\n');
console.log('| pino worker target | RSS growth | ');
console.log('| --- | --- |');
console.log(`| pino/file to /dev/null | ${mb(baseline.min)} / ${mb(baseline.median)} / ${mb(baseline.max)} |`);
console.log(`| @gchat-log/pino | ${mb(ours.min)} / ${mb(ours.median)} / ${mb(ours.max)} |`);
console.log(`\n@gchat-log/pino grows ${mb(ours.median - baseline.median)} more than pino/file (medians).`);
