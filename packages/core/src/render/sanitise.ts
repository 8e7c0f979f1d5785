/**
 * Log content is untrusted: these helpers make it render literally in Chat's text markup, so a record
 * cannot mention `<users/all>`, plant a `<https://evil|link>`, or break out of a code block.
 */

/** `<` opens mentions and links in Chat; the full-width sign looks alike and means nothing. */
const LESS_THAN = /</g;
const SAFE_LESS_THAN = '\uFF1C';
/** A run of three backticks would close our fenced block; the modifier letter looks alike. */
const TRIPLE_BACKTICK = /```/g;
const SAFE_BACKTICKS = '\u02CB\u02CB\u02CB';
/** Markup characters that format inline text (`*bold*`, `_italic_`, `~strike~`, `` `code` ``). */
const INLINE_MARKUP = /[*_~`]/g;
const SAFE_INLINE: Readonly<Record<string, string>> = { '*': '\u2217', _: '\uFF3F', '~': '\u223C', '`': '\u02CB' };

/** For text placed inside a fenced code block. */
export function neutraliseInCodeBlock(untrusted: string): string {
  return untrusted.replace(LESS_THAN, SAFE_LESS_THAN).replace(TRIPLE_BACKTICK, SAFE_BACKTICKS);
}

/** For short text placed outside code blocks (service or host names): one line, no markup. */
export function neutraliseInline(untrusted: string): string {
  return untrusted
    .replace(/\s+/g, ' ')
    .replace(LESS_THAN, SAFE_LESS_THAN)
    .replace(INLINE_MARKUP, (mark) => SAFE_INLINE[mark] ?? mark);
}

const HTML_SPECIALS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For text placed in card widgets, which read a small HTML subset: every special character escaped. */
export function escapeHtml(untrusted: string): string {
  return untrusted.replace(/[&<>"']/g, (special) => HTML_SPECIALS[special] ?? special);
}
