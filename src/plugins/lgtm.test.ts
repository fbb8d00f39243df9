import { parseOwners } from '../core/owners.js';
import { formatResponseRaw } from '../core/respond.js';
import type { CommentEvent, GithubEvent } from '../core/event.js';
import { lgtm, type LgtmConfig } from './lgtm.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView, review } from './testing.js';
import type { Facts, PrView } from '../core/model.js';

const BASE: LgtmConfig = { reviewActsAsLgtm: false, storeTreeHash: false, stickyTeam: '', skipCollaborators: false };
const OWNERS = { files: [parseOwners('', 'approvers: [root-a]\nreviewers: [root-r]')], aliases: {} };

interface Opts {
  state?: Partial<PrView>;
  cfg?: Partial<LgtmConfig>;
  facts?: Partial<Facts>;
}

function input(event: GithubEvent, o: Opts = {}) {
  return { event, state: prView({ author: 'author', ...o.state }), config: { ...BASE, ...o.cfg }, botLogin: 'bot', footer: 'FOOTER' };
}
const defaultFacts = facts({
  collaborators: { bob: true, carol: true, author: false },
  commitTrees: { ['a'.repeat(40)]: 'tree1' },
  teams: { 'org/sticky-team': ['Author'] },
  changedFiles: [{ filename: 'main.go', additions: 1, deletions: 0, status: 'modified' }],
  owners: OWNERS,
});
const run = (event: GithubEvent, o: Opts = {}) => renderActions(lgtm.decide({ ...input(event, o), facts: { ...defaultFacts, ...o.facts } }));
const needs = (event: GithubEvent, o: Opts = {}) => lgtm.needs(input(event, o));
/** Prow's reply to a comment, as rendered. */
const reply = (c: CommentEvent, text: string) =>
  renderActions([{ type: 'comment', body: formatResponseRaw(c.body, `https://github.com/org/repo/pull/1#issuecomment-${c.commentId}`, c.actor, text, 'FOOTER') }]);

describe('lgtm: commands', () => {
  it.each([
    { name: '/lgtm adds the label and assigns the reviewer', body: '/lgtm', want: ['assign bob', '+label lgtm'] },
    { name: '/lgtm no-issue is /lgtm', body: '/lgtm no-issue', want: ['assign bob', '+label lgtm'] },
    { name: 'case does not matter', body: '/LGTM', want: ['assign bob', '+label lgtm'] },
    { name: 'a command on a later line counts', body: 'nice work\n/lgtm', want: ['assign bob', '+label lgtm'] },
    { name: 'an assignee is not assigned again', body: '/lgtm', state: { assignees: ['Bob'] }, want: ['+label lgtm'] },
    { name: '/lgtm when already there only assigns', body: '/lgtm', state: { labels: ['lgtm'] }, want: ['assign bob'] },
    { name: '/lgtm cancel removes it', body: '/lgtm cancel', state: { labels: ['lgtm'] }, want: ['assign bob', '-label lgtm'] },
    { name: '/remove-lgtm removes it', body: '/remove-lgtm', state: { labels: ['lgtm'], assignees: ['bob'] }, want: ['-label lgtm'] },
    { name: '/lgtm wins over /lgtm cancel in one comment', body: '/lgtm cancel\n/lgtm', want: ['assign bob', '+label lgtm'] },
    { name: 'words after /lgtm make it no command', body: '/lgtm please', want: [] },
    { name: 'mid-line is no command', body: 'I say /lgtm', want: [] },
    { name: 'the author may cancel without being a collaborator', body: '/lgtm cancel', actor: 'author', state: { labels: ['lgtm'] }, want: ['-label lgtm'] },
    { name: 'closed PRs are ignored', body: '/lgtm', state: { state: 'closed' as const }, want: [] },
    { name: 'issues are ignored', body: '/lgtm', state: { isPR: false }, want: [] },
  ])('$name', ({ body, actor, state, want }) => {
    expect(run(comment(body, actor ?? 'bob'), { state })).toEqual(want);
  });

  it.each([
    { name: 'the author cannot LGTM', body: '/lgtm', actor: 'author', text: 'you cannot LGTM your own PR.' },
    { name: 'non-collaborators cannot add', body: '/lgtm', actor: 'mallory', text: 'changing LGTM is restricted to collaborators' },
    { name: 'non-collaborators cannot cancel', body: '/lgtm cancel', actor: 'mallory', text: 'changing LGTM is restricted to collaborators' },
  ])('refuses: $name', ({ body, actor, text }) => {
    const c = comment(body, actor);
    expect(run(c, { state: { labels: body.includes('cancel') ? ['lgtm'] : [] } })).toEqual(reply(c, text));
  });

  it('ignores edited comments', () => {
    expect(run(comment('/lgtm', 'bob', { action: 'edited' }))).toEqual([]);
  });

  it('reads the PR body when the PR is opened', () => {
    const body = formatResponseRaw('/lgtm', 'https://github.com/org/repo/pull/1', 'author', 'you cannot LGTM your own PR.', 'FOOTER');
    expect(run(prEvent('opened', { body: '/lgtm', author: 'author' }))).toEqual(renderActions([{ type: 'comment', body }]));
  });
});

