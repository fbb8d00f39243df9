import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { orgMemberKey } from '../core/trust.js';
import { dco, DCO_NO, DCO_YES, type DcoCfg } from './dco.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { Facts, PrView } from '../core/model.js';

type Commit = NonNullable<Facts['commits']>[number];
const URL = 'https://github.com/org/repo/blob/master/CONTRIBUTING.md';
const cfg = (over: Partial<DcoCfg> = {}): DcoCfg => ({ filterTrusted: false, trust: { only_org_members: true, trusted_apps: [], trusted_org: '' }, contributingUrl: URL, ...over });
const commit = (sha: string, message: string, over: Partial<Commit> = {}): Commit => ({ sha: sha.repeat(40), message, authorName: 'A', authorEmail: 'a@x', authorLogin: 'author', ...over });
const SIGNED = commit('a', 'Fix it\n\nSigned-off-by: A <a@x>');
const UNSIGNED = commit('b', 'Add stuff\n\nmore words');
const base = (event: GithubEvent, state: PrView, config: DcoCfg) => ({ event, state, config, botLogin: 'bot', footer: 'F' });
const run = (event: GithubEvent, state: PrView, f: Partial<Facts>, config = cfg()) => renderActions(dco.decide({ ...base(event, state, config), facts: facts(f) }));
const OK = [`+label ${DCO_YES}`, 'status dco=success "All commits have Signed-off-by"'];
const BAD = [`+label ${DCO_NO}`, 'status dco=failure "Commits in PR missing Signed-off-by"'];

describe('dco', () => {
  it.each<{ name: string; commits: Commit[]; state?: Partial<PrView>; want: string[] }>([
    { name: 'all signed', commits: [SIGNED], want: OK },
    { name: 'sign-off matched case-insensitively on any line', commits: [commit('c', 'x\nSIGNED-OFF-BY: me')], want: OK },
    { name: 'merge commits need no sign-off', commits: [SIGNED, commit('m', 'Merge branch main', { parents: 2 })], want: OK },
    { name: 'signed, labels and status already right', commits: [SIGNED], state: { labels: [DCO_YES], contexts: { dco: { state: 'success', description: '' } } }, want: [] },
    { name: 'signed now: no label swapped for yes', commits: [SIGNED], state: { labels: [DCO_NO] }, want: [`-label ${DCO_NO}`, ...OK] },
    { name: 'signed now: old comments pruned', commits: [SIGNED], state: { labels: [DCO_YES], botComments: { dco: [7] } }, want: [OK[1]!, 'delete comment 7'] },
    { name: 'not signed, already failing and labelled', commits: [UNSIGNED], state: { labels: [DCO_NO], contexts: { dco: { state: 'failure', description: '' } } }, want: [] },
    { name: 'unsigned now: yes label swapped for no', commits: [UNSIGNED], state: { labels: [DCO_YES] }, want: [BAD[0]!, `-label ${DCO_YES}`, BAD[1]!] },
    { name: '"signed-off-by" mid-line does not count', commits: [commit('d', 'text Signed-off-by: x')], state: { labels: [DCO_NO] }, want: [BAD[1]!] },
  ])('reopened: $name', ({ commits, state, want }) => {
    expect(run(prEvent('reopened'), prView(state), { commits })).toEqual(want);
  });

  it('comments on open with the unsigned commits, in Prow words', () => {
    const actions = dco.decide({ ...base(prEvent('opened'), prView({ botComments: { dco: [3] } }), cfg()), facts: facts({ commits: [SIGNED, UNSIGNED] }) });
    expect(actions.slice(2)).toEqual([
      { type: 'deleteComment', commentId: 3 },
      {
        type: 'comment',
        tag: 'dco',
        body:
          "Thanks for your pull request. Before we can look at it, you'll need to add a 'DCO signoff' to your commits.\n\n" +
          `:memo: **Please follow instructions in the [contributing guide](${URL}) to update your commits with the DCO**\n\n` +
          'Full details of the Developer Certificate of Origin can be found at [developercertificate.org](https://developercertificate.org/).\n\n' +
          `**The list of commits missing DCO signoff**:\n\n- [bbbbbbb](https://github.com/org/repo/commits/${'b'.repeat(40)}) Add stuff\n\n` +
          '<details>\n\nF I understand the commands that are listed [here](https://go.k8s.io/bot-commands).\n</details>\n',
      },
    ]);
    expect(actions[1]).toEqual({ type: 'status', context: 'dco', state: 'failure', description: 'Commits in PR missing Signed-off-by', targetUrl: URL });
  });

  it.each([
    { name: 'PR opened', ev: prEvent('opened'), state: {}, comments: true },
    { name: 'PR pushed', ev: prEvent('synchronize'), state: {}, comments: true },
    { name: 'PR reopened', ev: prEvent('reopened'), state: {}, comments: false },
    { name: '/check-dco', ev: comment('/check-dco'), state: {}, comments: true },
    { name: '/check-dco on a closed PR', ev: comment('/check-dco'), state: { state: 'closed' as const }, comments: null },
    { name: '/check-dco on an issue', ev: comment('/check-dco'), state: { isPR: false }, comments: null },
    { name: 'an edited /check-dco', ev: comment('/check-dco', 'alice', { action: 'edited' }), state: {}, comments: null },
    { name: 'another comment', ev: comment('/check-dco please'), state: {}, comments: null },
    { name: 'PR edited', ev: prEvent('edited'), state: {}, comments: null },
  ])('$name', ({ ev, state, comments }) => {
    const got = run(ev, prView({ labels: [DCO_NO], ...state }), { commits: [UNSIGNED] });
    if (comments === null) expect(got).toEqual([]);
    else expect(got.some((l) => l.startsWith('comment[dco]:'))).toBe(comments);
    expect(dco.needs(base(ev, prView(state), cfg()))).toEqual(comments === null ? [] : [{ kind: 'commits' }]);
  });

  it('does nothing without the commits fact', () => {
    expect(run(prEvent('opened'), prView(), {})).toEqual([]);
  });
});

