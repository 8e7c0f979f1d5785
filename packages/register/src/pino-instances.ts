import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PinoConfig } from '@gchat-log/core';

/** The symbols of one loaded copy of pino that the preload reads (`pino.symbols`). */
interface PinoSymbols {
  readonly streamSym: symbol;
  readonly messageKeySym: symbol;
  readonly errorKeySym: symbol;
}

type PinoInstance = Record<symbol | string, unknown>;

/** pino publishes each record on the `pino_asJson` tracing channel from this version on. */
const FIRST_TRACING_VERSION = [9, 10];

/** Reads what the preload needs of a pino logger, whichever loaded copy of pino made it. */
export class PinoInstances {
  readonly #copies: PinoSymbols[] = [];

  /** Called when a copy of pino loads its symbols; warns once if that pino is too old to be seen. */
  addSymbols(symbols: PinoSymbols, basedir: string | undefined): void {
    this.#copies.push(symbols);
    const version = basedir === undefined ? undefined : versionAt(basedir);
    if (version !== undefined && isOlderThan(version, FIRST_TRACING_VERSION)) {
      process.emitWarning(
        `pino ${version} does not publish its records, so @gchat-log/register cannot send them to Google Chat. Upgrade pino to 9.10 or later, or add the @gchat-log/pino transport.`,
        { code: 'GCHAT_LOG_PINO_TOO_OLD' },
      );
    }
  }

  /**
   * The logger's destination stream (if the logger comes from a known copy of pino), and its message and
   * error keys and level labels, as the transport worker would be told them.
   */
  read(instance: PinoInstance): { stream: unknown; config: PinoConfig } {
    const symbols = this.#symbolsOf(instance);
    const key = (symbol: symbol | undefined, fallback: string) => {
      const value = symbol === undefined ? undefined : instance[symbol];
      return typeof value === 'string' ? value : fallback;
    };
    return {
      stream: symbols === undefined ? undefined : instance[symbols.streamSym],
      config: {
        messageKey: key(symbols?.messageKeySym, 'msg'),
        errorKey: key(symbols?.errorKeySym, 'err'),
        levels: instance.levels as PinoConfig['levels'],
      },
    };
  }

  #symbolsOf(instance: PinoInstance): PinoSymbols | undefined {
    return this.#copies.find((symbols) => instance[symbols.streamSym] !== undefined);
  }
}

function versionAt(basedir: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(basedir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function isOlderThan(version: string, [major, minor]: number[]): boolean {
  const [actualMajor = 0, actualMinor = 0] = version.split('.').map(Number);
  return actualMajor < (major as number) || (actualMajor === major && actualMinor < (minor as number));
}
