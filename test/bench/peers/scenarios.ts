/** The delivery scenarios of the comparison; each run gets a fresh fake Chat at Google's quota (60 per 60 s). */
export interface DeliveryScenario {
  readonly id: 'burst' | 'flood' | 'outage' | 'graceful';
  readonly title: string;
  readonly records: number;
  readonly kinds: number;
  /** Records are logged evenly over this long (0: in one loop). */
  readonly spreadMs: number;
  /** Chat answers 503 from the start for this long, then recovers. */
  readonly outageMs?: number;
  /**
   * The app keeps running (a service does) until every record is represented in Chat or this long
   * after it started, then it is told to stop; without it, the app ends its logger and exits by itself.
   */
  readonly runsForAtMostMs?: number;
  /** Runs of a timing scenario; medians are reported with their min–max. */
  readonly repeats: number;
}

const repeats = Number(process.env.BENCH_REPEATS ?? 3);

export const DELIVERY_SCENARIOS: readonly DeliveryScenario[] = [
  {
    id: 'burst',
    title: 'Burst: 300 errors, 10 kinds, then end and exit',
    records: 300,
    kinds: 10,
    spreadMs: 0,
    repeats,
  },
  { id: 'graceful', title: 'Graceful exit: 5 errors, then end and exit', records: 5, kinds: 5, spreadMs: 0, repeats },
  {
    id: 'flood',
    title: 'Flood: 100,000 errors, 20 kinds, over 10 s',
    records: 100_000,
    kinds: 20,
    spreadMs: 10_000,
    runsForAtMostMs: 120_000,
    repeats: 1,
  },
  {
    id: 'outage',
    title: 'Outage: Chat answers 503 for 60 s while 1,000 errors are logged, then recovers',
    records: 1000,
    kinds: 10,
    spreadMs: 10_000,
    outageMs: 60_000,
    runsForAtMostMs: 120_000,
    repeats: 1,
  },
];

/** How long an app may take to exit after it finished logging (or was told to stop) before it is killed. */
export const EXIT_GRACE_MS = 30_000;
