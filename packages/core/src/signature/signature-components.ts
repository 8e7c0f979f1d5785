import { readSafely } from '../bounds/read-safely.js';
import type { LogRecord, RecordError } from '../record.js';
import { type ChainLink, errorChain } from './error-chain.js';
import { normalisedLines, normaliseMessage } from './normalise-message.js';
import { packageOf, type StackFrame } from './stack-frames.js';

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
