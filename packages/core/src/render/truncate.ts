/** The marker that ends a cut text; its count is read back when a cut text is cut again. */
const cutMarker = (omitted: number) => `… [${omitted} more characters]`;
const CUT_MARKER = /… \[(\d+) more characters\]$/;
/** Longer than any marker: only this tail of a text is searched for one. */
const MARKER_TAIL = 40;

/**
 * Cuts `text` to at most `maxLength` UTF-16 units (Chat's limit counts characters; UTF-16 length is
 * never below that), with a visible marker saying how much was left out. Never splits a surrogate pair.
 * A text that was cut before (its input was capped when the record came in) says how much was left out
 * in all, not only by this cut.
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const earlier = CUT_MARKER.exec(text.slice(-MARKER_TAIL));
  const kept = earlier === null ? text : text.slice(0, text.length - (earlier[0] as string).length);
  const omittedBefore = earlier === null ? 0 : Number(earlier[1]);
  let keep = Math.max(0, maxLength - cutMarker(kept.length + omittedBefore).length);
  if (keep > 0 && isHighSurrogate(kept.charCodeAt(keep - 1))) keep -= 1;
  return kept.slice(0, keep) + cutMarker(kept.length - keep + omittedBefore);
}

/** Keeps the first `maxLines` lines, with a marker saying how many were left out. */
export function truncateLines(text: string, maxLines: number): string {
  const lines = text.split('\n');
  if (lines.length <= maxLines) return text;
  return [...lines.slice(0, maxLines), `… [${lines.length - maxLines} more lines]`].join('\n');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
