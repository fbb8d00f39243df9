import { condition, continueAsNew, currentUpdateInfo, log, patched, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { entityDetails } from '../core/details.js';
import { commandEvent, commandOutcome, commandProblem } from '../core/cli-command.js';
import type { EventPlan } from '../activities/plan-event.js';
import type { GithubEvent } from '../core/event.js';
import { alreadyHandled, applyEvent, compactVotes, initialState, recordFailures, upgradeState, type EntityState } from '../core/pr-state.js';
import { runEventLoop } from './event-loop.js';
import { local, planner, refusal, remote } from './activities.js';
import { executeAction } from './execute-action.js';
import { prJobs } from './pr-jobs.js';
import { runPluginsInWorkflow } from './legacy-plugins.js';
import { commandUpdate, stateQuery, whyQuery, type EntityWorkflowInput } from './messages.js';
import { approvalFromMemory, whyNotMergeable } from '../core/why.js';
import { poolPrOf, reportKey } from '../core/pool-report.js';
import { AUTHOR, HEAD_SHA, LABELS, NUMBER, REPO, STATE } from './search-attributes.js';

const DEFAULT_MAX_HISTORY_EVENTS = 10_000;
const DEFAULT_CLOSED_QUIET_MS = 7 * 24 * 3600 * 1000;

/**
 * The single writer for one pull request (`pr/{owner}/{repo}/{number}`). Webhooks arrive as
 * signals and are handled one at a time in arrival order, so two commands sent together never race.
 */
/** Temporal's patched(), or its answer from the start of the run. */
type Ask = (id: string) => boolean;
/** Patches once asked per event (some after local activities), in the order they were introduced. */
const LAZY_PATCHES = ['plugins-v1', 'local-github-v1', 'bot-login-v1', 'label-deltas-v1', 'plugins-in-sandbox-v1', 'one-review-request-v1'];

export async function prWorkflow(input: EntityWorkflowInput): Promise<void> {
  return runEntity(input);
}

/** The same life for an issue (`issue/{owner}/{repo}/{number}`). */
export async function issueWorkflow(input: EntityWorkflowInput): Promise<void> {
  return runEntity(input);
}

async function runEntity(input: EntityWorkflowInput): Promise<void> {
  let current: EntityState = input.state ? upgradeState(input.state) : initialState(input.owner, input.repo, input.number, input.kind);
  setHandler(stateQuery, () => current);
  setHandler(whyQuery, () =>
    current.kind !== 'pr'
      ? ['issues do not merge']
      : current.requirements
        ? whyNotMergeable({ ...current, approval: approvalFromMemory(current.memory) }, current.requirements)
        : ['Coxswain has not handled an event for this PR yet'],
  );
  publishSearchAttributes(current);
  // Asked once, before any command: a patch asked for the first time after local activities can
  // land at a different point on replay than it did when recorded. Runs that started before the
  // merge pool existed replay without it (and get it when they continue as new).
  const mergePool = patched('merge-pool-v2');
  // Since 'patches-at-start-v1', the patches below are asked here too, before any local activity.
  // Asked per event, after the first event's local activities, a patch could be recorded in a later
  // workflow task than the replay looked for it when a long task was split (seen under load: the
  // replay took the pre-plugins path). Runs recorded before this ask per event and replay so.
  const atStart = patched('patches-at-start-v1');
  const early = new Map<string, boolean>(atStart ? LAZY_PATCHES.map((id) => [id, patched(id)]) : []);
  const ask = (id: string): boolean => early.get(id) ?? patched(id);
  let enqueue: ((e: GithubEvent) => void) | undefined;
  let handingOver = false;
  // A command from a script: refused at once if malformed; otherwise queued with the webhooks and
  // answered once handled, as a comment by the same person would be (same plugins, same rights).
  setHandler(
    commandUpdate,
    async (req) => {
      const event = commandEvent(req, currentUpdateInfo()?.id ?? `${Date.now()}`);
      // An update that starts the workflow arrives before the event loop is set up.
      await condition(() => enqueue !== undefined);
      const before = current;
      enqueue!(event);
      await condition(() => current.recentDeliveries.includes(event.deliveryId) || handingOver);
      // The run hands its queue to the next one: the command is handled there.
      if (!current.recentDeliveries.includes(event.deliveryId)) return { ...commandOutcome(before, before, event.deliveryId), queued: true };
      return commandOutcome(before, current, event.deliveryId);
    },
    {
      validator: (req) => {
        const problem = commandProblem(req);
        if (problem) throw new Error(problem);
        if (current.kind === 'pr' && current.state !== 'open' && !/^\/reopen\b/m.test(req.body)) throw new Error(`the pull request is ${current.state}`);
      },
    },
  );

  const { state, pending, idle } = await runEventLoop({
    onEnqueue: (f) => (enqueue = f),
    onHandOver: () => (handingOver = true),
    state: current,
    pending: input.pending,
    maxHistoryEvents: input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS,
    seen: alreadyHandled,
    handle: async (before, event) => {
      let after: EntityState;
      // Histories recorded before plugins existed made no activity calls: replay them as they were.
      if (ask('plugins-v1')) {
        let loaded = before.loaded ? before : await loadFromGithub(before, ask);
        // Without its own login the bot would take its own comments for commands: until GitHub
        // answers, ask again (at most once a minute) and decide nothing on comments and reviews.
        const needsLogin = !loaded.botLogin && (event.kind === 'comment' || event.kind === 'review') && ask('bot-login-v1');
        if (needsLogin) loaded = await learnBotLogin(loaded, ask);
        after = applyEvent(loaded, event, { labelDeltas: ask('label-deltas-v1') });
        // Plugins run outside the workflow, in the worker's plugin sandbox, since
        // 'plugins-in-sandbox-v1'; histories from before ran them here and replay that way.
        if (needsLogin && !after.botLogin) after = recordFailures(after, event.deliveryId, [{ plugin: '*', reason: 'the bot login is not known yet (GET /user failed): plugins skipped' }]);
        else if (!fromBot(after, event)) after = ask('plugins-in-sandbox-v1') ? await runPlannedPlugins(after, event, ask) : await runPluginsInWorkflow(after, event);
      } else {
        after = applyEvent(before, event);
      }
      // The branch's merge pool hears of every change to what merging rests on (since 'merge-pool-v1').
      if (after.kind === 'pr' && mergePool) after = await tellMergePool(before, after);
      // A blocker issue opened, closed, relabelled or retitled: the repository's pools read blockers again.
      if (after.kind === 'issue' && mergePool && blockerChanged(before, after)) await pokeMergePools(after);
      if (searchAttributesChanged(before, after)) publishSearchAttributes(after);
      return after;
    },
    onState: (s) => {
      current = s;
      // The Web UI's "current details": what the PR looks like now (read through a query, no history).
      setCurrentDetails(entityDetails(s));
    },
    // A closed PR or issue's workflow ends after a quiet period; reopening (or any event) starts a
    // new one, which reads the PR's state from GitHub again.
    idleTimeoutMs: (s) => (s.state === 'open' ? undefined : (s.closedQuietMs ?? input.closedQuietMs ?? DEFAULT_CLOSED_QUIET_MS)),
  });
  if (idle) return;
  // continueAsNew keeps the workflow type (prWorkflow or issueWorkflow) of the current run.
  await continueAsNew<typeof prWorkflow>({ ...input, state, pending });
}

/**
 * GitHub calls as local activities (in this workflow task) since 'local-github-v1'; histories
 * recorded before made them through the task queue and replay that way. Asked once per run.
 */
function github(ask: Ask) {
  return ask('local-github-v1') ? local : remote;
}

/**
 * The first event of a workflow reads the PR as GitHub has it (labels, assignees, comments and
 * reviews), so Coxswain can be switched on for a repository with open PRs.
 */
async function loadFromGithub(s: EntityState, ask: Ask): Promise<EntityState> {
  try {
    const current = await github(ask).loadEntity({ owner: s.owner, repo: s.repo, number: s.number, kind: s.kind });
    return { ...s, ...current, ...(current.votes ? { votes: compactVotes(current.votes) } : {}), loaded: true };
  } catch (err) {
    log.warn('could not read the PR from GitHub; going on with what the events say', { error: refusal(err) });
    return { ...s, loaded: true };
  }
}

/**
 * The plugins' decision on one event comes from the planner (plugins run in the worker's
 * sandbox); this carries out its actions one by one. Whatever a plugin did (threw, looped, asked
 * for a fact GitHub refused), the event is recorded with what failed and the next event follows.
 */
async function runPlannedPlugins(s: EntityState, event: GithubEvent, ask: Ask): Promise<EntityState> {
  let plan: EventPlan;
  try {
    plan = await planner.planEvent({ state: s, event });
  } catch (err) {
    const reason = refusal(err);
    log.error('plugins skipped for this event', { deliveryId: event.deliveryId, error: reason });
    return recordFailures(s, event.deliveryId, [{ plugin: '*', reason }]);
  }
  s = {
    ...s,
    requirements: plan.requirements,
    unsupportedPlugins: plan.unsupported,
    ...(plan.closedQuietMs !== undefined ? { closedQuietMs: plan.closedQuietMs } : {}),
  };
  if (plan.failures.length > 0) {
    log.warn('some plugins did not decide on this event', { deliveryId: event.deliveryId, failures: plan.failures });
    s = recordFailures(s, event.deliveryId, plan.failures);
  }
  if (plan.actions.length === 0) return s;
  const deps = { gh: github(ask), cherryPick: remote.cherryPick, updateConfigMap: remote.updateConfigMap, deliveryId: event.deliveryId, patched: ask, log, jobs: prJobs };
  for (const action of plan.actions) s = await executeAction(deps, s, action, plan.footer);
  // A script that gave the command is told what the bot answered.
  if (event.kind === 'comment' && event.via === 'cli') {
    const bodies = plan.actions.flatMap((a) => (a.type === 'comment' ? [a.body.slice(0, 2000)] : [])).slice(0, 5);
    s = { ...s, cliReplies: { deliveryId: event.deliveryId, bodies } };
  }
  return s;
}

/**
 * Signals the merge pool of the PR's base branch (starting it if need be) when the PR's labels,
 * head, statuses, draft or open state changed; a PR moved to another base leaves its old pool.
 * Only where a Tide query covers the repository.
 */
async function tellMergePool(before: EntityState, after: EntityState): Promise<EntityState> {
  if (!after.requirements?.queries.length || !after.baseRef || !after.headSha) return after;
  const pr = poolPrOf(after);
  const key = reportKey(pr);
  if (key === after.poolReport) return after;
  try {
    await local.notifyMergePool({ owner: after.owner, repo: after.repo, branch: after.baseRef, pr });
    if (before.baseRef && before.baseRef !== after.baseRef) await local.notifyMergePool({ owner: after.owner, repo: after.repo, branch: before.baseRef, pr });
    return { ...after, poolReport: key };
  } catch (err) {
    log.warn('could not tell the merge pool', { error: refusal(err) });
    return after;
  }
}

function blockerChanged(before: EntityState, after: EntityState): boolean {
  const label = after.requirements?.blockerLabel;
  if (!label || !(before.labels.includes(label) || after.labels.includes(label))) return false;
  return before.labels.includes(label) !== after.labels.includes(label) || before.state !== after.state || before.title !== after.title;
}

async function pokeMergePools(s: EntityState): Promise<void> {
  try {
    await local.pokeMergePools({ owner: s.owner, repo: s.repo, reason: `blocker issue #${s.number} changed` });
  } catch (err) {
    log.warn('could not tell the merge pools of a blocker change', { error: refusal(err) });
  }
}

const BOT_LOGIN_RETRY_MS = 60_000;

async function learnBotLogin(s: EntityState, ask: Ask): Promise<EntityState> {
  // Workflow time (deterministic): a broken token does not cost a read per comment.
  const now = Date.now();
  if (s.botLoginTriedAt !== undefined && now - s.botLoginTriedAt < BOT_LOGIN_RETRY_MS) return s;
  try {
    return { ...s, botLogin: await github(ask).botLogin() };
  } catch (err) {
    log.error('could not learn the bot login', { error: refusal(err) });
    return { ...s, botLoginTriedAt: now };
  }
}

/** The bot's own comments and reviews are never commands. */
function fromBot(s: EntityState, event: GithubEvent): boolean {
  return (event.kind === 'comment' || event.kind === 'review') && s.botLogin !== '' && event.actor.toLowerCase() === s.botLogin.toLowerCase();
}

function searchAttributesChanged(a: EntityState, b: EntityState): boolean {
  return (
    a.state !== b.state ||
    a.author !== b.author ||
    a.headSha !== b.headSha ||
    a.labels.join('\n') !== b.labels.join('\n')
  );
}

function publishSearchAttributes(s: EntityState): void {
  upsertSearchAttributes([
    { key: REPO, value: `${s.owner}/${s.repo}` },
    { key: NUMBER, value: s.number },
    { key: STATE, value: s.state },
    { key: LABELS, value: s.labels },
    ...(s.author ? [{ key: AUTHOR, value: s.author }] : []),
    ...(s.headSha ? [{ key: HEAD_SHA, value: s.headSha }] : []),
  ]);
}
