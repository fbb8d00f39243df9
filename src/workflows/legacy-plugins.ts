import { log, patched } from '@temporalio/workflow';
import type { GithubEvent } from '../core/event.js';
import type { EntityState } from '../core/pr-state.js';
import { pluginByName } from '../plugins/index.js';
import { type Plugin } from '../plugins/types.js';
import { emptyFacts, mergeFacts, type Action, type FactRequest, type Facts } from '../core/model.js';
import { config, refusal, remote as gh } from './activities.js';
import { executeAction } from './execute-action.js';

// How plugins ran before 'plugins-in-sandbox-v1': inside the workflow (setup as a local
// activity, facts as one activity, each plugin's decide() in workflow code), then the actions
// through GitHub activities. Kept only so workflows recorded then replay as they ran; new events
// go through the planner (pr.ts runPlannedPlugins). Do not change what this does.

const MAX_FACT_ROUNDS = 3;

/**
 * GitHub refusing a read the plugins needed must not end the PR's workflow: the event stays
 * recorded, its plugins' actions are skipped, and the refusal is logged.
 */
export async function runPluginsInWorkflow(s: EntityState, event: GithubEvent): Promise<EntityState> {
  try {
    return await runPlugins(s, event);
  } catch (err) {
    log.error('plugins skipped for this event: GitHub refused a read they needed', { deliveryId: event.deliveryId, error: refusal(err) });
    return s;
  }
}

async function runPlugins(state: EntityState, event: GithubEvent): Promise<EntityState> {
  const setup = await config.pluginSetup(state.owner, state.repo, state.baseRef);
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
  const deps = { gh, cherryPick: gh.cherryPick, patched, log };
  for (const action of actions) s = await executeAction(deps, s, action, setup.footer);
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
