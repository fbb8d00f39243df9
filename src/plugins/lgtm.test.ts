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

/** The bot's comments on the PR as GitHub has them (the botComments fact). */
const said = (...comments: Array<[number, string, boolean?]>): Partial<Facts> => ({ botComments: comments.map(([id, body, edited]) => ({ id, body, edited: edited ?? false })) });
const NOTICE = (tree: string) => `LGTM label has been added.  <details>Git tree hash: ${tree}</details>`;

describe('lgtm: store_tree_hash and sticky lgtm', () => {
  const store = { storeTreeHash: true };
  it('records the tree hash when adding, and prunes the removal notices it knows of', () => {
    expect(run(comment('/lgtm', 'bob'), { cfg: store, state: { botComments: { 'lgtm-removed': [7] } } })).toEqual([
      'assign bob',
      '+label lgtm',
      'comment: LGTM label has been added.  <details>Git tree hash: tree1</details>',
      'delete comment 7',
    ]);
  });

  it('cancel re-requests review from the assignees and deletes every tree-hash notice the bot wrote, as GitHub has them', () => {
    // A workflow that never wrote these (fresh, or taking over from Prow): they are read from GitHub.
    const state = { labels: ['lgtm'], assignees: ['bob', 'carol'] };
    const github = said([3, NOTICE('tree0')], [4, 'Some other notice'], [5, NOTICE('tree1'), true], [6, `Earlier: ${NOTICE('tree2')}`]);
    expect(run(comment('/lgtm cancel', 'bob'), { cfg: store, state, facts: github })).toEqual([
      '-label lgtm',
      'request review bob carol',
      'delete comment 3',
      'delete comment 5',
      'delete comment 6',
    ]);
  });

  it('cancel removes the label even when the bot’s comments cannot be read, pruning nothing (Prow only logs that)', () => {
    const c = comment('/lgtm cancel', 'bob');
    const failSafe = lgtm.failSafe!({ ...input(c, { cfg: store, state: { labels: ['lgtm'], assignees: ['bob'] } }), facts: defaultFacts, failed: ['botComments: GitHub answered 403'] });
    expect(renderActions(failSafe)).toEqual(['-label lgtm', 'request review bob']);
    // Any other missing fact (the collaborator check) still stops it.
    expect(lgtm.failSafe!({ ...input(c, { cfg: store, state: { labels: ['lgtm'] } }), facts: defaultFacts, failed: ['collaborator bob: GitHub answered 403'] })).toEqual([]);
  });

  it('without store_tree_hash, cancel only removes the label', () => {
    expect(run(comment('/lgtm cancel', 'bob'), { state: { labels: ['lgtm'], assignees: ['bob', 'carol'] }, facts: said([3, NOTICE('tree0')]) })).toEqual(['-label lgtm']);
  });

  it('an author in the sticky team gets no tree-hash notice', () => {
    expect(run(comment('/lgtm', 'bob'), { cfg: { ...store, stickyTeam: 'Sticky Team' } })).toEqual(['assign bob', '+label lgtm']);
  });
});

describe('lgtm: new pushes', () => {
  const push = () => prEvent('synchronize');
  const removed = 'comment[lgtm-removed]: New changes are detected. LGTM label has been removed.';
  const store = { storeTreeHash: true };
  // `state` is a workflow that has never seen the notice (as after taking over from Prow): what
  // decides is the bot's comments as GitHub has them.
  it.each([
    { name: 'a push removes lgtm', state: { labels: ['lgtm'] }, want: ['-label lgtm', removed] },
    { name: 'nothing to do without the label', state: {}, want: [] },
    { name: 'store_tree_hash: same tree keeps lgtm', state: { labels: ['lgtm'] }, facts: said([1, NOTICE('tree1')]), cfg: store, want: [] },
    {
      name: 'store_tree_hash: a new tree removes lgtm, re-requests review and says so',
      state: { labels: ['lgtm'], assignees: ['carol'] },
      facts: said([1, NOTICE('tree0')]),
      cfg: store,
      want: ['-label lgtm', 'request review carol', removed],
    },
    { name: 'store_tree_hash: the newest notice counts', state: { labels: ['lgtm'] }, facts: said([1, NOTICE('tree1')], [2, NOTICE('tree0')]), cfg: store, want: ['-label lgtm', removed] },
    { name: 'store_tree_hash: an edited notice does not count', state: { labels: ['lgtm'] }, facts: said([1, NOTICE('tree0')], [2, NOTICE('tree1'), true]), cfg: store, want: ['-label lgtm', removed] },
    { name: 'store_tree_hash: no notice on GitHub removes lgtm', state: { labels: ['lgtm'] }, facts: said([1, 'hello']), cfg: store, want: ['-label lgtm', removed] },
    { name: 'without store_tree_hash the notice does not matter', state: { labels: ['lgtm'] }, facts: said([1, NOTICE('tree1')]), want: ['-label lgtm', removed] },
    { name: 'an author in the sticky team keeps lgtm', state: { labels: ['lgtm'] }, cfg: { stickyTeam: 'sticky-team' }, want: [] },
    { name: 'an author in the sticky team keeps lgtm on a new tree', state: { labels: ['lgtm'] }, facts: said([1, NOTICE('tree0')]), cfg: { ...store, stickyTeam: 'sticky-team' }, want: [] },
    { name: 'an author outside the sticky team loses it', state: { labels: ['lgtm'], author: 'dave' }, cfg: { stickyTeam: 'sticky-team' }, want: ['-label lgtm', removed] },
    {
      name: 'an author outside the sticky team keeps it on the same tree',
      state: { labels: ['lgtm'], author: 'dave' },
      facts: said([1, NOTICE('tree1')]),
      cfg: { ...store, stickyTeam: 'sticky-team' },
      want: [],
    },
  ])('$name', ({ state, facts, cfg, want }) => {
    expect(run(push(), { state, facts, cfg })).toEqual(want);
  });

  it('merged PRs are left alone', () => {
    expect(run(prEvent('synchronize', { merged: true }), { state: { labels: ['lgtm'] } })).toEqual([]);
  });
});

