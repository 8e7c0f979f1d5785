import { processMemory } from './process-memory.js';

/**
 * `true` the first time `what` is asked about in this process, `false` after: in whatever thread or
 * module copy of gchat-log it is asked (the process's shared memory keeps a hash of it), so that a bad
 * variable read by pino's worker transport and by a winston transport is reported once.
 */
export function firstTimeInProcess(what: string): boolean {
  return processMemory().firstTime(what);
}
