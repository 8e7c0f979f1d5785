// An example service that logs through pino and winston. Nothing here knows about the fake Chat:
// gchat-log reads GCHAT_LOG_WEBHOOK_URL from the environment, as it would in production.
import { GoogleChatTransport } from '@gchat-log/winston';
import pino from 'pino';
import winston from 'winston';

const pinoLogger = pino({ name: 'orders-api' }, pino.transport({ target: '@gchat-log/pino' }));
const winstonLogger = winston.createLogger({
  defaultMeta: { service: 'billing-worker' },
  transports: [new winston.transports.Console({ level: 'silent' }), new GoogleChatTransport()],
});

function chargeCard(orderId) {
  throw new TypeError(`card declined for order ${orderId}`);
}

function connectToStock() {
  return Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
}

pinoLogger.info('orders-api started'); // below the default level (error): stays out of Chat
for (const orderId of [1041, 1042, 1043]) {
  try {
    chargeCard(orderId);
  } catch (err) {
    pinoLogger.error({ err, orderId, user: { id: 'u-77' } }, 'payment failed');
  }
}
pinoLogger.error({ err: connectToStock() }, 'stock service unreachable');
pinoLogger.error('<users/all> this text came from a log record and must not ping everyone');

winstonLogger.error('invoice run failed', { err: new RangeError('invoice total out of range'), invoiceId: 'inv-9' });
winstonLogger.error(new RangeError('invoice total out of range'));
winstonLogger.end(); // 'finish' waits until winston's messages were delivered
// pino flushes its worker on exit.
