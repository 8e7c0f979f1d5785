export { type Clock, systemClock } from './clock.js';
export { GchatLogError, type GchatLogErrorCode } from './errors.js';
export { KNOWN_LEVEL_LABELS, type Level, labelOfSeverity, severityOfLabel } from './levels.js';
export { normaliseError } from './normalise-error.js';
export type { SenderDependencies, SenderOptions } from './options.js';
export type { LogRecord, RecordError } from './record.js';
export { maskSecrets } from './secrets.js';
export { createSender, type Sender } from './sender.js';
export type { SenderStats } from './stats.js';