describe('lgtm: owners.skip_collaborators', () => {
  it.each([
    { name: 'an OWNERS approver may add, without being assigned', actor: 'root-a', want: ['+label lgtm'] },
    { name: 'an OWNERS reviewer may add', actor: 'Root-R', want: ['+label lgtm'] },
  ])('$name', ({ actor, want }) => {
    expect(run(comment('/lgtm', actor), { cfg: { skipCollaborators: true } })).toEqual(want);
  });

  it('someone not in OWNERS is refused, collaborator or not', () => {
    const c = comment('/lgtm', 'bob');
    expect(run(c, { cfg: { skipCollaborators: true } })).toEqual(reply(c, 'adding LGTM is restricted to approvers and reviewers in OWNERS files.'));
  });
});

describe('lgtm: reviews', () => {
  it.each([
    { name: 'an approving review adds', event: review('approved', 'bob'), cfg: { reviewActsAsLgtm: true }, want: ['assign bob', '+label lgtm'] },
    { name: 'requesting changes removes', event: review('changes_requested', 'bob'), cfg: { reviewActsAsLgtm: true }, state: { labels: ['lgtm'] }, want: ['assign bob', '-label lgtm'] },
    { name: 'reviews do nothing without review_acts_as_lgtm', event: review('approved', 'bob'), want: [] },
    { name: 'a commenting review does nothing', event: review('commented', 'bob'), cfg: { reviewActsAsLgtm: true }, want: [] },
    { name: 'bot reviews are ignored', event: review('approved', 'ci[bot]'), cfg: { reviewActsAsLgtm: true }, want: [] },
    {
      name: 'a command in the review body wins over its state',
      event: review('approved', 'bob', '/lgtm cancel'),
      cfg: { reviewActsAsLgtm: true },
      state: { labels: ['lgtm'] },
      want: ['assign bob', '-label lgtm'],
    },
    { name: 'a command in a review body works without review_acts_as_lgtm', event: review('commented', 'bob', '/lgtm'), want: ['assign bob', '+label lgtm'] },
  ])('$name', ({ event, cfg, state, want }) => {
    expect(run(event, { cfg, state })).toEqual(want);
  });
});

describe('lgtm: store_tree_hash and sticky lgtm', () => {
  const store = { storeTreeHash: true };
  it('records the tree hash when adding, and prunes removal notices', () => {
    expect(run(comment('/lgtm', 'bob'), { cfg: store, state: { botComments: { 'lgtm-removed': [7] } } })).toEqual([
      'assign bob',
      '+label lgtm',
      'comment[lgtm-tree-hash]: LGTM label has been added.  <details>Git tree hash: tree1</details>',
      'remember lgtm.treeHash=tree1',
      'delete comment 7',
    ]);
  });

  it('cancel re-requests review from the assignees and prunes the tree-hash notices', () => {
    const state = { labels: ['lgtm'], assignees: ['bob', 'carol'], botComments: { 'lgtm-tree-hash': [3] }, memory: { 'lgtm.treeHash': 'tree0' } };
    expect(run(comment('/lgtm cancel', 'bob'), { cfg: store, state })).toEqual(['-label lgtm', 'request review bob carol', 'delete comment 3', 'remember lgtm.treeHash=(forget)']);
  });

  it('without store_tree_hash, cancel only removes the label', () => {
    expect(run(comment('/lgtm cancel', 'bob'), { state: { labels: ['lgtm'], assignees: ['bob', 'carol'] } })).toEqual(['-label lgtm']);
  });

  it('an author in the sticky team gets no tree-hash notice', () => {
    expect(run(comment('/lgtm', 'bob'), { cfg: { ...store, stickyTeam: 'Sticky Team' } })).toEqual(['assign bob', '+label lgtm']);
  });
});

