/** FNV-1a over the UTF-16 code units, twice with different seeds: a 64-bit key, never (0, 0). */
export function hash64(text: string): [number, number] {
  let high = 0x811c9dc5;
  let low = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x5bd1e995) ^ (low >>> 15);
  }
  return high === 0 && low === 0 ? [0, 1] : [high | 0, low | 0];
}
