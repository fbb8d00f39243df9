import type { GithubEvent } from './event.js';
import type { Action } from './model.js';
import type { MergeRequirements } from './why.js';

// `coxswain replay`: what the plugins decided on a recorded event (the planner's result in the
// workflow's history) against what they decide on it now (the same event and PR state, planned
// again with the current code and config), in plain words. Pure: the CLI does the reading.

/** The part of the planner's result (activities/plan-event.ts EventPlan) that is a decision. */
export interface PlanDecision {
  actions: Action[];
  failures: Array<{ plugin: string; reason: string }>;
  requirements?: MergeRequirements;
  unsupported?: string[];
}

/** A plan, or the planner failing on the event (its message). */
export type PlanOutcome = PlanDecision | { error: string };

export interface PlanDiff {
  changed: boolean;
  /** Every difference, one line each: `+ addLabels lgtm`, `- comment (…)`, `~ order of …`. */
  lines: string[];
  /** Actions only the new plan has (described). */
  added: string[];
  /** Actions only the recorded plan has (described). */
  removed: string[];
}

const MAX_TEXT = 72;

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
}

const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort();

/** Keys sorted at every level, so two equal values give the same text whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * One action per effect, with the lists whose order means nothing sorted: `addLabels [a, b]` is
 * `addLabels a` and `addLabels b`, in any order, as GitHub applies it.
 */
function normalize(actions: readonly Action[]): Action[] {
  return actions.flatMap((a): Action[] => {
    switch (a.type) {
      case 'addLabels':
        return a.labels.map((label) => ({ type: 'addLabels', labels: [label] }));
      case 'assign':
      case 'unassign':
        return [{ ...a, logins: sorted(a.logins) }];
      case 'requestReview':
        return [{ ...a, logins: sorted(a.logins), ...(a.teams ? { teams: sorted(a.teams) } : {}), ...(a.refused ? { refused: sorted(a.refused) } : {}) }];
      case 'unrequestReview':
        return [{ ...a, logins: sorted(a.logins), ...(a.teams ? { teams: sorted(a.teams) } : {}) }];
      case 'runJobs':
        return [{ ...a, jobs: sorted(a.jobs) }];
      default:
        return [a];
    }
  });
}

/** An action in a few words: `addLabels lgtm`, `comment (first line…)`. */
export function describeAction(a: Action): string {
  switch (a.type) {
    case 'addLabels':
      return `addLabels ${a.labels.join(' ')}`;
    case 'removeLabel':
      return `removeLabel ${a.label}`;
    case 'comment':
      return `comment (${firstLine(a.body)})`;
    case 'editComment':
      return `editComment #${a.commentId} (${firstLine(a.body)})`;
    case 'deleteComment':
      return `deleteComment #${a.commentId}`;
    case 'assign':
    case 'unassign':
      return `${a.type} ${a.logins.join(' ')}`;
    case 'requestReview':
    case 'unrequestReview':
      return `${a.type} ${[...a.logins, ...(a.teams ?? []).map((t) => `team:${t}`)].join(' ')}`;
    case 'close':
      return a.reason ? `close (${a.reason})` : 'close';
    case 'reopen':
      return 'reopen';
    case 'setTitle':
      return `setTitle "${firstLine(a.title)}"`;
    case 'setMilestone':
      return `setMilestone ${a.milestone ?? 'none'}`;
    case 'react':
      return `react ${a.content}${a.commentId !== undefined ? ` on comment #${a.commentId}` : ''}`;
    case 'status':
      return `status ${a.context} ${a.state}${a.description ? ` (${firstLine(a.description)})` : ''}`;
    case 'deleteBranch':
      return `deleteBranch ${a.ref}`;
    case 'review':
      return `review (${firstLine(a.body)}) with ${a.comments.length} file comment${a.comments.length === 1 ? '' : 's'}`;
    case 'remember':
      return a.value === null ? `forget ${a.key}` : `remember ${a.key} = ${firstLine(a.value)}`;
    case 'runJobs':
      return `runJobs ${a.jobs.join(' ')}${a.retest ? ' (retest)' : ''}`;
    case 'abortJobs':
      return `abortJobs (${firstLine(a.description)})`;
    case 'cherryPick':
      return `cherryPick onto ${a.targetBranch}`;
    case 'updateConfigMaps':
      return `updateConfigMaps at ${a.sha.slice(0, 7)}: ${a.maps.map((m) => `${m.cluster}/${m.namespace}/${m.name} (${m.updates.map((u) => (u.file ? u.key : `-${u.key}`)).join(' ')})`).join(', ')}`;
    default: {
      const text = canonical(a);
      return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
    }
  }
}