describe('lgtm: new pushes', () => {
  const push = () => prEvent('synchronize');
  const removed = 'comment[lgtm-removed]: New changes are detected. LGTM label has been removed.';
  it.each([
    { name: 'a push removes lgtm', state: { labels: ['lgtm'] }, want: ['-label lgtm', removed] },
    { name: 'nothing to do without the label', state: {}, want: [] },
    { name: 'store_tree_hash: same tree keeps lgtm', state: { labels: ['lgtm'], memory: { 'lgtm.treeHash': 'tree1' } }, cfg: { storeTreeHash: true }, want: [] },
    {
      name: 'store_tree_hash: a new tree removes lgtm and re-requests review',
      state: { labels: ['lgtm'], assignees: ['carol'], memory: { 'lgtm.treeHash': 'tree0' } },
      cfg: { storeTreeHash: true },
      want: ['-label lgtm', 'request review carol', removed],
    },
    { name: 'store_tree_hash: no recorded tree removes lgtm', state: { labels: ['lgtm'] }, cfg: { storeTreeHash: true }, want: ['-label lgtm', removed] },
    { name: 'an author in the sticky team keeps lgtm', state: { labels: ['lgtm'] }, cfg: { stickyTeam: 'sticky-team' }, want: [] },
    { name: 'an author outside the sticky team loses it', state: { labels: ['lgtm'], author: 'dave' }, cfg: { stickyTeam: 'sticky-team' }, want: ['-label lgtm', removed] },
  ])('$name', ({ state, cfg, want }) => {
    expect(run(push(), { state, cfg })).toEqual(want);
  });

  it('merged PRs are left alone', () => {
    expect(run(prEvent('synchronize', { merged: true }), { state: { labels: ['lgtm'] } })).toEqual([]);
  });
});

describe('lgtm: facts asked for', () => {
  it.each([
    { name: 'a collaborator check for the commenter', event: comment('/lgtm', 'bob'), want: [{ kind: 'collaborator', login: 'bob' }] },
    { name: 'nothing for the author adding', event: comment('/lgtm', 'author'), want: [] },
    { name: 'nothing for the author cancelling', event: comment('/lgtm cancel', 'author'), want: [] },
    { name: 'OWNERS with skip_collaborators', event: comment('/lgtm', 'bob'), cfg: { skipCollaborators: true }, want: [{ kind: 'changedFiles' }, { kind: 'owners' }] },
    {
      name: 'the team and the tree when adding with both options',
      event: comment('/lgtm', 'bob'),
      cfg: { stickyTeam: 'Sticky Team', storeTreeHash: true },
      want: [{ kind: 'collaborator', login: 'bob' }, { kind: 'team', org: 'org', slug: 'sticky-team' }, { kind: 'commitTree', sha: 'a'.repeat(40) }],
    },
    { name: 'nothing for a push without the label', event: prEvent('synchronize'), cfg: { storeTreeHash: true }, want: [] },
    {
      name: 'the new tree on a push with a recorded tree',
      event: prEvent('synchronize'),
      cfg: { storeTreeHash: true },
      state: { labels: ['lgtm'], memory: { 'lgtm.treeHash': 't' } },
      want: [{ kind: 'commitTree', sha: 'a'.repeat(40) }],
    },
    { name: 'nothing for other comments', event: comment('hello', 'bob'), want: [] },
  ])('$name', ({ event, cfg, state, want }) => {
    expect(needs(event, { cfg, state })).toEqual(want);
  });
});

describe('lgtm: config', () => {
  it('reads the entry for the repo, else the org', () => {
    const plugins = {
      plugins: {},
      lgtm: [{ repos: ['org'], store_tree_hash: true }, { repos: ['org/repo'], review_acts_as_lgtm: true, trusted_team_for_sticky_lgtm: 't' }],
      owners: { skip_collaborators: ['org'] },
    };
    expect(lgtm.config(plugins, 'org', 'repo')).toEqual({ reviewActsAsLgtm: true, storeTreeHash: false, stickyTeam: 't', skipCollaborators: true });
    expect(lgtm.config(plugins, 'org', 'x')).toEqual({ reviewActsAsLgtm: false, storeTreeHash: true, stickyTeam: '', skipCollaborators: true });
  });
});
