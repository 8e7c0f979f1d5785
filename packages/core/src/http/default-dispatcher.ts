import { Agent } from 'undici';

/** A keep-alive agent: one connection per space is reused across messages. */
export function createDefaultDispatcher(connectTimeoutMs: number): Agent {
  return new Agent({
    connect: { timeout: connectTimeoutMs },
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
  });
}
