import { randomUUID } from 'node:crypto';
import type { Coordinator, FleetAnswer, OccurrenceReport, RateLimit } from '@gchat-log/core';
import { type ChainableCommander, Redis } from 'ioredis';
import { RELEASE, REPORT, TAKE_REQUEST } from './scripts.js';

/** Options of {@link createRedisCoordinator}. */
export interface RedisCoordinatorOptions {
  /** `redis://[:password@]host:port/db` or `rediss://…` (TLS). */
  url: string;
  /**
   * Prefix of every key, so that several services can share one Redis.
   * @default 'gchat-log:'
   */
  keyPrefix?: string;
  /**
   * How long the first connection may take before the coordinator is handed over anyway (calls then
   * fail fast, and the sender falls back, until Redis answers), in milliseconds.
   * @default 1000
   */
  connectTimeoutMs?: number;
}

type Answer = [reporter: number, othersUnshown: number, total: number, replicas: number, threadOpened: number];

/** The commands `defineCommand` adds, as a client and as a pipeline queue them. */
interface ScriptCommands<Result> {
  gchatLogReport(...args: [string, string, string, string, number, string, number, number]): Result;
  gchatLogRelease(...args: [string, string, string, string, string]): Result;
}

interface ScriptedRedis extends Redis, ScriptCommands<Promise<Answer>> {
  gchatLogTakeRequest(key: string, requests: number, intervalMs: number, member: string): Promise<number>;
  pipeline(): ScriptedPipeline;
}

interface ScriptedPipeline extends ChainableCommander, ScriptCommands<ChainableCommander> {}

/**
 * Connects to Redis and returns the coordinator gchat-log senders share: a fleet-wide sliding-window
 * budget per space, and fleet-wide de-duplication of error signatures. Keys are namespaced and expire.
 * Commands fail at once while Redis is unreachable (no offline queue), so logging never waits on it,
 * and the connection never keeps the process alive.
 */
export async function createRedisCoordinator(options: RedisCoordinatorOptions): Promise<Coordinator> {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? 'gchat-log:',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    retryStrategy: (attempts) => Math.min(attempts * 200, 2000),
    // disconnect() waits this long for the socket to close, on a timer that keeps the process alive; a
    // socket already dead (Redis went away) never closes again, so the default 2 s would outlive close().
    disconnectTimeout: 50,
    lazyConnect: false,
  }) as ScriptedRedis;
  // Failures surface as rejected commands, which the sender reports once; an unhandled 'error' would crash.
  client.on('error', () => {});
  // A logging helper must not keep the process alive: neither its socket nor its reconnection timer.
  client.on('connect', () => client.stream?.unref?.());
  client.on('reconnecting', () =>
    (client as unknown as { reconnectTimeout?: NodeJS.Timeout }).reconnectTimeout?.unref(),
  );
  client.defineCommand('gchatLogTakeRequest', { numberOfKeys: 1, lua: TAKE_REQUEST });
  client.defineCommand('gchatLogReport', { numberOfKeys: 4, lua: REPORT });
  client.defineCommand('gchatLogRelease', { numberOfKeys: 4, lua: RELEASE });
  await firstConnection(client, options.connectTimeoutMs ?? 1000);
  return new RedisCoordinator(client);
}

function firstConnection(client: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    client.once('ready', done);
    client.once('error', done);
  });
}

class RedisCoordinator implements Coordinator {
  readonly #client: ScriptedRedis;
  /** Names this process in the fleet's counters. */
  readonly #replica = randomUUID();
  #requests = 0;

  constructor(client: ScriptedRedis) {
    this.#client = client;
  }

  async takeRequest(spaceKey: string, quota: RateLimit): Promise<number> {
    this.#requests += 1;
    const member = `${this.#replica}:${this.#requests}`;
    return Number(
      await this.#client.gchatLogTakeRequest(`{space:${spaceKey}}:requests`, quota.requests, quota.intervalMs, member),
    );
  }

  async report(reports: readonly OccurrenceReport[], windowMs: number, leaseMs: number): Promise<FleetAnswer[]> {
    const pipeline = this.#client.pipeline();
    for (const { key, occurrences } of reports) {
      pipeline.gchatLogReport(...signatureKeys(key), occurrences, this.#replica, windowMs, leaseMs);
    }
    return answersOf(await pipeline.exec());
  }

  async release(keys: readonly string[]): Promise<FleetAnswer[]> {
    const pipeline = this.#client.pipeline();
    for (const key of keys) pipeline.gchatLogRelease(...signatureKeys(key), this.#replica);
    return answersOf(await pipeline.exec());
  }

  async close(): Promise<void> {
    this.#client.disconnect();
  }
}

/** The keys of one signature in its space; the hash tag keeps them in one slot of a Redis Cluster. */
function signatureKeys(key: string): [string, string, string, string] {
  const tag = `{sig:${key}}`;
  return [`${tag}:total`, `${tag}:shown`, `${tag}:reporter`, `${tag}:replicas`];
}

function answersOf(results: Array<[Error | null, unknown]> | null): FleetAnswer[] {
  return (results ?? []).map(([error, value]) => {
    if (error !== null) throw error;
    const [reporter, othersUnshown, total, replicas, threadOpened] = (value as Answer).map(Number) as Answer;
    return { reporter: reporter === 1, othersUnshown, total, replicas, threadOpened: threadOpened === 1 };
  });
}
