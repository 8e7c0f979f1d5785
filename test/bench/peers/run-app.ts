import { startChildApp } from '../../e2e/child-app.js';

/** What the app printed about itself at exit. */
export interface AppFigures {
  readonly peakRssMb: number;
  /** From start until every record was handed to the logger. */
  readonly loggedMs: number;
  readonly eventLoopDelayP99Ms: number;
}

/** How a bench app's run ended. */
export interface AppRun {
  /** `no`, `crashed (exit N)`, or `did not exit (killed)`. */
  readonly crashed: string;
  readonly wallMs: number;
  readonly figures: AppFigures | undefined;
}

const APP = new URL('peer-app.mjs', import.meta.url);

/**
 * Runs the bench app with `env`. `whileRunning` may wait for something (and then ask the app to stop
 * over IPC); the app then has `graceMs` to exit before it is killed.
 */
export async function runApp(
  env: Record<string, string>,
  graceMs: number,
  whileRunning: (exited: () => boolean) => Promise<void> = async () => {},
): Promise<AppRun> {
  const started = Date.now();
  const app = startChildApp(APP, env);
  let exitedAt: number | undefined;
  const done = app.done.then((result) => {
    exitedAt = Date.now();
    return result;
  });
  await whileRunning(() => exitedAt !== undefined);
  if (exitedAt === undefined && app.process.connected) app.process.send('stop');
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    app.process.kill('SIGKILL');
  }, graceMs);
  const result = await done;
  clearTimeout(killer);
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('BENCH-FIGURES '));
  return {
    crashed: killed ? 'did not exit (killed)' : result.code === 0 ? 'no' : `crashed (exit ${result.code})`,
    wallMs: (exitedAt ?? Date.now()) - started,
    figures: line === undefined ? undefined : JSON.parse(line.slice('BENCH-FIGURES '.length)),
  };
}
