import type { Clock } from '../src/clock.js';
import type { Coordinator } from '../src/coordination/coordinator.js';
import { ProcessCoordinator } from '../src/process/process-coordinator.js';
import { SharedMemory } from '../src/process/shared-memory.js';

/**
 * Senders that share a process memory of their own, apart from the rest of this test process (whose
 * other tests' senders, and their clocks, would otherwise share budgets and signatures with them).
 */
export function privateProcess(clock?: Clock): () => Coordinator {
  const memory = new SharedMemory();
  return () =>
    new ProcessCoordinator(
      () => memory,
      clock,
      async () => {},
    );
}
