import { commandLine, genericComment } from '../core/commands.js';
import { formatResponseRaw, webOf } from '../core/respond.js';
import { DEFAULT_HELP_GUIDELINES_URL } from '../config/plugins-defaults.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';
import type { Action, PrView } from '../core/model.js';

// Prow's help plugin (pkg/plugins/help/help.go): on open issues, /help adds "help wanted",
// /good-first-issue adds "good first issue" (and "help wanted"), each with a guideline comment;
// /remove-help removes both, /remove-good-first-issue only the latter, and the matching guideline
// comments are deleted. Anyone may use it; PRs are ignored.

export const HELP_LABEL = 'help wanted';
export const GOOD_FIRST_ISSUE_LABEL = 'good first issue';
/** botComments tags of the guideline comments. */
export const HELP_TAG = 'help';
export const GOOD_FIRST_ISSUE_TAG = 'good-first-issue';

const helpRe = commandLine('help');
const removeHelpRe = commandLine('remove-help');
const goodFirstIssueRe = commandLine('good-first-issue');
const removeGoodFirstIssueRe = commandLine('remove-good-first-issue');

export interface HelpConfig {
  guidelinesUrl: string;
  guidelinesSummary: string;
}

/** Prow's guideline texts, byte for byte (they start with a newline and a tab). */
export function guidelineMessage(cfg: HelpConfig, goodFirstIssue: boolean): string {
  const [what, anchor, cmd] = goodFirstIssue
    ? ['suitable for new contributors', '#good-first-issue', '/remove-good-first-issue']
    : ['needing help from a contributor', '', '/remove-help'];
  const url = `${cfg.guidelinesUrl}${anchor}`;
  const middle = cfg.guidelinesSummary
    ? `### Guidelines\n${cfg.guidelinesSummary}\n\nFor more details on the requirements of such an issue, please see [here](${url}) and ensure that they are met.`
    : `Please ensure the request meets the requirements listed [here](${url}).`;
  return `\n\tThis request has been marked as ${what}.\n\n${middle}\n\nIf this request no longer meets these requirements, the label can be removed\nby commenting with the \`${cmd}\` command.\n`;
}

const has = (state: PrView, label: string) => state.labels.some((l) => l.toLowerCase() === label);
const prune = (state: PrView, tag: string): Action[] =>
  (state.botComments[tag] ?? []).map((commentId) => ({ type: 'deleteComment', commentId }));

export const help: Plugin<HelpConfig> = {
  name: 'help',
  help: {
    description: `The help plugin provides commands that add or remove the '${HELP_LABEL}' and the '${GOOD_FIRST_ISSUE_LABEL}' labels from issues.`,
    commands: [
      {
        usage: '/[remove-](help|good-first-issue)',
        description: `Applies or removes the '${HELP_LABEL}' and '${GOOD_FIRST_ISSUE_LABEL}' labels to an issue.`,
        whoCanUse: 'Anyone can trigger this command on a PR.',
        examples: ['/help', '/remove-help', '/good-first-issue', '/remove-good-first-issue'],
      },
    ],
    config: 'help: {help_guidelines_url, help_guidelines_summary}',
  },
  config: (plugins: PluginsConfig) => ({
    guidelinesUrl: plugins.help?.help_guidelines_url || DEFAULT_HELP_GUIDELINES_URL,
    guidelinesSummary: plugins.help?.help_guidelines_summary ?? '',
  }),
  needs: () => [],
  decide(input) {
    const { event, state, config, footer } = input;
    if (state.isPR || state.state !== 'open') return [];
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    const hasHelp = has(state, HELP_LABEL);
    const hasGfi = has(state, GOOD_FIRST_ISSUE_LABEL);
    // Prow quotes the command but links to the issue, not to the comment.
    const issueUrl = `${webOf(input)}/${state.owner}/${state.repo}/issues/${state.number}`;
    const guideline = (gfi: boolean): Action => ({
      type: 'comment',
      body: formatResponseRaw(c.body, issueUrl, c.author, guidelineMessage(config, gfi), footer),
      tag: gfi ? GOOD_FIRST_ISSUE_TAG : HELP_TAG,
    });

    if (hasHelp && removeHelpRe.test(c.body)) {
      const actions: Action[] = [{ type: 'removeLabel', label: HELP_LABEL }, ...prune(state, HELP_TAG)];
      if (hasGfi) actions.push({ type: 'removeLabel', label: GOOD_FIRST_ISSUE_LABEL }, ...prune(state, GOOD_FIRST_ISSUE_TAG));
      return actions;
    }
    if (!hasGfi && goodFirstIssueRe.test(c.body)) {
      return [guideline(true), { type: 'addLabels', labels: hasHelp ? [GOOD_FIRST_ISSUE_LABEL] : [GOOD_FIRST_ISSUE_LABEL, HELP_LABEL] }];
    }
    if (!hasHelp && helpRe.test(c.body)) return [guideline(false), { type: 'addLabels', labels: [HELP_LABEL] }];
    if (hasGfi && removeGoodFirstIssueRe.test(c.body)) {
      return [{ type: 'removeLabel', label: GOOD_FIRST_ISSUE_LABEL }, ...prune(state, GOOD_FIRST_ISSUE_TAG)];
    }
    return [];
  },
};
