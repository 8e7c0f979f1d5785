import { closest, distance } from 'fastest-levenshtein';
import { OPTION_SPECS } from './option-specs.js';
import type { Environment } from './resolve-config.js';

const PREFIX = 'GCHAT_LOG_';
const KNOWN_VARIABLES = Object.values(OPTION_SPECS).map((spec) => spec.env);

/**
 * A warning for each `GCHAT_LOG_*` variable gchat-log does not know (a typo would otherwise be
 * silently ignored), naming the closest known variable when one is near.
 */
export function unknownVariableWarnings(env: Environment): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !KNOWN_VARIABLES.includes(name))
    .sort()
    .map((name) => {
      const closest = closestKnownVariable(name);
      const hint =
        closest === undefined ? ` Known variables: ${KNOWN_VARIABLES.join(', ')}.` : ` Did you mean ${closest}?`;
      return `gchat-log: the environment variable ${name} is not a gchat-log setting and is ignored.${hint}`;
    });
}

function closestKnownVariable(name: string): string | undefined {
  const nearest = closest(name, KNOWN_VARIABLES);
  const suffixLength = name.length - PREFIX.length;
  return distance(name, nearest) <= Math.max(2, Math.floor(suffixLength / 3)) ? nearest : undefined;
}
