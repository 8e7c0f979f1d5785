// ESM consumer of the packed tarballs: one record through pino (worker thread), one through winston.
import { GoogleChatTransport } from '@gchat-log/winston';
import pino from 'pino';
import winston from 'winston';

const logger = pino({ name: 'smoke-esm-pino' }, pino.transport({ target: '@gchat-log/pino' }));
logger.error(new Error('sent from ESM through pino'));

const winstonLogger = winston.createLogger({ transports: [new GoogleChatTransport({ service: 'smoke-esm-winston' })] });
winstonLogger.error('sent from ESM through winston');
winstonLogger.end();
