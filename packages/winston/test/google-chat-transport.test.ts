import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { useFakeChat } from '../../../test/fake-chat/use-fake-chat.js';
import { GoogleChatTransport } from '../src/google-chat-transport.js';

describe('GoogleChatTransport', () => {
  const fake = useFakeChat();

  it("finishes logger.end() only after the messages were delivered, and emits 'logged'", async () => {
    const transport = new GoogleChatTransport({ webhookUrl: fake().webhookUrl('W') });
    const logger = winston.createLogger({ transports: [transport] });
    const logged = once(transport, 'logged');

    logger.info('not sent');
    logger.error('first');
    logger.error('second');
    await logged;
    const finished = once(logger, 'finish');
    logger.end();
    await finished;

    expect(
      fake()
        .chat.messagesIn('W')
        .map((message) => message.text?.match(/first|second/)?.[0]),
    ).toEqual(['first', 'second']);
    expect(transport.sender.stats()).toMatchObject({ received: 3, filtered: 1, sent: 2 });
  });

  it("never emits 'error' when Chat cannot be reached; end() finishes by the close deadline, counting the loss", async () => {
    const lines: string[] = [];
    const deadUrl = fake().webhookUrl('DEAD').replace(fake().origin, 'http://127.0.0.1:9');
    const transport = new GoogleChatTransport({
      webhookUrl: deadUrl,
      closeTimeoutMs: 300,
      retryBaseDelayMs: 20,
      onDiagnostic: (diagnostic) => lines.push(diagnostic.message),
    });
    const logger = winston.createLogger({ transports: [transport] });
    const errors: unknown[] = [];
    logger.on('error', (error) => errors.push(error));

    logger.error('one');
    logger.error('two');
    const finished = once(logger, 'finish');
    logger.end();
    await finished;

    expect(errors).toEqual([]);
    expect(transport.sender.stats()).toMatchObject({ received: 2, sent: 0, dropped: 2, queued: 0 });
    expect(lines[0]).toContain('could not be reached (ECONNREFUSED');
    expect(lines[0]).toContain('retrying in');
    expect(lines.at(-1)).toContain('close() reached its deadline');
    expect(lines.join('')).toContain('token=***');
    expect(lines.join('')).not.toContain('fake-token');
  });

  it('passes delivery trouble to onDiagnostic', async () => {
    const seen: string[] = [];
    const transport = new GoogleChatTransport({
      webhookUrl: fake().webhookUrl('GONE', 'revoked'),
      onDiagnostic: (diagnostic) => seen.push(diagnostic.code),
    });
    fake().chat.injectFaults({ status: 404 });
    const logger = winston.createLogger({ transports: [transport] });

    logger.error('lost');
    const finished = once(logger, 'finish');
    logger.end();
    await finished;

    expect(seen).toEqual(['webhook-rejected', 'records-dropped']);
  });
});
