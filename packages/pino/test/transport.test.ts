import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../../../test/fake-chat/use-fake-chat.js';
import gchatLogTransport from '../src/transport.js';

// The transport driven in process with pino's NDJSON, as in pipe mode; in pino's worker thread it is
// exercised by the end-to-end tests.

describe('gchatLogTransport', () => {
  const fake = useFakeChat();

  it('sends the error lines it reads and delivers them before it finishes closing', async () => {
    const stream = await gchatLogTransport({ webhookUrl: fake().webhookUrl('PINO-UNIT') });

    stream.write(`${JSON.stringify({ level: 30, time: 1, msg: 'started' })}\n`);
    stream.write(
      `${JSON.stringify({ level: 50, time: 2, name: 'unit', msg: 'it broke', err: { type: 'Error', message: 'x', stack: 'Error: x' } })}\n`,
    );
    stream.end();
    await once(stream, 'close');

    expect(
      fake()
        .chat.messagesIn('PINO-UNIT')
        .map((message) => message.text?.includes('it broke')),
    ).toEqual([true]);
  });

  it('rejects invalid options, so pino reports them at startup', async () => {
    await expect(gchatLogTransport({ webhookUrl: fake().webhookUrl('X'), level: 'nope' })).rejects.toMatchObject({
      code: 'ERR_GCHAT_LOG_INVALID_OPTION',
      setting: 'level',
    });
  });
});
