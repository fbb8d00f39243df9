import { ActivityFailure, log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { GithubEvent } from '../core/event.js';
import type { EntityState } from '../core/pr-state.js';
import { formatResponseRaw } from '../core/respond.js';
import { pluginByName } from '../plugins/index.js';
import { assignRefusal, reviewRefusal } from '../plugins/assign.js';
import { cherryPickFailure, cherryPickOutcome, cherryPickReply } from '../plugins/cherrypick.js';
import { emptyFacts, mergeFacts, type Action, type FactRequest, type Facts, type Plugin } from '../plugins/types.js';
import type { Activities } from '../activities/index.js';

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
const MAX_BOT_COMMENTS_PER_TAG = 20;
const MAX_MEMORY_KEYS = 50;
const MAX_MEMORY_VALUE = 1024;

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

export async function execute(state: EntityState, a: Action, footer: string): Promise<EntityState> {
  const ref = { owner: state.owner, repo: state.repo, number: state.number };
  const repo = { owner: state.owner, repo: state.repo };
  try {
    switch (a.type) {
      case 'addLabels': {
        const missing = a.labels.filter((l) => !state.labels.includes(l));
        if (missing.length === 0) return state;
        await gh.addLabels(ref, missing);
        return { ...state, labels: [...state.labels, ...missing].sort() };
      }
      case 'removeLabel':
        await gh.removeLabel(ref, a.label);
        return { ...state, labels: state.labels.filter((l) => l !== a.label) };
      case 'comment': {
        const { id } = await gh.createComment(ref, a.body);
        if (!a.tag) return state;
        // The newest few per tag: enough to edit or prune, bounded however often the bot speaks.
        return { ...state, botComments: { ...state.botComments, [a.tag]: [...(state.botComments[a.tag] ?? []), id].slice(-MAX_BOT_COMMENTS_PER_TAG) } };
      }
      case 'editComment':
        await gh.editComment(repo, a.commentId, a.body);
        return state;
      case 'deleteComment': {
        await gh.deleteComment(repo, a.commentId);
        const botComments = Object.fromEntries(Object.entries(state.botComments).map(([t, ids]) => [t, ids.filter((id) => id !== a.commentId)]));
        return { ...state, botComments };
      }
      case 'assign': {
        const { assignees } = await gh.addAssignees(ref, a.logins);
        const got = new Set(assignees.map((x) => x.toLowerCase()));
        const missing = a.logins.filter((l) => !got.has(l.toLowerCase()));
        if (missing.length > 0 && a.refusalReply) await reply(ref, a.refusalReply, assignRefusal(missing, state.owner), footer);
        return { ...state, assignees: [...assignees].sort() };
      }
      case 'unassign': {
        const { assignees } = await gh.removeAssignees(ref, a.logins);
        return { ...state, assignees: [...assignees].sort() };
      }
      case 'requestReview': {
        // Prow asks for each reviewer on its own so one refusal does not sink the others.
        const refused = [...(a.refused ?? [])];
        const granted: string[] = [];
        for (const login of a.logins) {
          if (await tryActivity(() => gh.requestReviewers(ref, [login], []))) granted.push(login);
          else refused.push(login);
        }
        for (const team of a.teams ?? []) {
          if (!(await tryActivity(() => gh.requestReviewers(ref, [], [team])))) refused.push(team);
        }
        if (refused.length > 0 && a.refusalReply) await reply(ref, a.refusalReply, reviewRefusal(refused, state.owner), footer);
        return { ...state, requestedReviewers: [...new Set([...state.requestedReviewers, ...granted])].sort() };
      }
      case 'unrequestReview':
        await gh.removeRequestedReviewers(ref, a.logins, a.teams ?? []);
        return { ...state, requestedReviewers: state.requestedReviewers.filter((r) => !a.logins.includes(r)) };
      case 'close':
        await gh.setIssueState(ref, 'closed', a.reason);
        return { ...state, state: 'closed' };
      case 'reopen':
        await gh.setIssueState(ref, 'open', 'reopened');
        return { ...state, state: 'open' };
      case 'setTitle':
        await gh.setTitle(ref, a.title);
        return { ...state, title: a.title };
      case 'setMilestone':
        await gh.setMilestone(ref, a.milestone);
        return state;
      case 'react':
        await gh.addReaction(repo, a.commentId ? { commentId: a.commentId } : { issueNumber: state.number }, a.content);
        return state;
      case 'status':
        await gh.createStatus(repo, state.headSha, { context: a.context, state: a.state, description: a.description, ...(a.targetUrl ? { targetUrl: a.targetUrl } : {}) });
        return { ...state, contexts: { ...state.contexts, [a.context]: { state: a.state, description: a.description } } };
      case 'review':
        await gh.createReview(ref, a.body, a.comments);
        return state;
      case 'deleteBranch':
        await gh.deleteBranch(repo, a.ref);
        return state;
      case 'cherryPick': {
        let text: string;
        try {
          const made = await gh.cherryPick(ref, { targetBranch: a.targetBranch, title: a.title, body: a.body, requester: a.requester });
          text = cherryPickOutcome(state.number, made);
        } catch (err) {
          if (!(err instanceof ActivityFailure)) throw err;
          text = cherryPickFailure(state.number, a.targetBranch, err.cause);
        }
        await gh.createComment(ref, cherryPickReply(a.replyTo, text, footer));
        return state;
      }
      case 'remember': {
        const memory = { ...state.memory };
        if (a.value === null) delete memory[a.key];
        else if (a.key in memory || Object.keys(memory).length < MAX_MEMORY_KEYS) memory[a.key] = a.value.slice(0, MAX_MEMORY_VALUE);
        return { ...state, memory };
      }
    }
  } catch (err) {
    // GitHub refused (a 4xx): record it and go on with the other actions.
    if (err instanceof ActivityFailure) {
      log.warn('GitHub refused an action', { action: a.type, error: err.cause?.message ?? err.message });
      return state;
    }
    throw err;
  }
}



async function reply(ref: { owner: string; repo: string; number: number }, to: { login: string; body: string; url: string }, text: string, footer: string): Promise<void> {
  await gh.createComment(ref, formatResponseRaw(to.body, to.url, to.login, text, footer));
}

/** Runs an activity GitHub may refuse; false when it did (4xx), after logging why. */
async function tryActivity(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (err instanceof ActivityFailure) {
      log.info('GitHub refused a request', { error: err.cause?.message ?? err.message });
      return false;
    }
    throw err;
  }
}
