import { describe, expect, it } from 'vitest';
import { createSender } from '../../src/create-sender.js';
import type { LogRecord } from '../../src/record.js';
import { acceptingChatAgent } from '../accepting-agent.js';
import { privateProcess } from '../private-process.js';

const ORIGIN = 'http://127.0.0.1:9997';
const record = (message: string, kind = 'TypeError'): LogRecord => ({
  level: { value: 50, label: 'error' },
  time: Date.now(),
  message,
  fields: {},
  error: { type: kind, message: 'boom', stack: `${kind}: boom\n    at pay (/srv/app/src/pay.js:3:9)` },
});

describe('senders of one process (two loggers, one space)', () => {
  it('post one full report per error; the other counts its occurrences, which the reporter shows', async () => {
    const { agent, textsIn } = acceptingChatAgent(ORIGIN);
    const shared = privateProcess();
    const make = () =>
      createSender(
        { webhookUrl: `${ORIGIN}/v1/spaces/SHARED/messages?key=k&token=t`, batchWindowMs: 100 },
        { dispatcher: agent, env: {}, onDiagnostic: () => {}, projectRoot: '/srv/app', processCoordinator: shared },
      );
    const [pinoLike, winstonLike] = [make(), make()];

    pinoLike.log(record('payment failed #1'));
    winstonLike.log(record('payment failed #2'));
    winstonLike.log(record('payment failed #3'));
    await Promise.all([pinoLike.flush(), winstonLike.flush()]);
    await winstonLike.close();
    await pinoLike.close();
    await agent.close();

    const texts = textsIn('SHARED');
    expect(texts.filter((text) => text.includes('```'))).toHaveLength(1);
    const all = texts.join('\n');
    expect(all).toMatch(/×2 more in other loggers of this process \(×3 in 2 loggers in the last 5 min\)/);
    const [a, b] = [pinoLike.stats(), winstonLike.stats()];
    expect(a.sent + a.countedByFleet + b.sent + b.countedByFleet).toBe(3);
    expect(a.queued + b.queued + a.dropped + b.dropped).toBe(0);
  });

  it('share one budget: together they never send more than the limit in a window', async () => {
    const { agent, textsIn } = acceptingChatAgent(ORIGIN);
    const shared = privateProcess();
    const make = () =>
      createSender(
        {
          webhookUrl: `${ORIGIN}/v1/spaces/BUDGET/messages?key=k&token=t`,
          rateLimitRequests: 3,
          rateLimitIntervalMs: 60_000,
          closeTimeoutMs: 300,
        },
        { dispatcher: agent, env: {}, onDiagnostic: () => {}, projectRoot: '/srv/app', processCoordinator: shared },
      );
    const senders = [make(), make()];
    senders.forEach((sender, index) => {
      for (let kind = 0; kind < 2; kind += 1)
        sender.log(record(`failure ${index}.${kind}`, `Kind${index}${kind}Error`));
    });
    await Promise.all(senders.map((sender) => sender.close()));
    await agent.close();

    expect(textsIn('BUDGET')).toHaveLength(3);
    const stats = senders.map((sender) => sender.stats());
    expect(stats.reduce((sum, one) => sum + one.sent, 0)).toBe(3);
    expect(stats.reduce((sum, one) => sum + one.dropped, 0)).toBe(1);
  });
});
