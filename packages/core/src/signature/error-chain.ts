import type { RecordError } from '../record.js';
import { parseStackFrames, type StackFrame } from './stack-frames.js';

/** One error of a cause chain, as the signature sees it. */
export interface ChainLink {
  /** `TypeError`; for causes, the name their stack shows (the only one pino keeps). */
  readonly name: string;
  /** The error's own message, first line (without its causes' messages, which pino appends). */
  readonly message: string;
  /** A system-like code: `err.code` of the outermost error, or an `E…`/`ERR_…` token in a cause's message. */
  readonly code: string | undefined;
  readonly frames: readonly StackFrame[];
  /** Whether the error had a stack at all. */
  readonly hasStack: boolean;
}

const MAX_CHAIN_LENGTH = 6; // the error and up to five causes
/** How pino flattens an error's causes into its stack. */
export const CAUSED_BY_TEXT = '\ncaused by: ';
const CAUSED_BY = /\ncaused by: /;
const SYSTEM_CODE = /^[A-Z][A-Z0-9_]{2,}$/;
const CODE_IN_MESSAGE = /\b(E[A-Z]{3,}|ERR_[A-Z0-9_]+)\b/;
const STACK_HEADING = /^([A-Za-z_$][\w$.]*)(?::\s?(.*))?$/;

/**
 * The error and its causes, alike whether they come as a live `Error` with `.cause` objects or as pino's
 * serialised error, whose causes are flattened into the stack as `caused by:` sections (and whose
 * nested `code`s are lost, hence codes of causes are read from their messages in both forms).
 */
export function errorChain(error: RecordError, projectRoot: string): ChainLink[] {
  const stack = error.stack ?? '';
  // Most stacks have no flattened cause: no split for them.
  const sections = stack.includes(CAUSED_BY_TEXT) ? stack.split(CAUSED_BY) : [stack];
  const [outerStack = '', ...flattenedCauses] = sections;
  const links: ChainLink[] = [outerLink(error, outerStack, projectRoot)];
  for (const section of flattenedCauses) links.push(causeLink(section, undefined, projectRoot));
  for (let cause = error.cause; cause !== undefined && flattenedCauses.length === 0; cause = cause.cause) {
    links.push(causeLink(cause.stack ?? '', cause, projectRoot));
  }
  return links.slice(0, MAX_CHAIN_LENGTH);
}

function outerLink(error: RecordError, stack: string, projectRoot: string): ChainLink {
  const heading = STACK_HEADING.exec(stack.split('\n', 1)[0] ?? '');
  const code = error.code !== undefined && SYSTEM_CODE.test(error.code) ? error.code : undefined;
  return {
    name: error.type,
    message: heading?.[2] ?? firstLine(error.message),
    code,
    frames: parseStackFrames(stack, projectRoot),
    hasStack: stack !== '',
  };
}

function causeLink(stack: string, cause: RecordError | undefined, projectRoot: string): ChainLink {
  const heading = STACK_HEADING.exec(stack.split('\n', 1)[0] ?? '');
  const message = heading?.[2] ?? firstLine(cause?.message ?? '');
  return {
    name: heading?.[1] ?? cause?.type ?? 'Error',
    message,
    code: CODE_IN_MESSAGE.exec(message)?.[1],
    frames: parseStackFrames(stack, projectRoot),
    hasStack: stack !== '',
  };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
