import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { routeList } from '../../src/config/route-list.js';
import { GchatLogError } from '../../src/errors.js';

const ONCALL = 'https://chat.googleapis.com/v1/spaces/ONCALL/messages?key=K&token=SECRET-TOKEN';
const TEAM = 'https://chat.googleapis.com/v1/spaces/TEAM/messages?key=K&token=SECRET-TOKEN';

describe('routeList', () => {
  it('reads the compact form: levels, filters and URL per route', () => {
    expect(routeList(`error ${ONCALL}; warn..warn logger=api,payments* region=eu ${TEAM}\n* ${TEAM}`)).toEqual([
      { webhookUrl: ONCALL, minLevel: 50, maxLevel: undefined, loggers: [], fields: {} },
      { webhookUrl: TEAM, minLevel: 40, maxLevel: 40, loggers: ['api', 'payments*'], fields: { region: 'eu' } },
      { webhookUrl: TEAM, minLevel: undefined, maxLevel: undefined, loggers: [], fields: {} },
    ]);
  });

  it('reads the JSON form, the same as the option', () => {
    const routes = [{ webhookUrl: TEAM, level: 'warn', maxLevel: 45, fields: { 'req.method': 'POST', retry: true } }];
    const expected = [
      { webhookUrl: TEAM, minLevel: 40, maxLevel: 45, loggers: [], fields: { 'req.method': 'POST', retry: 'true' } },
    ];
    expect(routeList(JSON.stringify(routes))).toEqual(expected);
    expect(routeList(routes)).toEqual(expected);
  });

  it.each([
    ['error', 'without exactly one http(s) URL'],
    [`loud ${ONCALL}`, 'is not a level'],
    [`..warn ${ONCALL}`, 'not a level, a LEVEL..LEVEL range or *'],
    [`error logger ${ONCALL}`, 'not a KEY=VALUE filter'],
    ['[{"webhookUrl": 3}]', 'route 1 whose webhookUrl is not a non-empty string'],
    ['[{', 'is not valid JSON'],
  ])('rejects %j', (value, problem) => {
    expect(() => routeList(value)).toThrow(problem);
  });
});

describe('resolveConfig with routes', () => {
  it('validates each route URL, naming the variable and route, with secrets masked', () => {
    const env = {
      GCHAT_LOG_ROUTES: `error ${ONCALL}; warn https://evil.example/v1/spaces/X/messages?key=K&token=SECRET-TOKEN`,
    };
    let thrown: unknown;
    try {
      resolveConfig({}, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GchatLogError);
    expect((thrown as GchatLogError).message).toContain('environment variable GCHAT_LOG_ROUTES (route 2)');
    expect((thrown as GchatLogError).message).toContain('evil.example');
    expect((thrown as GchatLogError).message).not.toContain('SECRET-TOKEN');
  });

  it('names GCHAT_LOG_ROUTES and shows a valid example when the syntax is wrong', () => {
    expect(() => resolveConfig({}, { GCHAT_LOG_ROUTES: `loud ${ONCALL}` })).toThrow(
      /GCHAT_LOG_ROUTES is .*token=\*\*\*.*is not a level.*A valid value: GCHAT_LOG_ROUTES='error https/,
    );
  });

  it('gives routes without a level the sender level', () => {
    const config = resolveConfig({ level: 'warn', routes: [{ webhookUrl: TEAM }] }, {});
    expect(config.routes[0]).toMatchObject({ minLevel: 40, maxLevel: undefined });
    expect(config.routes[0]?.target.spaceId).toBe('TEAM');
  });
});
