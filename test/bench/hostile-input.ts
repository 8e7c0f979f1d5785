/**
 * What one record costs gchat-log when it holds huge or deeply nested values: for messages, string
 * fields, array fields and stacks from 1 KB to 10 MB, and for 1,000 levels of nesting.
 *
 * - winston: the time of `logger.error(...)` (winston calls the transport's `log()` inside it) with
 *   GoogleChatTransport, beside the same logger with a no-op winston-transport, and gchat-log's own
 *   part timed alone: the transport's `log()` called with the info winston would hand it. The
 *   logger's format passes `info` through, so that winston's own serialisation of 10 MB does not hide
 *   the transport's cost.
 * - pino: what the transport worker does per line: `JSON.parse` (what pino-abstract-transport does for
 *   any target), and gchat-log's translation and `sender.log()` timed alone on lines parsed beforehand.
 *
 * Medians of repeated calls, each record distinct (so each one is kept, not only counted). A flat line
 * above a few KB means the cost is bounded. Run with `pnpm bench:hostile` (node --expose-gc: garbage is
 * collected between calls, outside the timings).
 */
import { createSender, fromPinoLine, translateSafely } from '@gchat-log/core';
import { GoogleChatTransport } from '@gchat-log/winston';
import pino from 'pino';
import winston from 'winston';
import Transport from 'winston-transport';
import { startFakeChat } from '../fake-chat/server.js';

/** `HOSTILE_MAX_SIZE` leaves out larger sizes (to run it against code where they take minutes). */
const SIZES = [1_000, 10_000, 100_000, 1_000_000, 10_000_000].filter(
  (size) => size <= Number(process.env.HOSTILE_MAX_SIZE ?? Number.POSITIVE_INFINITY),
);
const fake = await startFakeChat();
const settings = { webhookUrl: fake.webhookUrl('HOSTILE'), maxQueuedRecords: 100_000, closeTimeoutMs: 1000 };

/**
 * The string as one flat copy: `repeat` and concatenation make rope strings that V8 flattens the first
 * time something reads them, and that first reader (whichever logger is timed first) would pay for it.
 */
const flat = (text: string) => Buffer.from(text, 'utf16le').toString('utf16le');

/** What a record holds, for a size in characters. */
const SHAPES: Record<string, (size: number, index: number) => { message: string; meta: Record<string, unknown> }> = {
  message: (size, index) => ({ message: flat(`${index} ${'x'.repeat(size)}`), meta: {} }),
  'string field': (size, index) => ({ message: `blob ${index}`, meta: { blob: flat(`${index}${'x'.repeat(size)}`) } }),
  'array field': (size, index) => ({
    message: `list ${index}`,
    meta: { list: Array.from({ length: Math.floor(size / 8) }, (_, item) => item * 1_000_001) },
  }),
  stack: (size, index) => {
    const err = new Error(`deep ${index}`);
    const frame = (at: number) => `    at handler${at} (/srv/app/src/routes/orders-${at % 7}.js:${at}:17)`;
    err.stack = flat(
      [`Error: deep ${index}`, ...Array.from({ length: Math.floor(size / 60) }, (_, at) => frame(at))].join('\n'),
    );
    return { message: `stack ${index}`, meta: { err } };
  },
};

function nested(index: number): { message: string; meta: Record<string, unknown> } {
  let deep: Record<string, unknown> = { leaf: index };
  for (let level = 0; level < 1000; level += 1) deep = { deep };
  return { message: `nested ${index}`, meta: { deep } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Median milliseconds of `run(index)` over `repeats` calls, after two to warm up. With `collect`,
 * garbage is collected before each call, so that a 10 MB call's garbage is not timed with the next one.
 */
function timed(repeats: number, collect: boolean, run: (index: number) => void): number {
  const times: number[] = [];
  for (let index = -2; index < repeats; index += 1) {
    if (collect) collectGarbage();
    const started = performance.now();
    run(index + 2);
    if (index >= 0) times.push(performance.now() - started);
  }
  return median(times);
}

const passThrough = winston.format((info) => info)();
const noopLogger = winston.createLogger({
  format: passThrough,
  transports: [new Transport({ log: (_info: unknown, callback: () => void) => callback() } as never)],
});
const chatTransport = new GoogleChatTransport(settings);
const chatLogger = winston.createLogger({ format: passThrough, transports: [chatTransport] });
const pinoSender = createSender(settings);
let line = '';
const pinoLogger = pino(
  { name: 'hostile' },
  {
    write(written: string) {
      line = written;
    },
  },
);

const ms = (value: number) => (value < 0.1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(0));
const rows: string[] = [];
const cases: Array<
  [string, number, (size: number, index: number) => { message: string; meta: Record<string, unknown> }]
> = [];
for (const [shape, make] of Object.entries(SHAPES)) for (const size of SIZES) cases.push([shape, size, make]);
cases.push(['1,000 levels of nesting', 0, (_size, index) => nested(index)]);

for (const [shape, size, make] of cases) {
  const large = size >= 1_000_000;
  const repeats = large ? 7 : 30;
  const inputs = Array.from({ length: repeats + 2 }, (_, index) => make(size, index));
  const winstonNoop = timed(repeats, large, (index) =>
    noopLogger.error(inputs[index]?.message ?? '', inputs[index]?.meta),
  );
  const winstonOurs = timed(repeats, large, (index) =>
    chatLogger.error(inputs[index]?.message ?? '', inputs[index]?.meta),
  );
  const lines = inputs.map((input) => {
    pinoLogger.error(input.meta, input.message);
    return flat(line);
  });
  const parseOnly = timed(repeats, large, (index) => JSON.parse(lines[index] ?? '{}'));
  // gchat-log's own part is timed by itself, on lines parsed beforehand, rather than as a difference
  // of two noisy medians.
  const parsedLines = lines.map((text) => JSON.parse(text));
  const pinoOurs = timed(repeats, large, (index) =>
    pinoSender.log(translateSafely(() => fromPinoLine(parsedLines[index], { messageKey: 'msg', errorKey: 'err' }), 50)),
  );
  // The same for winston: the transport's log() with the info winston would hand it (its level also
  // under triple-beam's LEVEL symbol).
  const infos = inputs.map((input) => ({
    ...input.meta,
    level: 'error',
    message: input.message,
    [Symbol.for('level')]: 'error',
  }));
  const winstonTransportOnly = timed(repeats, large, (index) =>
    chatTransport.log(infos[index] ?? { level: 'error', message: '' }, () => {}),
  );
  const label = size === 0 ? '' : size >= 1_000_000 ? `${size / 1_000_000} MB` : `${size / 1000} KB`;
  rows.push(
    `| ${shape} | ${label} | ${ms(winstonNoop)} | ${ms(winstonOurs)} | ${ms(winstonTransportOnly)} | ${ms(parseOnly)} | ${ms(parseOnly + pinoOurs)} | ${ms(pinoOurs)} |`,
  );
  console.error(`${shape} ${label}: done`);
}

console.log('Per-record cost, milliseconds (median):\n');
console.log(
  '| record holds | size | winston, no-op transport | winston + GoogleChatTransport | gchat-log alone: transport log() | pino worker: JSON.parse | JSON.parse + gchat-log | gchat-log alone (pino worker) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(`\n${JSON.stringify({ winston: chatTransport.sender.stats(), pino: pinoSender.stats() })}`);

await Promise.all([pinoSender.close(), chatTransport.sender.close()]);
await fake.close();
