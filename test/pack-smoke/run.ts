/**
 * Pack smoke test: packs every package as it would be published, lints the packages (publint) and
 * their types for ESM and CJS consumers (attw), installs the tarballs into fresh projects next to the
 * latest pino 9, pino 10 and winston 3 from the registry, and on Node.js 20 (this one), 22 and 24
 * (binary packages from the npm registry) runs: an ESM and a CJS app that must each deliver one record
 * per logger, an unchanged app under `--import @gchat-log/register`, and the `gchat-log` pipe.
 * This is what catches a broken `exports` map, a dependency that only resolves inside the workspace,
 * or a Node.js or logger version the packages do not work with.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningFakeChat, startFakeChat } from '../fake-chat/server.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const packages = ['core', 'pino', 'winston', 'register', 'redis'];
/** Logger versions the packages must work with: the newest of each supported major. */
const LOGGER_SETS = { 'pino 9': ['pino@9', 'winston@3'], 'pino 10': ['pino@10', 'winston@3'] };
const OTHER_NODE_MAJORS = ['22', '24'];

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

function npmInstall(dir: string, specs: string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pack-smoke-app', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir);
}

function installedVersion(appDir: string, name: string): string {
  return JSON.parse(readFileSync(join(appDir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

interface NodeRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runNode(node: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<NodeRun> {
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd, env, stdio: 'pipe', timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(input);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The Node.js binaries to run the apps with: this one, and the newest 22 and 24 from the registry. */
function nodeBinaries(workDir: string): Record<string, string> {
  const binaries: Record<string, string> = { [process.version]: process.execPath };
  for (const major of OTHER_NODE_MAJORS) {
    const dir = join(workDir, `node${major}`);
    npmInstall(dir, [`node-${process.platform}-${process.arch}@${major}`]);
    const binary = join(dir, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
    binaries[execFileSync(binary, ['--version']).toString().trim()] = binary;
  }
  return binaries;
}

/** One check: a command, the space it posts to, and the phrases Chat must receive. */
interface Check {
  readonly name: string;
  readonly args: string[];
  readonly expected: string[];
  readonly input?: string;
  readonly stdout?: string;
}

function checksFor(space: string): Check[] {
  const line = JSON.stringify({ level: 50, time: 0, msg: `sent from ${space} through the pipe` });
  return [
    { name: 'ESM app', args: ['smoke-app.mjs'], expected: ['from ESM through pino', 'from ESM through winston'] },
    { name: 'CJS app', args: ['smoke-app.cjs'], expected: ['from CJS through pino', 'from CJS through winston'] },
    {
      name: 'preload',
      args: ['--import', '@gchat-log/register', 'register-app.mjs'],
      expected: [`from ${space} through the preload and pino`, `from ${space} through the preload and winston`],
    },
    {
      name: 'pipe mode',
      args: ['node_modules/.bin/gchat-log'],
      input: `not json\n${line}\n`,
      stdout: `not json\n${line}\n`,
      expected: [`from ${space} through the pipe`],
    },
  ];
}

const CHECK_COUNT = checksFor('').length;

async function runCheck(check: Check, node: string, appDir: string, fake: RunningFakeChat, space: string) {
  const env = { ...process.env, GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl(space), SPACE: space };
  const result = await runNode(node, check.args, appDir, env, check.input);
  const texts = fake.chat.messagesIn(space).map((message) => message.text ?? '');
  const missing = check.expected.filter((phrase) => !texts.some((text) => text.includes(phrase)));
  const ok =
    result.status === 0 &&
    result.stderr === '' &&
    missing.length === 0 &&
    texts.length === check.expected.length &&
    (check.stdout === undefined || result.stdout === check.stdout);
  return ok
    ? undefined
    : `exit ${result.status}, stderr ${JSON.stringify(result.stderr)}, missing ${JSON.stringify(missing)}, ${texts.length} messages`;
}

const workDir = mkdtempSync(join(tmpdir(), 'gchat-log-pack-'));
const failures: string[] = [];
try {
  const tarballDir = join(workDir, 'tarballs');
  for (const name of packages) {
    const packageDir = join(repoRoot, 'packages', name);
    run(join(repoRoot, 'node_modules/.bin/publint'), ['--strict'], packageDir);
    run('pnpm', ['pack', '--pack-destination', tarballDir], packageDir);
  }
  const tarballs = readdirSync(tarballDir).map((file) => join(tarballDir, file));
  for (const tarball of tarballs)
    run(join(repoRoot, 'node_modules/.bin/attw'), [tarball, '--profile', 'node16'], repoRoot);

  const binaries = nodeBinaries(workDir);
  const fake = await startFakeChat();
  try {
    for (const [loggers, specs] of Object.entries(LOGGER_SETS)) {
      const appDir = join(workDir, loggers.replace(' ', ''));
      npmInstall(appDir, [...tarballs, ...specs]);
      const installed = ['pino', 'winston'].map((name) => `${name} ${installedVersion(appDir, name)}`).join(', ');
      console.log(`pack smoke: ${loggers} app installed ${installed}`);
      for (const file of ['smoke-app.mjs', 'smoke-app.cjs', 'register-app.mjs'])
        copyFileSync(join(here, file), join(appDir, file));
      for (const [version, node] of Object.entries(binaries)) {
        for (let index = 0; index < CHECK_COUNT; index += 1) {
          // Each check posts to a space of its own, named after it.
          const space = `${version}-${loggers}-${index}`.replace(/[^A-Za-z0-9]/g, '_');
          const check = checksFor(space)[index] as Check;
          const failure = await runCheck(check, node, appDir, fake, space);
          const label = `Node.js ${version}, ${loggers}, ${check.name}`;
          if (failure === undefined) console.log(`pack smoke: ${label}: delivered`);
          else failures.push(`${label}: ${failure}`);
        }
      }
    }
  } finally {
    await fake.close();
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`pack smoke test failed:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(
  'pack smoke test passed: every consumer delivered through the packed tarballs on every Node.js and logger version',
);
