import type { ConfigurationProblem } from '../config/resolve-config.js';
import { everythingSaid } from '../process/once-per-process.js';
import { emptyStats } from '../stats.js';
import type { Sender } from './sender.js';

/** The sender without a webhook (none configured, disabled, or a bad variable): counts what it ignores. */
export function createNoopSender(configurationProblems: readonly ConfigurationProblem[]): Sender {
  const stats = emptyStats();
  return {
    enabled: false,
    maskedUrl: undefined,
    configurationProblems,
    log() {
      stats.received += 1;
      stats.filtered += 1;
    },
    countIfBelowLevel() {
      stats.received += 1;
      stats.filtered += 1;
      return true;
    },
    // What is to be said of its configuration is said before it is closed (see everythingSaid).
    flush: () => everythingSaid(),
    close: () => everythingSaid(),
    stats: () => ({ ...stats }),
  };
}
