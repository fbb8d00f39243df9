import { lifecycle } from './lifecycle.js';
import { renderAction, renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import { formatResponseRaw } from '../core/respond.js';
import type { GithubEvent } from '../core/event.js';
import type { Facts, PrView } from '../core/model.js';

const decide = (event: GithubEvent, state: Partial<PrView> = {}, f: Partial<Facts> = {}) =>
  lifecycle.decide({ event, state: prView(state), config: null, facts: facts(f), botLogin: 'bot', footer: 'FOOTER' });
/** One line per action; a reply shows as its first line. */
const run = (...args: Parameters<typeof decide>) => decide(...args).flatMap((a) => renderAction(a).split('\n').slice(0, a.type === 'comment' ? 1 : undefined));
const needs = (event: GithubEvent, state: Partial<PrView> = {}) => lifecycle.needs({ event, state: prView(state), config: null, botLogin: 'bot', footer: '' });
const COLLAB = { collaborators: { alice: true } };
const STRANGER = { collaborators: { alice: false } };
const issue = { isPR: false };

describe('lifecycle: /close', () => {
  it.each([
    { name: 'collaborator closes a PR', body: '/close', state: {}, f: COLLAB, want: ['close', 'comment: @alice: Closed this PR.'] },
    { name: 'collaborator closes an issue', body: '/close', state: issue, f: COLLAB, want: ['close', 'comment: @alice: Closing this issue.'] },
    { name: 'the author closes their own', body: '/close', state: { author: 'Alice' }, f: {}, want: ['close', 'comment: @alice: Closed this PR.'] },
    { name: 'case and trailing spaces do not matter', body: '/CLOSE  ', state: {}, f: COLLAB, want: ['close', 'comment: @alice: Closed this PR.'] },
    {
      name: 'not-planned closes an issue as not planned',
      body: '/close not-planned',
      state: issue,
      f: COLLAB,
      want: ['close (not_planned)', 'comment: @alice: Closing this issue, marking it as "Not Planned".'],
    },
    { name: 'not-planned on a PR is refused', body: '/close not-planned', state: {}, f: COLLAB, want: ['comment: @alice: PRs cannot be closed as Not Planned.'] },
    {
      name: 'a stranger cannot close an active one',
      body: '/close',
      state: issue,
      f: STRANGER,
      want: ["comment: @alice: You can't close an active issue/PR unless you authored it or you are a collaborator."],
    },
    { name: 'anyone may close a stale one', body: '/close', state: { ...issue, labels: ['lifecycle/stale'] }, f: STRANGER, want: ['close', 'comment: @alice: Closing this issue.'] },
    { name: 'anyone may close a rotten PR', body: '/close', state: { labels: ['lifecycle/rotten'] }, f: {}, want: ['close', 'comment: @alice: Closed this PR.'] },
    { name: 'already closed: nothing', body: '/close', state: { state: 'closed' as const }, f: COLLAB, want: [] },
    { name: '/close with other words is not a command', body: '/close this please', state: {}, f: COLLAB, want: [] },
    { name: 'mid-line is not a command', body: 'I will /close', state: {}, f: COLLAB, want: [] },
  ])('$name', ({ body, state, f, want }) => {
    expect(run(comment(body), state, f)).toEqual(want);
  });

  it("replies in Prow's format, quoting the comment", () => {
    const ev = comment('/close');
    expect(renderActions(decide(ev, {}, COLLAB))).toEqual(
      renderActions([{ type: 'close' }, { type: 'comment', body: formatResponseRaw('/close', `https://github.com/org/repo/pull/1#issuecomment-${ev.commentId}`, 'alice', 'Closed this PR.', 'FOOTER') }]),
    );
  });
});

describe('lifecycle: /reopen', () => {
  it.each([
    { name: 'collaborator reopens a PR', state: { state: 'closed' as const }, f: COLLAB, want: ['reopen', 'comment: @alice: Reopened this PR.'] },
    { name: 'collaborator reopens an issue', state: { ...issue, state: 'closed' as const }, f: COLLAB, want: ['reopen', 'comment: @alice: Reopened this issue.'] },
    { name: 'the author reopens', state: { state: 'closed' as const, author: 'alice' }, f: {}, want: ['reopen', 'comment: @alice: Reopened this PR.'] },
    {
      name: 'a stranger is refused, even when stale',
      state: { state: 'closed' as const, labels: ['lifecycle/stale'] },
      f: STRANGER,
      want: ["comment: @alice: You can't reopen an issue/PR unless you authored it or you are a collaborator."],
    },
    {
      name: 'a merged PR cannot be reopened',
      state: { state: 'merged' as const },
      f: COLLAB,
      want: ['comment: @alice: Failed to re-open PR: state cannot be changed. The pull request cannot be reopened because it has been merged.'],
    },
    { name: 'an open one: nothing', state: {}, f: COLLAB, want: [] },
  ])('$name', ({ state, f, want }) => {
    expect(run(comment('/reopen'), state, f)).toEqual(want);
  });
});

describe('lifecycle: /lifecycle', () => {
  it.each([
    { name: 'adds a lifecycle label', body: '/lifecycle stale', labels: [], state: issue, want: ['+label lifecycle/stale'] },
    { name: 'replaces the other lifecycle labels', body: '/lifecycle rotten', labels: ['lifecycle/stale', 'lifecycle/active', 'kind/bug'], state: issue, want: ['-label lifecycle/active', '-label lifecycle/stale', '+label lifecycle/rotten'] },
    { name: 'the label already there: nothing', body: '/lifecycle active', labels: ['lifecycle/active'], state: issue, want: [] },
    { name: '/remove-lifecycle removes it', body: '/remove-lifecycle stale', labels: ['lifecycle/stale'], state: issue, want: ['-label lifecycle/stale'] },
    { name: 'removing an absent label: nothing', body: '/remove-lifecycle stale', labels: [], state: issue, want: [] },
    { name: 'frozen on an issue', body: '/lifecycle frozen', labels: [], state: issue, want: ['+label lifecycle/frozen'] },
    { name: 'case-insensitive', body: '/Lifecycle Active', labels: [], state: issue, want: ['+label lifecycle/active'] },
    { name: 'several commands run in order', body: '/lifecycle stale\n/lifecycle active', labels: [], state: issue, want: ['+label lifecycle/stale', '-label lifecycle/stale', '+label lifecycle/active'] },
    { name: 'unknown stage is ignored', body: '/lifecycle dead', labels: [], state: issue, want: [] },
    { name: 'frozen on a PR is refused', body: '/lifecycle frozen', labels: [], state: {}, want: ['comment: @alice: The `lifecycle/frozen` label cannot be applied to Pull Requests.'] },
    { name: 'the refusal does not stop later commands', body: '/lifecycle frozen\n/remove-lifecycle stale', labels: ['lifecycle/stale'], state: {}, want: ['comment: @alice: The `lifecycle/frozen` label cannot be applied to Pull Requests.', '-label lifecycle/stale'] },
    { name: 'removing frozen from a PR is fine', body: '/remove-lifecycle frozen', labels: ['lifecycle/frozen'], state: {}, want: ['-label lifecycle/frozen'] },
    { name: 'anyone, on a closed issue too', body: '/lifecycle rotten', labels: [], state: { ...issue, state: 'closed' as const }, want: ['+label lifecycle/rotten'] },
  ])('$name', ({ body, labels, state, want }) => {
    expect(run(comment(body, 'alice'), { ...state, labels }, STRANGER)).toEqual(want);
  });

  it('/close and /lifecycle in one comment both act', () => {
    expect(run(comment('/lifecycle rotten\n/close'), issue, STRANGER)).toEqual(["comment: @alice: You can't close an active issue/PR unless you authored it or you are a collaborator.", '+label lifecycle/rotten']);
  });
});

describe('lifecycle: events and facts', () => {
  it('ignores edited comments', () => {
    expect(run(comment('/close', 'alice', { action: 'edited' }), {}, COLLAB)).toEqual([]);
  });

  it('reads an issue body on open', () => {
    expect(run(prEvent('opened', { body: '/lifecycle frozen', author: 'author' }), issue)).toEqual(['+label lifecycle/frozen']);
  });

  it.each([
    { name: '/close by a non-author asks about collaborator', body: '/close', actor: 'alice', state: {}, want: [{ kind: 'collaborator', login: 'alice' }] },
    { name: '/close by the author asks nothing', body: '/close', actor: 'author', state: {}, want: [] },
    { name: '/close of a stale one asks nothing', body: '/close', actor: 'alice', state: { labels: ['lifecycle/stale'] }, want: [] },
    { name: '/reopen of a closed one asks', body: '/reopen', actor: 'alice', state: { state: 'closed' as const }, want: [{ kind: 'collaborator', login: 'alice' }] },
    { name: '/reopen of an open one asks nothing', body: '/reopen', actor: 'alice', state: {}, want: [] },
    { name: '/lifecycle asks nothing', body: '/lifecycle stale', actor: 'alice', state: {}, want: [] },
  ])('needs: $name', ({ body, actor, state, want }) => {
    expect(needs(comment(body, actor), state)).toEqual(want);
  });
});
