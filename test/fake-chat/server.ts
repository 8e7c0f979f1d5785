import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from '@mswjs/http-middleware';
import { FakeChat, type FakeChatOptions } from './fake-chat.js';
import { fakeChatHandlers } from './handlers.js';

/** A fake Chat served over real HTTP on a loopback port. */
export interface RunningFakeChat {
  readonly chat: FakeChat;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** A webhook URL for a space of this fake (fake credentials). */
  webhookUrl(spaceId: string, token?: string): string;
  close(): Promise<void>;
}

/** Serves the fake Chat's msw handlers on `127.0.0.1` (port 0: any free port). */
export async function startFakeChat(options: FakeChatOptions = {}, port = 0): Promise<RunningFakeChat> {
  const chat = new FakeChat(options);
  // http-middleware is typed against msw's CommonJS declarations and our handlers against its ESM ones:
  // the same classes at run time, distinct types to the compiler.
  const handlers = fakeChatHandlers(chat) as unknown as Parameters<typeof createServer>;
  const app = createServer(...handlers);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening)).on('error', reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    chat,
    origin,
    webhookUrl: (spaceId, token = 'fake-token') =>
      `${origin}/v1/spaces/${spaceId}/messages?key=fake-key&token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
