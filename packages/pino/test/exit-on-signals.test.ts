import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitOnSignals } from '../src/exit-on-signals.js';

describe('exitOnSignals', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('turns SIGTERM into process.exit(143) and can be removed again', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const before = process.listenerCount('SIGTERM');
    const remove = exitOnSignals(['SIGTERM']);

    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).toHaveBeenCalledWith(143);

    exitOnSignals(['SIGINT'])();
    remove();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
