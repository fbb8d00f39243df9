// The bot's own comments that plugins find again later, as Prow finds them: by who wrote them and
// what they say, read from GitHub (never from what a workflow remembers writing), so a workflow
// that meets a PR for the first time (taking over from Prow, or after the PR's earlier workflow
// ended) decides as if it had written them itself.
import type { BotComment } from './model.js';

/** Tags under which PrView.botComments files comment IDs the workflow found or wrote. */
export const NOTIFIER_TAG = 'approve-notifier';
export const REMOVED_TAG = 'lgtm-removed';

/** Prow's lgtm notices (pkg/plugins/lgtm: addLGTMLabelNotification, removeLGTMLabelNoti). */
export const REMOVED_NOTICE = 'New changes are detected. LGTM label has been removed.';
export const addedNotice = (tree: string) => `LGTM label has been added.  <details>Git tree hash: ${tree}</details>`;
/** Prow's addLGTMLabelNotificationRe: unanchored, "." any character but a newline. */
const ADDED = /LGTM label has been added[^\n] {2}<details>Git tree hash: ([^\n]*)<\/details>/;

export const isAddedNotice = (body: string) => ADDED.test(body);
/** Prow prunes any bot comment that contains the removal notice. */
export const isRemovedNotice = (body: string) => body.includes(REMOVED_NOTICE);

/**
 * Prow's BotUserChecker: written by the bot's login (a GitHub App's is "<slug>[bot]", as its
 * comments show it). Case is ignored, as GitHub ignores it in logins.
 */
export function isBotUser(login: string, botLogin: string): boolean {
  return botLogin !== '' && login.toLowerCase() === botLogin.toLowerCase();
}

/**
 * The tree hash lgtm recorded last, as Prow's handlePullRequest finds it: the newest of the bot's
 * comments that holds the notice and was never edited.
 */
export function lastTreeHash(comments: readonly BotComment[]): string | undefined {
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i]!;
    const m = ADDED.exec(c.body);
    if (m && !c.edited) return m[1]!;
  }
  return undefined;
}

/** Comment IDs for PrView.botComments, from the bot's comments, oldest first, when a workflow first reads the PR. */
export function fileBotComments(comments: ReadonlyArray<{ id: number; body: string }>): Record<string, number[]> {
  const botComments: Record<string, number[]> = {};
  const file = (tag: string, id: number) => (botComments[tag] ??= []).push(id);
  for (const c of comments) {
    if (c.body.startsWith('[APPROVALNOTIFIER]')) file(NOTIFIER_TAG, c.id);
    if (isRemovedNotice(c.body)) file(REMOVED_TAG, c.id);
  }
  return botComments;
}
