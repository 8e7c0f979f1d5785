import { systemClock } from './clock.js';
import { type ConfigurationProblem, type ResolvedConfig, resolveConfig } from './config/resolve-config.js';
import { unknownVariableWarnings } from './config/unknown-variables.js';
import { Fleet } from './coordination/fleet.js';
import { loadRedisCoordinator } from './coordination/load-redis-coordinator.js';
import { createDiagnostics } from './diagnostics.js';
import { firstTimeInProcess } from './once-per-process.js';
import type { SenderDependencies, SenderOptions } from './options.js';
import { RoutedSender } from './routing/routed-sender.js';
import { maskSecrets } from './secrets.js';
import { type Sender, WebhookSender } from './sender.js';
import { emptyStats } from './stats.js';

/**
 * Creates a sender from options, `GCHAT_LOG_*` environment variables and defaults, in that order.
 * With no webhook URL anywhere, returns a silent no-op sender.
 * A bad environment variable never throws: it is reported once (on stderr, or to `onDiagnostic`) and
 * what it affects is left out (all of it for a global setting), as `sender.configurationProblems` says.
 * @throws {GchatLogError} at once when an explicit option is invalid, naming it.
 */
export function createSender(options: SenderOptions = {}, dependencies: SenderDependencies = {}): Sender {
  const env = dependencies.env ?? process.env;
  const { config, problems } = resolveConfig(options, env);
  const diagnostics = createDiagnostics({ clock: systemClock, onDiagnostic: dependencies.onDiagnostic });
  for (const problem of problems) {
    if (firstTimeInProcess(problem.message))
      diagnostics.report('invalid-configuration', problem.message, problem.message);
  }
  for (const warning of unknownVariableWarnings(env)) {
    if (firstTimeInProcess(warning)) diagnostics.report('unknown-variable', warning, warning);
  }
  if (config.target === undefined && config.routes.length === 0) return createNoopSender(problems);
  const fleet = createFleet(config, dependencies);
  if (config.routes.length === 0 && config.target !== undefined) {
    return new WebhookSender(config, config.target, dependencies, fleet?.share(), problems);
  }
  const fallback = config.target && new WebhookSender(config, config.target, dependencies, fleet?.share());
  const routes = config.routes.map((route) => ({
    filter: route,
    sender: new WebhookSender({ ...config, minLevel: route.minLevel }, route.target, dependencies, fleet?.share()),
  }));
  return new RoutedSender(routes, fallback && { sender: fallback, minLevel: config.minLevel }, problems);
}

/** The fleet coordination the senders share: the given coordinator, or Redis when `redisUrl` is set. */
function createFleet(config: ResolvedConfig, dependencies: SenderDependencies): Fleet | undefined {
  const { redisUrl } = config.fleet;
  const coordinator =
    dependencies.coordinator === undefined
      ? redisUrl === undefined
        ? undefined
        : loadRedisCoordinator(redisUrl)
      : Promise.resolve(dependencies.coordinator);
  if (coordinator === undefined) return undefined;
  const diagnostics = createDiagnostics({
    clock: dependencies.clock ?? systemClock,
    onDiagnostic: dependencies.onDiagnostic,
  });
  return new Fleet(
    coordinator,
    diagnostics,
    redisUrl === undefined ? 'the fleet coordinator' : `Redis at ${maskSecrets(redisUrl)}`,
  );
}

function createNoopSender(configurationProblems: readonly ConfigurationProblem[]): Sender {
  const stats = emptyStats();
  return {
    enabled: false,
    maskedUrl: undefined,
    configurationProblems,
    log() {
      stats.received += 1;
      stats.filtered += 1;
    },
    countIfBelowLevel() {
      stats.received += 1;
      stats.filtered += 1;
      return true;
    },
    flush: async () => {},
    close: async () => {},
    stats: () => ({ ...stats }),
  };
}
