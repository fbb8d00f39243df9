import type { Action } from '../core/model.js';

/**
 * One line per action, like Prow's side-effect logs (`+label do-not-merge/hold`), so plugin tests
 * read as a log of what would happen on GitHub.
 */
export function renderAction(a: Action): string {
  switch (a.type) {
    case 'addLabels':
      return a.labels.map((l) => `+label ${l}`).join('\n');
    case 'removeLabel':
      return `-label ${a.label}`;
    case 'comment':
      return `comment${a.tag ? `[${a.tag}]` : ''}: ${a.body}`;
    case 'editComment':
      return `edit comment ${a.commentId}: ${a.body}`;
    case 'deleteComment':
      return `delete comment ${a.commentId}`;
    case 'assign':
      return `assign ${a.logins.join(' ')}`;
    case 'unassign':
      return `unassign ${a.logins.join(' ')}`;
    case 'requestReview':
      return `request review ${[...a.logins, ...(a.teams ?? []).map((t) => `team:${t}`), ...(a.refused ?? []).map((r) => `refused:${r}`)].join(' ')}`;
    case 'unrequestReview':
      return `unrequest review ${[...a.logins, ...(a.teams ?? []).map((t) => `team:${t}`)].join(' ')}`;
    case 'close':
      return a.reason ? `close (${a.reason})` : 'close';
    case 'reopen':
      return 'reopen';
    case 'setTitle':
      return `title: ${a.title}`;
    case 'setMilestone':
      return `milestone: ${a.milestone ?? 'none'}`;
    case 'react':
      return `react ${a.content}${a.commentId ? ` on comment ${a.commentId}` : ''}`;
    case 'status':
      return `status ${a.context}=${a.state} "${a.description}"`;
    case 'deleteBranch':
      return `delete branch ${a.ref}`;
    case 'runJobs':
      return `run ${a.jobs.join(' ')}${a.retest ? ' (retest)' : ''}`;
    case 'abortJobs':
      return `abort jobs "${a.description}"`;
    case 'review':
      return [`review: ${a.body}`, ...a.comments.map((c) => `review comment ${c.path}:${c.position}: ${c.body}`)].join('\n');
    case 'remember':
      return `remember ${a.key}=${a.value ?? '(forget)'}`;
    case 'cherryPick':
      return `cherry-pick onto ${a.targetBranch} for ${a.requester}: ${a.title}`;
    case 'updateConfigMaps':
      return a.maps
        .map((m) => `configmap ${m.cluster}/${m.namespace}/${m.name}@${a.sha.slice(0, 7)}: ${m.updates.map((u) => (u.file ? `${u.key}<-${u.file}${u.gzip ? ' (gzip)' : ''}` : `-${u.key}`)).join(' ')}`)
        .join('\n');
  }
}

export function renderActions(actions: Action[]): string[] {
  return actions.flatMap((a) => renderAction(a).split('\n'));
}
