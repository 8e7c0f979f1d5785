import { createHash } from 'node:crypto';
import type { LogRecord } from '../record.js';
import { normalisedLines } from './normalise-message.js';
import { signatureComponents, throwSiteOf } from './signature-components.js';
import type { StackFrame } from './stack-frames.js';

const SIGNATURE_VERSION = 'v1';
/**
 * Thread keys per throw site (its parsed frames, see throwSiteOf), with the service, time bucket, error
 * type and code they were computed for; a site's keys are forgotten with its frames, or all at once
 * beyond {@link KEYS_PER_THROW_SITE}. Compared field by field: a hit builds no string.
 */
const keysOfThrowSites = new WeakMap<
  readonly StackFrame[],
  Array<{ service: string; bucket: string; type: string; code: string | undefined; threadKey: string }>
>();
const KEYS_PER_THROW_SITE = 16;
const ERROR_SEVERITY = 50;

/** How long one thread collects a problem's occurrences before a new one starts. */
export const THREAD_SCOPES = ['forever', 'day', 'week'] as const;
export type ThreadScope = (typeof THREAD_SCOPES)[number];

/** What thread keys depend on besides the record. */
export interface ThreadingSettings {
  readonly service: string;
  /** Stack paths are made relative to it. */
  readonly projectRoot: string;
  readonly scope: ThreadScope;
  /** Whether records below `error` are threaded too (by logger name and normalised message). */
  readonly threadNonErrors: boolean;
}

/**
 * The Chat `threadKey` for a record, or `undefined` when it is posted on its own. Error records get
 * `err-v1-` and 22 base64url characters of a SHA-256 over the version, the service, the scope's time
 * bucket and the record's signature components; threaded non-error records get `msg-v1-…` over their
 * logger name and normalised message. Hostname, pid, timestamps, ids, versions, line numbers and
 * absolute paths never enter the hash, so every replica threads a problem into the same thread.
 */
export function threadKeyFor(record: LogRecord, settings: ThreadingSettings): string | undefined {
  const bucket = timeBucket(record.time, settings.scope);
  if (record.level.value >= ERROR_SEVERITY) {
    const site = throwSiteOf(record, settings.projectRoot);
    if (site === undefined)
      return key('err', [settings.service, bucket, ...signatureComponents(record, settings.projectRoot)]);
    // One throw site logged again (a flood) is hashed once: its key only depends on what is compared here.
    let known = keysOfThrowSites.get(site.frames);
    if (known === undefined || known.length >= KEYS_PER_THROW_SITE) {
      known = [];
      keysOfThrowSites.set(site.frames, known);
    }
    let threadKey = known.find(
      (other) =>
        other.service === settings.service &&
        other.bucket === bucket &&
        other.type === site.type &&
        other.code === site.code,
    )?.threadKey;
    if (threadKey === undefined) {
      threadKey = key('err', [settings.service, bucket, ...signatureComponents(record, settings.projectRoot)]);
      known.push({ service: settings.service, bucket, type: site.type, code: site.code, threadKey });
    }
    return threadKey;
  }
  if (!settings.threadNonErrors) return undefined;
  return key('msg', [settings.service, bucket, record.loggerName ?? '', normalisedLines(record.message, 2)]);
}

function key(kind: 'err' | 'msg', components: string[]): string {
  const digest = createHash('sha256')
    .update([SIGNATURE_VERSION, ...components].join('\u0000'))
    .digest('base64url');
  return `${kind}-${SIGNATURE_VERSION}-${digest.slice(0, 22)}`;
}

/** `''` for `forever`, the UTC date for `day`, the ISO week (`2026-W47`) for `week`. */
export function timeBucket(epochMs: number, scope: ThreadScope): string {
  if (scope === 'forever') return '';
  const date = new Date(epochMs);
  if (scope === 'day') return date.toISOString().slice(0, 10);
  // ISO week: Monday to Sunday, belonging to the year of its Thursday.
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3);
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const daysAfter = (thursday.getTime() - firstThursday.getTime()) / 86_400_000;
  const week = 1 + Math.round((daysAfter - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
