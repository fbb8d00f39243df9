import type { Activities } from '../activities/index.js';
import { recordFailures, recordOwnLabelWrites, type EntityState } from '../core/pr-state.js';
import { fillTemplate, formatResponseRaw } from '../core/respond.js';
import { failureOf, refusalReason } from './refusal.js';
import type { Action } from '../core/model.js';

// Carries out one plugin action through GitHub activities and keeps the PR's state in step with
// what was written. Workflow code, but with its dependencies passed in, so a table test can drive
// it with a plain-object fake of the activities.

export interface ExecutorDeps {
  gh: Pick<
    Activities,
    | 'addLabels' | 'removeLabel' | 'createComment' | 'editComment' | 'deleteComment' | 'addAssignees' | 'removeAssignees'
    | 'requestReviewers' | 'removeRequestedReviewers' | 'setIssueState' | 'setTitle' | 'setMilestone' | 'addReaction'
    | 'createStatus' | 'createReview' | 'deleteBranch'
  >;
  /** Long (clones and pushes): always through the task queue. */
  cherryPick: Activities['cherryPick'];
  /** Writes a ConfigMap (config-updater): through the task queue. Absent: such actions are recorded as failed. */
  updateConfigMap?: Activities['updateConfigMap'];
  /** The event whose actions these are: failures an action records are filed under it. */
  deliveryId?: string;
  /** Temporal's patched(): the workflow's, or a fixed answer in tests. */
  patched(id: string): boolean;
  log: { info(msg: string, attrs?: Record<string, unknown>): void; warn(msg: string, attrs?: Record<string, unknown>): void };
  /** Starts and aborts the PR's job workflows (workflows/pr-jobs.ts); absent where jobs do not run. */
  jobs?: JobControl;
}

export interface JobControl {
  run(state: EntityState, jobs: string[], retest: boolean): Promise<EntityState>;
  abort(state: EntityState, description: string): Promise<EntityState>;
}

const MAX_BOT_COMMENTS_PER_TAG = 20;
/** GitHub's own limit: an issue has at most 10 assignees, and one request adds at most 10. */
export const MAX_ASSIGNEES = 10;
/** Review requests made at once; more from one comment are answered as refused. */
export const MAX_REVIEW_REQUEST = 15;
const MAX_MEMORY_KEYS = 50;
const MAX_MEMORY_VALUE = 1024;

export async function executeAction(deps: ExecutorDeps, state: EntityState, a: Action, footer: string): Promise<EntityState> {
  const { gh, log } = deps;
  const tryActivity = (fn: () => Promise<unknown>) => tryGithub(deps, fn);
  const ref = { owner: state.owner, repo: state.repo, number: state.number };
  const reply = (to: { login: string; body: string; url: string }, text: string) => gh.createComment(ref, formatResponseRaw(to.body, to.url, to.login, text, footer));
  const repo = { owner: state.owner, repo: state.repo };
  try {
    switch (a.type) {
      case 'addLabels': {
        const missing = a.labels.filter((l) => !state.labels.includes(l));
        if (missing.length === 0) return state;
        await gh.addLabels(ref, missing);
        return recordOwnLabelWrites({ ...state, labels: [...state.labels, ...missing].sort() }, missing.map((l) => `+${l}`));
      }
      case 'removeLabel':
        await gh.removeLabel(ref, a.label);
        return recordOwnLabelWrites({ ...state, labels: state.labels.filter((l) => l !== a.label) }, [`-${a.label}`]);
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
        // GitHub takes at most MAX_ASSIGNEES logins (and keeps at most that many on an issue): one
        // request, the rest answered as refused, so one comment cannot queue a stream of writes.
        const { assignees } = await gh.addAssignees(ref, a.logins.slice(0, MAX_ASSIGNEES));
        const got = new Set(assignees.map((x) => x.toLowerCase()));
        const missing = a.logins.filter((l) => !got.has(l.toLowerCase()));
        if (missing.length > 0 && a.refusalReply) await reply(a.refusalReply, refusalText(a.refusalText, missing, 'assign'));
        return { ...state, assignees: [...assignees].sort() };
      }
      case 'unassign': {
        const { assignees } = await gh.removeAssignees(ref, a.logins.slice(0, MAX_ASSIGNEES));
        return { ...state, assignees: [...assignees].sort() };
      }
      case 'requestReview': {
        const refused = [...(a.refused ?? [])];
        const granted: string[] = [];
        const teams = a.teams ?? [];
        // One request for everyone (at most MAX_REVIEW_REQUEST); only when GitHub refuses it does
        // Coxswain ask for each on their own, as Prow always does, so one refusal does not sink
        // the others. (Runs recorded before asked one by one; they replay that way.)
        const batched = deps.patched('one-review-request-v1');
        const logins = batched ? a.logins.slice(0, MAX_REVIEW_REQUEST) : a.logins;
        refused.push(...a.logins.slice(logins.length));
        if (batched && logins.length + teams.length > 0 && (await tryActivity(() => gh.requestReviewers(ref, logins, teams)))) {
          granted.push(...logins);
        } else {
          for (const login of logins) {
            if (await tryActivity(() => gh.requestReviewers(ref, [login], []))) granted.push(login);
            else refused.push(login);
          }
          for (const team of teams) {
            if (!(await tryActivity(() => gh.requestReviewers(ref, [], [team])))) refused.push(team);
          }
        }
        if (refused.length > 0 && a.refusalReply) await reply(a.refusalReply, refusalText(a.refusalText, refused, 'request PR reviews from'));
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
        const replies = a.replies ?? PLAIN_CHERRY_PICK_REPLIES;
        let text: string;
        try {
          const made = await deps.cherryPick(ref, { targetBranch: a.targetBranch, title: a.title, body: a.body, requester: a.requester });
          text = made.existing ? fillTemplate(replies.existing, { url: made.url }) : fillTemplate(replies.created, { number: String(made.number) });
        } catch (err) {
          if (refusalReason(err) === undefined) throw err;
          const failure = failureOf(err);
          text = fillTemplate(replies.failures[failure?.type ?? ''] ?? replies.failed, { message: failure?.message ?? 'unknown error' });
        }
        const body = a.replyTo ? formatResponseRaw(a.replyTo.body, a.replyTo.url, a.replyTo.login, text, footer) : fillTemplate(replies.unaddressed, { text });
        await gh.createComment(ref, body);
        return state;
      }
      case 'updateConfigMaps':
        return await updateConfigMaps(deps, state, a, footer);
      case 'runJobs':
        return deps.jobs ? await deps.jobs.run(state, a.jobs, a.retest ?? false) : state;
      case 'abortJobs':
        return deps.jobs ? await deps.jobs.abort(state, a.description) : state;
      case 'remember': {
        const memory = { ...state.memory };
        if (a.value === null) delete memory[a.key];
        else if (a.key in memory || Object.keys(memory).length < MAX_MEMORY_KEYS) memory[a.key] = a.value.slice(0, MAX_MEMORY_VALUE);
        return { ...state, memory };
      }
    }
  } catch (err) {
    // GitHub refused (a 4xx): record it and go on with the other actions.
    const reason = refusalReason(err);
    if (reason === undefined) throw err;
    log.warn('GitHub refused an action', { action: a.type, error: reason });
    return state;
  }
}

