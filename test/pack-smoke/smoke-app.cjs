// CommonJS consumer of the packed tarballs: one record through pino (worker thread), one through winston.
const { GoogleChatTransport } = require('@gchat-log/winston');
const { createSender } = require('@gchat-log/core');
const pino = require('pino');
const winston = require('winston');

if (typeof createSender !== 'function') throw new Error('@gchat-log/core did not load through require');

const logger = pino({ name: 'smoke-cjs-pino' }, pino.transport({ target: '@gchat-log/pino' }));
logger.error(new Error('sent from CJS through pino'));

const winstonLogger = winston.createLogger({ transports: [new GoogleChatTransport({ service: 'smoke-cjs-winston' })] });
winstonLogger.error('sent from CJS through winston');
winstonLogger.end();
