import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTION_SPECS } from '../../packages/core/src/config/option-specs.js';
import { labelOfSeverity } from '../../packages/core/src/levels.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the README's configuration table: option, variable, default, as written. */
function configurationRows(): Array<{ option: string; env: string; defaultText: string }> {
  const section = README.slice(README.indexOf('## Configuration'));
  const table = section.slice(section.indexOf('| option'), section.indexOf('\n\n', section.indexOf('| option')));
  return table
    .split('\n')
    .slice(2)
    .map((row) => row.split('|').map((cell) => cell.trim()))
    .map(([, option = '', env = '', defaultText = '']) => ({
      option: option.replaceAll('`', ''),
      env: env.replaceAll('`', ''),
      defaultText,
    }));
}

/** How the README writes a default value. */
function written(option: string, value: unknown): string {
  if (option === 'level') return `\`${labelOfSeverity(value as number)}\``;
  if (Array.isArray(value)) return `\`[${value.join(', ')}]\``;
  return `\`${String(value)}\``;
}

describe("the README's configuration table", () => {
  it('has one row per setting, with its variable, in the order of the specs', () => {
    const rows = configurationRows();
    expect(rows.map((row) => row.option).sort()).toEqual(Object.keys(OPTION_SPECS).sort());
    for (const row of rows) expect(row.env).toBe(OPTION_SPECS[row.option as keyof typeof OPTION_SPECS].env);
  });

  it("shows every setting's default as the specs have it", () => {
    for (const row of configurationRows()) {
      const spec = OPTION_SPECS[row.option as keyof typeof OPTION_SPECS] as { defaultValue?: unknown };
      if (spec.defaultValue === undefined) expect(row.defaultText, row.option).toMatch(/^(none|record's)/);
      else expect(row.defaultText.startsWith(written(row.option, spec.defaultValue)), row.option).toBe(true);
    }
  });
});
