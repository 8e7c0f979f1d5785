import type { LogRecord } from '../record.js';

/** Which of a record's fields appear in Chat. */
export interface FieldSelection {
  /** When not empty, only these fields appear. */
  readonly include: readonly string[];
  /** These fields never appear (after `include`). */
  readonly exclude: readonly string[];
}

/** Fields that identify the process or serve gchat-log itself, not the event. */
export const DEFAULT_EXCLUDED_FIELDS: readonly string[] = ['pid', 'hostname', 'v', 'fingerprint'];

/** The record with only the fields chosen to appear in Chat. */
export function selectFields(record: LogRecord, selection: FieldSelection): LogRecord {
  const include = new Set(selection.include);
  const exclude = new Set([...DEFAULT_EXCLUDED_FIELDS, ...selection.exclude]);
  const fields = Object.fromEntries(
    Object.entries(record.fields).filter(([key]) => (include.size === 0 || include.has(key)) && !exclude.has(key)),
  );
  return { ...record, fields };
}
