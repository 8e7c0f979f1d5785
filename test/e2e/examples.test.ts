import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `tsx examples/run.ts NAME` as `pnpm example:NAME` does (after the build). */
function runExample(name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('node_modules/.bin/tsx', ['examples/run.ts', name], { cwd: repoRoot, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('every example runs with one command against the fake Chat', () => {
  it.each([
    ['pino-and-winston', 'payment failed'],
    ['pino-http', 'request errored'],
    ['winston', 'invoice failed'],
    ['preload', 'stock check failed'],
    ['pipe', 'mail not sent'],
  ])('%s', async (name, sentText) => {
    const { code, output } = await runExample(name);

    expect(code, output).toBe(0);
    expect(output).toMatch(/The space received [1-9]\d* messages/);
    expect(output.slice(output.indexOf('The space received'))).toContain(sentText);
    expect(output).toContain('429s: 0');
  });
});
