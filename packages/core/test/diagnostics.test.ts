import { describe, expect, it } from 'vitest';
import { createDiagnostics, type Diagnostic, formatDiagnosticLine } from '../src/diagnostics.js';
import { ManualClock } from './manual-clock.js';

describe('createDiagnostics', () => {
  it('passes each problem on at most once per interval, counting what it held back, with credentials masked', () => {
    const clock = new ManualClock();
    const seen: Diagnostic[] = [];
    const diagnostics = createDiagnostics({ clock, onDiagnostic: (d) => seen.push(d), repeatIntervalMs: 60_000 });

    diagnostics.report('delivery-failed', 'a', 'failed for https://x/v1/spaces/S/messages?key=K&token=T');
    diagnostics.report('delivery-failed', 'a', 'failed again');
    diagnostics.report('records-dropped', 'b', 'another problem');
    clock.advance(59_999);
    diagnostics.report('delivery-failed', 'a', 'still failing');
    clock.advance(1);
    diagnostics.report('delivery-failed', 'a', 'failing a minute later');

    expect(seen).toEqual([
      {
        code: 'delivery-failed',
        message: 'failed for https://x/v1/spaces/S/messages?key=***&token=***',
        suppressed: 0,
      },
      { code: 'records-dropped', message: 'another problem', suppressed: 0 },
      { code: 'delivery-failed', message: 'failing a minute later', suppressed: 2 },
    ]);
  });

  it('formats a stderr line that says how many reports were held back', () => {
    expect(formatDiagnosticLine({ code: 'delivery-failed', message: 'first', suppressed: 0 })).toBe('first\n');
    expect(formatDiagnosticLine({ code: 'delivery-failed', message: 'again', suppressed: 1 })).toBe(
      'again (1 more like this since the last report)\n',
    );
  });

  it('survives a hook that throws', () => {
    const diagnostics = createDiagnostics({
      clock: new ManualClock(),
      repeatIntervalMs: 1,
      onDiagnostic: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => diagnostics.report('internal-error', 'a', 'x')).not.toThrow();
  });
});
