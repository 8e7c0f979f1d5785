import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { routeList } from '../../src/config/route-list.js';
import { GchatLogError } from '../../src/errors.js';

const ONCALL = 'https://chat.googleapis.com/v1/spaces/ONCALL/messages?key=K&token=SECRET-TOKEN';
const TEAM = 'https://chat.googleapis.com/v1/spaces/TEAM/messages?key=K&token=SECRET-TOKEN';

describe('routeList', () => {
  const routes = (value: unknown) => routeList(value).map((parsed) => ('route' in parsed ? parsed.route : parsed));

  it('reads the compact form: levels, filters and URL per route', () => {
    expect(routes(`error ${ONCALL}; warn..warn logger=api,payments* region=eu ${TEAM}\n* ${TEAM}`)).toEqual([
      { webhookUrl: ONCALL, minLevel: 50, maxLevel: undefined, loggers: [], fields: {} },
      { webhookUrl: TEAM, minLevel: 40, maxLevel: 40, loggers: ['api', 'payments*'], fields: { region: 'eu' } },
      { webhookUrl: TEAM, minLevel: undefined, maxLevel: undefined, loggers: [], fields: {} },
    ]);
  });

  it('reads the JSON form, the same as the option', () => {
    const given = [{ webhookUrl: TEAM, level: 'warn', maxLevel: 45, fields: { 'req.method': 'POST', retry: true } }];
    const expected = [
      { webhookUrl: TEAM, minLevel: 40, maxLevel: 45, loggers: [], fields: { 'req.method': 'POST', retry: 'true' } },
    ];
    expect(routes(JSON.stringify(given))).toEqual(expected);
    expect(routes(given)).toEqual(expected);
  });

  it.each([
    ['error', 'without exactly one http(s) URL'],
    [`loud ${ONCALL}`, 'is not a level'],
    [`..warn ${ONCALL}`, 'not a level, a LEVEL..LEVEL range or *'],
    [`error logger ${ONCALL}`, 'not a KEY=VALUE filter'],
  ])('reads %j as a bad route, with its problem, beside the good ones', (value, problem) => {
    expect(routeList(`${value}; error ${TEAM}`)).toEqual([
      { position: 1, problem: expect.stringContaining(problem) },
      { position: 2, route: expect.objectContaining({ webhookUrl: TEAM }) },
    ]);
  });

  it('reads a bad route of the JSON form beside the good ones', () => {
    expect(routeList(`[{"webhookUrl": 3}, {"webhookUrl": "${TEAM}"}]`)).toEqual([
      { position: 1, problem: 'has route 1 whose webhookUrl is not a non-empty string' },
      { position: 2, route: expect.objectContaining({ webhookUrl: TEAM }) },
    ]);
  });

  it.each([
    ['[{', 'is not valid JSON'],
    [' ; ', 'has no routes'],
    [42, 'is not a list of routes'],
  ])('rejects %j as a whole', (value, problem) => {
    expect(() => routeList(value)).toThrow(problem);
  });
});

describe('resolveConfig with routes', () => {
  it('leaves out a bad route of GCHAT_LOG_ROUTES alone, naming the variable and route, secrets masked', () => {
    const env = {
      GCHAT_LOG_ROUTES: `error ${ONCALL}; warn https://evil.example/v1/spaces/X/messages?key=K&token=SECRET-TOKEN`,
    };
    const { config, problems } = resolveConfig({}, env);

    expect(config.routes.map((route) => route.target.spaceId)).toEqual(['ONCALL']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('ERR_GCHAT_LOG_INVALID_WEBHOOK_URL');
    expect(problems[0]?.message).toContain('environment variable GCHAT_LOG_ROUTES (route 2)');
    expect(problems[0]?.message).toContain('evil.example');
    expect(problems[0]?.message).toContain('This route is left out until it is fixed');
    expect(problems[0]?.message).not.toContain('SECRET-TOKEN');
  });

  it("names GCHAT_LOG_ROUTES and shows a valid example when a route's syntax is wrong", () => {
    const { config, problems } = resolveConfig({}, { GCHAT_LOG_ROUTES: `loud ${ONCALL}; error ${TEAM}` });

    expect(config.routes.map((route) => route.target.spaceId)).toEqual(['TEAM']);
    expect(problems[0]?.message).toMatch(
      /GCHAT_LOG_ROUTES \(route 1\) is .*token=\*\*\*.*is not a level.*A valid value: GCHAT_LOG_ROUTES='error https/,
    );
  });

  it('uses no route when GCHAT_LOG_ROUTES is no list at all, and still the main webhook', () => {
    const { config, problems } = resolveConfig({}, { GCHAT_LOG_ROUTES: '[{', GCHAT_LOG_WEBHOOK_URL: TEAM });

    expect(config.routes).toEqual([]);
    expect(config.target?.spaceId).toBe('TEAM');
    expect(problems[0]?.message).toContain('is not valid JSON');
    expect(problems[0]?.message).toContain('No route is used until it is fixed');
  });

  it("throws for a bad route given as an option: a programmer's error", () => {
    expect(() => resolveConfig({ routes: [{ webhookUrl: TEAM }, { webhookUrl: 'nope' }] }, {})).toThrow(GchatLogError);
    expect(() => resolveConfig({ routes: [{ webhookUrl: TEAM, level: 'loud' }] }, {})).toThrow(
      /option "routes" \(route 1\) is .*whose level is not a level/,
    );
  });

  it('leaves out a route whose level range is empty, and throws for one given in code', () => {
    const { config, problems } = resolveConfig(
      { level: 'warn' },
      { GCHAT_LOG_ROUTES: `error..warn ${TEAM}; error ${ONCALL}` },
    );
    expect(config.routes.map((route) => route.target.spaceId)).toEqual(['ONCALL']);
    expect(problems[0]?.message).toContain('whose maxLevel (40) is below its level (50): it would take nothing');
    expect(() => resolveConfig({ level: 'error', routes: [{ webhookUrl: TEAM, maxLevel: 'warn' }] }, {})).toThrow(
      /maxLevel \(40\) is below its level \(50\)/,
    );
  });

  it('gives routes without a level the sender level', () => {
    const { config } = resolveConfig({ level: 'warn', routes: [{ webhookUrl: TEAM }] }, {});
    expect(config.routes[0]).toMatchObject({ minLevel: 40, maxLevel: undefined });
    expect(config.routes[0]?.target.spaceId).toBe('TEAM');
  });
});
