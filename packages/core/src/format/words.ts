/** How gchat-log writes counts, durations and times in the messages and reports it makes. */

/** `1 record`, `2 records`: the noun in the plural unless there is exactly one. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** A duration as people say it: `0.7 s`, `45 s`, `5 min`. */
export function duration(ms: number): string {
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  if (ms >= 10_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** The UTC time of day of an epoch time: `12:00:43`. */
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}
