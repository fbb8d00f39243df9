import { parseOwners } from '../../core/owners.js';
import { renderActions } from '../render.js';
import { comment, prEvent, review } from '../testing.js';
import { approve } from './index.js';
import { notifier, outcome, rev, run, say } from './testing.js';

const NOT = '**NOT APPROVED**';
const OK = '**APPROVED**';
const ADD = '+label approved';

describe('approve: who approves', () => {
  it.each([
    { name: 'nobody approved', votes: [], want: [NOT] },
    { name: 'one of two OWNERS files approved', votes: [say('pkg-a', '/approve')], want: [NOT] },
    { name: 'each OWNERS file approved', votes: [say('pkg-a', '/approve'), say('cmd-a', '/approve')], want: [OK, ADD] },
    { name: 'a root approver covers every file', votes: [say('root-a', '/approve')], want: [OK, ADD] },
    { name: 'logins and commands are case-insensitive', votes: [say('Root-A', '/APPROVE')], want: [OK, ADD] },
    { name: '/approve cancel withdraws', votes: [say('root-a', '/approve'), say('root-a', '/approve cancel')], want: [NOT] },
    { name: '/remove-approve withdraws', votes: [say('root-a', '/approve'), say('root-a', '/remove-approve')], want: [NOT] },
    { name: 'any argument containing cancel withdraws', votes: [say('root-a', '/approve'), say('root-a', '/approve please Cancel it')], want: [NOT] },
    { name: 'the latest vote wins', votes: [say('root-a', '/approve'), say('root-a', '/approve cancel'), say('root-a', '/approve')], want: [OK, ADD] },
    { name: 'someone not in OWNERS does not count', votes: [say('stranger', '/approve')], want: [NOT] },
    { name: '/approved is not /approve', votes: [say('root-a', '/approved')], want: [NOT] },
    { name: 'a GitHub approving review approves', votes: [rev('root-a', 'approved')], want: [OK, ADD] },
    { name: 'ignore_review_state: reviews do not approve', votes: [rev('root-a', 'approved')], cfg: { ignoreReviewState: true }, want: [NOT] },
    { name: 'requesting changes withdraws', votes: [say('root-a', '/approve'), rev('root-a', 'changes_requested')], want: [NOT] },
    { name: 'ignore_review_state: requesting changes does not withdraw', votes: [say('root-a', '/approve'), rev('root-a', 'changes_requested')], cfg: { ignoreReviewState: true }, want: [OK, ADD] },
    { name: 'a dismissed approving review no longer counts', votes: [rev('root-a', 'approved'), rev('root-a', 'dismissed')], want: [NOT] },
    { name: 'a new approving review after a dismissal counts', votes: [rev('root-a', 'approved'), rev('root-a', 'dismissed'), rev('root-a', 'approved')], want: [OK, ADD] },
    { name: 'a commenting review does nothing', votes: [rev('root-a', 'commented')], want: [NOT] },
    { name: '/lgtm does not approve by default', votes: [say('root-a', '/lgtm')], want: [NOT] },
    { name: 'lgtm_acts_as_approve: /lgtm approves', votes: [say('root-a', '/lgtm')], cfg: { lgtmActsAsApprove: true }, want: [OK, ADD] },
    { name: 'lgtm_acts_as_approve: /lgtm cancel withdraws', votes: [say('root-a', '/approve'), say('root-a', '/lgtm cancel')], cfg: { lgtmActsAsApprove: true }, want: [NOT] },
    { name: 'an author who is an approver approves implicitly', votes: [], state: { author: 'root-a' }, want: [OK, ADD] },
    { name: 'require_self_approval: no implicit approval', votes: [], state: { author: 'root-a' }, cfg: { requireSelfApproval: true }, want: [NOT] },
    { name: 'require_self_approval: the author may /approve', votes: [say('root-a', '/approve')], state: { author: 'root-a' }, cfg: { requireSelfApproval: true }, want: [OK, ADD] },
    { name: 'the author can withdraw the implicit approval', votes: [say('root-a', '/approve cancel')], state: { author: 'root-a' }, want: [NOT] },
    { name: "the bot's own votes never count", votes: [say('bot', '/approve')], want: [NOT] },
    { name: 'GitHub App bots never count', votes: [rev('ci[bot]', 'approved')], owners: { files: [parseOwners('', 'approvers: ["ci[bot]"]')], aliases: {} }, want: [NOT] },
    { name: 'aliases expand to their members', votes: [say('erin', '/approve')], owners: { files: [parseOwners('', 'approvers: [leads]')], aliases: { leads: ['erin'] } as Record<string, string[]> }, want: [OK, ADD] },
    { name: 'issue_required: approved files without an issue are not enough', votes: [say('root-a', '/approve')], cfg: { issueRequired: true }, want: [NOT] },
    { name: 'issue_required: #N in the body', votes: [say('root-a', '/approve')], cfg: { issueRequired: true }, state: { body: 'Fixes #12' }, want: [OK, ADD] },
    { name: 'issue_required: an org issue link in the body', votes: [say('root-a', '/approve')], cfg: { issueRequired: true }, state: { body: 'see https://github.com/org/other/issues/3' }, want: [OK, ADD] },
    { name: 'issue_required: /approve no-issue', votes: [say('root-a', '/approve no-issue')], cfg: { issueRequired: true }, want: [OK, ADD] },
    { name: 'issue_required: a later plain /approve keeps no-issue', votes: [say('root-a', '/approve no-issue'), say('root-a', '/approve')], cfg: { issueRequired: true }, want: [OK, ADD] },
    { name: 'issue_required: no-issue from a non-approver does not count', votes: [say('stranger', '/approve no-issue'), say('root-a', '/approve')], cfg: { issueRequired: true }, want: [NOT] },
    { name: 'the label goes when approval goes', votes: [], state: { labels: ['approved'] }, want: [NOT, '-label approved'] },
    { name: 'the label stays while approved', votes: [say('root-a', '/approve')], state: { labels: ['approved'] }, want: [OK] },
    { name: 'no changed files: not approved', votes: [say('root-a', '/approve')], files: [], want: [NOT] },
    {
      name: 'auto_approve_unowned_subfolders: files in unowned subfolders need nobody',
      votes: [],
      owners: { files: [parseOwners('', 'approvers: [root-a]'), parseOwners('lib', 'options: {auto_approve_unowned_subfolders: true}\napprovers: [lib-a]')], aliases: {} },
      files: ['lib/gen/x.go'],
      want: [OK, ADD],
    },
    {
      name: 'auto_approve_unowned_subfolders: files next to the OWNERS still need approval',
      votes: [],
      owners: { files: [parseOwners('', 'approvers: [root-a]'), parseOwners('lib', 'options: {auto_approve_unowned_subfolders: true}\napprovers: [lib-a]')], aliases: {} },
      files: ['lib/x.go'],
      want: [NOT],
    },
  ])('$name', ({ want, ...o }) => {
    expect(outcome(run(o).actions)).toEqual(want);
  });
});

