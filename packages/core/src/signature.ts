import { createHash } from 'node:crypto';
import type { LogRecord } from './record.js';
import { parseStackFrames } from './stack-frames.js';

const SIGNATURE_VERSION = 'v1';

/**
 * The Chat `threadKey` for a record: `err-v1-` followed by 22 base64url characters of a SHA-256
 * over the service name and the record's signature, so every repeat of one problem, from any host or
 * process, replies in the same thread.
 *
 * The signature here is deliberately simple: the error type plus the first in-app stack frame
 * (`relative/path:function`, no line or column); without an error, the message's first line with
 * numbers replaced.
 */
export function threadKeyFor(record: LogRecord, service: string, projectRoot: string): string {
  const components = [SIGNATURE_VERSION, service, ...signatureComponents(record, projectRoot)];
  const digest = createHash('sha256').update(components.join('\u0000')).digest('base64url');
  return `err-${SIGNATURE_VERSION}-${digest.slice(0, 22)}`;
}

function signatureComponents(record: LogRecord, projectRoot: string): string[] {
  const error = record.error;
  if (error === undefined) return ['message', firstLineWithoutNumbers(record.message)];
  const firstInAppFrame = parseStackFrames(error.stack ?? '', projectRoot).find((frame) => frame.inApp);
  if (firstInAppFrame === undefined) return ['error', error.type, firstLineWithoutNumbers(error.message)];
  return ['error', error.type, `${firstInAppFrame.file}:${firstInAppFrame.functionName}`];
}

function firstLineWithoutNumbers(text: string): string {
  return (text.split('\n', 1)[0] ?? '').replace(/\d+(?:\.\d+)?/g, '<n>').trim();
}
