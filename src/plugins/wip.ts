import type { Plugin } from './types.js';

// Prow's wip plugin (pkg/plugins/wip/wip-label.go): a PR whose title starts with "WIP" (optionally
// after one non-word character, then a non-word character) or that is a draft gets
// do-not-merge/work-in-progress; the label goes when neither holds. No command, not configurable.

export const WIP_LABEL = 'do-not-merge/work-in-progress';
// Go's `(?i)^\W?WIP\W`: \W is ASCII in both Go and JS (no `u` flag here).
const titleRe = /^\W?WIP\W/i;
const ACTIONS = new Set(['opened', 'reopened', 'edited', 'ready_for_review', 'converted_to_draft']);

export const wip: Plugin<null> = {
  name: 'wip',
  help: {
    description: `The wip (Work In Progress) plugin applies the '${WIP_LABEL}' Label to pull requests whose title starts with 'WIP' or are in the 'draft' stage, and removes it from pull requests when they remove the title prefix or become ready for review. The '${WIP_LABEL}' Label is typically used to block a pull request from merging while it is still in progress.`,
    commands: [],
  },
  config: () => null,
  needs: () => [],
  decide({ event, state }) {
    // These are the only actions that may change the title or the draft flag.
    if (event.kind !== 'pull_request' || !ACTIONS.has(event.action)) return [];
    const needsLabel = event.draft || titleRe.test(event.title);
    const has = state.labels.includes(WIP_LABEL);
    if (needsLabel && !has) return [{ type: 'addLabels', labels: [WIP_LABEL] }];
    if (!needsLabel && has) return [{ type: 'removeLabel', label: WIP_LABEL }];
    return [];
  },
};