describe('approve: collaborators', () => {
  it.each([
    { name: 'an approver who is not a collaborator does not count', collaborators: ['pkg-a'], want: [NOT] },
    { name: 'an approver who is a collaborator counts', collaborators: ['Root-A'], want: [OK, ADD] },
  ])('$name', ({ collaborators, want }) => {
    const r = run({ votes: [say('root-a', '/approve')], cfg: { skipCollaborators: false }, collaborators });
    expect(outcome(r.actions)).toEqual(want);
    expect(r.needs).toContainEqual({ kind: 'collaboratorList' });
  });

  it('owners.skip_collaborators: no collaborator list is asked for or used', () => {
    const r = run({ votes: [say('root-a', '/approve')], cfg: { skipCollaborators: true }, collaborators: [] });
    expect(r.needs).toEqual([{ kind: 'changedFiles' }, { kind: 'owners' }]);
    expect(outcome(r.actions)).toEqual([OK, ADD]);
  });
});

describe('approve: which events recompute', () => {
  it.each([
    { name: 'a new /approve comment', event: comment('/approve', 'root-a'), runs: true },
    { name: 'a /remove-approve comment', event: comment('/remove-approve', 'root-a'), runs: true },
    { name: 'a comment without a command', event: comment('looks fine', 'root-a'), runs: false },
    { name: '/lgtm without lgtm_acts_as_approve', event: comment('/lgtm', 'root-a'), runs: false },
    { name: '/lgtm with lgtm_acts_as_approve', event: comment('/lgtm', 'root-a'), cfg: { lgtmActsAsApprove: true }, runs: true },
    { name: 'an edited comment', event: comment('/approve', 'root-a', { action: 'edited' }), runs: false },
    { name: "the bot's own comment", event: comment('/approve', 'bot'), runs: false },
    { name: 'a comment on a closed PR', event: comment('/approve', 'root-a'), state: { state: 'closed' as const }, runs: false },
    { name: 'a comment on an issue', event: comment('/approve', 'root-a'), state: { isPR: false }, runs: false },
    { name: 'an approving review', event: review('approved', 'root-a'), runs: true },
    { name: 'a changes-requested review', event: review('changes_requested', 'root-a'), runs: true },
    { name: 'an approving review with ignore_review_state', event: review('approved', 'root-a'), cfg: { ignoreReviewState: true }, runs: false },
    { name: 'a commenting review with /approve in its body', event: review('commented', 'root-a', '/approve'), cfg: { ignoreReviewState: true }, runs: true },
    { name: 'a plain commenting review', event: review('commented', 'root-a'), runs: false },
    { name: 'PR opened', event: prEvent('opened'), runs: true },
    { name: 'PR reopened', event: prEvent('reopened'), runs: true },
    { name: 'PR pushed to', event: prEvent('synchronize'), runs: true },
    { name: 'PR edited', event: prEvent('edited'), runs: false },
    { name: 'another label added', event: prEvent('labeled', { label: 'lgtm', actor: 'alice' }), runs: false },
  ])('$name', ({ event, cfg, state, runs }) => {
    const r = run({ event, cfg, state });
    expect(r.needs.length > 0).toBe(runs);
    expect(notifier(r.actions) !== undefined).toBe(runs);
  });
});

