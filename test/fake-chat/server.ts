import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMiddleware } from '@mswjs/http-middleware';
import express, { type NextFunction, type Request, type Response } from 'express';
import { FakeChat, type FakeChatOptions } from './fake-chat.js';
import { FAULT_HEADER, fakeChatHandlers } from './handlers.js';

/** A fake Chat served over real HTTP on a loopback port. */
export interface RunningFakeChat {
  readonly chat: FakeChat;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** A webhook URL for a space of this fake (fake credentials). */
  webhookUrl(spaceId: string, token?: string): string;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/v1\/spaces\/([^/]+)\/messages$/;

/** Serves the fake Chat's msw handlers on `127.0.0.1` (port 0: any free port). */
export async function startFakeChat(options: FakeChatOptions = {}, port = 0): Promise<RunningFakeChat> {
  const chat = new FakeChat(options);
  const app = express();
  app.use(playFaults(chat));
  // http-middleware is typed against msw's CommonJS declarations and our handlers against its ESM ones:
  // the same classes at run time, distinct types to the compiler.
  const handlers = fakeChatHandlers(chat) as unknown as Parameters<typeof createMiddleware>;
  app.use(createMiddleware(...handlers));
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

/** Takes the next fault for each webhook request: plays transport faults here, passes HTTP ones on to the handler. */
function playFaults(chat: FakeChat) {
  return (request: Request, response: Response, next: NextFunction) => {
    const spaceId = MESSAGES_PATH.exec(request.path)?.[1];
    const fault = request.method === 'POST' && spaceId !== undefined ? chat.takeFault() : undefined;
    if (fault === undefined || spaceId === undefined) return next();
    if ('status' in fault) {
      request.headers[FAULT_HEADER] = JSON.stringify(fault);
      return next();
    }
    if (fault.transport === 'hang') return chat.recordUnanswered(spaceId);
    if (fault.transport === 'reset') {
      chat.recordUnanswered(spaceId);
      return request.socket.destroy();
    }
    // lose-response: let the message be created, then cut the connection instead of answering.
    response.write = () => request.socket.destroy() as never;
    response.end = () => request.socket.destroy() as never;
    return next();
  };
}
