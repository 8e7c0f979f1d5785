import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/http/post-message.js';

const LIMITS = { headersTimeoutMs: 150, bodyTimeoutMs: 150 };
let server: Server | undefined;
const agent = new Agent();

/** A loopback server whose every answer is `respond`. */
async function serve(respond: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(respond);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/spaces/S/messages?key=k&token=t`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('postMessage', () => {
  it('reports a 2xx as delivered', async () => {
    const url = await serve((_request, response) => response.end('{"name":"spaces/S/messages/m"}'));
    expect(await postMessage(agent, url, { text: 'x' }, LIMITS)).toEqual({ delivered: true, status: 200 });
  });

  it('reads the google.rpc.Status of an error answer', async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 429;
      response.end('{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}');
    });
    expect(await postMessage(agent, url, { text: 'x' }, LIMITS)).toEqual({
      delivered: false,
      status: 429,
      reason: 'RESOURCE_EXHAUSTED',
      detail: 'Resource has been exhausted',
    });
  });

  it('copes with an error answer that is not JSON', async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 502;
      response.end('<html>Bad Gateway</html>');
    });
    expect(await postMessage(agent, url, { text: 'x' }, LIMITS)).toMatchObject({ status: 502, reason: 'HTTP_502' });
  });

  it('gives up on a server that never answers, after the headers timeout', async () => {
    const url = await serve(() => {});
    expect(await postMessage(agent, url, { text: 'x' }, LIMITS)).toMatchObject({
      delivered: false,
      reason: 'UND_ERR_HEADERS_TIMEOUT',
    });
  });

  it('gives up on a body that stalls, after the body timeout', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.write('{"error":');
    });
    expect(await postMessage(agent, url, { text: 'x' }, LIMITS)).toMatchObject({
      delivered: false,
      reason: 'UND_ERR_BODY_TIMEOUT',
    });
  });

  it('reports a connection reset as an outcome, not a throw', async () => {
    const url = await serve((request) => request.socket.destroy());
    expect(await postMessage(agent, url, { text: 'x' }, LIMITS)).toMatchObject({
      delivered: false,
      reason: 'UND_ERR_SOCKET',
    });
  });

  it('stops when its signal aborts', async () => {
    const url = await serve(() => {});
    const controller = new AbortController();
    const outcome = postMessage(
      agent,
      url,
      { text: 'x' },
      { headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000, signal: controller.signal },
    );
    controller.abort();
    expect(await outcome).toMatchObject({ delivered: false });
  });
});
