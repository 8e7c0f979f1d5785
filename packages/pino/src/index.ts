export { exitOnSignals } from './exit-on-signals.js';
export { default, type GchatLogPinoOptions } from './transport.js';
