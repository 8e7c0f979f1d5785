/**
 * Replaces the variable parts of an error message with placeholders, so that "order 17 failed for
 * a@b.io" and "order 92 failed for c@d.io" are the same problem. Applied in order: each rule sees
 * what the earlier ones left. Every pattern is linear in its input: a match can only start where a run
 * of its characters starts (a lookbehind, not `\b`, which also matches inside `a.b.c`), and the URL
 * rule consumes the whole URL whether or not it has a query, so nothing is scanned twice.
 */
const RULES: ReadonlyArray<
  readonly [pattern: RegExp, placeholder: string | ((match: string, ...groups: string[]) => string)]
> = [
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [
    /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s?#]*)(\?[^\s#]*)?/gi,
    (url, base, query) => (query ? `${base}?<query>` : url),
  ],
  [/(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, '<ip>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/"[^"\n]*"|(?<!\w)'[^'\n]*'(?!\w)|`[^`\n]*`/g, '<str>'],
  [/\b\d+(?:\.\d+)?\b/g, '<n>'],
];

export function normaliseMessage(message: string): string {
  return RULES.reduce(
    (text, [pattern, placeholder]) =>
      typeof placeholder === 'string' ? text.replace(pattern, placeholder) : text.replace(pattern, placeholder),
    message,
  ).trim();
}

/** The first `count` lines of a normalised message. */
export function normalisedLines(message: string, count: number): string {
  return normaliseMessage(message.split('\n', count).join('\n'));
}
