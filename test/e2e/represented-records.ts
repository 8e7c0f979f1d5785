/**
 * How many log records a Chat message stands for, read from its text: a de-duplicated entry says
 * "×N between …" under a full report's header, or starts its line with "×N"; a full report that follows
 * a digest ("📎 Counted in a digest above: …") stands for none of its own; anything else is one.
 */
export function representedRecords(text: string | undefined): number {
  const lines = (text ?? '').split('\n');
  const fullReport = lines[1]?.startsWith('📎') ? ['', '0'] : lines[1]?.match(/^×(\d+) between /);
  const entryLines = lines.filter((line) => /^[🟣🔴🟠🔵⚪] /u.test(line));
  return entryLines.reduce((sum, line, index) => {
    if (index === 0 && fullReport) return sum + Number(fullReport[1]);
    return sum + Number(line.match(/^\S+ ×(\d+) /u)?.[1] ?? 1);
  }, 0);
}
