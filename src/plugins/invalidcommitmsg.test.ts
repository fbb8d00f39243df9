import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { INVALID_COMMIT_MSG_LABEL as LABEL, invalidcommitmsg, type InvalidCommitMsgCfg } from './invalidcommitmsg.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { Facts, PrView } from '../core/model.js';

type Commit = NonNullable<Facts['commits']>[number];
const ALL: InvalidCommitMsgCfg = { checkIssueClosing: true, checkFixup: true };
const commit = (sha: string, message: string): Commit => ({ sha: sha.repeat(40), message, authorName: 'A', authorEmail: 'a@x' });
const input = (event: GithubEvent, state: PrView, config: InvalidCommitMsgCfg) => ({ event, state, config, botLogin: 'bot', footer: 'F' });
const decide = (commits: Commit[], over: { title?: string; state?: Partial<PrView>; config?: InvalidCommitMsgCfg; event?: GithubEvent } = {}) =>
  invalidcommitmsg.decide({ ...input(over.event ?? prEvent('synchronize', { title: over.title ?? 'A change' }), prView(over.state), over.config ?? ALL), facts: facts({ commits }) });
/** Label and comment lines only: the comment's headings show which checks failed. */
const summary = (...args: Parameters<typeof decide>) =>
  renderActions(decide(...args)).filter((l) => /^([+-]label|delete comment|### )/.test(l));

const GOOD = commit('a', 'Add a feature\n\nPart of #12, see @bob');
const CLOSES = commit('b', 'Fix parser\n\nFixes #12');
const FIXUP = commit('c', 'fixup! Add a feature');

describe('invalidcommitmsg', () => {
  it.each<{ name: string; commits: Commit[]; title?: string; state?: Partial<PrView>; config?: InvalidCommitMsgCfg; want: string[] }>([
    { name: 'clean commits', commits: [GOOD], want: [] },
    { name: 'a closing keyword with #N', commits: [CLOSES], want: [`+label ${LABEL}`, '### Invalid commit messages'] },
    { name: 'keywords are case-insensitive, org/repo#N counts', commits: [commit('d', 'x\n\nRESOLVED: kubernetes/kubernetes#3')], want: [`+label ${LABEL}`, '### Invalid commit messages'] },
    { name: 'as in Prow, a repo name with a dash escapes', commits: [commit('d', 'x\n\nfixes kubernetes/test-infra#3')], want: [] },
    { name: '"closes" with a colon and newline', commits: [commit('e', 'x\n\ncloses:\n#7')], want: [`+label ${LABEL}`, '### Invalid commit messages'] },
    { name: 'a bare #N is fine', commits: [commit('f', 'Revert #12')], want: [] },
    { name: 'a fixup! commit', commits: [GOOD, FIXUP], want: [`+label ${LABEL}`, '### Fixup/amend/squash commits'] },
    { name: 'squash! and amend! too', commits: [commit('g', 'squash! x'), commit('h', 'amend! y')], want: [`+label ${LABEL}`, '### Fixup/amend/squash commits'] },
    { name: 'fixup! only counts in the subject', commits: [commit('i', 'Real work\n\nfixup! later')], want: [] },
    { name: 'a closing keyword in the title', commits: [GOOD], title: 'Fixes #9: crash', want: [`+label ${LABEL}`, '### Invalid PR title'] },
    { name: 'all three, in order', commits: [CLOSES, FIXUP], title: 'closes #1', want: [`+label ${LABEL}`, '### Invalid commit messages', '### Fixup/amend/squash commits', '### Invalid PR title'] },
    { name: 'already labelled: comment replaced', commits: [CLOSES], state: { labels: [LABEL], botComments: { 'invalid-commit-message': [5] } }, want: ['delete comment 5', '### Invalid commit messages'] },
    { name: 'fixed: label and comment removed', commits: [GOOD], state: { labels: [LABEL], botComments: { 'invalid-commit-message': [5] } }, want: [`-label ${LABEL}`, 'delete comment 5'] },
    { name: 'issueClosingKeywords disabled', commits: [CLOSES], title: 'Fixes #1', config: { checkIssueClosing: false, checkFixup: true }, want: [] },
    { name: 'fixupPrefix disabled', commits: [FIXUP], config: { checkIssueClosing: true, checkFixup: false }, want: [] },
  ])('$name', ({ commits, title, state, config, want }) => {
    expect(summary(commits, { title, state, config })).toEqual(want);
  });

  it("posts Prow's comment, byte for byte", () => {
    const actions = decide([CLOSES, FIXUP], { title: 'closes #1' });
    const sha = (c: Commit, subject: string) => `- [${c.sha.slice(0, 7)}](https://github.com/org/repo/commits/${c.sha}) ${subject}`;
    expect(actions[1]).toEqual({
      type: 'comment',
      tag: 'invalid-commit-message',
      body:
        '<!-- [prow:invalid-commit-message] -->\n\nInvalid commit message issues detected\n\n' +
        '### Invalid commit messages\n\n[Keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues and hashtag(#) mentions are not allowed.\n\n' +
        `${sha(CLOSES, 'Fix parser')}\n\n` +
        '### Fixup/amend/squash commits\n\nTemporary commits like fixup!, amend!, or squash! are not allowed.\n\n' +
        'Use [git rebase --autosquash](https://git-scm.com/docs/git-rebase#Documentation/git-rebase.txt---autosquash) to fix them.\n\n' +
        `${sha(FIXUP, 'fixup! Add a feature')}\n\n` +
        '### Invalid PR title\n\n[Keywords](https://help.github.com/articles/closing-issues-using-keywords) are not allowed in PR titles.\n\nUse `/retitle <new-title>` to fix it.\n\n' +
        'F I understand the commands that are listed [here](https://go.k8s.io/bot-commands).',
    });
  });

  it.each(['opened', 'reopened', 'synchronize', 'edited'])('checks on PR %s', (action) => {
    const ev = prEvent(action);
    expect(invalidcommitmsg.needs(input(ev, prView(), ALL))).toEqual([{ kind: 'commits' }]);
    expect(summary([CLOSES], { event: ev })).toEqual([`+label ${LABEL}`, '### Invalid commit messages']);
  });

  it.each([
    { name: 'PR closed', ev: prEvent('closed') },
    { name: 'PR labeled', ev: prEvent('labeled') },
    { name: 'a comment', ev: comment('Fixes #1') },
  ])('ignores $name', ({ ev }) => {
    expect(invalidcommitmsg.needs(input(ev, prView(), ALL))).toEqual([]);
    expect(summary([CLOSES], { event: ev })).toEqual([]);
  });

  it('reads invalid_commit_msg for the repo, then the org', () => {
    const plugins = applyPluginDefaults({
      invalid_commit_msg: [
        { repos: ['org'], checks: [{ name: 'fixupPrefix', disabled: true }] },
        { repos: ['org/repo'], checks: [{ name: 'issueClosingKeywords', disabled: true }, { name: 'fixupPrefix', disabled: false }] },
      ],
    });
    expect(invalidcommitmsg.config(plugins, 'org', 'repo')).toEqual({ checkIssueClosing: false, checkFixup: true });
    expect(invalidcommitmsg.config(plugins, 'org', 'other')).toEqual({ checkIssueClosing: true, checkFixup: false });
    expect(invalidcommitmsg.config(plugins, 'else', 'x')).toEqual(ALL);
  });
});
