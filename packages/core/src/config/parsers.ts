import { KNOWN_LEVEL_LABELS, severityOfLabel } from '../levels.js';
import { isRedactionPath } from '../redaction/redact-record.js';

/** Thrown by a parser with the value's problem; the resolver adds which setting it was and how to fix it. */
export class InvalidValue extends Error {}

/** Turns an option value, or an environment variable's string, into a typed setting. */
export type Parser<T> = (value: unknown) => T;

export const text: Parser<string> = (value) => {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidValue('is not a non-empty string');
  return value.trim();
};

export const positiveInteger: Parser<number> = (value) => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
    throw new InvalidValue('is not a whole number greater than 0');
  }
  return number;
};

/** The longest delay a Node.js timer takes; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** A duration in milliseconds: a whole number from 1 to the longest timer Node.js keeps (about 24.8 days). */
export const milliseconds: Parser<number> = (value) => {
  const number = positiveInteger(value);
  if (number > MAX_TIMER_MS) throw new InvalidValue(`is more than ${MAX_TIMER_MS} ms, the longest timer Node.js keeps`);
  return number;
};

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export const boolean: Parser<boolean> = (value) => {
  if (typeof value === 'boolean') return value;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return true;
  if (word !== undefined && FALSE_WORDS.has(word)) return false;
  throw new InvalidValue('is not true or false');
};

/** A list of strings: an array, or a comma-separated string (environment variables). */
export const stringList: Parser<string[]> = (value) => {
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new InvalidValue('is not a list of strings (comma-separated in an environment variable)');
  }
  return items.map((item: string) => item.trim()).filter((item) => item !== '');
};

export const hostList: Parser<string[]> = (value) => stringList(value).map((host) => host.toLowerCase());

/**
 * Field paths to redact, in fast-redact syntax: an array, or a string with the paths separated by commas
 * outside brackets and quotes (`req.headers["x-api-key"],user["a,b"]`). Each path is checked as the
 * redactor will compile it, so that a bad one is a configuration problem, not a crash.
 */
export const redactPathList: Parser<string[]> = (value) => {
  const paths = typeof value === 'string' ? splitOutsideBrackets(value) : stringList(value);
  for (const path of paths) {
    if (!isRedactionPath(path)) {
      throw new InvalidValue(
        `has "${path}", which is not a field path (fast-redact syntax, e.g. req.headers["x-api-key"])`,
      );
    }
  }
  return paths;
};

/** Splits on commas that are not inside `[…]` or quotes. */
function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === '[') depth += 1;
    else if (character === ']') depth = Math.max(0, depth - 1);
    else if (character === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** A level name or a number on pino's scale; returns the severity. */
export const level: Parser<number> = (value) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim().toLowerCase();
    const severity = /^\d+$/.test(trimmed) ? Number(trimmed) : severityOfLabel(trimmed);
    if (severity !== undefined) return severity;
  }
  throw new InvalidValue(`is not a level (known names: ${KNOWN_LEVEL_LABELS.join(', ')}; or a number such as 50)`);
};

/** One of a fixed set of words. */
export function oneOf<const Word extends string>(words: readonly Word[]): Parser<Word> {
  return (value) => {
    const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    const match = words.find((candidate) => candidate === word);
    if (match === undefined) throw new InvalidValue(`is not one of ${words.join(', ')}`);
    return match;
  };
}

/** A Redis URL: `redis://` or `rediss://`. */
export const redisUrl: Parser<string> = (value) => {
  const url = text(value);
  if (!/^rediss?:\/\/[^\s]+$/i.test(url)) throw new InvalidValue('is not a redis:// or rediss:// URL');
  return url;
};
