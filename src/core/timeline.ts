// A PR's (or issue's) life as people read it, from its workflow's history: what arrived (webhook
// events, commands from scripts), who gave it, and what Coxswain decided and did. Pure: the
// caller decodes the history's payloads and hands over the facts.
import type { Action } from './model.js';
import { isEventSignalName } from './signal-name.js';

/** One history event, decoded, as the timeline needs it. */
export type HistoryItem =
  | { at: string; type: 'signal'; name: string; input: unknown }
  | { at: string; type: 'update'; name: string; input: unknown }
  /** A local activity (recorded as a marker) or an activity; `result` when it succeeded. */
  | { at: string; type: 'activity'; name: string; result?: unknown; failed?: string }
  | { at: string; type: 'continued' };

export interface TimelineEntry {
  at: string;
  /** `event`: something arrived; `decision`: what the plugins decided; `did`: a call to GitHub or Temporal; `failed`: one that failed. */
  kind: 'event' | 'command' | 'decision' | 'did' | 'failed' | 'continued';
  who?: string;
  text: string;
}

const firstLine = (s: unknown, n = 80) => {
  const line = String(s ?? '').split('\n').find((l) => l.trim()) ?? '';
  return line.length > n ? `${line.slice(0, n - 1)}…` : line;
};

/** An action in a few words (`+label lgtm`, `comment "…"`). */
export function describeAction(a: Action): string {
  switch (a.type) {
    case 'addLabels':
      return a.labels.map((l) => `+label ${l}`).join(', ');
    case 'removeLabel':
      return `-label ${a.label}`;
    case 'comment':
      return `comment "${firstLine(a.body)}"`;
    case 'editComment':
      return `edit comment ${a.commentId}`;
    case 'deleteComment':
      return `delete comment ${a.commentId}`;
    case 'assign':
      return `assign ${a.logins.join(', ')}`;
    case 'unassign':
      return `unassign ${a.logins.join(', ')}`;
    case 'requestReview':
      return `request review from ${[...a.logins, ...(a.teams ?? [])].join(', ')}`;
    case 'unrequestReview':
      return `withdraw review request from ${[...a.logins, ...(a.teams ?? [])].join(', ')}`;
    case 'close':
      return 'close';
    case 'reopen':
      return 'reopen';
    case 'setTitle':
      return `retitle "${firstLine(a.title)}"`;
    case 'setMilestone':
      return a.milestone === null ? 'clear milestone' : `milestone ${a.milestone}`;
    case 'react':
      return `react ${a.content}`;
    case 'status':
      return `status ${a.context} ${a.state}`;
    case 'deleteBranch':
      return `delete branch ${a.ref}`;
    case 'review':
      return `review with ${a.comments.length} comment(s)`;
    case 'remember':
      return `remember ${a.key}`;
    case 'runJobs':
      return `run ${a.jobs.join(', ')}`;
    case 'abortJobs':
      return 'abort running jobs';
    case 'cherryPick':
      return `cherry-pick onto ${a.targetBranch}`;
    case 'updateConfigMaps':
      return `update configmap ${a.maps.map((m) => m.name).join(', ')}`;
  }
}

/** Activities that are bookkeeping, not something a reader would call "Coxswain did". */
const QUIET = new Set(['loadEntity', 'pluginSetup', 'planEvent', 'gatherFacts', 'notifyMergePool', 'pokeMergePools', 'selectPostsubmits', 'tideSetup']);

function eventText(e: Record<string, unknown>): { text: string; who?: string } {
  const kind = String(e.kind ?? 'event');
  const action = e.action && e.action !== kind ? ` ${String(e.action)}` : '';
  const who = typeof e.actor === 'string' && e.actor ? e.actor : undefined;
  let detail = '';
  if (kind === 'comment' && typeof e.body === 'string') detail = `: ${firstLine(e.body)}`;
  else if (kind === 'pull_request' && e.action === 'labeled' && e.label) detail = ` ${String(e.label)}`;
  else if (kind === 'status' && e.context) detail = ` ${String(e.context)} ${String(e.state ?? '')}`;
  else if (kind === 'job') detail = ` ${String(e.job ?? '')}`;
  return { text: `${kind}${action}${detail}`, ...(who ? { who } : {}) };
}

/** The timeline of one workflow run's history, oldest first, at most `max` entries (the newest). */
export function timelineOf(items: HistoryItem[], max = 500): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const it of items) {
    if (it.type === 'signal' && isEventSignalName(it.name) && it.input && typeof it.input === 'object') {
      const e = it.input as Record<string, unknown>;
      const fromCli = typeof e.deliveryId === 'string' && e.deliveryId.startsWith('cli/');
      if (fromCli) continue; // the update that carried it is the entry
      out.push({ at: it.at, kind: 'event', ...eventText(e) });
    } else if (it.type === 'signal') {
      out.push({ at: it.at, kind: 'event', text: `signal ${it.name}` });
    } else if (it.type === 'update' && it.name === 'command' && it.input && typeof it.input === 'object') {
      const c = it.input as { body?: unknown; as?: unknown };
      out.push({ at: it.at, kind: 'command', who: String(c.as ?? ''), text: `${firstLine(c.body)} (from a script)` });
    } else if (it.type === 'activity') {
      if (it.failed !== undefined) out.push({ at: it.at, kind: 'failed', text: `${it.name}: ${firstLine(it.failed, 200)}` });
      else if (it.name === 'planEvent') {
        const plan = it.result as { actions?: Action[]; failures?: Array<{ plugin: string; reason: string }> } | undefined;
        const acts = (plan?.actions ?? []).map(describeAction).filter(Boolean);
        if (acts.length) out.push({ at: it.at, kind: 'decision', text: acts.join('; ') });
        for (const f of plan?.failures ?? []) out.push({ at: it.at, kind: 'failed', text: `${f.plugin}: ${firstLine(f.reason, 200)}` });
      } else if (!QUIET.has(it.name)) out.push({ at: it.at, kind: 'did', text: it.name });
    } else if (it.type === 'continued') {
      out.push({ at: it.at, kind: 'continued', text: 'continued as new (earlier history is in the previous run)' });
    }
  }
  return out.slice(-max);
}
