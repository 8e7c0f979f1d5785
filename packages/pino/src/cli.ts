import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { createSender, GchatLogError, SETTINGS, type Sender, type SenderOptions } from '@gchat-log/core';
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

/** Exit status at the end of input when a flag was wrong: the input still passed through. */
const BAD_FLAG_STATUS = 2;

/** The settings given as flags, or what is wrong with them; `--help` and `--version` answer and exit. */
function optionsFromFlags(args: string[]): { options: SenderOptions } | { problem: string } {
  const flags = Object.fromEntries(SETTINGS.map(({ option }) => [kebab(option), { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { ...flags, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
    }));
  } catch (error) {
    return { problem: `gchat-log: ${(error as Error).message}. Run gchat-log --help for the flags.` };
  }
  if (values.help === true) exitWith(helpText(), 0);
  if (values.version === true) exitWith(`${createRequire(import.meta.url)('../package.json').version}\n`, 0);
  const given = SETTINGS.filter(({ option }) => values[kebab(option)] !== undefined);
  return { options: Object.fromEntries(given.map(({ option }) => [option, values[kebab(option)]])) as SenderOptions };
}

function exitWith(text: string, code: number): never {
  (code === 0 ? process.stdout : process.stderr).write(text);
  process.exit(code);
}

/**
 * The sender for the flags and variables. A bad variable is reported by the core and turns it into a
 * no-op; a bad flag is reported here and does too. Either way stdin still passes through, so a typo
 * never cuts the app's output; a bad flag makes the exit status 2 once the input ended.
 */
function senderFor(args: string[]): Sender {
  const flags = optionsFromFlags(args);
  try {
    if ('options' in flags) return createSender(flags.options);
  } catch (error) {
    if (!(error instanceof GchatLogError)) throw error;
    return failedFlags(error.message);
  }
  return failedFlags(flags.problem);
}

function failedFlags(problem: string): Sender {
  process.stderr.write(`${problem} Nothing is sent to Google Chat; stdin still passes through to stdout.\n`);
  process.exitCode = BAD_FLAG_STATUS;
  return createSender({ disabled: true });
}

function main(): void {
  const pipe = runPipeMode(senderFor(process.argv.slice(2)), process.stdin, process.stdout);
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
