import { systemClock } from './clock.js';
import { type ResolvedConfig, resolveConfig } from './config/resolve-config.js';
import { unknownVariableWarnings } from './config/unknown-variables.js';
import { Coordination, PROCESS_LOGGERS, REPLICAS } from './coordination/coordination.js';
import { loadRedisCoordinator } from './coordination/load-redis-coordinator.js';
import { createDiagnostics, type Diagnostics } from './diagnostics.js';
import { GchatLogError } from './errors.js';
import type { SenderDependencies, SenderOptions } from './options.js';
import { sayOnceInProcess } from './process/once-per-process.js';
import { ProcessCoordinator } from './process/process-coordinator.js';
import { RoutedSender } from './routing/routed-sender.js';
import { maskUrl } from './secrets.js';
import { createNoopSender } from './sender/noop-sender.js';
import type { Sender } from './sender/sender.js';
import { type SharedWith, WebhookSender } from './sender/webhook-sender.js';

/**
 * Creates a sender from options, `GCHAT_LOG_*` environment variables and defaults, in that order.
 * With no webhook URL anywhere, returns a silent no-op sender.
 * A bad environment variable never throws: it is reported once (on stderr, or to `onDiagnostic`) and
 * what it affects is left out (all of it for a global setting), as `sender.configurationProblems` says.
 * Every sender of the process shares each space's budget and one report per error signature with the
 * others, whatever logger, thread or module copy made it (and with the fleet's, through Redis).
 * @throws {GchatLogError} at once when an explicit option is invalid, naming it.
 */
export function createSender(options: SenderOptions = {}, dependencies: SenderDependencies = {}): Sender {
  if (dependencies.onDiagnostic !== undefined && typeof dependencies.onDiagnostic !== 'function') {
    throw new GchatLogError(
      'ERR_GCHAT_LOG_INVALID_OPTION',
      'onDiagnostic',
      'option "onDiagnostic" is not a function; give (diagnostic) => { … }, or leave it out for one line on stderr.',
    );
  }
  const env = dependencies.env ?? process.env;
  const { config, problems } = resolveConfig(options, env);
  const diagnostics = createDiagnostics({
    clock: dependencies.clock ?? systemClock,
    onDiagnostic: dependencies.onDiagnostic,
  });
  for (const problem of problems) {
    sayOnceInProcess(problem.message, () =>
      diagnostics.report('invalid-configuration', problem.message, problem.message),
    );
  }
  for (const warning of unknownVariableWarnings(env)) {
    sayOnceInProcess(warning, () => diagnostics.report('unknown-variable', warning, warning));
  }
  if (config.target === undefined && config.routes.length === 0) return createNoopSender(problems);
  const sharedFor = sharing(config, dependencies, diagnostics);
  if (config.routes.length === 0 && config.target !== undefined) {
    return new WebhookSender(config, config.target, dependencies, sharedFor(), problems);
  }
  const fallback = config.target && new WebhookSender(config, config.target, dependencies, sharedFor());
  const routes = config.routes.map((route) => ({
    filter: route,
    sender: new WebhookSender({ ...config, minLevel: route.minLevel }, route.target, dependencies, sharedFor()),
  }));
  return new RoutedSender(routes, fallback && { sender: fallback, minLevel: config.minLevel }, problems);
}

/**
 * What each of this call's senders shares, and with whom: a coordinator of its own in the process's
 * shared memory (each sender is a participant, so that two of them posting to one space report an
 * error once), and the fleet's coordinator (Redis), one for all of them, when configured. The fleet
 * then decides who reports a signature; the process's budget is still taken, so that it stays whole if
 * the fleet goes away.
 */
function sharing(config: ResolvedConfig, dependencies: SenderDependencies, diagnostics: Diagnostics): () => SharedWith {
  const fleet = createFleet(config, dependencies, diagnostics);
  const makeProcessCoordinator = dependencies.processCoordinator ?? (() => new ProcessCoordinator());
  return () => {
    const inProcess = new Coordination(Promise.resolve(makeProcessCoordinator()), {
      diagnostics,
      describe: "the memory this process's senders share",
      peers: PROCESS_LOGGERS,
    }).share();
    const shared = fleet?.share();
    return {
      diagnostics,
      budgets: shared === undefined ? [inProcess] : [inProcess, shared],
      deduplication: shared ?? inProcess,
    };
  };
}

/** The fleet coordination the senders share: the given coordinator, or Redis when `redisUrl` is set. */
function createFleet(
  config: ResolvedConfig,
  dependencies: SenderDependencies,
  diagnostics: Diagnostics,
): Coordination | undefined {
  const { redisUrl } = config.fleet;
  const coordinator =
    dependencies.coordinator === undefined
      ? redisUrl === undefined
        ? undefined
        : loadRedisCoordinator(redisUrl)
      : Promise.resolve(dependencies.coordinator);
  if (coordinator === undefined) return undefined;
  return new Coordination(coordinator, {
    diagnostics,
    describe: redisUrl === undefined ? 'the fleet coordinator' : `Redis at ${maskUrl(redisUrl)}`,
    peers: REPLICAS,
  });
}
