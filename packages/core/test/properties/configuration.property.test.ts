import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTION_SPECS } from '../../src/config/option-specs.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { GchatLogError } from '../../src/errors.js';
import { hostileText } from './arbitraries.js';

const VARIABLES = Object.values(OPTION_SPECS).map((spec) => spec.env);
const OPTIONS = Object.keys(OPTION_SPECS);
const SECRET = 'S3CR3T-TOKEN-VALUE';
/** Values with the webhook's credentials in them: no report may show them. */
const withCredentials = fc.constantFrom(
  `https://evil.example/v1/spaces/S/messages?key=${SECRET}&token=${SECRET}`,
  `http://chat.googleapis.com/v1/spaces/S/messages?key=${SECRET}&token=${SECRET}`,
  `error https://chat.googleapis.com/v1/spaces/S/messages?key=${SECRET}&token=${SECRET} extra`,
  `redis://:${SECRET}@redis.internal:6379/0 x`,
);

describe('configuration from arbitrary values', () => {
  it('a bad environment never throws: each variable is a setting or a masked problem', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...VARIABLES), fc.oneof(hostileText(200), withCredentials), { maxKeys: 8 }),
        (env) => {
          const { config, problems } = resolveConfig({}, env);
          expect(problems.length).toBeLessThanOrEqual(Object.keys(env).length + 20);
          for (const problem of problems) {
            expect(problem.message).not.toContain(SECRET);
            expect(problem.message).toMatch(/^gchat-log \[ERR_GCHAT_LOG_[A-Z_]+\]: /);
          }
          if (
            problems.some(
              (problem) =>
                !['GCHAT_LOG_ROUTES', 'GCHAT_LOG_REDIS_URL', 'GCHAT_LOG_FLEET_WINDOW_MS'].includes(problem.setting) &&
                !problem.setting.includes('GCHAT_LOG_WEBHOOK_URL') &&
                !problem.setting.includes('GCHAT_LOG_ROUTES'),
            )
          ) {
            expect([config.target, config.routes]).toEqual([undefined, []]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an explicit option either works or throws a GchatLogError naming it, never another error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPTIONS),
        fc.oneof(fc.anything(), hostileText(100), withCredentials),
        (option, value) => {
          try {
            resolveConfig({ [option]: value }, {});
          } catch (error) {
            expect(error).toBeInstanceOf(GchatLogError);
            expect((error as GchatLogError).message).not.toContain(SECRET);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
