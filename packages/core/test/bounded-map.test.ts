import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../src/bounded-map.js';

describe('BoundedMap', () => {
  it('keeps at least the capacity most recently used entries, and at most twice as many', () => {
    const map = new BoundedMap<number, string>(100);
    for (let key = 0; key < 1000; key += 1) map.set(key, `v${key}`);
    const kept = Array.from({ length: 1000 }, (_, key) => key).filter((key) => map.has(key));
    expect(kept.length).toBeGreaterThanOrEqual(100);
    expect(kept.length).toBeLessThanOrEqual(200);
    for (let key = 900; key < 1000; key += 1) expect(map.get(key)).toBe(`v${key}`);
  });

  it('keeps an entry that is read, however many others are set meanwhile', () => {
    const map = new BoundedMap<string, number>(10);
    map.set('hot', 1);
    for (let index = 0; index < 1000; index += 1) {
      map.set(`cold-${index}`, index);
      expect(map.get('hot')).toBe(1);
    }
    expect(map.has('cold-0')).toBe(false);
  });
});
