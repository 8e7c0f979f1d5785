// A job worker logging with winston: console output as usual, errors also to Chat as cards through
// GoogleChatTransport (GCHAT_LOG_WEBHOOK_URL from the environment).
import { GoogleChatTransport } from '@gchat-log/winston';
import winston from 'winston';

const chat = new GoogleChatTransport({ messageFormat: 'cards' });
const logger = winston.createLogger({
  defaultMeta: { service: 'billing-worker' },
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console(), chat],
});

async function runInvoice(invoiceId) {
  try {
    await Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:5432'), { code: 'ECONNREFUSED' }));
  } catch (cause) {
    throw new Error(`invoice ${invoiceId} could not be saved`, { cause });
  }
}

logger.info('invoice run started');
for (const invoiceId of ['inv-1', 'inv-2', 'inv-3']) {
  await runInvoice(invoiceId).catch((err) => logger.error('invoice failed', { err, invoiceId }));
}
logger.warn('invoice run finished with failures', { failed: 3 });
logger.end(); // 'finish' waits until the messages were delivered
logger.on('finish', () => console.log('stats:', JSON.stringify(chat.sender.stats())));
