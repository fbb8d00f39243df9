// The bot's own comments that plugins find again later, as Prow finds them: by what they say. A
// workflow that meets a PR for the first time (taking over from Prow, or after the PR's earlier
// workflow ended) reads them from GitHub, so lgtm's tree-hash notice decides a push and old notices
// are pruned exactly as if this workflow had written them.

/** Tags under which PrView.botComments files the comment IDs. */
export const NOTIFIER_TAG = 'approve-notifier';
export const TREE_HASH_TAG = 'lgtm-tree-hash';
export const REMOVED_TAG = 'lgtm-removed';
/** PrView.memory key: the tree hash the newest "LGTM label has been added" notice recorded. */
export const TREE_HASH_KEY = 'lgtm.treeHash';

/** Prow's lgtm notices (pkg/plugins/lgtm: addLGTMLabelNotification, removeLGTMLabelNoti). */
export const REMOVED_NOTICE = 'New changes are detected. LGTM label has been removed.';
export const addedNotice = (tree: string) => `LGTM label has been added.  <details>Git tree hash: ${tree}</details>`;
const ADDED = /^LGTM label has been added\. {2}<details>Git tree hash: ([^<]*)<\/details>/;

/** What the bot's earlier comments, oldest first, tell the plugins. */
export function readBotNotices(comments: Array<{ id: number; body: string }>): { botComments: Record<string, number[]>; memory: Record<string, string> } {
  const botComments: Record<string, number[]> = {};
  const memory: Record<string, string> = {};
  const file = (tag: string, id: number) => (botComments[tag] ??= []).push(id);
  for (const c of comments) {
    if (c.body.startsWith('[APPROVALNOTIFIER]')) file(NOTIFIER_TAG, c.id);
    const added = ADDED.exec(c.body);
    if (added) {
      file(TREE_HASH_TAG, c.id);
      memory[TREE_HASH_KEY] = added[1]!;
    }
    if (c.body.startsWith(REMOVED_NOTICE)) file(REMOVED_TAG, c.id);
  }
  return { botComments, memory };
}
