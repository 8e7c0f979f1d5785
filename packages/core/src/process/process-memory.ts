import { BroadcastChannel, getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { LAYOUT_VERSION, SharedMemory } from './shared-memory.js';

/**
 * How the threads of a process come to share one {@link SharedMemory}:
 * - every module copy of one thread finds it on `globalThis` under a `Symbol.for` key;
 * - a worker started after it exists inherits it synchronously through `setEnvironmentData` (pino's
 *   transport worker, when the app loaded gchat-log first, as an ESM import or the preload does);
 * - threads that made their own memory before they could inherit one announce it on a
 *   `BroadcastChannel`: the younger memory is copied into the older one, and its thread switches to it,
 *   within one turn of each event loop. Until then each thread keeps to its own memory, which is what
 *   a thread does anyway when the other side cannot be reached: it decides alone.
 * The memory is made when gchat-log is loaded, not when a sender first needs it: an app imports its
 * loggers before it calls `pino.transport()`, so pino's worker, spawned then, inherits the memory
 * instead of meeting it late. A memory that was not inherited is unsettled for its first
 * {@link SETTLE_MS}: senders that would decide who reports, take a request slot or report a
 * configuration problem wait (asynchronously) until then, so that threads started at the same moment do
 * not decide apart. (Not until the first message: in a meeting of three, the first one heard may come
 * from a younger memory than the one all will keep.) Nothing here blocks, and the channel never keeps a
 * process alive.
 */
const KEY = `gchat-log.process-memory.v${LAYOUT_VERSION}`;
/** How long a memory that was not inherited waits to meet the other threads' before it decides alone. */
export const SETTLE_MS = 200;
const THREAD_STATE = Symbol.for(KEY);

interface ThreadState {
  memory: SharedMemory;
  /** Resolves once the memory was inherited, met another thread's, or waited {@link SETTLE_MS}. */
  readonly settled: Promise<void>;
  /** Settles it now. */
  settle: () => void;
  isSettled: boolean;
  /** Settles it by time, when it was not inherited. */
  timer?: NodeJS.Timeout;
  /** Held here: an unreferenced channel is garbage-collected, and then hears nothing. */
  channel?: BroadcastChannel;
}

/** Who is told when this thread's memory was merged into an older one (senders whose answers may be wrong). */
const MERGE_LISTENERS = Symbol.for(`${KEY}.merge-listeners`);

/** Calls `listener` whenever this thread adopts another thread's memory; returns a function that stops it. */
export function onMemoryMerged(listener: () => void): () => void {
  const holder = globalThis as { [MERGE_LISTENERS]?: Set<() => void> };
  holder[MERGE_LISTENERS] ??= new Set();
  const listeners = holder[MERGE_LISTENERS];
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notifyMerged(): void {
  for (const listener of (globalThis as { [MERGE_LISTENERS]?: Set<() => void> })[MERGE_LISTENERS] ?? []) {
    try {
      listener();
    } catch {
      // A listener's fault stays its own.
    }
  }
}

/** The memory this thread shares with the rest of the process. */
export function processMemory(): SharedMemory {
  return threadState().memory;
}

/**
 * Resolves once this thread's memory is settled (at once when it was inherited, or has settled). While
 * something waits for it, the thread is kept alive until then: a sender closing meanwhile still decides.
 */
export function whenMemorySettled(): Promise<void> {
  const state = threadState();
  if (!state.isSettled) state.timer?.ref();
  return state.settled;
}

/** Whether this thread's memory is settled now. */
export function isMemorySettled(): boolean {
  return threadState().isSettled;
}

function threadState(): ThreadState {
  const holder = globalThis as { [THREAD_STATE]?: ThreadState };
  if (holder[THREAD_STATE] !== undefined) return holder[THREAD_STATE];
  const inherited = getEnvironmentData(KEY);
  const memory = new SharedMemory(SharedMemory.fits(inherited) ? inherited : undefined);
  let settle = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const state: ThreadState = { memory, settled, isSettled: false, settle: () => {} };
  state.settle = () => {
    state.isSettled = true;
    settle();
  };
  holder[THREAD_STATE] = state;
  setEnvironmentData(KEY, memory.buffer);
  listen(state);
  if (SharedMemory.fits(inherited)) state.settle();
  else {
    // After the timer, one more turn: a message that arrived meanwhile is read before deciding alone.
    // It keeps the thread alive only once something waits for it (see whenMemorySettled).
    state.timer = setTimeout(() => setImmediate(state.settle), SETTLE_MS);
    state.timer.unref();
  }
  return state;
}

/** Announces this thread's memory and adopts an older one another thread announces. */
function listen(state: ThreadState): void {
  let channel: BroadcastChannel;
  try {
    channel = new BroadcastChannel(KEY);
  } catch {
    return; // no channel (an unusual runtime): threads that did not inherit the memory decide alone
  }
  channel.unref();
  state.channel = channel;
  channel.onmessage = (event) => {
    try {
      const buffer = (event as MessageEvent).data;
      if (!SharedMemory.fits(buffer)) return;
      const announced = new SharedMemory(buffer);
      if (announced.isSameAs(state.memory)) return;
      if (announced.isOlderThan(state.memory)) {
        state.memory.copyInto(announced, Date.now());
        state.memory = announced;
        setEnvironmentData(KEY, announced.buffer);
        notifyMerged();
      }
      // Either way the older memory is announced again, for threads that still hold a younger one.
      channel.postMessage(state.memory.buffer);
    } catch {
      // A handler of ours must never become the thread's uncaught exception: this thread keeps its memory.
    }
  };
  channel.postMessage(state.memory.buffer);
}

// Made at load (see above): a worker spawned after this inherits the memory through its environment.
threadState();