/** What an action touches: two actions on the same thing happen in an order that matters. */
function touches(a: Action): string[] {
  switch (a.type) {
    case 'addLabels':
      return a.labels.map((l) => `label ${l}`);
    case 'removeLabel':
      return [`label ${a.label}`];
    case 'comment':
    case 'review':
      return ['the conversation'];
    case 'editComment':
    case 'deleteComment':
      return [`comment #${a.commentId}`];
    case 'assign':
    case 'unassign':
      return a.logins.map((l) => `assignee ${l}`);
    case 'requestReview':
    case 'unrequestReview':
      return [...a.logins.map((l) => `reviewer ${l}`), ...(a.teams ?? []).map((t) => `reviewer team:${t}`)];
    case 'close':
    case 'reopen':
      return ['open/closed'];
    case 'setTitle':
      return ['the title'];
    case 'setMilestone':
      return ['the milestone'];
    case 'react':
      return [`reactions on ${a.commentId !== undefined ? `comment #${a.commentId}` : 'the event'}`];
    case 'status':
      return [`status ${a.context}`];
    case 'deleteBranch':
      return [`branch ${a.ref}`];
    case 'remember':
      return [`memory ${a.key}`];
    case 'runJobs':
    case 'abortJobs':
      return ['job runs'];
    case 'cherryPick':
      return [`cherry-pick onto ${a.targetBranch}`];
    case 'updateConfigMaps':
      return a.maps.map((m) => `configmap ${m.cluster}/${m.namespace}/${m.name}`);
    default:
      return [(a as { type: string }).type];
  }
}

/** Multiset difference: the items of `a` not matched in `b`, in `a`'s order. */
function minus<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(key(x), (left.get(key(x)) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(key(x)) ?? 0;
    if (n === 0) return true;
    left.set(key(x), n - 1);
    return false;
  });
}

function orderChanges(before: Action[], after: Action[]): string[] {
  const byThing = (actions: Action[]) => {
    const m = new Map<string, Action[]>();
    for (const a of actions) for (const t of touches(a)) m.set(t, [...(m.get(t) ?? []), a]);
    return m;
  };
  const b = byThing(before);
  const a = byThing(after);
  const out: string[] = [];
  for (const [thing, was] of b) {
    const now = a.get(thing) ?? [];
    if (was.map(canonical).join('\n') === now.map(canonical).join('\n')) continue;
    out.push(`~ order on ${thing}: ${was.map(describeAction).join(', ')} → ${now.map(describeAction).join(', ')}`);
  }
  return out;
}

function requirementChanges(before?: MergeRequirements, after?: MergeRequirements): string[] {
  if (!before || !after) return [];
  const out: string[] = [];
  const ctxAdded = minus(sorted(after.requiredContexts), sorted(before.requiredContexts), String);
  const ctxRemoved = minus(sorted(before.requiredContexts), sorted(after.requiredContexts), String);
  if (ctxAdded.length || ctxRemoved.length) {
    out.push(`~ required contexts: ${[...ctxAdded.map((c) => `+${c}`), ...ctxRemoved.map((c) => `-${c}`)].join(' ')}`);
  }
  const queries = (r: MergeRequirements) => r.queries.map(canonical).sort();
  if (canonical(queries(before)) !== canonical(queries(after))) {
    const n = (r: MergeRequirements) => `${r.queries.length} ${r.queries.length === 1 ? 'query' : 'queries'}`;
    out.push(`~ Tide queries for this repository changed (${n(before)} → ${n(after)})`);
  }
  if ((before.blockerLabel ?? '') !== (after.blockerLabel ?? '')) out.push(`~ blocker label: ${before.blockerLabel ?? 'none'} → ${after.blockerLabel ?? 'none'}`);
  return out;
}