/**
 * config-updater's writes, one ConfigMap at a time; a ConfigMap that could not be written is the
 * plugin's failure on this event, and the reply lists those that were (none: no reply), as Prow's.
 */
async function updateConfigMaps(deps: ExecutorDeps, state: EntityState, a: Extract<Action, { type: 'updateConfigMaps' }>, footer: string): Promise<EntityState> {
  let s = state;
  const written: string[] = [];
  for (const { summary, ...target } of a.maps) {
    let reason: string | undefined;
    if (!deps.updateConfigMap) reason = 'ConfigMaps cannot be written from here';
    else {
      try {
        await deps.updateConfigMap({ owner: state.owner, repo: state.repo }, { ...target, sha: a.sha });
      } catch (err) {
        reason = refusalReason(err);
        if (reason === undefined) throw err;
      }
    }
    if (reason === undefined) written.push(summary);
    else {
      deps.log.warn('config-updater could not write a ConfigMap', { configMap: `${target.cluster}/${target.namespace}/${target.name}`, error: reason });
      s = recordFailures(s, deps.deliveryId ?? '', [{ plugin: 'config-updater', reason: `configmap ${target.name} in namespace ${target.namespace} at cluster ${target.cluster}: ${reason}` }]);
    }
  }
  if (written.length === 0) return s;
  const text =
    written.length === 1
      ? fillTemplate(a.replies.one, { summary: written[0]! })
      : fillTemplate(a.replies.many, { count: String(written.length), list: written.map((summary) => fillTemplate(a.replies.item, { summary })).join('') });
  await deps.gh.createComment({ owner: state.owner, repo: state.repo, number: state.number }, formatResponseRaw(a.replyTo.body, a.replyTo.url, a.replyTo.login, text, footer));
  return s;
}

/** The plugin's refusal reply with the refused logins in it (actions planned before plugins wrote it: a plain one). */
function refusalText(template: string | undefined, refused: string[], what: string): string {
  return fillTemplate(template ?? `GitHub didn't allow me to ${what} the following users: {{logins}}.`, { logins: refused.join(', ') });
}

/** For cherry-pick actions planned before plugins wrote their replies. */
const PLAIN_CHERRY_PICK_REPLIES = {
  created: 'new pull request created: #{{number}}',
  existing: 'already cherry picked in {{url}}',
  failures: {} as Record<string, string>,
  failed: 'new pull request could not be created: {{message}}',
  unaddressed: 'In response to a cherrypick label: {{text}}',
};

/** Runs an activity GitHub may refuse; false when it did (4xx), after logging why. */
async function tryGithub(deps: ExecutorDeps, fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    const reason = refusalReason(err);
    if (reason === undefined) throw err;
    deps.log.info('GitHub refused a request', { error: reason });
    return false;
  }
}
