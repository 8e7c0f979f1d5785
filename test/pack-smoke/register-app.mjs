// A consumer that knows nothing of gchat-log, run with --import @gchat-log/register: one record through
// pino, one through winston; their own output goes to /dev/null.
import { createWriteStream } from 'node:fs';
import pino from 'pino';
import winston from 'winston';

pino(pino.destination('/dev/null')).error(new Error(`sent from ${process.env.SPACE} through the preload and pino`));
const logger = winston.createLogger({
  transports: [new winston.transports.Stream({ stream: createWriteStream('/dev/null') })],
});
logger.error(`sent from ${process.env.SPACE} through the preload and winston`);
