/**
 * gchat-log side by side with the transports users pick today, on the same loopback fake Chat at
 * Google's quota (60 requests per 60 s per space): burst, graceful exit, flood and outage for
 * @gchat-log/pino vs @youngkiu/pino-slack-webhook and @gchat-log/winston vs winston-slack-webhook-transport,
 * two loggers in one process, and the host overhead of each. Prints Markdown tables, writes
 * docs/benchmarks/peers.json and docs/benchmarks/peers.svg. Run with `pnpm bench` (about fifteen minutes;
 * BENCH_REPEATS=1 for a quick look; BENCH_ONLY=two-loggers runs that row alone and writes nothing).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { percentBarChart } from './chart.js';
import { type DeliveryRun, runDelivery } from './delivery.js';
import { OVERHEAD_RECORDS, type OverheadRun, runOverhead } from './overhead.js';
import { DELIVERY_SCENARIOS, type DeliveryScenario } from './scenarios.js';
import { formatSpread, type Spread, spreadOf } from './spread.js';
import { type BenchTransport, peerOf, TRANSPORTS } from './transports.js';
import { runTwoLoggers, TWO_LOGGERS, twoLoggersTable } from './two-loggers.js';

const outputDir = fileURLToPath(new URL('../../../docs/benchmarks/', import.meta.url));
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (value: number) => `${Math.round(value)} MB`;

interface DeliveryResult {
  readonly scenario: DeliveryScenario;
  readonly transport: BenchTransport;
  readonly runs: readonly DeliveryRun[];
  readonly requests: number;
  readonly tooManyRequests: number;
  readonly represented: number;
  readonly crashed: string;
  readonly peakRssMb: Spread;
  readonly wallMs: Spread;
}

function summarise(scenario: DeliveryScenario, transport: BenchTransport, runs: DeliveryRun[]): DeliveryResult {
  const median = (pick: (run: DeliveryRun) => number) => spreadOf(runs.map(pick)).median;
  return {
    scenario,
    transport,
    runs,
    requests: median((run) => run.requests),
    tooManyRequests: median((run) => run.tooManyRequests),
    represented: median((run) => run.represented),
    crashed: [...new Set(runs.map((run) => run.crashed))].join(', '),
    peakRssMb: spreadOf(
      runs.map((run) => run.figures?.peakRssMb ?? Number.NaN).filter((value) => !Number.isNaN(value)),
    ),
    wallMs: spreadOf(runs.map((run) => run.wallMs)),
  };
}

async function runScenario(scenario: DeliveryScenario): Promise<DeliveryResult[]> {
  const byTransport = new Map<BenchTransport, DeliveryRun[]>(TRANSPORTS.map((transport) => [transport, []]));
  for (let repeat = 0; repeat < scenario.repeats; repeat += 1) {
    if (scenario.runsForAtMostMs !== undefined) {
      // Long scenarios: the four transports at once, each against its own fake Chat.
      const runs = await Promise.all(TRANSPORTS.map((transport) => runDelivery(scenario, transport)));
      for (const [index, run] of runs.entries()) byTransport.get(TRANSPORTS[index] as BenchTransport)?.push(run);
    } else {
      // Timing scenarios: one app at a time.
      for (const transport of TRANSPORTS) byTransport.get(transport)?.push(await runDelivery(scenario, transport));
    }
  }
  return TRANSPORTS.map((transport) => summarise(scenario, transport, byTransport.get(transport) ?? []));
}

function ratio(ours: number, peer: number): string {
  if (peer === 0) return ours === 0 ? '—' : '∞';
  const value = ours / peer;
  return `${value >= 10 ? value.toFixed(0) : value >= 0.01 ? value.toFixed(2) : value.toPrecision(2)}×`;
}

function deliveryTable(results: readonly DeliveryResult[]): string {
  const header =
    '| scenario | transport | records | requests | 429s | represented in Chat | lost | app crashed? | peak RSS | wall time | ours ÷ peer: represented, requests, wall time |';
  const rows = results.map((result) => {
    const peer = results.find(
      (other) => other.scenario === result.scenario && other.transport === peerOf(result.transport),
    );
    const comparison =
      result.transport.ours && peer !== undefined
        ? `${ratio(result.represented, peer.represented)}, ${ratio(result.requests, peer.requests)}, ${ratio(result.wallMs.median, peer.wallMs.median)}`
        : '';
    const records = result.scenario.records;
    return `| ${result.scenario.id} | ${result.transport.label} | ${count(records)} | ${count(result.requests)} | ${count(result.tooManyRequests)} | ${count(result.represented)} (${((100 * result.represented) / records).toFixed(1)} %) | ${count(Math.max(0, records - result.represented))} | ${result.crashed} | ${Number.isNaN(result.peakRssMb.median) ? '—' : formatSpread(result.peakRssMb, megabytes)} | ${formatSpread(result.wallMs, seconds)} | ${comparison} |`;
  });
  return [header, `|${' --- |'.repeat(11)}`, ...rows].join('\n');
}

interface OverheadResult {
  readonly logger: 'pino' | 'winston';
  readonly transport: string;
  readonly recordsPerSecond: Spread;
  readonly eventLoopDelayP99Ms: Spread;
  readonly crashed: string;
}

async function measureOverhead(): Promise<OverheadResult[]> {
  const loggers = ['pino', 'winston'] as const;
  const configurations = loggers.flatMap((logger) => [
    { logger, id: `none-${logger}`, label: `none (${logger} to /dev/null only)`, peer: false },
    ...TRANSPORTS.filter((transport) => transport.logger === logger).map((transport) => ({
      logger,
      id: transport.id,
      label: transport.label,
      peer: !transport.ours,
    })),
  ]);
  const runs = new Map<string, OverheadRun[]>(configurations.map((configuration) => [configuration.id, []]));
  const repeats = Math.max(...DELIVERY_SCENARIOS.map((scenario) => scenario.repeats));
  // Interleaved, so that a slower period of the machine does not fall on one configuration only.
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    for (const configuration of configurations)
      runs.get(configuration.id)?.push(await runOverhead(configuration.id, configuration.peer));
  }
  return configurations.map((configuration) => {
    const measured = runs.get(configuration.id) ?? [];
    return {
      logger: configuration.logger,
      transport: configuration.label,
      recordsPerSecond: spreadOf(measured.map((run) => run.recordsPerSecond)),
      eventLoopDelayP99Ms: spreadOf(measured.map((run) => run.eventLoopDelayP99Ms)),
      crashed: [...new Set(measured.map((run) => run.crashed))].join(', '),
    };
  });
}

function overheadTable(results: readonly OverheadResult[]): string {
  const header =
    '| logger | transport attached | records/s | throughput vs none | event-loop delay p99 | app crashed? |';
  const rows = results.map((result) => {
    const baseline = results.find((other) => other.logger === result.logger) as OverheadResult;
    return `| ${result.logger} | ${result.transport} | ${formatSpread(result.recordsPerSecond, count)} | ${ratio(result.recordsPerSecond.median, baseline.recordsPerSecond.median)} | ${formatSpread(result.eventLoopDelayP99Ms, (ms) => `${ms.toFixed(1)} ms`)} | ${result.crashed} |`;
  });
  return [header, `|${' --- |'.repeat(6)}`, ...rows].join('\n');
}

if (process.env.BENCH_ONLY === 'two-loggers') {
  console.log(`\n${twoLoggersTable(await runTwoLoggers())}\n`);
  process.exit(0);
}

const delivery: DeliveryResult[] = [];
for (const scenario of DELIVERY_SCENARIOS) {
  console.error(
    `bench: ${scenario.title} (${scenario.repeats} run${scenario.repeats === 1 ? '' : 's'} per transport)…`,
  );
  delivery.push(...(await runScenario(scenario)));
}
console.error(`bench: two loggers, one process: ${TWO_LOGGERS.records} errors over ${TWO_LOGGERS.spreadMs / 1000} s…`);
const twoLoggers = await runTwoLoggers();
console.error(`bench: host overhead, ${count(OVERHEAD_RECORDS)} info records below the level and 1,000 errors…`);
const overhead = await measureOverhead();

const deliveryMarkdown = deliveryTable(delivery);
const twoLoggersMarkdown = twoLoggersTable(twoLoggers);
const overheadMarkdown = overheadTable(overhead);
console.log(`\n${deliveryMarkdown}\n\n${twoLoggersMarkdown}\n\n${overheadMarkdown}\n`);

mkdirSync(outputDir, { recursive: true });
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}`;
writeFileSync(
  `${outputDir}/peers.json`,
  `${JSON.stringify(
    {
      machine,
      chatQuota: '60 requests per 60 s per space (fake Chat on loopback)',
      delivery: delivery.map(({ scenario, transport, runs, ...result }) => ({
        scenario: scenario.id,
        title: scenario.title,
        records: scenario.records,
        transport: transport.label,
        ...result,
        lost: Math.max(0, scenario.records - result.represented),
        runs,
      })),
      twoLoggers,
      overhead,
      markdown: { delivery: deliveryMarkdown, twoLoggers: twoLoggersMarkdown, overhead: overheadMarkdown },
    },
    null,
    2,
  )}\n`,
);
const groups = DELIVERY_SCENARIOS.map((scenario) => ({
  label: scenario.id,
  values: TRANSPORTS.map((transport) => {
    const result = delivery.find((candidate) => candidate.scenario === scenario && candidate.transport === transport);
    return result === undefined ? 0 : (100 * result.represented) / scenario.records;
  }),
}));
writeFileSync(
  `${outputDir}/peers.svg`,
  percentBarChart(
    'Records represented in Google Chat (% of records logged), at 60 requests per minute',
    TRANSPORTS.map((transport) => transport.label),
    groups,
  ),
);
console.log(`Wrote ${outputDir}peers.json and ${outputDir}peers.svg (${machine}).`);
