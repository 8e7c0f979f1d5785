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
  else void whenMemorySettled().then(sayIfFirst);
}
