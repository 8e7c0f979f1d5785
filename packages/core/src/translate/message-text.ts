import { boundedValue } from '../bounds/bounded-value.js';
import { stringifyValue } from '../stringify-value.js';

/** A record's message as text: a string as it is, nothing as `''`, anything else as bounded JSON. */
export function messageText(raw: unknown): string {
  if (raw === undefined) return '';
  return typeof raw === 'string' ? raw : stringifyValue(boundedValue(raw));
}
