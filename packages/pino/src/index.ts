export { exitOnSignals } from './exit-on-signals.js';
export { fromPinoLine, type PinoConfig } from './pino-record.js';
export { default, type GchatLogPinoOptions } from './transport.js';
