import { cherrypick, cherryPickFailure, cherryPickOutcome, cherryPickReply, parseCherryPicks } from './cherrypick.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import { formatResponseRaw } from '../core/respond.js';
import type { Action, Facts, PrView } from '../core/model.js';

/** Membership facts: the given logins are members of `org`, the other people in these tests are not. */
const members = (...logins: string[]): Partial<Facts> => ({
  orgMembers: Object.fromEntries(['alice', 'author', 'carol'].map((l) => [`org/${l}`, logins.includes(l)])),
});
const NOT_MEMBER = (login: string) =>
  `only [org](https://github.com/orgs/org/people) org members may request cherry picks. If you are already part of the org, make sure to [change](https://github.com/orgs/org/people?query=${login}) your membership to public. Otherwise you can still do the cherry-pick manually. `;

const decide = (event: GithubEvent, state: PrView, f: Partial<Facts> = members('alice', 'author')) =>
  cherrypick.decide({ event, state, config: null, facts: facts({ orgMembers: {}, ...f }), botLogin: 'bot', footer: 'FOOTER' });

/** Each action as one short line: replies by what they say, cherry-picks by branch, requester and title. */
function summary(actions: Action[]): string[] {
  return actions.map((a) => {
    if (a.type === 'comment') return a.body.startsWith('@') ? `reply ${a.body.split('\n\n<details>')[0]}` : `say ${a.body}`;
    if (a.type === 'cherryPick') return `pick ${a.targetBranch} for ${a.requester}${a.replyTo ? ` (reply to ${a.replyTo.login})` : ''}: ${a.title}`;
    if (a.type === 'remember') return `remember ${a.key}${a.value === null ? ' (forget)' : ''}`;
    return a.type;
  });
}

const merged = (over: Partial<PrView> = {}) => prView({ state: 'merged', ...over });
const closedMerged = () => prEvent('closed', { state: 'closed', merged: true });

