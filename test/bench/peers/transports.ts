/** The transports compared: gchat-log's two adapters and the peer each is compared with. */
export interface BenchTransport {
  /** `TRANSPORT` of the bench app. */
  readonly id: 'gchat-log-pino' | 'gchat-log-winston' | 'pino-slack' | 'winston-slack';
  /** npm package, as the table shows it. */
  readonly label: string;
  readonly logger: 'pino' | 'winston';
  readonly ours: boolean;
}

export const TRANSPORTS: readonly BenchTransport[] = [
  { id: 'gchat-log-pino', label: '@gchat-log/pino', logger: 'pino', ours: true },
  { id: 'pino-slack', label: '@youngkiu/pino-slack-webhook', logger: 'pino', ours: false },
  { id: 'gchat-log-winston', label: '@gchat-log/winston', logger: 'winston', ours: true },
  { id: 'winston-slack', label: 'winston-slack-webhook-transport', logger: 'winston', ours: false },
];

/** The peer gchat-log's adapter for the same logger is compared with. */
export function peerOf(transport: BenchTransport): BenchTransport {
  return TRANSPORTS.find((other) => other.logger === transport.logger && !other.ours) as BenchTransport;
}
