/**
 * What this process has already said once, shared by every copy of gchat-log loaded in it (ESM and
 * CommonJS builds, several versions): `Symbol.for` keys reach them all through `globalThis`.
 */
const SAID = Symbol.for('gchat-log.said-once');

/** `true` the first time `what` is asked about in this thread of the process, `false` after. */
export function firstTimeInProcess(what: string): boolean {
  const state = globalThis as { [SAID]?: Set<string> };
  state[SAID] ??= new Set();
  if (state[SAID].has(what)) return false;
  state[SAID].add(what);
  return true;
}
