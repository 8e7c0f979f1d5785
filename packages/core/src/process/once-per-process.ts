import { isMemorySettled, processMemory, whenMemorySettled } from './process-memory.js';

/**
 * Calls `say` if `what` was not said yet in this process, in whatever thread or module copy of
 * gchat-log (the process's shared memory keeps a hash of it), so that a bad variable read by pino's
 * worker transport and by a winston transport is reported once. At once when this thread's memory is
 * settled; else once it is (within 200 ms), so that two threads that have not met yet do not
 * both say it.
 */
export function sayOnceInProcess(what: string, say: () => void): void {
  const sayIfFirst = () => {
    if (processMemory().firstTime(what)) say();
  };
  if (isMemorySettled()) sayIfFirst();
  else pending.add(whenMemorySettled().then(sayIfFirst));
}

/** What this module copy of this thread is still to say, once its memory settles. */
const pending = new Set<Promise<void>>();

/**
 * Resolves once everything this thread was to say once is said (at most the settling time): a sender
 * that closes waits for it, so that a thread ending at once still reports its bad configuration.
 */
export function everythingSaid(): Promise<void> {
  return Promise.all(pending).then(() => pending.clear());
}
