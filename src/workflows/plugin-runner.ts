import { log, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { GithubEvent } from '../core/event.js';
import type { EntityState } from '../core/pr-state.js';
import { pluginByName } from '../plugins/index.js';
import { emptyFacts, mergeFacts, type Action, type FactRequest, type Facts, type Plugin } from '../plugins/types.js';
import type { Activities } from '../activities/index.js';
import { executeAction } from './execute-action.js';

// Runs the enabled plugins on one event: gather the facts they need (one activity), let each
// decide (pure), then carry out the actions one by one through GitHub activities, keeping the
// state in step with what was written.

// Reading the worker's own config is local and fast: a local activity, recorded as one marker.
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

const gh = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // GitHub outages and rate limits are waited out (rate limits at the time GitHub gives);
  // requests GitHub refuses fail at once and are reported, not retried.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const MAX_FACT_ROUNDS = 3;

export async function runPlugins(state: EntityState, event: GithubEvent): Promise<EntityState> {
  const setup = await local.pluginSetup(state.owner, state.repo, state.baseRef);
  state = {
    ...state,
    requirements: setup.requirements,
    unsupportedPlugins: setup.unsupported,
    ...(setup.closedQuietMs !== undefined ? { closedQuietMs: setup.closedQuietMs } : {}),
  };
  const active: Array<{ plugin: Plugin<unknown>; config: unknown }> = [];
  for (const { name, config } of setup.plugins) {
    const plugin = pluginByName(name);
    if (plugin) active.push({ plugin, config });
  }
  const base = { event, state, botLogin: state.botLogin, footer: setup.footer };

  // Some facts depend on others (size reads the files `.generated_files` names), so plugins are
  // asked again with what is known until they need nothing new; a few rounds at most.
  const ctx = { owner: state.owner, repo: state.repo, number: state.number, headSha: state.headSha, baseRef: state.baseRef, baseSha: state.baseSha };
  let facts: Facts = emptyFacts();
  const asked = new Set<string>();
  for (let round = 0; round < MAX_FACT_ROUNDS; round++) {
    const known = round === 0 ? undefined : facts;
    const requests: FactRequest[] = active
      .flatMap(({ plugin, config }) => guard(plugin, () => plugin.needs({ ...base, config, ...(known ? { facts: known } : {}) }), []))
      .filter((r) => !asked.has(JSON.stringify(r)));
    if (requests.length === 0) break;
    for (const r of requests) asked.add(JSON.stringify(r));
    facts = mergeFacts(facts, await gh.gatherFacts(ctx, requests));
  }

  const actions: Action[] = active.flatMap(({ plugin, config }) => guard(plugin, () => plugin.decide({ ...base, config, facts }), []));
  let s = state;
  for (const action of actions) s = await execute(s, action, setup.footer);
  return s;
}

/** A plugin bug must not stop the PR's workflow: log it and carry on without that plugin. */
function guard<T>(plugin: Plugin<unknown>, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (err) {
    log.error('plugin failed', { plugin: plugin.name, error: String(err) });
    return fallback;
  }
}

/** The action executor with this workflow's activities. */
export function execute(state: EntityState, a: Action, footer: string): Promise<EntityState> {
  return executeAction({ gh, patched, log }, state, a, footer);
}
