import { maskSecrets } from './secrets.js';

/** Reports delivery trouble without ever going back through the logger (which could loop). */
export interface Diagnostics {
  /** Prints `message` the first time `problem` is reported; later reports of it are only counted. */
  report(problem: string, message: string): void;
}

/** Diagnostics that write one masked line per distinct problem. */
export function createDiagnostics(writeLine: (line: string) => void): Diagnostics {
  const reported = new Set<string>();
  return {
    report(problem, message) {
      if (reported.has(problem)) return;
      reported.add(problem);
      try {
        writeLine(maskSecrets(message));
      } catch {
        // A broken stderr must not break logging.
      }
    },
  };
}

/** Writes to the process's stderr. */
export function writeToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
