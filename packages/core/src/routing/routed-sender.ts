import { boundedRecord } from '../bounds/bounded-record.js';
import type { ConfigurationProblem } from '../config/resolve-config.js';
import type { LogRecord } from '../record.js';
import type { Sender } from '../sender/sender.js';
import { emptyStats, type SenderStats } from '../stats.js';
import { type RouteFilter, routeTakes } from './route-matcher.js';

/** A route's filter and the sender of its space. */
export interface Route {
  readonly filter: RouteFilter;
  readonly sender: Sender;
}

/** Delivery counters: summed over the routes' senders. */
const SUMMED_COUNTERS = [
  'queued',
  'sent',
  'digested',
  'countedByFleet',
  'failed',
  'dropped',
  'fleetOccurrencesUnshown',
  'messages',
  'requests',
  'retries',
] as const;

/**
 * Hands each record to every route that takes it, or to the fallback sender (the top-level webhook)
 * when none does. `received` and `filtered` count records once; the delivery counters are summed over
 * the spaces, so a record routed to two spaces is counted in each.
 */
export class RoutedSender implements Sender {
  readonly enabled = true;
  readonly maskedUrl: string;
  /** Least severe level any route (or the fallback) takes. */
  readonly #minLevel: number;
  readonly #routes: readonly Route[];
  readonly #fallback: Sender | undefined;
  readonly #fallbackMinLevel: number;
  #received = 0;
  #filtered = 0;

  constructor(
    routes: readonly Route[],
    fallback: { sender: Sender; minLevel: number } | undefined,
    readonly configurationProblems: readonly ConfigurationProblem[] = [],
  ) {
    this.#routes = routes;
    this.#fallback = fallback?.sender;
    this.#fallbackMinLevel = fallback?.minLevel ?? Number.POSITIVE_INFINITY;
    this.maskedUrl = this.#senders()
      .map((sender) => sender.maskedUrl)
      .join(', ');
    this.#minLevel = Math.min(this.#fallbackMinLevel, ...routes.map((route) => route.filter.minLevel));
  }

  log(record: LogRecord): void {
    this.#received += 1;
    // Bounded once here; the routes' senders find it bounded already. A record too broken to be bounded
    // goes on as it is: the sender that takes it counts and reports it.
    const bounded = boundedOrAsIs(record);
    let taken = false;
    for (const route of this.#routes) {
      if (takes(route.filter, bounded)) {
        route.sender.log(bounded);
        taken = true;
      }
    }
    if (
      !taken &&
      this.#fallback !== undefined &&
      (!isLevelled(bounded) || bounded.level.value >= this.#fallbackMinLevel)
    ) {
      this.#fallback.log(bounded);
      taken = true;
    }
    if (!taken) this.#filtered += 1;
  }

  countIfBelowLevel(severity: number): boolean {
    if (severity >= this.#minLevel) return false;
    this.#received += 1;
    this.#filtered += 1;
    return true;
  }

  async flush(): Promise<void> {
    await Promise.all(this.#senders().map((sender) => sender.flush()));
  }

  async close(): Promise<void> {
    await Promise.all(this.#senders().map((sender) => sender.close()));
  }

  stats(): SenderStats {
    const total = { ...emptyStats(), received: this.#received, filtered: this.#filtered };
    for (const stats of this.#senders().map((sender) => sender.stats())) {
      for (const counter of SUMMED_COUNTERS) total[counter] += stats[counter];
    }
    return total;
  }

  #senders(): Sender[] {
    const senders = this.#routes.map((route) => route.sender);
    return this.#fallback === undefined ? senders : [...senders, this.#fallback];
  }
}

function boundedOrAsIs(record: LogRecord): LogRecord {
  try {
    return boundedRecord(record);
  } catch {
    return record;
  }
}

/** Whether the route takes the record; a record it cannot even match is not taken. */
function takes(filter: RouteFilter, record: LogRecord): boolean {
  try {
    return routeTakes(filter, record);
  } catch {
    return false;
  }
}

function isLevelled(record: LogRecord): boolean {
  return typeof record?.level?.value === 'number';
}
