import type { LogRecord } from '../record.js';
import { fromPinoLine, PINO_DEFAULT_CONFIG } from './pino-line.js';
import { fromWinstonInfo } from './winston-info.js';

/**
 * Translates a parsed NDJSON log line of either logger: pino's (numeric `level`, `msg`) or winston's
 * `json` format (level name, `message`), as pipe mode reads them.
 */
export function fromJsonLine(line: Record<string, unknown>): LogRecord {
  const fromWinston = typeof line.level === 'string' && 'message' in line && !('msg' in line);
  return fromWinston ? fromWinstonInfo(line) : fromPinoLine(line, PINO_DEFAULT_CONFIG);
}
