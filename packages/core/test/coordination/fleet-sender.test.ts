import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Coordinator, FleetAnswer, OccurrenceReport } from '../../src/coordination/coordinator.js';
import { createSender } from '../../src/create-sender.js';
import type { RateLimit } from '../../src/limits/rate-limit.js';
import type { LogRecord } from '../../src/record.js';
import { acceptingChatAgent } from '../accepting-agent.js';
import { privateProcess } from '../private-process.js';

const ORIGIN = 'http://127.0.0.1:9997';

function errorRecord(): LogRecord {
  return {
    level: { value: 50, label: 'error' },
    time: 0,
    message: 'payment failed',
    fields: {},
    error: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at pay (/srv/app/src/pay.js:3:9)' },
  };
}

/** A coordinator whose answers each test sets: the fleet as seen from this replica. */
class ScriptedCoordinator implements Coordinator {
  reporter = true;
  othersUnshown = 0;
  failure: Error | undefined;
  requestWaits: number[] = [];
  readonly reported: OccurrenceReport[] = [];
  readonly released: string[] = [];

  async takeRequest(_spaceKey: string, _quota: RateLimit): Promise<number> {
    if (this.failure) throw this.failure;
    return this.requestWaits.shift() ?? 0;
  }

  async report(reports: readonly OccurrenceReport[]): Promise<FleetAnswer[]> {
    if (this.failure) throw this.failure;
    this.reported.push(...reports);
    const othersUnshown = this.othersUnshown;
    this.othersUnshown = 0;
    return reports.map(() => ({ reporter: this.reporter, othersUnshown, total: 12, replicas: 3, threadOpened: false }));
  }

  async release(threadKeys: readonly string[]): Promise<FleetAnswer[]> {
    this.released.push(...threadKeys);
    return threadKeys.map(() => ({ reporter: true, othersUnshown: 0, total: 12, replicas: 3, threadOpened: true }));
  }

  async close(): Promise<void> {}
}

describe('a sender in a fleet (coordinator)', () => {
  let agent: MockAgent;
  let texts: () => string[];
  let reports: string[];
  let space = 0;

  beforeEach(() => {
    space += 1;
    reports = [];
    let textsIn: (spaceId: string) => string[];
    ({ agent, textsIn } = acceptingChatAgent(ORIGIN));
    texts = () => textsIn(`FLEET${space}`);
  });

  afterEach(async () => {
    await agent.close();
  });

  function sender(coordinator: Coordinator) {
    return createSender(
      { webhookUrl: `${ORIGIN}/v1/spaces/FLEET${space}/messages?key=k&token=t` },
      {
        dispatcher: agent,
        env: {},
        coordinator,
        processCoordinator: privateProcess(),
        onDiagnostic: (d) => reports.push(d.message),
        projectRoot: '/srv/app',
      },
    );
  }

  it('only counts what another replica reports: nothing is posted, every record is accounted for', async () => {
    const coordinator = new ScriptedCoordinator();
    coordinator.reporter = false;
    const chat = sender(coordinator);
    for (let index = 0; index < 3; index += 1) chat.log(errorRecord());
    await chat.close();

    expect(texts()).toEqual([]);
    expect(coordinator.reported.reduce((sum, report) => sum + report.occurrences, 0)).toBe(3);
    expect(chat.stats()).toMatchObject({ received: 3, countedByFleet: 3, sent: 0, queued: 0, dropped: 0 });
  });

  it("as the reporter, posts its records and shows the other replicas' occurrences in the thread", async () => {
    const coordinator = new ScriptedCoordinator();
    coordinator.othersUnshown = 7;
    const chat = sender(coordinator);
    chat.log(errorRecord());
    await chat.close();

    const text = texts().join('\n');
    expect(text).toContain('payment failed');
    expect(text).toContain('×7 more on other replicas (×12 on 3 replicas in the last 5 min)');
    expect(coordinator.released).toHaveLength(1);
    expect(chat.stats()).toMatchObject({ received: 1, sent: 1, countedByFleet: 0, queued: 0 });
  });

  it('falls back to posting its own records when the coordinator fails, reporting it once', async () => {
    const coordinator = new ScriptedCoordinator();
    coordinator.failure = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const chat = sender(coordinator);
    chat.log(errorRecord());
    chat.log(errorRecord());
    await chat.close();

    expect(texts().join('\n')).toContain('payment failed');
    expect(chat.stats()).toMatchObject({ received: 2, sent: 2, queued: 0 });
    expect(reports.filter((report) => report.includes('cannot be used'))).toHaveLength(1);
    expect(reports[0]).toContain('ECONNREFUSED');
  });

  it('does not wait on a coordinator that hangs: after its timeout the replica posts on its own', async () => {
    const coordinator = new ScriptedCoordinator();
    coordinator.report = () => new Promise(() => {});
    coordinator.takeRequest = () => new Promise(() => {});
    const chat = sender(coordinator);
    chat.log(errorRecord());
    await chat.close();

    expect(texts().join('\n')).toContain('payment failed');
    expect(chat.stats()).toMatchObject({ received: 1, sent: 1, queued: 0 });
    expect(reports.some((report) => report.includes('no answer within 1000 ms'))).toBe(true);
  });

  it("waits for the fleet's budget of the space before each request", async () => {
    const coordinator = new ScriptedCoordinator();
    coordinator.requestWaits = [150];
    const chat = sender(coordinator);
    const started = Date.now();
    chat.log(errorRecord());
    await chat.flush();

    expect(texts()).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await chat.close();
  });

  it('stops asking about a signature that went quiet, so that it is forgotten (memory stays bounded)', async () => {
    const coordinator = new ScriptedCoordinator();
    const chat = createSender(
      { webhookUrl: `${ORIGIN}/v1/spaces/FLEET${space}/messages?key=k&token=t`, batchWindowMs: 50 },
      {
        dispatcher: agent,
        env: {},
        coordinator,
        processCoordinator: privateProcess(),
        onDiagnostic: () => {},
        projectRoot: '/srv/app',
      },
    );
    chat.log(errorRecord());
    await chat.flush();
    // The reporter collects for a lease (3 × 50 ms) after its last record, then lets the signature go.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const asked = coordinator.reported.length;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(asked).toBeGreaterThan(1);
    expect(coordinator.reported.length).toBe(asked);
    await chat.close();
  });
});
