import type { Plugin } from './types.js';
import type { Action, PrView } from '../core/model.js';
import type { GithubEvent } from '../core/event.js';

// Prow's needs-rebase external plugin (cmd/external-plugins/needs-rebase/plugin/plugin.go): an
// open PR GitHub reports as not mergeable gets `needs-rebase` and a "PR needs rebase." comment;
// once mergeable again the label goes and that comment is deleted. Prow checks on PR
// opened/synchronize/reopened, on every comment of the PR, and in a periodic scan; here the scan
// is the workflow's `edited` recheck. While GitHub is still computing (mergeable null) nothing
// changes (Prow waits and asks again; the next event or recheck settles it).

export const NEEDS_REBASE = 'needs-rebase';
export const NEEDS_REBASE_TAG = 'needs-rebase';
const PR_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'edited']);
const DEPENDABOT = 'dependabot[bot]';

// Prow's FormatSimpleResponse(message): no addressee, just the footer in a <details> block.
const simpleResponse = (msg: string, footer: string) => `${msg}\n\n<details>\n\n${footer}\n</details>`;

function relevant(event: GithubEvent): boolean {
  if (event.kind === 'pull_request') return PR_ACTIONS.has(event.action);
  // Prow's issue_comment handler: any action, conversation comments only.
  return event.kind === 'comment' && event.on !== 'review_thread';
}

const hasLabel = (state: PrView) => state.labels.some((l) => l.toLowerCase() === NEEDS_REBASE);

export const needsRebase: Plugin<null> = {
  name: 'needs-rebase',
  help: {
    description: `The needs-rebase plugin manages the '${NEEDS_REBASE}' label by removing it from Pull Requests that are mergeable and adding it to those which are not.\nThe plugin reacts to commit changes on PRs in addition to periodically scanning all open PRs for any changes to mergeability that could have resulted from changes in other PRs.`,
    commands: [],
  },
  config: () => null,
  // Prow asks GitHub on each event: the value a webhook carried is often stale or null.
  needs: ({ event, state }) => (state.isPR && state.state === 'open' && relevant(event) ? [{ kind: 'mergeable' }] : []),
  decide({ event, state: known, facts, footer }) {
    const state = facts.mergeable !== undefined ? { ...known, mergeable: facts.mergeable } : known;
    if (!state.isPR || state.state !== 'open' || state.mergeable === null || !relevant(event)) return [];
    const has = hasLabel(state);
    if (!state.mergeable && !has) {
      // Dependabot rebases when told "rebase"; Prow does not prune that comment later.
      const dependabot = state.author.toLowerCase() === DEPENDABOT;
      const comment: Action = dependabot
        ? { type: 'comment', body: simpleResponse('rebase', footer) }
        : { type: 'comment', body: simpleResponse('PR needs rebase.', footer), tag: NEEDS_REBASE_TAG };
      return [{ type: 'addLabels', labels: [NEEDS_REBASE] }, comment];
    }
    if (state.mergeable && has) {
      const prune = (state.botComments[NEEDS_REBASE_TAG] ?? []).map((commentId): Action => ({ type: 'deleteComment', commentId }));
      return [{ type: 'removeLabel', label: NEEDS_REBASE }, ...prune];
    }
    return [];
  },
};
