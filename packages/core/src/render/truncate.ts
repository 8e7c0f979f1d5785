/**
 * Cuts `text` to at most `maxLength` UTF-16 units (Chat's limit counts characters; UTF-16 length is
 * never below that), with a visible marker saying how much was left out. Never splits a surrogate pair.
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const marker = (omitted: number) => `… [${omitted} more characters]`;
  let keep = Math.max(0, maxLength - marker(text.length).length);
  if (keep > 0 && isHighSurrogate(text.charCodeAt(keep - 1))) keep -= 1;
  return text.slice(0, keep) + marker(text.length - keep);
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
