// A service that knows nothing of gchat-log: plain pino to stdout. Started with
// `node --import @gchat-log/register service.mjs`, its errors also reach Chat.
import pino from 'pino';

const logger = pino({ name: 'inventory' });
logger.info('inventory sync started');
for (const sku of ['A-1', 'B-2', 'C-3']) {
  logger.child({ sku }).error({ err: new RangeError(`stock for ${sku} below zero`) }, 'stock check failed');
}
logger.info('inventory sync done');
