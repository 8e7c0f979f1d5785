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
 * instead of meeting it late. Nothing here blocks, and the channel never keeps a process alive.
 */
const KEY = `gchat-log.process-memory.v${LAYOUT_VERSION}`;
const THREAD_STATE = Symbol.for(KEY);

interface ThreadState {
  memory: SharedMemory;
  /** Held here: an unreferenced channel is garbage-collected, and then hears nothing. */
  channel?: BroadcastChannel;
}

/** The memory this thread shares with the rest of the process. */
export function processMemory(): SharedMemory {
  return threadState().memory;
}

function threadState(): ThreadState {
  const holder = globalThis as { [THREAD_STATE]?: ThreadState };
  if (holder[THREAD_STATE] !== undefined) return holder[THREAD_STATE];
  const inherited = getEnvironmentData(KEY);
  const state: ThreadState = { memory: new SharedMemory(SharedMemory.fits(inherited) ? inherited : undefined) };
  holder[THREAD_STATE] = state;
  setEnvironmentData(KEY, state.memory.buffer);
  listen(state);
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
