import type { RecordError } from './record.js';

const MAX_CAUSE_DEPTH = 5;
const MAX_CHILDREN = 20;

/**
 * Turns anything a logger hands over as an error into a {@link RecordError}: a live `Error`
 * (with its `cause` chain, cycle-safe), pino's serialised `{ type, message, stack }`, or an object
 * that only has a `stack` (winston copies `stack` but not the constructor). Returns `undefined`
 * for values that carry no error information.
 */
export function normaliseError(value: unknown): RecordError | undefined {
  return normaliseAtDepth(value, 0, new Set());
}

function normaliseAtDepth(value: unknown, depth: number, seen: Set<unknown>): RecordError | undefined {
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_CAUSE_DEPTH) {
    return undefined;
  }
  seen.add(value);
  const source = value as Record<string, unknown>;
  const stack = typeof source.stack === 'string' ? source.stack : undefined;
  const message = typeof source.message === 'string' ? source.message : undefined;
  if (stack === undefined && message === undefined) return undefined;

  const code = typeof source.code === 'string' || typeof source.code === 'number' ? String(source.code) : undefined;
  const cause = normaliseAtDepth(source.cause, depth + 1, seen);
  const children = childErrors(source, depth, seen);
  return {
    type: errorType(source, stack),
    message: message ?? messageFromStack(stack),
    ...(stack !== undefined && { stack }),
    ...(code !== undefined && { code }),
    ...(cause !== undefined && { cause }),
    ...(children.length > 0 && { children }),
  };
}

/** The errors of an `AggregateError`: `errors` when live, `aggregateErrors` when serialised by pino. */
function childErrors(source: Record<string, unknown>, depth: number, seen: Set<unknown>): RecordError[] {
  const list = Array.isArray(source.aggregateErrors) ? source.aggregateErrors : source.errors;
  if (!Array.isArray(list)) return [];
  return list
    .slice(0, MAX_CHILDREN)
    .map((child) => normaliseAtDepth(child, depth + 1, seen))
    .filter((child): child is RecordError => child !== undefined);
}

function errorType(source: Record<string, unknown>, stack: string | undefined): string {
  if (typeof source.type === 'string' && source.type !== '') return source.type;
  if (source instanceof Error) {
    const name = source.constructor?.name;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
    if (typeof source.name === 'string' && source.name !== '') return source.name;
  }
  const fromStack = stack?.match(/^([A-Za-z_$][\w$]*(?:Error|Exception))\b/)?.[1];
  return fromStack ?? (typeof source.name === 'string' && source.name !== '' ? source.name : 'Error');
}

function messageFromStack(stack: string | undefined): string {
  const firstLine = stack?.split('\n', 1)[0] ?? '';
  return firstLine.replace(/^[A-Za-z_$][\w$]*:\s*/, '');
}
