import { commandLine, genericComment } from '../core/commands.js';
import { compileGoRegexp, type GoRegexp } from '../core/go-regexp.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';
import type { Action, PrView } from '../core/model.js';
import type { GithubEvent } from '../core/event.js';

// Prow's require-matching-label plugin (pkg/plugins/require-matching-label): for each configured
// rule that applies to the issue/PR (org, repo, prs/issues, PR base branch), add `missing_label`
// (and post `missing_comment`) when no label matches `regexp`, and remove it (deleting that
// comment) once one does. Runs on open/reopen/label/unlabel and `/check-required-labels`.
// Not done: `grace_period` (Prow waits, default 5s, after open/reopen so other automation can
// label first); Coxswain decides at once on the state it has.

export interface RequiredLabelRule {
  branch: string;
  prs: boolean;
  issues: boolean;
  /** Go regexp source, as in plugins.yaml. */
  regexp: string;
  missingLabel: string;
  missingComment: string;
}

const checkRe = commandLine('check-required-labels');
const ACTIONS = new Set(['opened', 'reopened', 'labeled', 'unlabeled']);

/** botComments tag of a rule's explanation comment. */
export const ruleTag = (r: RequiredLabelRule) => `require-matching-label:${r.missingLabel}`;

// Prow's FormatSimpleResponse(message): no addressee, just the footer in a <details> block.
const simpleResponse = (msg: string, footer: string) => `${msg}\n\n<details>\n\n${footer}\n</details>`;

function compile(source: string): GoRegexp | null {
  try {
    return compileGoRegexp(source);
  } catch {
    return null; // Prow refuses such a plugins.yaml at load; checkconfig reports it.
  }
}

/** The label an event is about ('' for open/reopen/command), or null when the event is not one to act on. */
function trigger(event: GithubEvent, state: PrView): string | null {
  if (event.kind === 'pull_request' || event.kind === 'issue') {
    if (ACTIONS.has(event.action)) return event.label ?? '';
  }
  const c = genericComment(event, state);
  if (c && c.action === 'created' && state.state === 'open' && checkRe.test(c.body)) return '';
  return null;
}

export const requireMatchingLabel: Plugin<RequiredLabelRule[]> = {
  name: 'require-matching-label',
  help: {
    description:
      "The require-matching-label plugin is a configurable plugin that applies a label to issues and/or PRs that do not have any labels matching a regular expression. An example of this is applying a 'needs-sig' label to all issues that do not have a 'sig/*' label. This plugin can have multiple configurations to provide this kind of behavior for multiple different label sets. The configuration allows issue type, PR branch, and an optional explanation comment to be specified.",
    commands: [
      {
        usage: '/check-required-labels',
        description: 'Checks for required labels.',
        whoCanUse: 'Anyone',
        examples: ['/check-required-labels'],
      },
    ],
    config: 'require_matching_label: [{org, repo, branch, prs, issues, regexp, missing_label, missing_comment, grace_period (not used)}]',
  },
  config(plugins: PluginsConfig, org: string, repo: string): RequiredLabelRule[] {
    return (plugins.require_matching_label ?? [])
      .filter((r) => r.org === org && (!r.repo || r.repo === repo))
      .map((r) => ({
        branch: r.branch ?? '',
        prs: r.prs ?? false,
        issues: r.issues ?? false,
        regexp: r.regexp ?? '',
        missingLabel: r.missing_label ?? '',
        missingComment: r.missing_comment ?? '',
      }));
  },
  needs: () => [],
  decide({ event, state, config, footer }) {
    const label = trigger(event, state);
    if (label === null) return [];
    const actions: Action[] = [];
    for (const rule of config) {
      const re = compile(rule.regexp);
      if (!re || !rule.missingLabel) continue;
      if (state.isPR ? !rule.prs : !rule.issues) continue;
      if (state.isPR && rule.branch && rule.branch !== state.baseRef) continue;
      // A label event only concerns the rules whose regexp matches that label.
      if (label !== '' && !re.test(label)) continue;
      const hasMissing = state.labels.includes(rule.missingLabel);
      const hasMatching = state.labels.some((l) => re.test(l));
      if (hasMatching && hasMissing) {
        actions.push({ type: 'removeLabel', label: rule.missingLabel });
        if (rule.missingComment) {
          for (const commentId of state.botComments[ruleTag(rule)] ?? []) actions.push({ type: 'deleteComment', commentId });
        }
      } else if (!hasMatching && !hasMissing) {
        actions.push({ type: 'addLabels', labels: [rule.missingLabel] });
        if (rule.missingComment) actions.push({ type: 'comment', body: simpleResponse(rule.missingComment, footer), tag: ruleTag(rule) });
      }
    }
    return actions;
  },
};
