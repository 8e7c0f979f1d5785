import { describe, expect, it } from 'vitest';
import { createSender } from '../../src/create-sender.js';
import { ProcessCoordinator } from '../../src/process/process-coordinator.js';
import { LOCK_BYTE_OFFSET, LOCKED_AT_BYTE_OFFSET, SharedMemory } from '../../src/process/shared-memory.js';
import type { LogRecord } from '../../src/record.js';
import { acceptingChatAgent } from '../accepting-agent.js';
import { privateProcess } from '../private-process.js';

const TIMES = [60_000, 15_000] as const;

describe('the in-process coordinator', () => {
  it('answers "decide alone" for what its memory cannot serve, and writes nothing then (no double count)', async () => {
    const memory = new SharedMemory();
    const coordinator = new ProcessCoordinator(() => memory);
    const lock = new Int32Array(memory.buffer, LOCK_BYTE_OFFSET, 1);
    const lockedAt = new Float64Array(memory.buffer, LOCKED_AT_BYTE_OFFSET, 1);
    Atomics.store(lock, 0, 777); // another thread holds the lock, alive
    lockedAt[0] = Date.now();

    const busy = await coordinator.report(
      [
        { key: 'S a', occurrences: 4 },
        { key: 'S b', occurrences: 1 },
      ],
      ...TIMES,
    );
    expect(busy).toEqual([
      { reporter: true, othersUnshown: 0, total: 4, replicas: 1, threadOpened: false },
      { reporter: true, othersUnshown: 0, total: 1, replicas: 1, threadOpened: false },
    ]);
    expect(await coordinator.takeRequest('S', { requests: 1, intervalMs: 1000 })).toBe(0);

    Atomics.store(lock, 0, 0);
    const other = new ProcessCoordinator(() => memory);
    expect(await other.report([{ key: 'S a', occurrences: 1 }], ...TIMES)).toMatchObject([
      { reporter: true, total: 1 },
    ]);
  });
});

describe('two webhooks into one space', () => {
  it('each get their full report: Chat scopes thread keys to the webhook that set them', async () => {
    const origin = 'http://127.0.0.1:9996';
    const { agent, textsIn } = acceptingChatAgent(origin);
    const shared = privateProcess();
    const make = (token: string) =>
      createSender(
        { webhookUrl: `${origin}/v1/spaces/ONE/messages?key=k&token=${token}` },
        { dispatcher: agent, env: {}, onDiagnostic: () => {}, projectRoot: '/srv/app', processCoordinator: shared },
      );
    const record: LogRecord = {
      level: { value: 50, label: 'error' },
      time: Date.now(),
      message: 'payment failed',
      fields: {},
      error: { type: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at pay (/srv/app/src/pay.js:3:9)' },
    };
    const [a, b] = [make('hookA'), make('hookB')];
    a.log(record);
    b.log(record);
    await Promise.all([a.close(), b.close()]);
    await agent.close();

    expect(textsIn('ONE').filter((text) => text.includes('```'))).toHaveLength(2);
  });
});
