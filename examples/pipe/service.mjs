// A service that knows nothing of gchat-log: plain pino to stdout, piped into `gchat-log`.
import pino from 'pino';

const logger = pino({ name: 'mailer' });
console.log('mailer starting (a line that is not JSON: passed through, not sent)');
logger.info('queue opened');
for (const to of ['a@example.com', 'b@example.com']) {
  logger.error(
    { err: Object.assign(new Error('SMTP 421 service not available'), { code: 'ESMTP421' }), to },
    'mail not sent',
  );
}
logger.info('queue closed');
