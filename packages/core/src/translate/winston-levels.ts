import { readString } from '../bounds/read-safely.js';
import { severityOfLabel, UNKNOWN_LEVEL_SEVERITY } from '../levels.js';

const LEVEL = Symbol.for('level');

/** A winston logger's levels: name → rank, 0 the most severe (`logger.levels`). */
export type WinstonLevels = Readonly<Record<string, number>>;

/** The level name of winston's `info` (its own, before any format colourised `info.level`). */
export function levelLabelOf(info: object): string {
  return readString(info, LEVEL) ?? readString(info, 'level') ?? 'info';
}

/**
 * Severity of winston's `info` on gchat-log's scale. A custom level gchat-log does not know is ranked
 * with the logger's own `levels`: between the known levels around it, or, when the logger knows none of
 * gchat-log's names, by its rank (the most severe as fatal, then error, warn, info…). Without the
 * logger's levels it counts as info.
 */
export function severityOfWinstonInfo(info: object, levels?: WinstonLevels): number {
  const label = levelLabelOf(info);
  return severityOfLabel(label) ?? (levels === undefined ? UNKNOWN_LEVEL_SEVERITY : customSeverity(label, levels));
}

const customSeverities = new WeakMap<WinstonLevels, Map<string, number>>();

function customSeverity(label: string, levels: WinstonLevels): number {
  let severities = customSeverities.get(levels);
  if (severities === undefined) {
    severities = rankCustomLevels(levels);
    customSeverities.set(levels, severities);
  }
  return severities.get(label) ?? UNKNOWN_LEVEL_SEVERITY;
}

/** Places every level of a winston `levels` object on gchat-log's scale (see {@link severityOfWinstonInfo}). */
function rankCustomLevels(levels: WinstonLevels): Map<string, number> {
  const ranked = Object.entries(levels)
    .filter(([, rank]) => typeof rank === 'number')
    .sort(([, a], [, b]) => a - b);
  const known = ranked.filter(([name]) => severityOfLabel(name) !== undefined);
  return new Map(
    ranked.map(([name, rank], index) => {
      const own = severityOfLabel(name);
      if (own !== undefined) return [name, own];
      if (known.length === 0) return [name, Math.max(10, 60 - 10 * index)];
      const above = known.filter(([, other]) => other < rank).at(-1);
      const below = known.find(([, other]) => other > rank);
      const severityAbove = above === undefined ? undefined : (severityOfLabel(above[0]) as number);
      const severityBelow = below === undefined ? undefined : (severityOfLabel(below[0]) as number);
      if (severityAbove !== undefined && severityBelow !== undefined) {
        return [name, Math.round((severityAbove + severityBelow) / 2)];
      }
      return [name, severityAbove === undefined ? Math.min(60, (severityBelow as number) + 5) : severityAbove - 5];
    }),
  );
}
