import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fromJsonLine, type LogRecord, type Sender } from '@gchat-log/core';

/** A running pipe: `done` settles once the input ended (or `stop()` was called) and the sender closed. */
export interface PipeMode {
  readonly done: Promise<void>;
  /** Stops reading (a signal arrived): lines already read are still sent, within the close deadline. */
  stop(): void;
}

/**
 * Copies `input` to `output` byte for byte and hands every NDJSON log line (pino's, or winston's `json`
 * format) to the sender; lines that are not JSON objects pass through and are otherwise ignored.
 */
export function runPipeMode(sender: Sender, input: Readable, output: Writable): PipeMode {
  // A closed output (`| head`) must not stop the records from reaching Chat.
  output.on('error', () => {});
  input.pipe(output, { end: false });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    const record = recordOfLine(line);
    if (record !== undefined) sender.log(record);
  });
  const done = once(lines, 'close').then(() => sender.close());
  return {
    done,
    stop() {
      input.unpipe(output);
      lines.close();
      input.destroy();
    },
  };
}

function recordOfLine(line: string): LogRecord | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? fromJsonLine(parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
