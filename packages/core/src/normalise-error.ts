import { readSafely, readString } from './bounds/read-safely.js';
import type { RecordError } from './record.js';

const MAX_CAUSE_DEPTH = 5;
const MAX_CHILDREN = 20;
/** Errors read in all, causes and an AggregateError's children at every depth together. */
export const MAX_ERRORS = 50;

/**
 * Turns anything a logger hands over as an error into a {@link RecordError}: a live `Error`
 * (with its `cause` chain, cycle-safe), pino's serialised `{ type, message, stack }`, or an object
 * that only has a `stack` (winston copies `stack` but not the constructor). Returns `undefined`
 * for values that carry no error information. At most {@link MAX_ERRORS} errors of a tree are read,
 * whatever it holds (an AggregateError of AggregateErrors grows as the power of its depth).
 */
export function normaliseError(value: unknown): RecordError | undefined {
  return normaliseAtDepth(value, 0, new Set());
}

function normaliseAtDepth(value: unknown, depth: number, seen: Set<unknown>): RecordError | undefined {
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_CAUSE_DEPTH) {
    return undefined;
  }
  if (seen.size >= MAX_ERRORS) return undefined;
  seen.add(value);
  // An app's error may guard its properties with getters that throw: each is read through a guard.
  const stack = readString(value, 'stack');
  const message = readString(value, 'message');
  if (stack === undefined && message === undefined) return undefined;

  const rawCode = readSafely(value, 'code');
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : undefined;
  const cause = normaliseAtDepth(readSafely(value, 'cause'), depth + 1, seen);
  const children = childErrors(value, depth, seen);
  return {
    type: errorType(value, stack),
    message: message ?? messageFromStack(stack),
    ...(stack !== undefined && { stack }),
    ...(code !== undefined && { code }),
    ...(cause !== undefined && { cause }),
    ...(children.length > 0 && { children }),
  };
}

/** The errors of an `AggregateError`: `errors` when live, `aggregateErrors` when serialised by pino. */
function childErrors(source: object, depth: number, seen: Set<unknown>): RecordError[] {
  const serialised = readSafely(source, 'aggregateErrors');
  const list = Array.isArray(serialised) ? serialised : readSafely(source, 'errors');
  if (!Array.isArray(list)) return [];
  return list
    .slice(0, MAX_CHILDREN)
    .map((child) => normaliseAtDepth(child, depth + 1, seen))
    .filter((child): child is RecordError => child !== undefined);
}

/** Longest stack heading the type is looked for in. */
const HEADING_LENGTH = 200;

function errorType(source: object, stack: string | undefined): string {
  const type = readString(source, 'type');
  if (type !== undefined && type !== '') return type;
  const name = readString(source, 'name');
  if (isError(source)) {
    const constructorName = constructorNameOf(source);
    if (constructorName !== undefined && constructorName !== '' && constructorName !== 'Object') return constructorName;
    if (name !== undefined && name !== '') return name;
  }
  const fromStack = stack?.slice(0, HEADING_LENGTH).match(/^([A-Za-z_$][\w$]*(?:Error|Exception))\b/)?.[1];
  return fromStack ?? (name !== undefined && name !== '' ? name : 'Error');
}

function messageFromStack(stack: string | undefined): string {
  const firstLine = stack?.slice(0, HEADING_LENGTH).split('\n', 1)[0] ?? '';
  return firstLine.replace(/^[A-Za-z_$][\w$]*:\s*/, '');
}

function isError(value: object): boolean {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

function constructorNameOf(value: object): string | undefined {
  const maker = readSafely(value, 'constructor');
  return typeof maker === 'function' ? readString(maker, 'name') : undefined;
}
