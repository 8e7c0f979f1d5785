import { describe, expect, it } from 'vitest';
import { useFakeChat } from '../fake-chat/use-fake-chat.js';
import { runChildApp } from './child-app.js';
import { representedRecords } from './represented-records.js';

describe('a flood of errors', () => {
  const fake = useFakeChat();

  it('100,000 records of 20 errors in 10 s: memory grows < 50 MB, every record accounted for, a clean exit', async () => {
    const result = await runChildApp('flood-app.mjs', {
      RECORDS: '100000',
      KINDS: '20',
      DURATION_MS: '10000',
      GCHAT_LOG_WEBHOOK_URL: fake().webhookUrl('FLOOD'),
    });

    expect(result.code).toBe(0);
    const { stats, heapBeforeMb, heapAfterMb, rssBeforeMb, rssPeakMb } = JSON.parse(result.stdout);
    // What the process retains after the flood, garbage collected: the de-duplicated entries, not 100,000 records.
    expect(heapAfterMb - heapBeforeMb).toBeLessThan(50);
    expect(stats.received).toBe(100_000);
    expect(stats.sent + stats.digested + stats.dropped + stats.failed).toBe(100_000);
    expect(stats.queued).toBe(0);
    const represented = fake()
      .chat.messagesIn('FLOOD')
      .reduce((sum, message) => sum + representedRecords(message.text), 0);
    expect(represented).toBe(stats.sent + stats.digested);
    expect(fake().chat.countAnswered(429)).toBe(0);
    console.info(
      `flood: ${stats.messages} messages for 100,000 records (${stats.sent} in thread messages, ${stats.digested} in digests, ${stats.dropped} dropped at the close deadline), heap retained ${heapBeforeMb} → ${heapAfterMb} MB after GC, peak RSS ${rssBeforeMb} → ${rssPeakMb} MB`,
    );
  });
});
