import { parseOwners } from '../../core/owners.js';
import { notifier, run, say } from './testing.js';

// Whole notifier texts, byte for byte as Prow's GetMessage renders them (prow.md §2.4).

const SELF = '*<a href="https://github.com/org/repo/pull/1#" title="Author self-approved">author</a>*';
const PROCESS = 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process';
const COMMANDS = 'The full list of commands accepted by this bot can be found [here](https://go.k8s.io/bot-commands?repo=org%2Frepo).';
const FOOT = 'Approvers can indicate their approval by writing `/approve` in a comment\nApprovers can cancel approval by writing `/approve cancel` in a comment\n</details>';
const link = (path: string) => `https://github.com/org/repo/blob/main/${path}`;

describe('approve: notifier text', () => {
  it('partly approved, suggesting the missing approver', () => {
    const body = notifier(run({ votes: [say('pkg-a', '/approve', 'https://github.com/org/repo/pull/1#issuecomment-5')] }).actions);
    expect(body).toBe(
      [
        '[APPROVALNOTIFIER] This PR is **NOT APPROVED**',
        '',
        `This pull-request has been approved by: ${SELF}, *<a href="https://github.com/org/repo/pull/1#issuecomment-5" title="Approved">pkg-a</a>*`,
        `**Once this PR has been reviewed and has the lgtm label**, please assign [cmd-a](https://github.com/cmd-a) for approval. For more information see [the Code Review Process](${PROCESS}).`,
        '',
        COMMANDS,
        '',
        '<details open>',
        'Needs approval from an approver in each of these files:',
        '',
        `- **[cmd/OWNERS](${link('cmd/OWNERS')})**`,
        `- ~~[pkg/OWNERS](${link('pkg/OWNERS')})~~ [pkg-a]`,
        '',
        FOOT,
        '<!-- META={"approvers":["cmd-a"]} -->',
      ].join('\n'),
    );
  });

  it('approved, with an associated issue required and found', () => {
    const body = notifier(run({ votes: [say('Root-A', '/approve')], cfg: { issueRequired: true }, state: { body: 'Fixes #7' } }).actions);
    expect(body).toBe(
      [
        '[APPROVALNOTIFIER] This PR is **APPROVED**',
        '',
        `This pull-request has been approved by: ${SELF}, *<a href="https://github.com/org/repo/pull/1" title="Approved">Root-A</a>*`,
        '',
        'Associated issue: *#7*',
        '',
        COMMANDS,
        '',
        `The pull request process is described [here](${PROCESS})`,
        '',
        '<details >',
        'Needs approval from an approver in each of these files:',
        '',
        `- ~~[cmd/OWNERS](${link('cmd/OWNERS')})~~ [Root-A]`,
        `- ~~[pkg/OWNERS](${link('pkg/OWNERS')})~~ [Root-A]`,
        '',
        FOOT,
        '<!-- META={"approvers":[]} -->',
      ].join('\n'),
    );
  });

  it('require_self_approval, nobody yet, one approver already assigned', () => {
    const body = notifier(run({ cfg: { requireSelfApproval: true }, state: { assignees: ['cmd-a'] } }).actions);
    expect(body).toBe(
      [
        '[APPROVALNOTIFIER] This PR is **NOT APPROVED**',
        '',
        'This pull-request has been approved by:',
        `**Once this PR has been reviewed and has the lgtm label**, please ask for approval from [cmd-a](https://github.com/cmd-a) and additionally assign [pkg-a](https://github.com/pkg-a) for approval. For more information see [the Code Review Process](${PROCESS}).`,
        '',
        COMMANDS,
        '',
        '<details open>',
        'Needs approval from an approver in each of these files:',
        '',
        `- **[cmd/OWNERS](${link('cmd/OWNERS')})**`,
        `- **[pkg/OWNERS](${link('pkg/OWNERS')})**`,
        '',
        FOOT,
        '<!-- META={"approvers":["cmd-a","pkg-a"]} -->',
      ].join('\n'),
    );
  });

  it.each([
    {
      name: 'no issue and no bypass',
      o: { votes: [say('root-a', '/approve')] },
      line: '*No associated issue*. Update pull-request body to add a reference to an issue, or get approval with `/approve no-issue`',
    },
    {
      name: 'bypassed by a no-issue approval',
      o: { votes: [say('root-a', '/approve no-issue')] },
      line: 'Associated issue requirement bypassed by: *<a href="https://github.com/org/repo/pull/1" title="Approved">root-a</a>*',
    },
    {
      name: 'bypassed by the manual label',
      o: { state: { labels: ['approved'], memory: { 'approve.manual': 'alice' } } },
      line: '*No associated issue*. Requirement bypassed by manually added approval.',
    },
  ])('issue requirement: $name', ({ o, line }) => {
    const body = notifier(run({ ...o, cfg: { issueRequired: true } }).actions) ?? '';
    expect(body).toContain(`\n\n${line}\n\n${COMMANDS}\n\n`);
  });

  it('only assigned approvers left to ask', () => {
    const body = notifier(run({ votes: [say('pkg-a', '/approve')], state: { assignees: ['cmd-a'] } }).actions) ?? '';
    expect(body).toContain(
      `\n**Once this PR has been reviewed and has the lgtm label**, please ask for approval from [cmd-a](https://github.com/cmd-a). For more information see [the Code Review Process](${PROCESS}).\n\n`,
    );
  });

  it('nobody to suggest: an empty line stands in for the suggestion', () => {
    const body = notifier(run({ files: ['x.go'], owners: { files: [], aliases: {} } }).actions) ?? '';
    expect(body).toContain(`approved by: ${SELF}\n\n\n${COMMANDS}`);
    expect(body).toContain(`- **[OWNERS](${link('OWNERS')})**\n`);
  });

  it('an OWNERS file approved for some of its files only', () => {
    const owners = { files: [parseOwners('docs', 'filters:\n  ".*": {approvers: [docs-a]}\n  "\\\\.md$": {approvers: [md-a]}\n')], aliases: {} };
    const body = notifier(run({ votes: [say('md-a', '/approve')], files: ['docs/a.md', 'docs/b.txt'], owners }).actions) ?? '';
    expect(body).toContain(`- **[docs/OWNERS](${link('docs/OWNERS')})** [md-a]\n  > Need more approvers for rest parts.\n`);
  });

  it('a custom OWNERS file name and help links', () => {
    const body = notifier(run({ cfg: { ownersFilename: 'CODEOWNERS_', commandHelpLink: 'https://prow.example/command-help', prProcessLink: 'https://example/process' } }).actions) ?? '';
    expect(body).toContain(`[cmd/CODEOWNERS_](${link('cmd/CODEOWNERS_')})`);
    expect(body).toContain('[here](https://prow.example/command-help?repo=org%2Frepo)');
    expect(body).toContain('[the Code Review Process](https://example/process)');
  });
});
