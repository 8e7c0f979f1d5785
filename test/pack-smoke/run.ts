/**
 * Pack smoke test: packs every package as it would be published, installs the tarballs into a fresh
 * project next to real pino and winston, checks the types resolve for ESM and CJS consumers, and runs
 * an ESM and a CJS app that must each deliver one record per logger to the fake Chat.
 * This is what catches a broken `exports` map or a dependency that only resolves inside the workspace.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeChat } from '../fake-chat/server.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const packages = ['core', 'pino', 'winston'];

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function runNode(
  file: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd, env, stdio: ['ignore', 'inherit', 'pipe'], timeout: 30_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const workDir = mkdtempSync(join(tmpdir(), 'gchat-log-pack-'));
const failures: string[] = [];
try {
  const tarballDir = join(workDir, 'tarballs');
  for (const name of packages)
    run('pnpm', ['pack', '--pack-destination', tarballDir], join(repoRoot, 'packages', name));
  const tarballs = readdirSync(tarballDir).map((file) => join(tarballDir, file));

  for (const tarball of tarballs)
    run(join(repoRoot, 'node_modules/.bin/attw'), [tarball, '--profile', 'node16'], repoRoot);

  const appDir = join(workDir, 'app');
  run('mkdir', ['-p', appDir], workDir);
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'pack-smoke-app', private: true }));
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...tarballs,
      `pino@${installedVersion('pino')}`,
      `winston@${installedVersion('winston')}`,
    ],
    appDir,
  );
  for (const file of ['smoke-app.mjs', 'smoke-app.cjs']) copyFileSync(join(here, file), join(appDir, file));

  const fake = await startFakeChat();
  try {
    for (const [file, space] of [
      ['smoke-app.mjs', 'ESM'],
      ['smoke-app.cjs', 'CJS'],
    ] as const) {
      // Asynchronous: the fake Chat answers from this process's event loop.
      const child = await runNode(file, appDir, { ...process.env, GCHAT_LOG_WEBHOOK_URL: fake.webhookUrl(space) });
      const texts = fake.chat.messagesIn(space).map((message) => message.text ?? '');
      const expected = [`sent from ${space} through pino`, `sent from ${space} through winston`];
      const missing = expected.filter((phrase) => !texts.some((text) => text.includes(phrase)));
      if (child.status !== 0 || child.stderr !== '' || missing.length > 0 || texts.length !== 2) {
        failures.push(
          `${file}: exit ${child.status}, stderr ${JSON.stringify(child.stderr)}, missing ${JSON.stringify(missing)}, ${texts.length} messages`,
        );
      } else {
        console.log(`pack smoke: ${file} delivered ${texts.length} messages (pino worker + winston)`);
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
console.log('pack smoke test passed: ESM and CJS consumers delivered through the packed tarballs');
