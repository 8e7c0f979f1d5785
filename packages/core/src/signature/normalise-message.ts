/**
 * Replaces the variable parts of an error message with placeholders, so that "order 17 failed for
 * a@b.io" and "order 92 failed for c@d.io" are the same problem. Applied in order: each rule sees
 * what the earlier ones left.
 */
const RULES: ReadonlyArray<readonly [pattern: RegExp, placeholder: string]> = [
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]+)\?[^\s#]*/gi, '$1?<query>'],
  [/(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, '<ip>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/"[^"\n]*"|(?<!\w)'[^'\n]*'(?!\w)|`[^`\n]*`/g, '<str>'],
  [/\b\d+(?:\.\d+)?\b/g, '<n>'],
];

export function normaliseMessage(message: string): string {
  return RULES.reduce((text, [pattern, placeholder]) => text.replace(pattern, placeholder), message).trim();
}

/** The first `count` lines of a normalised message. */
export function normalisedLines(message: string, count: number): string {
  return normaliseMessage(message.split('\n').slice(0, count).join('\n'));
}
