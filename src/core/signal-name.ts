// The name a GitHub event's signal carries, so a PR's history in the Temporal Web UI reads as what
// happened (`command:/lgtm`, `pull_request:labeled`, `review:approved`) instead of one generic
// name. Names are built from bounded, sanitised pieces: a comment's text is anyone's to write.
// Pure, and safe to import in workflow code.
import type { GithubEvent } from './event.js';

const KINDS = ['command', 'comment', 'pull_request', 'issue', 'review', 'status', 'push', 'job'] as const;
const NAME = new RegExp(`^(?:${KINDS.join('|')})(?::|$)`);
/** A command word as Prow's plugins read them (`/lgtm`, `/retest-required`, `/cherry-pick`). */
const COMMAND = /^\/([A-Za-z][\w-]{0,39})(?![\w-])/;
const MAX_SCANNED_LINES = 200;

const clean = (s: string, max: number) => s.replace(/[^\w./-]+/g, '_').slice(0, max);

/** The first command in a comment (`/lgtm`), or undefined. */
export function firstCommand(body: string): string | undefined {
  let start = 0;
  for (let i = 0; i < MAX_SCANNED_LINES && start <= body.length; i++) {
    const end = body.indexOf('\n', start);
    const line = body.slice(start, end === -1 ? Math.min(body.length, start + 200) : Math.min(end, start + 200)).trim();
    const m = COMMAND.exec(line);
    if (m) return `/${m[1]!.toLowerCase()}`;
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

export function eventSignalName(e: GithubEvent): string {
  switch (e.kind) {
    case 'comment': {
      const command = e.action === 'deleted' ? undefined : firstCommand(e.body);
      return command ? `command:${command}` : `comment:${e.action}`;
    }
    case 'review':
      return `review:${e.reviewState}`;
    case 'status':
      return `status:${clean(e.context, 60)}`;
    case 'push':
      return 'push';
    case 'job':
      return `job:${e.action}`;
    default:
      return `${e.kind}:${clean(String(e.action), 40)}`;
  }
}

/** Whether a signal with this name carries a GithubEvent (the old single name included). */
export function isEventSignalName(name: string): boolean {
  return name === 'githubEvent' || NAME.test(name);
}
