import { MockAgent } from 'undici';

/** An undici agent standing in for Chat at `origin`: it accepts every message and keeps its text per space. */
export function acceptingChatAgent(origin: string): { agent: MockAgent; textsIn: (spaceId: string) => string[] } {
  const received = new Map<string, string[]>();
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get(origin)
    .intercept({ path: (path) => path.startsWith('/v1/spaces/'), method: 'POST' })
    .reply(200, (request) => {
      const spaceId = new URL(request.path, origin).pathname.split('/')[3] as string;
      received.set(spaceId, [...(received.get(spaceId) ?? []), JSON.parse(String(request.body)).text]);
      return { name: `spaces/${spaceId}/messages/m` };
    })
    .persist();
  return { agent, textsIn: (spaceId) => received.get(spaceId) ?? [] };
}
