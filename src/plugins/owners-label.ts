import { RepoOwners } from '../core/owners.js';
import type { GithubEvent } from '../core/event.js';
import type { Plugin } from './types.js';
import type { PrView } from '../core/model.js';

// Prow's owners-label plugin (pkg/plugins/owners-label): when a PR is opened, reopened or pushed
// to, add every label named in the `labels:` of the OWNERS files covering its changed files.
// Labels are never removed, and labels the repository does not have are skipped.

const ACTIONS = ['opened', 'reopened', 'synchronize'];
const triggered = (event: GithubEvent, state: PrView) => state.isPR && event.kind === 'pull_request' && ACTIONS.includes(event.action);

export const ownersLabel: Plugin<null> = {
  name: 'owners-label',
  help: {
    description:
      "The owners-label plugin automatically adds labels to PRs based on the files they touch. Specifically, the 'labels' sections of OWNERS files are used to determine which labels apply to the changes.",
    commands: [],
  },
  config: () => null,
  needs: ({ event, state }) => (triggered(event, state) ? [{ kind: 'changedFiles' }, { kind: 'owners' }, { kind: 'repoLabels' }] : []),
  decide({ event, state, facts }) {
    if (!triggered(event, state) || !facts.owners) return [];
    const repo = new RepoOwners(facts.owners);
    const needed = new Set((facts.changedFiles ?? []).flatMap((f) => [...repo.labels(f.filename)]));
    const existing = new Set(facts.repoLabels ?? []);
    const add = [...needed].filter((l) => !state.labels.includes(l) && existing.has(l)).sort();
    return add.length > 0 ? [{ type: 'addLabels', labels: add }] : [];
  },
};
