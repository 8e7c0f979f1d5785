import { HttpResponse, http } from 'msw';
import type { FakeChat, FakeResponse } from './fake-chat.js';

/**
 * msw request handlers for the fake Chat: the webhook endpoint, plus read-only `/__fake/*` views used by
 * scripts that run the fake in another process (the example, the pack smoke test).
 * @param origin where the handlers answer, e.g. `http://127.0.0.1:4010`; `*` for any origin.
 */
export function fakeChatHandlers(chat: FakeChat, origin = '*') {
  return [
    http.post(`${origin}/v1/spaces/:spaceId/messages`, async ({ request, params }) => {
      const query = new URL(request.url).searchParams;
      return toHttpResponse(chat.createMessage(String(params.spaceId), query, await request.text()));
    }),
    http.get(`${origin}/__fake/messages`, () => HttpResponse.json(chat.messages)),
    http.get(`${origin}/__fake/requests`, () => HttpResponse.json(chat.requests)),
  ];
}

function toHttpResponse(response: FakeResponse): Response {
  return HttpResponse.json(response.body as Record<string, unknown>, {
    status: response.status,
    headers: response.headers ?? {},
  });
}