describe('approve: approved label added by hand', () => {
  it('a human adding the label approves manually and is remembered', () => {
    const r = run({ event: prEvent('labeled', { label: 'approved', actor: 'alice' }), state: { labels: ['approved'] } });
    expect(r.lines).toContain('remember approve.manual=alice');
    expect(outcome(r.actions)).toEqual([OK]);
    expect(notifier(r.actions)).toContain('\n\nApproval requirements bypassed by manually added approval.\n\nThis pull-request has been approved by:');
  });

  it('the remembered manual approval holds on later events', () => {
    const r = run({ state: { labels: ['approved'], memory: { 'approve.manual': 'alice' } } });
    expect(outcome(r.actions)).toEqual([OK]);
    expect(r.lines.some((l) => l.startsWith('remember approve.manual'))).toBe(false);
  });

  it('the bot adding the label is not a manual approval', () => {
    const r = run({ event: prEvent('labeled', { label: 'approved', actor: 'bot' }), state: { labels: ['approved'], memory: { 'approve.manual': 'alice' } } });
    expect(r.lines).toEqual(['remember approve.manual=(forget)']);
  });

  it('removing the label forgets the manual approval', () => {
    const r = run({ event: prEvent('unlabeled', { label: 'approved', actor: 'carol' }), state: { memory: { 'approve.manual': 'alice' } } });
    expect(r.lines).toEqual(['remember approve.manual=(forget)']);
  });

  it('a remembered manual approval without the label does not approve', () => {
    expect(outcome(run({ state: { memory: { 'approve.manual': 'alice' } } }).actions)).toEqual([NOT]);
  });
});

describe('approve: the notifier comment', () => {
  it('is posted once and remembered', () => {
    const lines = run().lines;
    expect(lines.filter((l) => l.startsWith('comment[approve-notifier]: [APPROVALNOTIFIER]'))).toHaveLength(1);
    expect(lines.some((l) => /^remember approve\.notifier=\d+:[0-9a-f]+$/.test(l))).toBe(true);
  });

  it('is left alone when its text has not changed', () => {
    const remembered = (key: string) => {
      const a = run().actions.find((x) => x.type === 'remember' && x.key === key);
      return a && a.type === 'remember' ? (a.value ?? '') : '';
    };
    const memory = { 'approve.notifier': remembered('approve.notifier'), 'approve.missing': remembered('approve.missing') };
    expect(run({ state: { botComments: { 'approve-notifier': [5] }, memory } }).actions).toEqual([]);
  });

  it('replaces earlier notifiers when the text changed', () => {
    const r = run({ votes: [say('pkg-a', '/approve')], state: { botComments: { 'approve-notifier': [5, 6] }, memory: { 'approve.notifier': 'old' } } });
    expect(renderActions(r.actions.filter((a) => a.type !== 'comment'))).toEqual([
      'delete comment 5',
      'delete comment 6',
      expect.stringMatching(/^remember approve\.notifier=/),
      'remember approve.missing={"files":["cmd"],"ask":["cmd-a"]}',
    ]);
    expect(notifier(r.actions)).toBeDefined();
  });

  it('links each approval to the comment it came from', () => {
    const body = notifier(run({ votes: [say('pkg-a', '/approve', 'https://github.com/org/repo/pull/1#issuecomment-9')] }).actions);
    expect(body).toContain('*<a href="https://github.com/org/repo/pull/1#issuecomment-9" title="Approved">pkg-a</a>*');
  });
});

describe('approve: config', () => {
  it('reads the approve entry for the repo, with Prow defaults', () => {
    const cfg = approve.config(
      { plugins: {}, approve: [{ repos: ['org'], issue_required: true }, { repos: ['org/repo'], lgtm_acts_as_approve: true }], owners: { skip_collaborators: ['org/repo'] } },
      'org',
      'repo',
    );
    expect(cfg).toEqual({
      issueRequired: false,
      requireSelfApproval: false,
      lgtmActsAsApprove: true,
      ignoreReviewState: false,
      commandHelpLink: 'https://go.k8s.io/bot-commands',
      prProcessLink: 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process',
      skipCollaborators: true,
      ownersFilename: 'OWNERS',
    });
    expect(approve.config({ plugins: {}, approve: [{ repos: ['org'], issue_required: true }] }, 'org', 'other')).toMatchObject({ issueRequired: true, skipCollaborators: false });
  });
});

describe('approve: what is still missing, for the why query', () => {
  it('remembers the unapproved OWNERS dirs and whom to ask, and forgets them once approved', () => {
    const partly = run({ votes: [say('pkg-a', '/approve')] });
    expect(renderActions(partly.actions)).toContain('remember approve.missing={"files":["cmd"],"ask":["cmd-a"]}');
    const done = run({ votes: [say('pkg-a', '/approve'), say('cmd-a', '/approve')], state: { memory: { 'approve.missing': '{"files":["cmd"],"ask":["cmd-a"]}' } } });
    expect(renderActions(done.actions)).toContain('remember approve.missing=(forget)');
  });
});
