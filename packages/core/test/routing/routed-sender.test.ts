import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSender } from '../../src/create-sender.js';
import type { SenderOptions } from '../../src/options.js';
import type { LogRecord } from '../../src/record.js';
import { acceptingChatAgent } from '../accepting-agent.js';
import { privateProcess } from '../private-process.js';

const ORIGIN = 'http://127.0.0.1:9998';
const webhook = (space: string) => `${ORIGIN}/v1/spaces/${space}/messages?key=SECRET-KEY&token=SECRET-TOKEN`;

function record(label: string, value: number, message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return { level: { value, label }, time: 0, message, fields: {}, ...extra };
}

describe('routing to several spaces', () => {
  let agent: MockAgent;
  /** Texts Chat received, per space. */
  let textsIn: (spaceId: string) => string[];
  let run = 0;
  /** Spaces are shared process-wide by id: each test uses ids of its own. */
  const space = (name: string) => `ROUTE${run}${name}`;

  beforeEach(() => {
    run += 1;
    ({ agent, textsIn } = acceptingChatAgent(ORIGIN));
  });

  afterEach(async () => {
    await agent.close();
  });

  const textsOf = (name: string) => textsIn(space(name)).join('\n');

  function routedSender(options: SenderOptions, env: Record<string, string> = {}) {
    return createSender(options, {
      dispatcher: agent,
      env,
      onDiagnostic: () => {},
      projectRoot: '/srv/app',
      processCoordinator: privateProcess(),
    });
  }

  it('sends errors to the on-call space and warnings only to the team space', async () => {
    const chat = routedSender({
      level: 'warn',
      routes: [
        { webhookUrl: webhook(space('ONCALL')), level: 'error' },
        { webhookUrl: webhook(space('TEAM')), level: 'warn', maxLevel: 'warn' },
      ],
    });
    chat.log(record('error', 50, 'database down'));
    chat.log(record('warn', 40, 'disk 91% full'));
    chat.log(record('info', 30, 'request served'));
    await chat.close();

    expect(textsOf('ONCALL')).toContain('database down');
    expect(textsOf('ONCALL')).not.toContain('disk 91% full');
    expect(textsOf('TEAM')).toContain('disk 91% full');
    expect(textsOf('TEAM')).not.toContain('database down');
    expect(chat.stats()).toMatchObject({ received: 3, filtered: 1, sent: 2, messages: 2, requests: 2, queued: 0 });
    // Below every route's level: only counted; at the team route's level: to be logged.
    expect([chat.countIfBelowLevel(30), chat.countIfBelowLevel(40)]).toEqual([true, false]);
    expect(chat.stats()).toMatchObject({ received: 4, filtered: 2 });
  });

  it('filters by logger name (with a prefix pattern) and by field, and leaves the rest to webhookUrl', async () => {
    const chat = routedSender({
      webhookUrl: webhook(space('DEFAULT')),
      routes: [
        { webhookUrl: webhook(space('PAYMENTS')), loggers: ['payments*'] },
        { webhookUrl: webhook(space('EU')), fields: { 'req.region': 'eu' } },
      ],
    });
    chat.log(record('error', 50, 'card declined', { loggerName: 'payments.stripe' }));
    chat.log(record('error', 50, 'eu gateway timeout', { fields: { req: { region: 'eu' } } }));
    chat.log(record('error', 50, 'cache miss storm', { loggerName: 'cache' }));
    await chat.close();

    expect(textsOf('PAYMENTS')).toContain('card declined');
    expect(textsOf('EU')).toContain('eu gateway timeout');
    expect(textsOf('DEFAULT')).toContain('cache miss storm');
    expect(textsOf('DEFAULT')).not.toMatch(/card declined|eu gateway timeout/);
  });

  it('gives a record to every route that takes it', async () => {
    const chat = routedSender({
      routes: [{ webhookUrl: webhook(space('A')) }, { webhookUrl: webhook(space('B')), loggers: ['api'] }],
    });
    chat.log(record('fatal', 60, 'out of memory', { loggerName: 'api' }));
    await chat.close();

    expect(textsOf('A')).toContain('out of memory');
    expect(textsOf('B')).toContain('out of memory');
    expect(chat.stats()).toMatchObject({ received: 1, filtered: 0, sent: 2 });
  });

  it('reads routes from GCHAT_LOG_ROUTES in the compact form', async () => {
    const chat = routedSender(
      {},
      {
        GCHAT_LOG_ROUTES: `error ${webhook(space('ONCALL'))};\n warn..warn logger=api ${webhook(space('TEAM'))}`,
        GCHAT_LOG_LEVEL: 'warn',
      },
    );
    chat.log(record('warn', 40, 'slow upstream', { loggerName: 'api' }));
    chat.log(record('warn', 40, 'slow worker', { loggerName: 'worker' }));
    chat.log(record('error', 50, 'upstream refused', { loggerName: 'worker' }));
    await chat.close();

    expect(textsOf('TEAM')).toContain('slow upstream');
    expect(textsOf('TEAM')).not.toContain('slow worker');
    expect(textsOf('ONCALL')).toContain('upstream refused');
    expect(chat.stats()).toMatchObject({ received: 3, filtered: 1, sent: 2 });
    expect(chat.maskedUrl).not.toContain('SECRET');
  });

  it('is a no-op when disabled, routes or not', () => {
    const chat = routedSender({ disabled: true, routes: [{ webhookUrl: webhook(space('A')) }] });
    expect(chat.enabled).toBe(false);
  });

  it('reports a problem once for the whole transport, not once per route', async () => {
    const reports: string[] = [];
    const routes = Array.from({ length: 5 }, (_, index) => ({ webhookUrl: webhook(space(`R${index}`)) }));
    const chat = createSender(
      { routes, maxQueuedRecords: 1 },
      {
        dispatcher: agent,
        env: {},
        onDiagnostic: (diagnostic) => reports.push(diagnostic.message),
        processCoordinator: privateProcess(),
      },
    );
    for (let index = 0; index < 3; index += 1) {
      chat.log(record('error', 50, `distinct failure ${String.fromCharCode(97 + index)}`));
    }
    await chat.close();

    expect(reports.filter((report) => report.includes('too many different records are waiting'))).toHaveLength(1);
    expect(chat.stats().dropped).toBe(10);
  });
});
