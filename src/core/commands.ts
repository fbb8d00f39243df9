// How commands are found in comments, as Prow does it: regexes applied per line ((?m) in Go, the
// `m` flag here), on the comment body or on a PR/issue body when it is opened or edited.
import type { GithubEvent } from './event.js';

/** Prow's GenericCommentEvent: anything with a body a person wrote. */
export interface GenericComment {
  action: 'created' | 'edited' | 'deleted';
  author: string;
  body: string;
  /** Link to the comment (or PR/issue) for the "In response to [this](…)" quote. */
  url: string;
  /** Set for issue and review-thread comments; absent for PR/issue bodies and reviews. */
  commentId?: number;
  source: 'comment' | 'body' | 'review';
}

/**
 * The person-written text an event carries, if any. PR and issue bodies count as comments when
 * opened (`created`) or edited, so `/hold` in a PR description works on open.
 */
export function genericComment(event: GithubEvent, ref: { owner: string; repo: string; number: number; isPR: boolean }): GenericComment | null {
  const base = `https://github.com/${ref.owner}/${ref.repo}/${ref.isPR ? 'pull' : 'issues'}/${ref.number}`;
  switch (event.kind) {
    case 'comment':
      return {
        action: event.action,
        author: event.actor,
        body: event.body,
        url: event.url ?? `${base}#${event.on === 'review_thread' ? 'discussion_r' : 'issuecomment-'}${event.commentId}`,
        commentId: event.commentId,
        source: 'comment',
      };
    case 'pull_request':
    case 'issue':
      if (event.action === 'opened') return { action: 'created', author: event.author, body: event.body, url: base, source: 'body' };
      if (event.action === 'edited') return { action: 'edited', author: event.actor, body: event.body, url: base, source: 'body' };
      return null;
    case 'review':
      if (event.action !== 'submitted' || !event.body) return null;
      return { action: 'created', author: event.actor, body: event.body, url: `${base}#pullrequestreview`, source: 'review' };
    default:
      return null;
  }
}

/** All matches of `re` in `body`, line by line. `re` must have the `g` and `m` flags. */
export function findAll(re: RegExp, body: string): RegExpExecArray[] {
  if (!re.global || !re.multiline) throw new Error(`command regex ${re} needs the g and m flags`);
  return [...body.matchAll(re)];
}

/** Prow's label plugin strips HTML comments first, so `<!-- /kind bug -->` templates do nothing. */
export function stripHtmlComments(body: string): string {
  return body.replace(/<!--[\s\S]*?-->/g, '');
}

/** Text inside fenced or indented markdown code blocks is not a command (Prow's trigger rule). */
export function stripCodeBlocks(body: string): string {
  return body.replace(/^```[\s\S]*?^```[^\n]*$/gm, '').replace(/^(?: {4}|\t).*$/gm, '');
}

/** Normalises a login or `@login` for comparisons (GitHub logins are case-insensitive). */
export function normLogin(login: string): string {
  return login.replace(/^@/, '').toLowerCase();
}
