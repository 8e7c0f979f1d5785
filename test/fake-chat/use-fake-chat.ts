import { afterEach, beforeEach } from 'vitest';
import type { FakeChatOptions } from './fake-chat.js';
import { type RunningFakeChat, startFakeChat } from './server.js';

/** Starts a fresh loopback fake Chat before each test of the enclosing suite and stops it after; returns its getter. */
export function useFakeChat(options: FakeChatOptions = {}): () => RunningFakeChat {
  let fake: RunningFakeChat | undefined;
  beforeEach(async () => {
    fake = await startFakeChat(options);
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return () => {
    if (fake === undefined) throw new Error('the fake Chat runs only inside a test');
    return fake;
  };
}
