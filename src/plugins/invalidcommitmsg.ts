import { sectionFor } from '../config/plugins.js';
import type { GithubEvent } from '../core/event.js';
import { aboutThisBot, markdownShaList, webOf } from '../core/respond.js';
import type { Plugin } from './types.js';
import type { Action, Facts } from '../core/model.js';

// Prow's invalidcommitmsg plugin (pkg/plugins/invalidcommitmsg): on PR open/reopen/push/edit,
// commit messages (and the PR title) with issue-closing keywords followed by an issue reference
// (`Fixes #12`, `closes org/repo#3`), and commits whose subject starts with fixup!/amend!/squash!,
// get the `do-not-merge/invalid-commit-message` label and one comment listing them; the label goes
// once all is fixed. Checks `issueClosingKeywords` and `fixupPrefix` can be disabled per repo.
// (Prow stopped checking @mentions; neither do we.) Like Prow, the comment is replaced each time.

export const INVALID_COMMIT_MSG_LABEL = 'do-not-merge/invalid-commit-message';
export const INVALID_COMMIT_MSG_MARKER = '<!-- [prow:invalid-commit-message] -->';
const COMMENT_TAG = 'invalid-commit-message';
// Prow: ((?i)(clos(?:e[sd]?))|(fix(?:(es|ed)?))|(resolv(?:e[sd]?)))[\s:]+(\w+/\w+)?#(\d+), Go's \s.
const closeIssueRe = /(clos(?:e[sd]?)|fix(?:es|ed)?|resolv(?:e[sd]?))[\t\n\f\r :]+(\w+\/\w+)?#(\d+)/i;
const fixupRe = /^(fixup!|amend!|squash!)/;
const KEYWORDS_LINK = '[Keywords](https://help.github.com/articles/closing-issues-using-keywords)';

export interface InvalidCommitMsgCfg {
  checkIssueClosing: boolean;
  checkFixup: boolean;
}

const relevant = (event: GithubEvent) => event.kind === 'pull_request' && ['opened', 'reopened', 'synchronize', 'edited'].includes(event.action);

type Commit = NonNullable<Facts['commits']>[number];

export const invalidcommitmsg: Plugin<InvalidCommitMsgCfg> = {
  name: 'invalidcommitmsg',
  help: {
    description: `The invalidcommitmsg plugin applies the '${INVALID_COMMIT_MSG_LABEL}' label to pull requests whose commit messages and titles contain keywords which can automatically close issues or contain temporary commits such as fixup!, amend!, or squash!`,
    commands: [],
    config: 'invalid_commit_msg: [{repos, checks: [{name: fixupPrefix|issueClosingKeywords, disabled}]}]',
  },
  config(plugins, org, repo) {
    const checks = sectionFor(plugins.invalid_commit_msg, org, repo)?.checks ?? [];
    const disabled = (name: string) => checks.find((c) => c.name === name)?.disabled ?? false;
    return { checkIssueClosing: !disabled('issueClosingKeywords'), checkFixup: !disabled('fixupPrefix') };
  },
  needs: ({ event, state }) => (relevant(event) && state.isPR ? [{ kind: 'commits' }] : []),
  decide(input) {
    const { event, state, config, facts, footer, commandHelpUrl } = input;
    if (event.kind !== 'pull_request' || !relevant(event) || !state.isPR || !facts.commits) return [];
    const invalid: Commit[] = [];
    const fixups: Commit[] = [];
    for (const c of facts.commits) {
      if (config.checkIssueClosing && closeIssueRe.test(c.message)) invalid.push(c);
      if (config.checkFixup && fixupRe.test(c.message.split('\n')[0] ?? '')) fixups.push(c);
    }
    const badTitle = config.checkIssueClosing && closeIssueRe.test(event.title);
    const hasIssues = invalid.length > 0 || fixups.length > 0 || badTitle;
    const hasLabel = state.labels.includes(INVALID_COMMIT_MSG_LABEL);

    const out: Action[] = [];
    if (hasLabel && !hasIssues) out.push({ type: 'removeLabel', label: INVALID_COMMIT_MSG_LABEL });
    else if (!hasLabel && hasIssues) out.push({ type: 'addLabels', labels: [INVALID_COMMIT_MSG_LABEL] });
    for (const commentId of state.botComments[COMMENT_TAG] ?? []) out.push({ type: 'deleteComment', commentId });
    if (!hasIssues) return out;

    const sections: string[] = [];
    if (invalid.length > 0) {
      sections.push(
        `### Invalid commit messages\n\n${KEYWORDS_LINK} which can automatically close issues and hashtag(#) mentions are not allowed.\n\n${markdownShaList(state.owner, state.repo, invalid, webOf(input))}`,
      );
    }
    if (fixups.length > 0) {
      sections.push(
        '### Fixup/amend/squash commits\n\nTemporary commits like fixup!, amend!, or squash! are not allowed.\n\n' +
          'Use [git rebase --autosquash](https://git-scm.com/docs/git-rebase#Documentation/git-rebase.txt---autosquash) to fix them.\n\n' +
          markdownShaList(state.owner, state.repo, fixups, webOf(input)),
      );
    }
    if (badTitle) sections.push(`### Invalid PR title\n\n${KEYWORDS_LINK} are not allowed in PR titles.\n\nUse \`/retitle <new-title>\` to fix it.`);
    const body = `${INVALID_COMMIT_MSG_MARKER}\n\nInvalid commit message issues detected\n\n${sections.join('\n\n')}\n\n${aboutThisBot(footer, commandHelpUrl)}`;
    out.push({ type: 'comment', body, tag: COMMENT_TAG });
    return out;
  },
};
