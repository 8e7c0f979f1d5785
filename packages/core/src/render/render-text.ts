import { plural } from '../format/words.js';
import type { LogRecord, RecordError } from '../record.js';
import { stringifyValue } from '../stringify-value.js';
import { MAX_TEXT_LENGTH } from './chat-message.js';
import { readableStack, type StackLine } from './readable-stack.js';
import { RENDER_LIMITS } from './render-limits.js';
import { neutraliseInCodeBlock, neutraliseInline } from './sanitise.js';
import { truncate, truncateLines } from './truncate.js';

const LEVEL_MARKERS: ReadonlyArray<readonly [minimum: number, marker: string]> = [
  [60, '🟣'],
  [50, '🔴'],
  [40, '🟠'],
  [30, '🔵'],
  [0, '⚪'],
];
const BUDGET = RENDER_LIMITS.text;
/** Room kept in the fields budget for the `… [N more fields]` line. */
const OMITTED_FIELDS_RESERVE = 24;
const FENCE = '```';
const APP_FRAME_MARK = '  → ';
const OTHER_FRAME_INDENT = '    ';

/** How a full report is shown besides its record. */
export interface ReportView {
  readonly service: string;
  /** Lines under the header (how often it occurred, what was not delivered); ours, not the record's. */
  readonly notes?: readonly string[];
  /** Stack paths are shown relative to it. */
  readonly projectRoot: string;
}

/**
 * Renders a record as Chat `text`: a bold level and service header, then the message, the error with
 * its readable stack (see readableStack: the app's frames marked `→`) and causes, and the record's
 * fields, each in a code block so that nothing taken from the record is interpreted as markup. The
 * result is at most 4,096 characters.
 */
export function renderText(record: LogRecord, view: ReportView): string {
  const header = [renderHeader(record, view.service), ...(view.notes ?? [])].join('\n');
  const message = codeBlock(truncate(record.message, BUDGET.message));
  const fields = renderFields(record.fields);
  const fixedLength = header.length + message.length + fields.length + 3;
  const error = record.error ? renderError(record.error, MAX_TEXT_LENGTH - fixedLength, view.projectRoot) : '';
  const text = [header, record.message === '' ? '' : message, error, fields].filter((part) => part !== '').join('\n');
  return truncate(text, MAX_TEXT_LENGTH);
}

/**
 * The minimal safe form of a record, sent once when Chat refused the full rendering (400): one line of
 * plain text, no code blocks, no thread, nothing from the record that could be markup.
 */
export function renderMinimalText(record: LogRecord, service: string, notes: readonly string[] = []): string {
  const error = record.error === undefined ? '' : ` (${record.error.type}: ${record.error.message})`;
  const line = `[${record.level.label.toUpperCase()}] ${service}: ${record.message}${error}`;
  return truncate([neutraliseInline(line), ...notes].join('\n'), BUDGET.minimal);
}

/**
 * One record on one line: level, service, message and fields, nothing from the record able to format.
 * Used for repeats in a thread whose first message carries the full report (and the stack), and for
 * the lines of a message that holds several records.
 * @param prefix ours, not the record's (such as an occurrence count `×37`).
 */
export function renderLine(record: LogRecord, service: string, prefix = ''): string {
  const message = displayedMessage(record);
  const fields = fieldLines(record.fields).join(', ');
  const label = `${levelMarker(record)} ${prefix === '' ? '' : `${prefix} `}*${neutraliseInline(record.level.label.toUpperCase())}*`;
  const rest = neutraliseInline([service, message, fields].filter((part) => part !== '').join(' · '));
  return truncate(`${label} ${rest}`, BUDGET.line);
}

/** The note saying how many records never reached Chat since the last message that did. */
export function undeliveredNotice(undelivered: number): string {
  if (undelivered === 0) return '';
  return `⚠️ ${plural(undelivered, 'earlier record was', 'earlier records were')} not delivered (see the service's stderr).`;
}

/** What a one-line rendering shows as the record's message: its own, or its error's when it has none. */
export function displayedMessage(record: LogRecord): string {
  return record.message !== '' ? record.message : (record.error?.message ?? '');
}

/** The coloured marker of a record's level. */
export function levelMarker(record: LogRecord): string {
  return LEVEL_MARKERS.find(([minimum]) => record.level.value >= minimum)?.[1] ?? '⚪';
}

function renderHeader(record: LogRecord, service: string): string {
  const marker = levelMarker(record);
  const origin = [service, record.hostname].filter((part) => part !== undefined && part !== '').join(' · ');
  const line = `${marker} *${neutraliseInline(record.level.label.toUpperCase())}* · ${neutraliseInline(origin)}`;
  return truncate(line, BUDGET.header);
}

function renderError(error: RecordError, budget: number, projectRoot: string): string {
  const causes: string[] = [];
  for (let cause = error.cause; cause !== undefined; cause = cause.cause) {
    if (error.stack?.includes(cause.message)) continue; // pino already flattened it into the stack
    causes.push(`caused by: ${cause.type}: ${truncate(cause.message, BUDGET.causeMessage)}`);
  }
  const stack =
    error.stack === undefined
      ? `${error.type}: ${error.message}`
      : readableStack(error.stack, projectRoot).map(stackLineText).join('\n');
  const body = [truncateLines(stack, BUDGET.stackLines), ...causes];
  const codeLine = error.code === undefined ? [] : [`code: ${error.code}`];
  const blockOverhead = 2 * FENCE.length + 2;
  return codeBlock(truncate([...codeLine, ...body].join('\n'), Math.max(0, budget - blockOverhead)));
}

/** `key: value` for each field that has a value, the value cut to its budget. */
function fieldLines(fields: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${truncate(stringifyValue(value), BUDGET.fieldValue)}`);
}

function renderFields(fields: Readonly<Record<string, unknown>>): string {
  const all = fieldLines(fields);
  if (all.length === 0) return '';
  const lines: string[] = [];
  let length = 0;
  for (const fieldLine of all.slice(0, RENDER_LIMITS.fields)) {
    const line = truncate(fieldLine, BUDGET.fieldValue * 2);
    if (length + line.length + 1 > BUDGET.fieldLines - OMITTED_FIELDS_RESERVE) break;
    lines.push(line);
    length += line.length + 1;
  }
  if (lines.length < all.length) lines.push(`… [${all.length - lines.length} more fields]`);
  return codeBlock(lines.join('\n'));
}

/** A stack line in a code block: the app's frames marked, the others indented as V8 does. */
function stackLineText(line: StackLine): string {
  if (line.kind === 'text') return line.text;
  return `${line.kind === 'app' ? APP_FRAME_MARK : OTHER_FRAME_INDENT}${line.text}`;
}

function codeBlock(untrusted: string): string {
  return `${FENCE}\n${neutraliseInCodeBlock(untrusted)}\n${FENCE}`;
}
