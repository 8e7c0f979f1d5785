import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The end of a child process run. */
export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running fixture app. */
export interface RunningChild {
  readonly process: ChildProcess;
  readonly done: Promise<ChildResult>;
}

/**
 * Starts `fixtures/{name}` of this folder (or the script at a file URL) in a child Node.js process with only the given variables added to a clean
 * environment (no inherited GCHAT_LOG_*), with an IPC channel for tests that tell it when to stop;
 * `nodeArgs` go to node before the script (`--import …`).
 */
export function startChildApp(name: string | URL, env: Record<string, string>, nodeArgs: string[] = []): RunningChild {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GCHAT_LOG_')));
  const script = typeof name === 'string' ? new URL(`fixtures/${name}`, import.meta.url) : name;
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(script)], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<ChildResult>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { process: child, done };
}

/** Runs a fixture app to its end. */
export function runChildApp(name: string, env: Record<string, string>): Promise<ChildResult> {
  return startChildApp(name, env).done;
}
