import type { LogRecord, RecordError } from '../record.js';
import { boundedText } from './bounded-text.js';
import { boundedValue, type PlainValue } from './bounded-value.js';

/**
 * How much of a record's texts gchat-log works with. More than any message shows (the renderers cut
 * further, and say how much was cut in all), small enough that signatures, normalisation, redaction and
 * rendering cost the same for a 10 MB message as for a 10 KB one.
 */
export const RECORD_LIMITS = {
  message: 4000,
  /** Logger, service, host and level names. */
  name: 200,
  errorType: 200,
  errorCode: 100,
  errorMessage: 2000,
  stackLines: 200,
  stackLine: 500,
  stack: 32_000,
  /** Errors of a cause chain below the first. */
  causes: 5,
  /** Errors of an `AggregateError`. */
  children: 20,
  /** Errors of a tree in all, causes and children at every depth together. */
  errors: 50,
} as const;

/**
 * Marks a record this module made: it is bounded already. A mark on the record, not a WeakMap of the
 * records seen, which would grow by one entry a record until a full collection clears it.
 */
const BOUNDED = Symbol('gchat-log.bounded');

/**
 * The record with every text cut to {@link RECORD_LIMITS} (a visible marker saying how much was cut),
 * the error's cause chain and children limited, and the cuts copied so that the original texts can be
 * collected. Field values are bounded later, when a record's sample is kept. Work and memory depend on
 * the limits, not on the input; a record passed again (one per route) is bounded once: the result is
 * marked, and returned as it is.
 */
export function boundedRecord(record: LogRecord): LogRecord {
  if ((record as { [BOUNDED]?: true })[BOUNDED] === true) return record;
  const value = Number.isFinite(record.level.value) ? record.level.value : 30;
  const result: LogRecord = {
    level: { value, label: boundedText(String(record.level.label), RECORD_LIMITS.name) },
    time: Number.isFinite(record.time) ? record.time : Date.now(),
    message: boundedText(String(record.message), RECORD_LIMITS.message),
    fields: record.fields,
    ...(record.error !== undefined && { error: boundedError(record.error, 0) }),
    ...(record.loggerName !== undefined && { loggerName: boundedText(record.loggerName, RECORD_LIMITS.name) }),
    ...(record.service !== undefined && { service: boundedText(record.service, RECORD_LIMITS.name) }),
    ...(record.hostname !== undefined && { hostname: boundedText(record.hostname, RECORD_LIMITS.name) }),
  };
  Object.defineProperty(result, BOUNDED, { value: true });
  return result;
}

/** The error, its texts cut, with at most {@link RECORD_LIMITS.errors} errors in the whole tree of causes and children. */
function boundedError(error: RecordError, depth: number, budget = { errors: RECORD_LIMITS.errors }): RecordError {
  budget.errors -= 1;
  const below = depth < RECORD_LIMITS.causes;
  const cause =
    below && budget.errors > 0 && error.cause !== undefined ? boundedError(error.cause, depth + 1, budget) : undefined;
  const children: RecordError[] = [];
  for (const child of below ? (error.children ?? []).slice(0, RECORD_LIMITS.children) : []) {
    if (budget.errors <= 0) break;
    children.push(boundedError(child, depth + 1, budget));
  }
  return {
    type: boundedText(error.type, RECORD_LIMITS.errorType),
    message: boundedText(error.message, RECORD_LIMITS.errorMessage),
    ...(error.stack !== undefined && { stack: boundedStack(error.stack) }),
    ...(error.code !== undefined && { code: boundedText(error.code, RECORD_LIMITS.errorCode) }),
    ...(cause !== undefined && { cause }),
    ...(children.length > 0 && { children }),
  };
}

/**
 * The first {@link RECORD_LIMITS.stackLines} lines of a stack, each cut to {@link RECORD_LIMITS.stackLine}
 * characters, at most {@link RECORD_LIMITS.stack} in all, and a last line saying how much was left out.
 * Only the part kept is copied, and the rest is never split: a 50,000-frame stack costs what a 200-frame
 * one does (a line longer than a kept one is skipped with one `indexOf`).
 */
function boundedStack(stack: string): string {
  if (withinStackLimits(stack)) return stack;
  const lines: string[] = [];
  let length = 0;
  let start = 0;
  while (start < stack.length && lines.length < RECORD_LIMITS.stackLines && length < RECORD_LIMITS.stack) {
    const window = stack.slice(start, start + RECORD_LIMITS.stackLine + 1);
    const newline = window.indexOf('\n');
    const line = newline === -1 ? lineAt(stack, start) : window.slice(0, newline);
    lines.push(line.length > RECORD_LIMITS.stackLine ? boundedText(line, RECORD_LIMITS.stackLine) : line);
    length += line.length + 1;
    start += newline === -1 ? line.length + 1 : newline + 1;
  }
  if (start < stack.length) lines.push(`… [${stack.length - start} more characters]`);
  // join copies the kept characters: the bounded stack does not keep the original alive.
  return lines.join('\n');
}

/** Whether a stack is within every limit already: counted with `indexOf`, without copying a line. */
function withinStackLimits(stack: string): boolean {
  if (stack.length > RECORD_LIMITS.stack) return false;
  let lines = 0;
  for (let start = 0; start <= stack.length; lines += 1) {
    if (lines >= RECORD_LIMITS.stackLines) return false;
    const newline = stack.indexOf('\n', start);
    const end = newline === -1 ? stack.length : newline;
    if (end - start > RECORD_LIMITS.stackLine) return false;
    if (newline === -1) return true;
    start = newline + 1;
  }
  return true;
}

/**
 * The line starting at `start` when it is longer than a kept line: found with `indexOf`, and returned
 * cut, so that its tail is skipped without being copied.
 */
function lineAt(stack: string, start: number): string {
  // indexOf is a byte scan, far below the cost of anything that looks at the text.
  const end = stack.indexOf('\n', start);
  return stack.slice(start, end === -1 ? stack.length : end);
}

/**
 * The record with its field values replaced by a bounded, plain copy ({@link boundedValue}): what is
 * kept of a record as its sample, before redaction and rendering see the fields.
 */
export function withBoundedFields(record: LogRecord): LogRecord {
  return { ...record, fields: boundedValue(record.fields) as Record<string, PlainValue> };
}
