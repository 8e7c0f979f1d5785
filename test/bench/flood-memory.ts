/**
 * Memory in a flood: 100,000 errors of 20 kinds over 10 s through real pino, into @gchat-log/pino, side
 * by side with the same script into pino/file to /dev/null (what any worker target costs) and into a
 * no-op pino-abstract-transport target (what parsing each line costs any JSON target), interleaved,
 * FLOOD_RUNS times each (3 by default). Prints the growth of the process's RSS (main thread and worker)
 * from the worker being ready to its peak, and to the moment the last record was logged, min / median /
 * max, and the differences. The peak includes one-off work that does not depend on the flood: undici's
 * first request compiles its HTTP parser (WebAssembly), and V8's optimising compiler holds some 35 MB
 * for about 100 ms while it does; a run of 200 records shows that part alone. The fake Chat answers at
 * Google's quota. Run with `pnpm bench:flood-memory` (about a minute per run).
 */
import { startChildApp } from '../e2e/child-app.js';
import { startFakeChat } from '../fake-chat/server.js';

const RUNS = Number(process.env.FLOOD_RUNS ?? 3);
const APP = new URL('fixtures/flood-pino.mjs', import.meta.url);

interface Row {
  readonly label: string;
  readonly target: 'file' | 'noop' | 'gchat-log';
  readonly records: number;
}
const ROWS: readonly Row[] = [
  { label: 'pino/file to /dev/null', target: 'file', records: 100_000 },
  { label: 'no-op pino-abstract-transport target', target: 'noop', records: 100_000 },
  { label: '@gchat-log/pino', target: 'gchat-log', records: 100_000 },
  { label: '@gchat-log/pino, 200 records only (one-off costs)', target: 'gchat-log', records: 200 },
];

interface Growth {
  readonly peak: number;
  readonly end: number;
}

async function growth(row: Row): Promise<Growth> {
  const fake = await startFakeChat();
  try {
    const result = await startChildApp(APP, {
      TARGET: row.target,
      RECORDS: String(row.records),
      WEBHOOK_URL: fake.webhookUrl('FLOOD'),
    }).done;
    const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('FLOOD-MEMORY '));
    if (line === undefined)
      throw new Error(`the ${row.label} run printed no figures (exit ${result.code}): ${result.stderr}`);
    const { rssReadyMb, rssPeakMb, rssEndMb } = JSON.parse(line.slice('FLOOD-MEMORY '.length));
    return { peak: rssPeakMb - rssReadyMb, end: rssEndMb - rssReadyMb };
  } finally {
    await fake.close();
  }
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const mb = (value: number) => `${value.toFixed(1)} MB`;
const spread = (values: readonly number[]) =>
  `${mb(Math.min(...values))} / ${mb(median(values))} / ${mb(Math.max(...values))}`;

const runs = ROWS.map(() => [] as Growth[]);
for (let index = 0; index < RUNS; index += 1) {
  for (const [rowIndex, row] of ROWS.entries()) {
    const measured = await growth(row);
    runs[rowIndex]?.push(measured);
    console.error(
      `flood memory: ${row.label}, run ${index + 1} of ${RUNS}: peak +${mb(measured.peak)}, end +${mb(measured.end)}`,
    );
  }
}
console.log('\nRSS growth during a flood of 100,000 errors of 20 kinds in 10 s, min / median / max:\n');
console.log('| pino worker target | to the peak | to the last record logged |');
console.log('| --- | --- | --- |');
for (const [rowIndex, row] of ROWS.entries()) {
  const measured = runs[rowIndex] ?? [];
  console.log(
    `| ${row.label} | ${spread(measured.map((run) => run.peak))} | ${spread(measured.map((run) => run.end))} |`,
  );
}
const medianOf = (rowIndex: number, part: keyof Growth) => median((runs[rowIndex] ?? []).map((run) => run[part]));
for (const part of ['peak', 'end'] as const) {
  const name = part === 'peak' ? 'to the peak' : 'to the last record logged';
  console.log(
    `\n${name}: @gchat-log/pino grows ${mb(medianOf(2, part) - medianOf(0, part))} more than pino/file, ${mb(medianOf(2, part) - medianOf(1, part))} more than the no-op target (medians).`,
  );
}
