import { ApplicationFailure } from '@temporalio/common';
import type { GithubEvent } from '../core/event.js';
import type { EntityState } from '../core/pr-state.js';
import type { MergeRequirements } from '../core/why.js';
import { emptyFacts, mergeFacts, type Action, type FactRequest, type Facts } from '../core/model.js';
import { factKey, type FactContext, type GatheredFacts } from './plugin-facts.js';
import type { PluginSetup } from './plugin-setup.js';
import type { PluginSandbox, SandboxCall } from './plugin-sandbox.js';
import type { PluginMetrics } from './metrics.js';

// What the plugins want done about one event, decided outside the workflow: the enabled plugins
// are asked what they need (in rounds: some facts depend on others), the facts are read from
// GitHub one request at a time, and each plugin decides, all in the plugin sandbox. The workflow
// gets back the actions (recorded in its history, so replaying it never runs plugin code again)
// and the plugins that could not decide, with the reason.

export interface PlanInput {
  state: EntityState;
  event: GithubEvent;
}

export interface PluginFailure {
  plugin: string;
  reason: string;
}

export interface EventPlan {
  actions: Action[];
  /** Plugins that did nothing on this event because they failed or lacked a fact. */
  failures: PluginFailure[];
  requirements: MergeRequirements;
  unsupported: string[];
  footer: string;
  closedQuietMs?: number;
}

export interface PlanDeps {
  setup(owner: string, repo: string, baseRef: string): Promise<PluginSetup>;
  gather(ctx: FactContext, requests: FactRequest[]): Promise<GatheredFacts>;
  sandbox: PluginSandbox;
  /** Handling time and plugin failures per event type (none: not counted). */
  metrics?: PluginMetrics;
}

const MAX_FACT_ROUNDS = 3;
/** GitHub refuses longer comment bodies; a plugin writing more is cut here, not refused there. */
const MAX_BODY = 65_536;
/** Upper bound on what one event may make the workflow do (and on its history record). */
const MAX_ACTIONS = 100;
const MAX_PLAN_BYTES = 1024 * 1024;

export function createPlanActivities(deps: PlanDeps) {
  return {
    async planEvent(input: PlanInput): Promise<EventPlan> {
      const { metrics } = deps;
      const started = metrics ? performance.now() : 0;
      try {
        const decided = await plan(deps, input);
        if (metrics) observe(metrics, input.event.kind, decided, started);
        return decided;
      } catch (err) {
        // GitHub being down or rate-limited is waited out (the activity retries); anything else is a
        // bug that retrying cannot fix: fail this event's plugins and let the PR go on.
        if (err instanceof ApplicationFailure || typeof (err as { status?: unknown }).status === 'number') throw err;
        metrics?.handleErrors.inc({ event_type: input.event.kind, plugin: '*' });
        throw ApplicationFailure.nonRetryable(`deciding failed: ${err instanceof Error ? err.message : String(err)}`, 'PlanFailed');
      }
    },
  };
}

