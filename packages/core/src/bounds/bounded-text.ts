import { truncate } from '../render/truncate.js';

/**
 * `text` cut to `maxLength` (with the marker of {@link truncate}), as a string of its own. V8 keeps the
 * whole original alive behind a slice of it, so a 10 MB message kept as a 4 KB sample would still hold
 * 10 MB: the cut is copied (a UTF-16 round trip, exact for any code units, lone surrogates included).
 */
export function boundedText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return Buffer.from(truncate(text, maxLength), 'utf16le').toString('utf16le');
}
