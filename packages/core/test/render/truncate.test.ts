import { describe, expect, it } from 'vitest';
import { truncate, truncateLines } from '../../src/render/truncate.js';

describe('truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('cuts to the limit with a marker counting what was left out', () => {
    const cut = truncate('x'.repeat(100), 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut).toMatch(/^x+… \[\d+ more characters\]$/);
    expect(cut.length - '… [NN more characters]'.length + Number(cut.match(/(\d+) more/)?.[1])).toBe(100);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('😀'.repeat(50), 30);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('truncateLines', () => {
  it('keeps the first lines and counts the rest', () => {
    expect(truncateLines('a\nb\nc\nd', 2)).toBe('a\nb\n… [2 more lines]');
    expect(truncateLines('a\nb', 2)).toBe('a\nb');
  });
});
