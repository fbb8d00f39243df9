import { assign, assignRefusal, reviewRefusal } from './assign.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PrView } from '../core/model.js';

const decide = (event: GithubEvent, state: PrView = prView()) =>
  assign.decide({ event, state, config: null, facts: facts(), botLogin: 'bot', footer: '' });
const run = (event: GithubEvent, state?: PrView) => renderActions(decide(event, state));

describe('assign', () => {
  it.each([
    { name: '/assign without args assigns the commenter', body: '/assign', want: ['assign alice'] },
    { name: '/assign @user', body: '/assign @bob', want: ['assign bob'] },
    { name: '/assign several, with and without @', body: '/assign bob @carol', want: ['assign bob carol'] },
    { name: '/unassign without args unassigns the commenter', body: '/unassign', want: ['unassign alice'] },
    { name: '/unassign @user', body: '/unassign @bob', want: ['unassign bob'] },
    { name: 'case-insensitive command', body: '/ASSIGN @bob', want: ['assign bob'] },
    { name: 'Prow reads `un` case-sensitively', body: '/UNassign @bob', want: ['assign bob'] },
    { name: 'removals come before additions', body: '/assign @bob\n/unassign @carol', want: ['unassign carol', 'assign bob'] },
    { name: 'the last line about a login wins', body: '/assign @bob\n/unassign @Bob', want: ['unassign Bob'] },
    { name: 'trailing spaces are fine', body: '/assign @bob   ', want: ['assign bob'] },
    { name: 'a command on a later line counts', body: 'thanks!\n/assign @bob', want: ['assign bob'] },
    { name: 'mid-line is not a command', body: 'please /assign @bob', want: [] },
    { name: 'teams cannot be assigned (no match)', body: '/assign @org/team', want: [] },
    { name: 'junk after the logins is not a command', body: '/assign @bob, please', want: [] },
    { name: '/assigned is not /assign', body: '/assigned', want: [] },
  ])('$name', ({ body, want }) => {
    expect(run(comment(body), prView({ isPR: false }))).toEqual(want);
  });

  it.each([
    { name: '/cc without args requests the commenter', body: '/cc', want: ['request review alice'] },
    { name: '/cc users', body: '/cc @bob carol', want: ['request review bob carol'] },
    { name: '/cc with several spaces', body: '/cc  @bob', want: ['request review bob'] },
    { name: '/cc a team of this org', body: '/cc @org/reviewers', want: ['request review team:reviewers'] },
    { name: '/cc org names compare case-insensitively', body: '/cc @ORG/reviewers', want: ['request review team:reviewers'] },
    { name: '/cc a team of another org is refused', body: '/cc @bob @other/team', want: ['request review bob refused:other/team'] },
    { name: '/uncc users and teams', body: '/uncc @bob @org/reviewers', want: ['unrequest review bob team:reviewers'] },
    { name: '/uncc of a foreign team alone does nothing', body: '/uncc @other/team', want: [] },
    { name: '/uncc without args', body: '/uncc', want: ['unrequest review alice'] },
    { name: '/assign and /cc in one comment', body: '/assign\n/cc @bob', want: ['assign alice', 'request review bob'] },
  ])('on a PR: $name', ({ body, want }) => {
    expect(run(comment(body), prView())).toEqual(want);
  });

  it('ignores /cc on issues', () => {
    expect(run(comment('/cc @bob'), prView({ isPR: false }))).toEqual([]);
  });

  it('ignores edited comments', () => {
    expect(run(comment('/assign', 'alice', { action: 'edited' }))).toEqual([]);
  });

  it('reads the PR body on open, the author being the commenter', () => {
    expect(run(prEvent('opened', { body: '/assign\n/cc @bob' }))).toEqual(['assign author', 'request review bob']);
  });

  it('asks the workflow to answer refusals, quoting the command', () => {
    const ev = comment('/assign @bob\n/cc @carol', 'alice', { commentId: 77, on: 'pull_request' });
    const want = { login: 'alice', body: '/assign @bob\n/cc @carol', url: 'https://github.com/org/repo/pull/1#issuecomment-77' };
    const actions = decide(ev);
    expect(actions).toEqual([
      { type: 'assign', logins: ['bob'], refusalReply: want, refusalText: expect.stringContaining("GitHub didn't allow me to assign the following users: {{logins}}.\n\nNote that only [org members](https://github.com/orgs/org/people)") },
      { type: 'requestReview', logins: ['carol'], refusalReply: want, refusalText: expect.stringContaining("GitHub didn't allow me to request PR reviews from the following users: {{logins}}.") },
    ]);
  });

  it('needs no facts', () => {
    expect(assign.needs({ event: comment('/assign @bob'), state: prView(), config: null, botLogin: 'bot', footer: '' })).toEqual([]);
  });
});

describe('refusal texts', () => {
  it('assignRefusal is Prow text', () => {
    expect(assignRefusal(['bob', 'carol'], 'org')).toBe(
      "GitHub didn't allow me to assign the following users: bob, carol.\n\nNote that only [org members](https://github.com/orgs/org/people) with read permissions, repo collaborators and people who have commented on this issue/PR can be assigned. Additionally, issues/PRs can only have 10 assignees at the same time.\nFor more information please see [the contributor guide](https://git.k8s.io/community/contributors/guide/first-contribution.md#issue-assignment-in-github)",
    );
  });

  it('reviewRefusal is Prow text', () => {
    expect(reviewRefusal(['bob'], 'kubernetes')).toBe(
      "GitHub didn't allow me to request PR reviews from the following users: bob.\n\nNote that only [kubernetes members](https://github.com/orgs/kubernetes/people) and repo collaborators can review this PR, and authors cannot review their own PRs.",
    );
  });
});
