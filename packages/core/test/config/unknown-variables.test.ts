import { describe, expect, it } from 'vitest';
import { unknownVariableWarnings } from '../../src/config/unknown-variables.js';
import { createSender } from '../../src/create-sender.js';
import { whenMemorySettled } from '../../src/process/process-memory.js';

describe('unknownVariableWarnings', () => {
  it('names the closest known variable for a typo', () => {
    expect(unknownVariableWarnings({ GCHAT_LOG_WEBHOOKURL: 'x', GCHAT_LOG_LEVLE: 'warn' })).toEqual([
      'gchat-log: the environment variable GCHAT_LOG_LEVLE is not a gchat-log setting and is ignored. Did you mean GCHAT_LOG_LEVEL?',
      'gchat-log: the environment variable GCHAT_LOG_WEBHOOKURL is not a gchat-log setting and is ignored. Did you mean GCHAT_LOG_WEBHOOK_URL?',
    ]);
  });

  it('lists the known variables when none is close', () => {
    const [warning] = unknownVariableWarnings({ GCHAT_LOG_COLOUR_SCHEME: 'dark' });
    expect(warning).toContain('GCHAT_LOG_COLOUR_SCHEME is not a gchat-log setting');
    expect(warning).toContain('Known variables: GCHAT_LOG_WEBHOOK_URL, GCHAT_LOG_LEVEL');
  });

  it('says nothing about known variables or other prefixes', () => {
    expect(
      unknownVariableWarnings({ GCHAT_LOG_ROUTES: 'x', GCHAT_LOG_REDIS_URL: 'x', GCHATLOG: 'x', PATH: '/bin' }),
    ).toEqual([]);
  });

  it('is reported once by createSender, even by a no-op sender', async () => {
    const reported: string[] = [];
    const dependencies = {
      env: { GCHAT_LOG_SERVCE: 'api' },
      onDiagnostic: (d: { message: string }) => reported.push(d.message),
    };
    createSender({}, dependencies);
    createSender({}, dependencies);
    await whenMemorySettled();
    expect(reported).toEqual([
      'gchat-log: the environment variable GCHAT_LOG_SERVCE is not a gchat-log setting and is ignored. Did you mean GCHAT_LOG_SERVICE?',
    ]);
  });
});
