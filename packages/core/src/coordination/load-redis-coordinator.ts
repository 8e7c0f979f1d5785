import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Coordinator } from './coordinator.js';

/** The optional package, looked up from the app first (it is installed next to it), then from here. */
const REDIS_PACKAGE = '@gchat-log/redis';

interface RedisPackage {
  createRedisCoordinator(options: { url: string }): Promise<Coordinator>;
}

/**
 * Loads `@gchat-log/redis` and connects it to `url`. Rejects when the package is not installed (the
 * fleet then reports it once and every process keeps to its own limits); the core has no Redis client
 * of its own.
 */
export async function loadRedisCoordinator(url: string): Promise<Coordinator> {
  const redisPackage = await importRedisPackage();
  return redisPackage.createRedisCoordinator({ url });
}

async function importRedisPackage(): Promise<RedisPackage> {
  try {
    const fromApp = createRequire(join(process.cwd(), 'package.json')).resolve(REDIS_PACKAGE);
    return (await import(pathToFileURL(fromApp).href)) as RedisPackage;
  } catch {
    try {
      // A variable, so that bundlers leave the optional package out.
      const name = REDIS_PACKAGE;
      return (await import(name)) as RedisPackage;
    } catch {
      throw new Error(`${REDIS_PACKAGE} is not installed next to the app (npm install ${REDIS_PACKAGE})`);
    }
  }
}
