import { describe, expect, it } from 'vitest';
import { createDiagnostics } from '../src/diagnostics.js';

describe('createDiagnostics', () => {
  it('prints each distinct problem once, with credentials masked', () => {
    const lines: string[] = [];
    const diagnostics = createDiagnostics((line) => lines.push(line));

    diagnostics.report('a', 'failed for https://x/v1/spaces/S/messages?key=K&token=T');
    diagnostics.report('a', 'failed again');
    diagnostics.report('b', 'another problem');

    expect(lines).toEqual(['failed for https://x/v1/spaces/S/messages?key=***&token=***', 'another problem']);
  });

  it('survives a writer that throws', () => {
    const diagnostics = createDiagnostics(() => {
      throw new Error('EPIPE');
    });
    expect(() => diagnostics.report('a', 'x')).not.toThrow();
  });
});