describe('dco: trusted authors', () => {
  const skip = cfg({ filterTrusted: true, trust: { only_org_members: true, trusted_apps: ['renovate'], trusted_org: '' } });
  const member = { orgMembers: { [orgMemberKey('org', 'author')]: true } };
  it.each<{ name: string; config: DcoCfg; commits: Commit[]; f: Partial<Facts>; signed: boolean }>([
    { name: 'member commits are exempt when skipping', config: skip, commits: [UNSIGNED], f: member, signed: true },
    { name: 'member commits count without skipping', config: cfg(), commits: [UNSIGNED], f: member, signed: false },
    { name: 'collaborators count with only members skipped', config: skip, commits: [UNSIGNED], f: { collaborators: { author: true } }, signed: false },
    {
      name: 'collaborators are exempt with skip_dco_check_for_collaborators',
      config: cfg({ filterTrusted: true, trust: { only_org_members: false } }),
      commits: [UNSIGNED],
      f: { collaborators: { author: true } },
      signed: true,
    },
    { name: 'trusted apps are exempt', config: skip, commits: [commit('r', 'bump', { authorLogin: 'renovate[bot]' })], f: {}, signed: true },
    { name: 'commits with no GitHub user are checked', config: skip, commits: [commit('n', 'x', { authorLogin: undefined })], f: member, signed: false },
  ])('$name', ({ config, commits, f, signed }) => {
    expect(run(prEvent('reopened'), prView(), { commits, ...f }, config)).toEqual(signed ? OK : BAD);
  });

  it('asks, once commits are known, for the trust of the authors of unsigned commits, once each', () => {
    const cfgCollab = cfg({ filterTrusted: true, trust: { only_org_members: false, trusted_apps: ['renovate'], trusted_org: 'friends' } });
    const commits = [SIGNED, commit('b', 'x', { authorLogin: 'Bob' }), commit('c', 'y', { authorLogin: 'bob' }), commit('r', 'z', { authorLogin: 'renovate[bot]' })];
    const input = { ...base(prEvent('synchronize'), prView(), cfgCollab), facts: facts({ commits }) };
    expect(dco.needs(input)).toEqual([
      { kind: 'commits' },
      { kind: 'orgMember', org: 'org', login: 'bob' },
      { kind: 'collaborator', login: 'bob' },
      { kind: 'orgMember', org: 'friends', login: 'bob' },
    ]);
    expect(dco.needs({ ...input, config: cfg() })).toEqual([{ kind: 'commits' }]);
  });
});

describe('dco: config', () => {
  it('reads org/repo, then org, then "*" entries', () => {
    const plugins = applyPluginDefaults({
      dco: {
        '*': {},
        org: { skip_dco_check_for_members: true, trusted_org: 'friends', contributing_branch: 'main' },
        'org/repo': { skip_dco_check_for_collaborators: true, contributing_repo: 'o/docs', contributing_path: 'DCO.md' },
      },
    });
    expect(dco.config(plugins, 'org', 'repo')).toEqual({
      filterTrusted: true,
      trust: { only_org_members: false, trusted_apps: [], trusted_org: '' },
      contributingUrl: 'https://github.com/o/docs/blob/master/DCO.md',
    });
    expect(dco.config(plugins, 'org', 'x')).toEqual({
      filterTrusted: true,
      trust: { only_org_members: true, trusted_apps: [], trusted_org: 'friends' },
      contributingUrl: 'https://github.com/org/x/blob/main/CONTRIBUTING.md',
    });
    expect(dco.config(plugins, 'else', 'y')).toMatchObject({ filterTrusted: false, contributingUrl: 'https://github.com/else/y/blob/master/CONTRIBUTING.md' });
    expect(dco.config(applyPluginDefaults({ dco: { org: { trusted_apps: ['renovate'] } } }), 'org', 'r').filterTrusted).toBe(true);
  });
});
