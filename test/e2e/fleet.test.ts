import { expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { describeWithRedis, startTestRedis } from '../redis/redis-server.js';
import { startChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

const REPLICAS = 8;
const RECORDS = 200;
const KINDS = 5;

describeWithRedis('many replicas, one space, one Redis (@gchat-log/redis)', () => {
  const fake = useFakeChat();

  /** Starts the replicas, with a password in the Redis URL (which must never be printed). */
  function startReplicas(redisUrl: string, space: string, spreadMs: number, kinds = KINDS) {
    return Array.from({ length: REPLICAS }, () =>
      startChildApp('fleet-app.mjs', {
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl(space, 'SECRET-TOKEN'),
        GCHAT_LOG_REDIS_URL: redisUrl.replace('redis://', 'redis://:hunter2@'),
        RECORDS: String(RECORDS),
        KINDS: String(kinds),
        SPREAD_MS: String(spreadMs),
      }),
    );
  }

  it(`${REPLICAS} replicas × ${RECORDS} errors of ${KINDS} kinds: no 429, ${KINDS} threads, every record accounted for once`, async () => {
    const redis = await startTestRedis();
    try {
      const replicas = startReplicas(redis.url, 'FLEET', 1000);
      const results = await Promise.all(replicas.map((replica) => replica.done));

      for (const result of results) {
        expect(result.code).toBe(0);
        expect(result.stderr).toBe('');
        const stats = JSON.parse(result.stdout);
        // Each replica: its records were posted by it or counted for the replica that posts them.
        expect(stats.sent + stats.digested + stats.countedByFleet).toBe(RECORDS);
        expect(stats).toMatchObject({ queued: 0, dropped: 0, failed: 0 });
      }
      const messages = fake().chat.messagesIn('FLEET');
      expect(fake().chat.countAnswered(429)).toBe(0);
      const threaded = messages.filter((message) => message.threadKey !== undefined);
      expect(new Set(threaded.map((message) => message.threadName)).size).toBe(KINDS);
      const represented = messages.reduce((sum, message) => sum + representedRecords(message.text), 0);
      expect(represented).toBe(REPLICAS * RECORDS);
      // One full report per error for the whole fleet (each replica alone would post its own: 40);
      // every other message is a one-line reply.
      const fullReports = messages.filter((message) => /^\S+ \*[A-Z]+\* · /u.test(message.text ?? ''));
      expect(fullReports).toHaveLength(KINDS);
      expect(
        messages.some((message) =>
          /more on other replicas \(×\d+ on \d replicas in the last 5 min\)/.test(message.text ?? ''),
        ),
      ).toBe(true);
    } finally {
      await redis.stop();
    }
  });

  it(`${REPLICAS} replicas × ${RECORDS} errors of 10 kinds all ending together: what they hold costs at most a message each, and ≥ 99 % is in Chat`, async () => {
    const redis = await startTestRedis();
    try {
      const replicas = startReplicas(redis.url, 'DEPLOY', 1000, 10);
      const results = await Promise.all(replicas.map((replica) => replica.done));

      const stats = results.map((result) => {
        expect(result).toMatchObject({ code: 0, stderr: '' });
        const replica = JSON.parse(result.stdout);
        expect(replica.received).toBe(RECORDS);
        expect(replica.sent + replica.digested + replica.countedByFleet + replica.dropped + replica.failed).toBe(
          RECORDS,
        );
        expect(replica.queued).toBe(0);
        return replica;
      });
      const messages = fake().chat.messagesIn('DEPLOY');
      expect(fake().chat.countAnswered(429)).toBe(0);
      // 10 full reports, then at most one closing message per replica (no reply per replica and thread).
      const fullReports = messages.filter((message) => /^\S+ \*[A-Z]+\* · /u.test(message.text ?? ''));
      expect(fullReports).toHaveLength(10);
      expect(messages.length - fullReports.length).toBeLessThanOrEqual(REPLICAS);
      // What Chat shows is what the stats say reached it: all records, but those counted as not delivered.
      const represented = messages.reduce((sum, message) => sum + representedRecords(message.text), 0);
      const notShown = stats.reduce(
        (sum, replica) => sum + replica.dropped + replica.failed + replica.fleetOccurrencesUnshown,
        0,
      );
      expect(represented).toBe(REPLICAS * RECORDS - notShown);
      expect(represented).toBeGreaterThanOrEqual(0.99 * REPLICAS * RECORDS);
    } finally {
      await redis.stop();
    }
  });

  it('is picked up without code by the pino transport, the winston transport and the preload alike', async () => {
    const redis = await startTestRedis();
    try {
      const env = {
        GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('MIXED'),
        GCHAT_LOG_REDIS_URL: redis.url,
        RECORDS: '50',
        KINDS: String(KINDS),
        SPREAD_MS: '500',
      };
      const replicas = [
        ...['pino', 'pino', 'winston', 'winston'].map((adapter) =>
          startChildApp('fleet-app.mjs', { ...env, ADAPTER: adapter }),
        ),
        ...[0, 1].map(() =>
          startChildApp('fleet-app.mjs', { ...env, ADAPTER: 'plain' }, ['--import', '@gchat-log/register']),
        ),
      ];
      const results = await Promise.all(replicas.map((replica) => replica.done));

      for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
      const messages = fake().chat.messagesIn('MIXED');
      expect(fake().chat.countAnswered(429)).toBe(0);
      expect(messages.reduce((sum, message) => sum + representedRecords(message.text), 0)).toBe(6 * 50);
      expect(messages.filter((message) => /^\S+ \*[A-Z]+\* · /u.test(message.text ?? ''))).toHaveLength(KINDS);
    } finally {
      await redis.stop();
    }
  });

  it('Redis stopping while the fleet shuts down: each replica decides alone, says so once, exits by its deadline', async () => {
    const redis = await startTestRedis();
    try {
      const started = Date.now();
      const replicas = startReplicas(redis.url, 'SHUTDOWN', 1000, 10);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the replicas are ending their loggers
      await redis.stop();
      const results = await Promise.all(replicas.map((replica) => replica.done));

      expect(Date.now() - started).toBeLessThan(1000 + 8000 + 3000);
      for (const result of results) {
        expect(result.code).toBe(0);
        expect(result.stderr.match(/cannot be used/g)?.length ?? 0).toBeLessThanOrEqual(1);
        expect(result.stderr).not.toMatch(/hunter2|SECRET-TOKEN|Unhandled/);
        const stats = JSON.parse(result.stdout);
        expect(stats.sent + stats.digested + stats.countedByFleet + stats.dropped + stats.failed).toBe(RECORDS);
        expect(stats.queued).toBe(0);
      }
    } finally {
      await redis.stop();
    }
  });

  it('keeps logging when Redis stops mid-run: no crash, every replica exits, what was not sent is counted', async () => {
    const redis = await startTestRedis();
    try {
      const replicas = startReplicas(redis.url, 'OUTAGE', 3000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await redis.stop();
      const stoppedAt = Date.now();
      const results = await Promise.all(replicas.map((replica) => replica.done));

      for (const result of results) {
        expect(result.code).toBe(0);
        expect(result.stderr).not.toContain('hunter2');
        expect(result.stderr).not.toContain('SECRET-TOKEN');
        expect(result.stderr).toContain('cannot be used');
        const stats = JSON.parse(result.stdout);
        expect(stats.received).toBe(RECORDS);
        expect(stats.sent + stats.digested + stats.countedByFleet + stats.dropped + stats.failed).toBe(RECORDS);
        expect(stats.queued).toBe(0);
      }
      // Logging went on: messages reached Chat after Redis stopped.
      expect(
        fake()
          .chat.messagesIn('OUTAGE')
          .some((message) => message.receivedAt > stoppedAt),
      ).toBe(true);
    } finally {
      await redis.stop();
    }
  });
});