async function plan(deps: PlanDeps, { state, event }: PlanInput): Promise<EventPlan> {
  const setup = await deps.setup(state.owner, state.repo, state.baseRef);
  const base = { event, state, botLogin: state.botLogin, footer: setup.footer, ...(setup.webUrl ? { webUrl: setup.webUrl } : {}), ...(setup.commandHelpUrl ? { commandHelpUrl: setup.commandHelpUrl } : {}) };
  const ctx: FactContext = { owner: state.owner, repo: state.repo, number: state.number, headSha: state.headSha, baseRef: state.baseRef, baseSha: state.baseSha };
  const failures: PluginFailure[] = [];
  const live = new Map(setup.plugins.map((p) => [p.name, { config: p.config, needs: new Map<string, FactRequest>() }]));
  const fail = (plugin: string, reason: string) => {
    failures.push({ plugin, reason });
    live.delete(plugin);
  };

  let facts: Facts = emptyFacts();
  const failed: Record<string, string> = {};
  const asked = new Set<string>();
  for (let round = 0; round < MAX_FACT_ROUNDS && live.size > 0; round++) {
    const names = [...live.keys()];
    const results = await deps.sandbox.run(
      names.map((plugin): SandboxCall => ({ plugin, op: 'needs', input: { ...base, config: live.get(plugin)!.config, ...(round > 0 ? { facts } : {}) } })),
    );
    const fresh: FactRequest[] = [];
    results.forEach((r, i) => {
      const name = names[i]!;
      if (!r.ok) return fail(name, `needs() failed: ${r.error}`);
      if (!isList(r.value, 'kind')) return fail(name, 'needs() did not return a list of fact requests');
      for (const req of r.value as FactRequest[]) {
        const key = factKey(req);
        live.get(name)!.needs.set(key, req);
        if (!asked.has(key)) {
          asked.add(key);
          fresh.push(req);
        }
      }
    });
    if (fresh.length === 0) break;
    const got = await deps.gather(ctx, fresh);
    facts = mergeFacts(facts, got.facts);
    Object.assign(failed, got.failed);
  }

  // A plugin whose fact could not be read does not decide on half a picture; it may say what
  // is safe to do without it (failSafe), and is reported either way.
  const names = [...live.keys()];
  const calls = names.map((plugin): SandboxCall => {
    const { config, needs } = live.get(plugin)!;
    const missing = [...needs.keys()].filter((k) => failed[k] !== undefined).map((k) => `${describe(needs.get(k)!)}: ${failed[k]}`);
    if (missing.length === 0) return { plugin, op: 'decide', input: { ...base, config, facts } };
    failures.push({ plugin, reason: `could not read ${missing.join('; ')}` });
    return { plugin, op: 'failSafe', input: { ...base, config, facts, failed: missing } };
  });
  const results = await deps.sandbox.run(calls);
  const actions: Action[] = [];
  results.forEach((r, i) => {
    const name = names[i]!;
    if (!r.ok) return fail(name, `${calls[i]!.op}() failed: ${r.error}`);
    if (!isList(r.value, 'type')) return fail(name, `${calls[i]!.op}() did not return a list of actions`);
    actions.push(...(r.value as Action[]));
  });

  return {
    actions: bound(actions, failures),
    failures,
    requirements: setup.requirements,
    unsupported: setup.unsupported,
    footer: setup.footer,
    ...(setup.closedQuietMs !== undefined ? { closedQuietMs: setup.closedQuietMs } : {}),
  };
}

/** One observation per event, one error per plugin that failed (a plugin can fail twice: its facts, then failSafe). */
function observe(metrics: PluginMetrics, eventType: string, decided: EventPlan, started: number): void {
  metrics.handleSeconds.observe({ event_type: eventType, took_action: decided.actions.length > 0 ? 'true' : 'false' }, (performance.now() - started) / 1000);
  if (decided.failures.length === 0) return;
  for (const plugin of new Set(decided.failures.map((f) => f.plugin))) metrics.handleErrors.inc({ event_type: eventType, plugin });
}

function isList(v: unknown, field: string): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>)[field] === 'string');
}

function describe(r: FactRequest): string {
  const { kind, ...rest } = r;
  const args = Object.values(rest).join(' ');
  return args ? `${kind} ${args}` : kind;
}

/** Keeps what one event does within GitHub's and Temporal's limits. */
function bound(actions: Action[], failures: PluginFailure[]): Action[] {
  const out: Action[] = [];
  let bytes = 0;
  for (const a of actions.slice(0, MAX_ACTIONS)) {
    const cut: Action = (a.type === 'comment' || a.type === 'editComment') && a.body.length > MAX_BODY ? { ...a, body: a.body.slice(0, MAX_BODY) } : a;
    bytes += JSON.stringify(cut).length;
    if (bytes > MAX_PLAN_BYTES) break;
    out.push(cut);
  }
  if (out.length < actions.length) failures.push({ plugin: '*', reason: `${actions.length - out.length} of ${actions.length} actions dropped: one event may do at most ${MAX_ACTIONS} things in ${MAX_PLAN_BYTES} bytes` });
  return out;
}