describe('cherrypick: comments', () => {
  it.each([
    {
      name: 'an open PR: remembered, and the requester told',
      body: '/cherrypick release-1.0',
      state: prView(),
      want: ['remember cherrypick:release-1.0', 'reply @alice: once the present PR merges, I will cherry-pick it on top of `release-1.0` in a new PR and assign it to you.'],
    },
    {
      name: '/cherry-pick is the same command',
      body: 'thanks\n/cherry-pick release-1.0',
      state: prView(),
      want: ['remember cherrypick:release-1.0', 'reply @alice: once the present PR merges, I will cherry-pick it on top of `release-1.0` in a new PR and assign it to you.'],
    },
    {
      name: 'several branches on an open PR, sorted',
      body: '/cherrypick release-1.1\n/cherrypick release-1.0',
      state: prView(),
      want: [
        'remember cherrypick:release-1.0',
        'remember cherrypick:release-1.1',
        'reply @alice: once the present PR merges, I will cherry-pick it on top of `release-1.0`, `release-1.1` in new PRs and assign them to you.',
      ],
    },
    {
      name: 'the base branch alone is refused (without asking about membership)',
      body: '/cherrypick main',
      state: prView(),
      facts: {},
      want: ['reply @alice: I cannot cherry-pick the present PR on top of its base branch (`main`).'],
    },
    {
      name: 'the base branch among others on an open PR',
      body: '/cherrypick main\n/cherrypick release-1.0',
      state: prView(),
      want: [
        'remember cherrypick:release-1.0',
        'reply @alice: once the present PR merges, I will cherry-pick it on top of `release-1.0` in a new PR and assign it to you. I cannot cherry-pick it on top of `main` because that is already its base branch.',
      ],
    },
    { name: 'not an org member', body: '/cherrypick release-1.0', state: prView(), facts: members('author'), want: [`reply @alice: ${NOT_MEMBER('alice')}`] },
    { name: 'membership not known: nothing', body: '/cherrypick release-1.0', state: prView(), facts: {}, want: [] },
    { name: 'a closed, unmerged PR', body: '/cherrypick release-1.0', state: prView({ state: 'closed' }), want: ['reply @alice: cannot cherry-pick an unmerged PR'] },
    {
      name: 'a merged PR: at once',
      body: '/cherrypick release-1.0',
      state: merged(),
      want: ['pick release-1.0 for alice (reply to alice): [release-1.0] A change'],
    },
    {
      name: 'a merged PR, one branch per PR, and the base branch refused',
      body: '/cherrypick release-1.1\n/cherrypick main\n/cherrypick release-1.0',
      state: merged(),
      want: [
        'reply @alice: I cannot cherry-pick the present PR on top of its base branch (`main`).',
        'pick release-1.0 for alice (reply to alice): [release-1.0] A change',
        'pick release-1.1 for alice (reply to alice): [release-1.1] A change',
      ],
    },
    { name: 'a merged PR, not a member', body: '/cherrypick release-1.0', state: merged(), facts: members('author'), want: [`reply @alice: ${NOT_MEMBER('alice')}`] },
    { name: 'mid-line is not a command', body: 'please /cherrypick release-1.0', state: merged(), want: [] },
    { name: 'a branch is needed', body: '/cherrypick', state: merged(), want: [] },
    { name: '/cherrypicker is not the command', body: '/cherrypicker release-1.0', state: merged(), want: [] },
    { name: 'issues are ignored', body: '/cherrypick release-1.0', state: prView({ isPR: false }), want: [] },
  ])('$name', ({ body, state, facts: f, want }) => {
    expect(summary(decide(comment(body), state, f))).toEqual(want);
  });

  it('ignores edited comments and review-thread comments', () => {
    expect(decide(comment('/cherrypick release-1.0', 'alice', { action: 'edited' }), merged())).toEqual([]);
    expect(decide(comment('/cherrypick release-1.0', 'alice', { on: 'review_thread' }), merged())).toEqual([]);
  });

  it("quotes the comment in Prow's reply layout, with the footer", () => {
    const c = comment('/cherrypick release-1.0');
    const [reply] = decide(c, prView({ state: 'closed' }));
    const url = `https://github.com/org/repo/pull/1#issuecomment-${c.commentId}`;
    expect(reply).toEqual({ type: 'comment', body: formatResponseRaw('/cherrypick release-1.0', url, 'alice', 'cannot cherry-pick an unmerged PR', 'FOOTER') });
  });

  it("builds Prow's title and body: base marker dropped, release note, chained branches, kind labels", () => {
    const state = merged({
      number: 7,
      title: '[main] Fix the widget',
      body: 'Fixes it.\n\n```release-note\nThe widget works.\n```',
      labels: ['kind/bug', 'lgtm', 'kind/cleanup', 'kind/bug'],
    });
    const [pick] = decide(comment('/cherrypick release-1.6 release-1.5 release-1.4'), state);
    expect(pick).toMatchObject({
      type: 'cherryPick',
      targetBranch: 'release-1.6',
      requester: 'alice',
      title: '[release-1.6] Fix the widget',
      body: 'This is an automated cherry-pick of #7\n\n/assign alice\n\n```release-note\nThe widget works.\n```\n\n/cherrypick release-1.5 release-1.4\n\n/kind bug\n/kind cleanup',
    });
  });

  it('parses branches and chains per line; a later line for the same branch wins', () => {
    expect([...parseCherryPicks('/cherrypick a b c\ntext\n/cherry-pick d\n/cherrypick a')]).toEqual([
      ['a', []],
      ['d', []],
    ]);
  });
});