const isError = (o: PlanOutcome): o is { error: string } => 'error' in o && typeof o.error === 'string';

/** Whether the plugins would decide differently on the event now, and how. */
export function diffPlans(recorded: PlanOutcome, replanned: PlanOutcome): PlanDiff {
  const lines: string[] = [];
  if (isError(recorded) || isError(replanned)) {
    if (isError(recorded) && isError(replanned)) {
      return recorded.error === replanned.error ? { changed: false, lines, added: [], removed: [] } : { changed: true, lines: [`- planner failed: ${firstLine(recorded.error)}`, `+ planner fails: ${firstLine(replanned.error)}`], added: [], removed: [] };
    }
    const plan = isError(recorded) ? (replanned as PlanDecision) : recorded;
    const described = normalize(plan.actions).map(describeAction);
    if (isError(recorded)) {
      lines.push(`- planner failed: ${firstLine(recorded.error)}`, ...described.map((d) => `+ ${d}`));
      return { changed: true, lines, added: described, removed: [] };
    }
    lines.push(...described.map((d) => `- ${d}`), `+ planner fails: ${firstLine((replanned as { error: string }).error)}`);
    return { changed: true, lines, added: [], removed: described };
  }

  const before = normalize(recorded.actions);
  const after = normalize(replanned.actions);
  const removedActions = minus(before, after, canonical);
  const addedActions = minus(after, before, canonical);
  // Two actions that read the same in a few words but differ further on (a comment's later lines).
  const removedText = removedActions.map(describeAction);
  const addedText = addedActions.map(describeAction);
  const ambiguous = new Set(removedText.filter((d) => addedText.includes(d)));
  const mark = (d: string) => (ambiguous.has(d) ? `${d} [differs further on]` : d);
  lines.push(...removedText.map((d) => `- ${mark(d)}`), ...addedText.map((d) => `+ ${mark(d)}`));
  if (removedActions.length === 0 && addedActions.length === 0) lines.push(...orderChanges(before, after));

  const failure = (f: { plugin: string; reason: string }) => `${f.plugin}: ${f.reason}`;
  for (const f of minus(recorded.failures, replanned.failures, failure)) lines.push(`- failure ${f.plugin}: ${firstLine(f.reason)}`);
  for (const f of minus(replanned.failures, recorded.failures, failure)) lines.push(`+ failure ${f.plugin}: ${firstLine(f.reason)}`);

  lines.push(...requirementChanges(recorded.requirements, replanned.requirements));
  const unsupportedAdded = minus(sorted(replanned.unsupported), sorted(recorded.unsupported), String);
  const unsupportedRemoved = minus(sorted(recorded.unsupported), sorted(replanned.unsupported), String);
  if (unsupportedAdded.length || unsupportedRemoved.length) {
    lines.push(`~ unsupported plugins: ${[...unsupportedAdded.map((p) => `+${p}`), ...unsupportedRemoved.map((p) => `-${p}`)].join(' ')}`);
  }
  return { changed: lines.length > 0, lines, added: addedText, removed: removedText };
}

/** The event a decision was about, in a few words: `comment created by alice: /lgtm`. */
export function describeEvent(e: GithubEvent): string {
  switch (e.kind) {
    case 'comment':
      return `comment ${e.action} by ${e.actor}${e.via === 'cli' ? ' (from a script)' : ''}: ${firstLine(e.body)}`;
    case 'pull_request':
    case 'issue':
      return `${e.kind} ${e.action}${e.label ? ` ${e.label}` : ''} by ${e.actor}`;
    case 'review':
      return `review ${e.action} (${e.reviewState}) by ${e.actor}${e.body ? `: ${firstLine(e.body)}` : ''}`;
    case 'status':
      return `status ${e.context} ${e.state}`;
    case 'push':
      return `push to ${e.ref} by ${e.actor}`;
    case 'job':
      return `job ${e.job} ${e.action}`;
    default:
      return (e as { kind?: string }).kind ?? 'event';
  }
}
