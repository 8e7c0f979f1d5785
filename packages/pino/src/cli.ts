import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { createSender, GchatLogError, SETTINGS, type SenderOptions } from '@gchat-log/core';
import { runPipeMode } from './pipe-mode.js';

const USAGE = `Usage: node app.js | gchat-log [--level error] [--service NAME] [--webhook-url URL] ...

Passes every line of stdin through to stdout unchanged and sends the log records among them
(pino's NDJSON, or winston's json format) to Google Chat. On end of input, SIGINT or SIGTERM it
sends what is queued (within the close timeout) and exits.

Every setting is a flag or its environment variable (the flag wins):`;

const kebab = (option: string) => option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function helpText(): string {
  const rows = SETTINGS.map(
    ({ option, env, example }) => `${`  --${kebab(option)} VALUE`.padEnd(38)}${env} (e.g. ${example})`,
  );
  return `${USAGE}\n${rows.join('\n')}\n  --help, --version\n`;
}

/** The settings given as flags; exits with status 2 on an unknown flag. */
function optionsFromFlags(args: string[]): SenderOptions {
  const flags = Object.fromEntries(SETTINGS.map(({ option }) => [kebab(option), { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { ...flags, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
    }));
  } catch (error) {
    return fail(`gchat-log: ${(error as Error).message}. Run gchat-log --help for the flags.`);
  }
  if (values.help === true) exitWith(helpText(), 0);
  if (values.version === true) exitWith(`${createRequire(import.meta.url)('../package.json').version}\n`, 0);
  return Object.fromEntries(
    SETTINGS.filter(({ option }) => values[kebab(option)] !== undefined).map(({ option }) => [
      option,
      values[kebab(option)],
    ]),
  ) as SenderOptions;
}

function exitWith(text: string, code: number): never {
  (code === 0 ? process.stdout : process.stderr).write(text);
  process.exit(code);
}

function fail(message: string): never {
  return exitWith(`${message}\n`, 2);
}

function main(): void {
  const options = optionsFromFlags(process.argv.slice(2));
  let sender: ReturnType<typeof createSender>;
  try {
    sender = createSender(options);
  } catch (error) {
    if (error instanceof GchatLogError) fail(error.message);
    throw error;
  }
  const pipe = runPipeMode(sender, process.stdin, process.stdout);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const code = 128 + (constants.signals[signal] ?? 0);
      process.exitCode = code;
      // A second signal does not wait for the drain.
      process.once(signal, () => process.exit(code));
      pipe.stop();
    });
  }
}

main();
