import { readSafely } from '../bounds/read-safely.js';
import type { LogRecord, RecordError } from '../record.js';
import { CAUSED_BY_TEXT, type ChainLink, errorChain } from './error-chain.js';
import { normalisedLines, normaliseMessage } from './normalise-message.js';
import { packageOf, parseStackFrames, type StackFrame } from './stack-frames.js';

const IN_APP_FRAMES = 5;
const LIBRARY_FRAMES = 3;
const MESSAGE_LINES = 2;
const DEFAULT_PLACEHOLDER = '{{ default }}';
/** What of a `fingerprint` field counts: its first parts, each cut (the key is a hash of them). */
const MAX_FINGERPRINT_PARTS = 20;
const MAX_FINGERPRINT_PART_LENGTH = 500;

/**
 * What identifies a record's problem, before hashing: for each error of the cause chain its type,
 * system code and top in-app frames (or, without in-app frames, its top library frames and normalised
 * message); for a record without an error, its normalised message. A `fingerprint` field (strings, with
 * `{{ default }}` standing for the computed components) replaces or extends them.
 */
export function signatureComponents(record: LogRecord, projectRoot: string): string[] {
  const computed =
    record.error === undefined
      ? ['message', normalisedLines(record.message, MESSAGE_LINES)]
      : errorComponents(record.error, projectRoot);
  const parts = fingerprintParts(readSafely(record.fields, 'fingerprint'));
  if (parts === undefined) return computed;
  return [
    'fingerprint',
    ...parts.flatMap((part: string) =>
      part === DEFAULT_PLACEHOLDER ? computed : [part.slice(0, MAX_FINGERPRINT_PART_LENGTH)],
    ),
  ];
}

/** A throw site whose frames alone, with the error's type and code, make a record's signature. */
export interface ThrowSite {
  /** The parsed frames, the same array for every stack with these frame lines (see parseStackFrames). */
  readonly frames: readonly StackFrame[];
  /** What else the signature depends on: the error's type and code. */
  readonly type: string;
  readonly code: string | undefined;
}

/**
 * The throw site a record's signature depends on alone, when it does (the common case): an error
 * without causes or children whose stack has in-app frames, and no `fingerprint` field. Its
 * {@link signatureComponents} are then its type, code and top in-app frames whatever its message, so
 * what is derived from them once (a thread key) stands for every record of the site.
 */
export function throwSiteOf(record: LogRecord, projectRoot: string): ThrowSite | undefined {
  const { error } = record;
  if (error?.stack === undefined || error.cause !== undefined || (error.children?.length ?? 0) > 0) return undefined;
  if (error.stack.includes(CAUSED_BY_TEXT) || readSafely(record.fields, 'fingerprint') !== undefined) return undefined;
  const frames = parseStackFrames(error.stack, projectRoot);
  if (frameComponents(frames).inApp.length === 0) return undefined;
  return { frames, type: error.type, code: error.code };
}

/** The first parts of a `fingerprint` field when it is a list of strings; `undefined` for anything else, a hostile array included. */
function fingerprintParts(fingerprint: unknown): string[] | undefined {
  try {
    if (!Array.isArray(fingerprint)) return undefined;
    const parts: unknown[] = fingerprint.slice(0, MAX_FINGERPRINT_PARTS);
    return parts.every((part) => typeof part === 'string') ? (parts as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function errorComponents(error: RecordError, projectRoot: string): string[] {
  const children = error.children ?? [];
  if (children.length > 0) {
    // AggregateError: its distinct children, in any order; one distinct child stands for the whole.
    const distinct = [...new Set(children.map((child) => errorComponents(child, projectRoot).join('\u0001')))].sort();
    return distinct.length === 1 ? (distinct[0] ?? '').split('\u0001') : ['aggregate', ...distinct];
  }
  return errorChain(error, projectRoot).flatMap(linkComponents);
}

function linkComponents(link: ChainLink): string[] {
  const identity = [`type:${link.name}`, ...(link.code === undefined ? [] : [`code:${link.code}`])];
  if (!link.hasStack) return [...identity, `message:${normalisedLines(link.message, MESSAGE_LINES)}`];
  const { inApp, library } = frameComponents(link.frames);
  if (inApp.length > 0) return [...identity, ...inApp];
  return [...identity, ...library, `message:${normaliseMessage(link.message)}`];
}

/** The frames' part of a signature, kept per parsed stack (one throw site is parsed once, see parseStackFrames). */
const componentsOfFrames = new WeakMap<readonly StackFrame[], { inApp: string[]; library: string[] }>();

/** The top in-app frames as `file:function`, and the top library frames as `package:function`. */
function frameComponents(frames: readonly StackFrame[]): { inApp: string[]; library: string[] } {
  let components = componentsOfFrames.get(frames);
  if (components === undefined) {
    const inApp = collapseRepeats(
      frames.filter((frame) => frame.inApp).map((frame) => `${frame.file}:${frame.functionName}`),
    );
    const library = collapseRepeats(frames.map((frame) => `${packageOf(frame.file)}:${frame.functionName}`));
    components = { inApp: inApp.slice(0, IN_APP_FRAMES), library: library.slice(0, LIBRARY_FRAMES) };
    componentsOfFrames.set(frames, components);
  }
  return components;
}

/** Consecutive duplicates (recursion) count once. */
function collapseRepeats(frames: string[]): string[] {
  return frames.filter((frame, index) => frame !== frames[index - 1]);
}
