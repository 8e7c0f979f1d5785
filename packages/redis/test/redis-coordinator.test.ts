import type { Coordinator } from '@gchat-log/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis, startTestRedis, type TestRedis } from '../../../test/redis/redis-server.js';
import { createRedisCoordinator } from '../src/redis-coordinator.js';

describeWithRedis('Redis coordinator, against a real redis-server', () => {
  let redis: TestRedis;
  let inspector: Redis;
  const coordinators: Coordinator[] = [];
  const coordinator = async () => {
    const created = await createRedisCoordinator({ url: redis.url });
    coordinators.push(created);
    return created;
  };
  let run = 0;
  const key = () => `err-v1-test${run}`;

  beforeAll(async () => {
    redis = await startTestRedis();
    inspector = new Redis(redis.url);
  });

  afterAll(async () => {
    await Promise.all(coordinators.map((created) => created.close()));
    inspector.disconnect();
    await redis.stop();
  });

  it('shares a sliding-window budget per space across replicas', async () => {
    run += 1;
    const [a, b] = [await coordinator(), await coordinator()];
    const quota = { requests: 3, intervalMs: 1000 };
    const space = `127.0.0.1/SPACE${run}`;
    const waits = [
      await a.takeRequest(space, quota),
      await b.takeRequest(space, quota),
      await a.takeRequest(space, quota),
      await b.takeRequest(space, quota),
    ];
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(waits[3]).toBeLessThanOrEqual(1000);
    expect(await a.takeRequest(`127.0.0.1/OTHER${run}`, quota)).toBe(0);
  });

  it('lets the first replica report a signature and the others count, then hands over on release', async () => {
    run += 1;
    const [a, b] = [await coordinator(), await coordinator()];
    const windowMs = 60_000;
    expect(await a.report([{ key: key(), occurrences: 2 }], windowMs, windowMs)).toEqual([
      { reporter: true, othersUnshown: 0, total: 2, replicas: 1, threadOpened: false },
    ]);
    expect(await b.report([{ key: key(), occurrences: 3 }], windowMs, windowMs)).toEqual([
      { reporter: false, othersUnshown: 0, total: 5, replicas: 2, threadOpened: true },
    ]);
    // The reporter asks (0 new of its own) and learns the 3 it has to show.
    expect(await a.report([{ key: key(), occurrences: 0 }], windowMs, windowMs)).toEqual([
      { reporter: true, othersUnshown: 3, total: 5, replicas: 2, threadOpened: true },
    ]);
    await b.report([{ key: key(), occurrences: 4 }], windowMs, windowMs);
    expect(await a.release([key()])).toEqual([
      { reporter: true, othersUnshown: 4, total: 9, replicas: 2, threadOpened: true },
    ]);
    // Released: the next replica to report becomes the reporter, with nothing left unshown, in a thread
    // that already has its full report.
    expect(await b.report([{ key: key(), occurrences: 1 }], windowMs, windowMs)).toEqual([
      { reporter: true, othersUnshown: 0, total: 10, replicas: 2, threadOpened: true },
    ]);
    expect(await a.release([key()])).toEqual([
      { reporter: false, othersUnshown: 0, total: 0, replicas: 0, threadOpened: false },
    ]);
  });

  it('replaces a reporter that stopped reporting (it died without releasing) once its lease ends', async () => {
    run += 1;
    const [a, b] = [await coordinator(), await coordinator()];
    expect(await a.report([{ key: key(), occurrences: 1 }], 60_000, 200)).toMatchObject([{ reporter: true }]);
    expect(await b.report([{ key: key(), occurrences: 2 }], 60_000, 200)).toMatchObject([{ reporter: false }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // a is gone: b takes over and shows what it had counted for a, in the thread a opened.
    expect(await b.report([{ key: key(), occurrences: 1 }], 60_000, 200)).toEqual([
      { reporter: true, othersUnshown: 2, total: 4, replicas: 2, threadOpened: true },
    ]);
  });

  it('keeps every key under its prefix, and every key expires', async () => {
    const keys = await inspector.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const name of keys) {
      expect(name.startsWith('gchat-log:')).toBe(true);
      expect(await inspector.pttl(name)).toBeGreaterThan(0);
    }
  });

  it('fails fast while Redis is down, and works again when it is back', async () => {
    run += 1;
    const a = await coordinator();
    await redis.stop();
    const started = Date.now();
    await expect(a.report([{ key: key(), occurrences: 1 }], 60_000, 60_000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(500);
    await redis.start();
    for (let waited = 0; ; waited += 100) {
      const answer = await a.report([{ key: key(), occurrences: 1 }], 60_000, 60_000).catch(() => undefined);
      if (answer !== undefined) {
        expect(answer[0]?.reporter).toBe(true);
        break;
      }
      if (waited > 5000) throw new Error('the coordinator did not reconnect within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    inspector.disconnect();
    inspector = new Redis(redis.url);
  });
});
