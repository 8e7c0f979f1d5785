import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, MAX_TEXT_CHARACTERS } from '../fake-chat/fake-chat.js';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { runChildApp } from './child-app.js';

describe.each(['winston', 'pino'])('hostile values logged through real %s', (adapter) => {
  const fake = useFakeChat();

  it('never throw into the logging call, are all delivered within Chat limits, and render sensibly', async () => {
    const result = await runChildApp('hostile-app.mjs', {
      ADAPTER: adapter,
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('HOSTILE'),
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const said = JSON.parse(result.stdout.trim());
    expect(said.threw).toBe(0);
    const messages = fake().chat.messagesIn('HOSTILE');
    expect(fake().chat.requests.every((request) => request.status === 200)).toBe(true);
    for (const message of messages) {
      expect([...(message.text ?? '')].length).toBeLessThanOrEqual(MAX_TEXT_CHARACTERS);
      expect(Buffer.byteLength(JSON.stringify(message.body))).toBeLessThan(MAX_MESSAGE_BYTES);
    }
    const text = messages.map((message) => message.text ?? '').join('\n');
    expect(text).toContain('cyclic: {"name":"order","self":"[Circular]"}');
    expect(text).toContain('when: 1970-01-01T00:00:00.000Z');
    expect(text).toContain('deep: {"deep":{"deep":{"deep":{"deep":{"deep":"[Object]"}}}}}');
    expect(text).toMatch(/blob: b{100,}… \[999827 more characters\]/);
    expect(text).toMatch(/m{500,}… \[1998831 more characters\]/);
    if (adapter === 'winston') {
      // Everything winston hands over live, and custom levels ranked with the logger's own levels.
      expect(said.stats).toMatchObject({ received: 7, filtered: 1, queued: 0, dropped: 0, failed: 0 });
      expect(text).toContain('big: 123456789012345678901234567890');
      expect(text).toContain('symbol: Symbol(tag)');
      expect(text).toContain('buffer: [Buffer of 4096 bytes]');
      expect(text).toContain('map: {"a":1}');
      expect(text).toContain('set: [1,2,3]');
      expect(text).toContain('json: [toJSON threw: Error: no json]');
      expect(text).toContain('nested: {"inner":{"id":1,"balance":"[getter threw: Error: no balance]"}}');
      expect(text).toContain('bare: {"plain":1}');
      expect(text).toContain('TypeError: card declined');
      expect(text).toContain('*CRITICAL*');
      expect(text).toContain('*HIGH*');
      expect(text).not.toContain('below the level');
      expect(text).toContain('{"not":"a string"}');
      expect(text).toContain('… [99950 more items]');
    } else {
      // What pino serialised in the app's thread, read in its worker.
      expect(text).toContain('err: just text');
      expect(text).toContain('err: 42');
      expect(text).toContain('err: null');
      expect(text).toContain('err: {"stack":5,"message":{"odd":true}}');
      expect(text).toContain('"… [4046 more items]"');
      expect(text).toMatch(/```\n42\n```/);
    }
  });
});
