// One benchmarked app. TRANSPORT picks the logger and what sends to Chat: gchat-log-pino,
// gchat-log-winston, pino-slack (@youngkiu/pino-slack-webhook), winston-slack
// (winston-slack-webhook-transport), none-pino / none-winston (no transport, the overhead baseline), or
// gchat-log-both (pino's worker transport and a winston transport in one process, errors alternating).
// SCENARIO: burst | graceful (log, end the logger the documented way, exit), flood | outage (log, keep
// running until told to stop over IPC, then end and exit), overhead (1,000,000 info records below the
// transport's level and 1,000 errors, measured). Prints one line "BENCH-FIGURES {json}" at exit.
import { writeSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GoogleChatTransport } from '@gchat-log/winston';
import pino from 'pino';
import winston from 'winston';
import SlackHook from 'winston-slack-webhook-transport';

const transport = process.env.TRANSPORT;
const scenario = process.env.SCENARIO;
const records = Number(process.env.RECORDS);
const kinds = Number(process.env.KINDS ?? 1);
const spreadMs = Number(process.env.SPREAD_MS ?? 0);
const webhookUrl = process.env.WEBHOOK_URL;
const family =
  transport === 'gchat-log-both'
    ? 'both'
    : transport.endsWith('pino') || transport === 'pino-slack'
      ? 'pino'
      : 'winston';
const overhead = scenario === 'overhead';

const KIND_CLASSES = Array.from({ length: kinds }, (_, kind) => {
  const Kind = class extends Error {};
  Object.defineProperty(Kind, 'name', { value: `Bench${kind}Error` });
  return Kind;
});
const failure = (index) => new KIND_CLASSES[index % kinds](`failure ${index}`);

/** pino: the app's own output goes to /dev/null in the overhead scenario, the transport takes errors. */
function pinoLogger(chosen) {
  const chat = {
    'gchat-log-pino': { target: '@gchat-log/pino', level: 'error', options: { webhookUrl } },
    'pino-slack': {
      target: '@youngkiu/pino-slack-webhook',
      level: 'error',
      options: { webhookUrl, channel: '#alerts' },
    },
  }[chosen];
  const targets = [
    ...(overhead ? [{ target: 'pino/file', level: 'info', options: { destination: '/dev/null' } }] : []),
    ...(chat === undefined ? [] : [chat]),
  ];
  const logger = pino({ name: 'bench', level: 'info' }, pino.transport({ targets }));
  return {
    info: (index) => logger.info({ index }, 'request served'),
    error: (index) => logger.error({ err: failure(index) }, `record #${index}`),
    // pino flushes its transport worker when the process exits: the documented way to end.
    end: () => {},
  };
}

function winstonLogger(chosen) {
  const chat = {
    'gchat-log-winston': () => new GoogleChatTransport({ webhookUrl }),
    'winston-slack': () => new SlackHook({ webhookUrl, level: 'error' }),
  }[chosen];
  const output = overhead ? [new winston.transports.File({ filename: '/dev/null', level: 'info' })] : [];
  const logger = winston.createLogger({
    level: 'info',
    defaultMeta: { service: 'bench' },
    transports: [...output, ...(chat === undefined ? [] : [chat()])],
  });
  return {
    info: (index) => logger.info('request served', { index }),
    error: (index) => logger.error(`record #${index}`, { err: failure(index) }),
    // logger.end(): 'finish' once every transport finished (gchat-log's: once queued messages were delivered).
    end: () => logger.end(),
  };
}

/** pino's worker transport and a winston transport in one process, one space: errors alternate between them. */
function bothLoggers() {
  const loggers = [pinoLogger('gchat-log-pino'), winstonLogger('gchat-log-winston')];
  return {
    info: (index) => loggers[index % 2].info(index),
    error: (index) => loggers[index % 2].error(index),
    end: () => loggers[1].end(),
  };
}

const logger = family === 'both' ? bothLoggers() : family === 'pino' ? pinoLogger(transport) : winstonLogger(transport);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const started = performance.now();
let loggedMs;

process.on('exit', () => {
  const figures = {
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loggedMs,
    eventLoopDelayP99Ms: Math.round(delay.percentile(99) / 1e4) / 100,
  };
  writeSync(1, `BENCH-FIGURES ${JSON.stringify(figures)}\n`);
});

/** Logs `count` errors spread evenly over `spreadMs` (all at once when 0), then calls `done`. */
function logErrors(count, done) {
  if (spreadMs === 0) {
    for (let index = 0; index < count; index += 1) logger.error(index);
    loggedMs = performance.now() - started;
    done();
    return;
  }
  let logged = 0;
  const ticker = setInterval(() => {
    const due = Math.min(count, Math.floor(((performance.now() - started) / spreadMs) * count) + 1);
    while (logged < due) logger.error(logged++);
    if (logged < count) return;
    clearInterval(ticker);
    loggedMs = performance.now() - started;
    done();
  }, 10);
}

/** 1,000,000 info records with an error every 1,000th, in slices of 1,000 per event-loop turn. */
function logMixed(done) {
  const total = 1_000_000;
  let index = 0;
  const slice = () => {
    const end = Math.min(total, index + 1000);
    for (; index < end; index += 1) {
      if (index % 1000 === 999) logger.error(index);
      else logger.info(index);
    }
    if (index < total) return setImmediate(slice);
    loggedMs = performance.now() - started;
    done();
  };
  slice();
}

const keepRunningUntilStopped = () => {
  const alive = setInterval(() => {}, 1000);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    clearInterval(alive);
    process.disconnect();
    logger.end();
  });
};

if (overhead) logMixed(() => logger.end());
else if (scenario === 'flood' || scenario === 'outage' || scenario === 'two-loggers') {
  logErrors(records, keepRunningUntilStopped);
} else logErrors(records, () => logger.end());