describe('cherrypick: merging and labels', () => {
  /** The state after a member's comment on the open PR was remembered. */
  function remembered(body: string, state = prView()): PrView {
    const memory = { ...state.memory };
    for (const a of decide(comment(body), state)) if (a.type === 'remember' && a.value !== null) memory[a.key] = a.value;
    return { ...state, memory };
  }

  it('acts on remembered requests when the PR merges, answering the comment that asked, and forgets them', () => {
    const state = { ...remembered('/cherrypick release-1.0 release-0.9'), state: 'merged' as const };
    const actions = decide(closedMerged(), state);
    expect(summary(actions)).toEqual(['pick release-1.0 for alice (reply to alice): [release-1.0] A change', 'remember cherrypick:release-1.0 (forget)']);
    expect(actions[0]).toMatchObject({ replyTo: { login: 'alice', body: '/cherrypick release-1.0 release-0.9' }, body: expect.stringContaining('/cherrypick release-0.9') });
  });

  it.each([
    {
      name: "the PR body asks for its author, answering the body",
      state: merged({ body: 'Fix.\n/cherrypick release-1.0' }),
      want: ['pick release-1.0 for author (reply to author): [release-1.0] A change'],
    },
    { name: 'a cherrypick label asks for the author, answered as a label', state: merged({ labels: ['cherrypick/release-1.0', 'lgtm'] }), want: ['pick release-1.0 for author: [release-1.0] A change'] },
    { name: 'the author must be an org member', state: merged({ body: '/cherrypick release-1.0', labels: ['cherrypick/release-1.1'] }), facts: members('alice'), want: [] },
    { name: 'a label for the base branch', state: merged({ labels: ['cherrypick/main'] }), want: ['say In response to a cherrypick label: base branch (main) needs to differ from target branch (main)'] },
    { name: 'nothing asked: nothing', state: merged(), want: [] },
  ])('$name', ({ state, facts: f, want }) => {
    expect(summary(decide(closedMerged(), state, f))).toEqual(want);
  });

  it('one cherry-pick per branch: a remembered comment wins over the body and labels', () => {
    const state = { ...remembered('/cherrypick release-1.0'), state: 'merged' as const, body: '/cherrypick release-1.0', labels: ['cherrypick/release-1.0', 'cherrypick/release-2.0'] };
    expect(summary(decide(closedMerged(), state))).toEqual([
      'pick release-1.0 for alice (reply to alice): [release-1.0] A change',
      'pick release-2.0 for author: [release-2.0] A change',
      'remember cherrypick:release-1.0 (forget)',
    ]);
  });

  it('a remembered branch that became the base branch is refused', () => {
    const state = { ...remembered('/cherrypick release-1.0'), state: 'merged' as const, baseRef: 'release-1.0' };
    expect(summary(decide(closedMerged(), state))).toEqual(['reply @alice: base branch (release-1.0) needs to differ from target branch (release-1.0)', 'remember cherrypick:release-1.0 (forget)']);
  });

  it('a PR closed without merging does nothing', () => {
    const state = { ...remembered('/cherrypick release-1.0'), state: 'closed' as const };
    expect(decide(prEvent('closed', { state: 'closed', merged: false }), state)).toEqual([]);
  });

  it.each([
    { name: 'open PR', state: prView(), want: ['say In response to a cherrypick label: @author once the present PR merges, I will cherry-pick it on top of `release-1.0` in a new PR and assign it to you.'] },
    { name: 'merged PR', state: merged(), want: ['pick release-1.0 for author: [release-1.0] A change'] },
    { name: 'author not a member', state: merged(), facts: members('alice'), want: [`say In response to a cherrypick label: ${NOT_MEMBER('author')}`] },
    { name: 'label for the base branch', state: prView(), label: 'cherrypick/main', want: ['say In response to a cherrypick label: base branch (main) needs to differ from target branch (main)'] },
    { name: 'another label', state: merged(), label: 'kind/bug', want: [] },
  ])('labeled: $name', ({ state, facts: f, label, want }) => {
    const l = label ?? 'cherrypick/release-1.0';
    expect(summary(decide(prEvent('labeled', { label: l, labels: [l] }), { ...state, labels: [l] }, f))).toEqual(want);
  });
});

describe('cherrypick: facts and answers', () => {
  const needs = (event: GithubEvent, state: PrView) => cherrypick.needs({ event, state, config: null, botLogin: 'bot', footer: '' });

  it('asks about the membership of whoever asked', () => {
    expect(needs(comment('/cherrypick release-1.0', 'carol'), prView())).toEqual([{ kind: 'orgMember', org: 'org', login: 'carol' }]);
    expect(needs(prEvent('labeled', { label: 'cherrypick/release-1.0' }), prView())).toEqual([{ kind: 'orgMember', org: 'org', login: 'author' }]);
    expect(needs(closedMerged(), merged({ body: '/cherrypick release-1.0' }))).toEqual([{ kind: 'orgMember', org: 'org', login: 'author' }]);
    expect(needs(closedMerged(), merged())).toEqual([]);
    expect(needs(comment('/lgtm'), prView())).toEqual([]);
  });

  it("words the outcome as Prow does", () => {
    expect(cherryPickOutcome(3, { number: 9, url: 'u', existing: false })).toBe('new pull request created: #9');
    expect(cherryPickOutcome(3, { number: 9, url: 'https://github.com/o/r/pull/9', existing: true })).toBe('Looks like #3 has already been cherry picked in https://github.com/o/r/pull/9');
    expect(cherryPickFailure(3, 'release-1.0', { type: 'CherryPickConflict', message: 'error: a: patch does not apply' })).toBe(
      '#3 failed to apply on top of branch "release-1.0":\n```\nerror: a: patch does not apply\n```',
    );
    expect(cherryPickFailure(3, 'release-1.0', { type: 'CherryPickNoBranch', message: 'no branch' })).toBe('cannot checkout `release-1.0`: no branch');
    expect(cherryPickFailure(3, 'release-1.0', { type: 'Github422', message: 'refused' })).toBe('new pull request could not be created: refused');
    expect(cherryPickReply(undefined, 'x')).toBe('In response to a cherrypick label: x');
    expect(cherryPickReply({ login: 'bob', body: '/cherrypick a', url: 'U' }, 'x')).toMatch(/^@bob: x\n\n<details>\n\nIn response to \[this\]\(U\):\n\n>\/cherrypick a\n/);
  });
});
