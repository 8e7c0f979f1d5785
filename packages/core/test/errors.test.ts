import { describe, expect, it } from 'vitest';
import { GchatLogError } from '../src/errors.js';

describe('GchatLogError', () => {
  it('carries its code, setting and cause, and a message prefixed with the code', () => {
    const cause = new Error('underlying');
    const error = new GchatLogError('ERR_GCHAT_LOG_INVALID_OPTION', 'level', 'option "level" is "loud"', { cause });
    expect(error).toMatchObject({
      name: 'GchatLogError',
      code: 'ERR_GCHAT_LOG_INVALID_OPTION',
      setting: 'level',
      cause,
    });
    expect(error.message).toBe('gchat-log [ERR_GCHAT_LOG_INVALID_OPTION]: option "level" is "loud"');
  });

  it('is recognised by instanceof whichever copy of the package made it (a brand, not the class)', () => {
    // Another copy (the CommonJS build, or another version) has its own class with the same brand.
    const fromAnotherCopy = Object.assign(new Error('x'), { [Symbol.for('gchat-log.error')]: true });
    expect(fromAnotherCopy).toBeInstanceOf(GchatLogError);
    expect(new Error('x')).not.toBeInstanceOf(GchatLogError);
    expect((null as unknown as object) instanceof GchatLogError).toBe(false);
  });
});
