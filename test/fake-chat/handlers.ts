import { HttpResponse, http } from 'msw';
import type { FakeChat, FakeResponse, Fault } from './fake-chat.js';

/**
 * msw request handlers for the fake Chat: the webhook endpoint, plus read-only `/__fake/*` views used by
 * scripts that run the fake in another process (the example, the pack smoke test).
 * @param origin where the handlers answer, e.g. `http://127.0.0.1:4010`; `*` for any origin.
 */
export function fakeChatHandlers(chat: FakeChat, origin = '*') {
  return [
    http.post(`${origin}/v1/spaces/:spaceId/messages`, async ({ request, params }) => {
      const spaceId = String(params.spaceId);
      const query = new URL(request.url).searchParams;
      const passedOn = request.headers.get(FAULT_HEADER);
      const fault = passedOn === null ? chat.takeFault() : (JSON.parse(passedOn) as Fault);
      if (fault !== undefined && 'transport' in fault) {
        // In process there is no socket to play with: every transport fault is a network error.
        chat.recordUnanswered(spaceId);
        return HttpResponse.error();
      }
      return toHttpResponse(chat.createMessage(spaceId, query, await request.text(), fault));
    }),
    http.get(`${origin}/__fake/messages`, () => HttpResponse.json(chat.messages)),
    http.get(`${origin}/__fake/requests`, () => HttpResponse.json(chat.requests)),
  ];
}

/**
 * The loopback server takes the fault of each request before msw sees it (it plays transport faults
 * itself) and hands an HTTP error fault to the handler in this header.
 */
export const FAULT_HEADER = 'x-fake-chat-fault';

function toHttpResponse(response: FakeResponse): Response {
  return HttpResponse.json(response.body as Record<string, unknown>, {
    status: response.status,
    headers: response.headers ?? {},
  });
}