describe('lgtm: facts asked for', () => {
  const lgtmed = { labels: ['lgtm'] };
  const tree = { kind: 'commitTree', sha: 'a'.repeat(40) };
  it.each([
    { name: 'a collaborator check for the commenter', event: comment('/lgtm', 'bob'), want: [{ kind: 'collaborator', login: 'bob' }] },
    { name: 'nothing for the author adding', event: comment('/lgtm', 'author'), want: [] },
    { name: 'nothing for the author cancelling', event: comment('/lgtm cancel', 'author'), want: [] },
    { name: 'OWNERS with skip_collaborators', event: comment('/lgtm', 'bob'), cfg: { skipCollaborators: true }, want: [{ kind: 'changedFiles' }, { kind: 'owners' }] },
    {
      name: 'the team and the tree when adding with both options',
      event: comment('/lgtm', 'bob'),
      cfg: { stickyTeam: 'Sticky Team', storeTreeHash: true },
      want: [{ kind: 'collaborator', login: 'bob' }, { kind: 'team', org: 'org', slug: 'sticky-team' }, tree],
    },
    {
      name: 'the bot’s comments when cancelling with store_tree_hash',
      event: comment('/lgtm cancel', 'bob'),
      cfg: { storeTreeHash: true },
      state: lgtmed,
      want: [{ kind: 'collaborator', login: 'bob' }, { kind: 'botComments' }],
    },
    { name: 'nothing for a push without the label', event: prEvent('synchronize'), cfg: { storeTreeHash: true }, want: [] },
    { name: 'the bot’s comments on a push with store_tree_hash', event: prEvent('synchronize'), cfg: { storeTreeHash: true }, state: lgtmed, want: [{ kind: 'botComments' }] },
    {
      name: 'then the new tree, when a notice names one',
      event: prEvent('synchronize'),
      cfg: { storeTreeHash: true },
      state: lgtmed,
      facts: facts(said([1, NOTICE('t')])),
      want: [{ kind: 'botComments' }, tree],
    },
    {
      name: 'but not when no unedited notice does',
      event: prEvent('synchronize'),
      cfg: { storeTreeHash: true },
      state: lgtmed,
      facts: facts(said([1, NOTICE('t'), true])),
      want: [{ kind: 'botComments' }],
    },
    {
      name: 'nor for an author in the sticky team',
      event: prEvent('synchronize'),
      cfg: { storeTreeHash: true, stickyTeam: 'sticky-team' },
      state: lgtmed,
      facts: facts({ ...said([1, NOTICE('t')]), teams: { 'org/sticky-team': ['author'] } }),
      want: [{ kind: 'team', org: 'org', slug: 'sticky-team' }, { kind: 'botComments' }],
    },
    { name: 'only the team on a push without store_tree_hash', event: prEvent('synchronize'), cfg: { stickyTeam: 'sticky-team' }, state: lgtmed, want: [{ kind: 'team', org: 'org', slug: 'sticky-team' }] },
    { name: 'nothing for other comments', event: comment('hello', 'bob'), want: [] },
  ])('$name', ({ event, cfg, state, facts, want }) => {
    expect(lgtm.needs({ ...input(event, { cfg, state }), ...(facts ? { facts } : {}) })).toEqual(want);
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
