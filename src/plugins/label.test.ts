import { label, labelConfig, type LabelConfig } from './label.js';
import { renderAction, renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import { formatResponseRaw } from '../core/respond.js';
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Facts, PrView } from '../core/model.js';

const REPO_LABELS = ['kind/bug', 'kind/feature', 'Area/Prow', 'sig/node', 'sig/testing', 'priority/important-soon', 'triage/accepted',
  'committee/steering', 'language/zh', 'wg/batch', 'needs-kind', 'needs-sig', 'api-review', 'restricted', 'team-only', 'other-label'];
const plugins = {
  plugins: {},
  label: {
    additional_labels: ['api-review', 'Community/Discussion'],
    restricted_labels: {
      '*': [{ label: 'restricted', allowed_users: ['Carol', 'dave'], assign_on: [{ label: 'other-label' }] }],
      org: [{ label: 'team-only', allowed_teams: ['leads', 'admins'] }],
    },
  },
} as unknown as PluginsConfig;
const cfg = labelConfig(plugins, 'org', 'repo');
const LINK = 'https://github.com/org/repo/pull/1#issuecomment-';

const decide = (event: GithubEvent, state: Partial<PrView> = {}, f: Partial<Facts> = {}, config: LabelConfig = cfg) =>
  label.decide({ event, state: prView(state), config, facts: facts({ repoLabels: REPO_LABELS, ...f }), botLogin: 'bot', footer: 'FOOTER' });
/** One line per action; a reply shows as its first line (`comment: @alice: <text>`). */
const run = (...args: Parameters<typeof decide>) => decide(...args).flatMap((a) => renderAction(a).split('\n').slice(0, a.type === 'comment' ? 1 : undefined));
const needs = (event: GithubEvent, state: Partial<PrView> = {}) => label.needs({ event, state: prView(state), config: cfg, botLogin: 'bot', footer: '' });
/** The only line of a reply that varies: `comment: @alice: <text>`. */
const said = (lines: string[]) => lines.filter((l) => l.startsWith('comment: @')).map((l) => l.replace(/^comment: @\w+: /, ''));

describe('label', () => {
  it.each([
    { name: '/kind adds kind/*', body: '/kind bug', labels: [], want: ['+label kind/bug'] },
    { name: 'several values on one line', body: '/kind bug feature', labels: [], want: ['+label kind/bug', '+label kind/feature'] },
    { name: 'values are lower-cased', body: '/kind Bug', labels: [], want: ['+label kind/bug'] },
    { name: 'the repo label may differ in case', body: '/area prow', labels: [], want: ['+label area/prow'] },
    { name: '/sig', body: '/sig node', labels: [], want: ['+label sig/node'] },
    { name: '/priority', body: '/priority important-soon', labels: [], want: ['+label priority/important-soon'] },
    { name: '/committee', body: '/committee steering', labels: [], want: ['+label committee/steering'] },
    { name: '/language', body: '/language zh', labels: [], want: ['+label language/zh'] },
    { name: '/wg', body: '/wg batch', labels: [], want: ['+label wg/batch'] },
    { name: 'several lines', body: 'thanks\n/kind bug\n/sig node', labels: [], want: ['+label kind/bug', '+label sig/node'] },
    { name: 'a label already there is skipped', body: '/kind bug', labels: ['kind/bug'], want: [] },
    { name: '/remove-kind removes', body: '/remove-kind feature', labels: ['kind/bug', 'kind/feature'], want: ['-label kind/feature'] },
    { name: '/remove-sig removes', body: '/remove-sig node', labels: ['sig/node', 'sig/testing'], want: ['-label sig/node'] },
    { name: '/label adds an additional label', body: '/label api-review', labels: [], want: ['+label api-review'] },
    { name: '/remove-label removes one', body: '/remove-label api-review', labels: ['api-review'], want: ['-label api-review'] },
    { name: '/label with two names is ignored', body: '/label api-review other', labels: [], want: [] },
    { name: 'commands are case-sensitive', body: '/KIND bug', labels: [], want: [] },
    { name: 'a command mid-line is not one', body: 'try /kind bug', labels: [], want: [] },
    { name: 'HTML comments are stripped', body: '<!--\n/kind bug\n-->\n/sig node', labels: [], want: ['+label sig/node'] },
    { name: 'a bare /kind does nothing', body: '/kind', labels: [], want: [] },
  ])('$name', ({ body, labels, want }) => {
    expect(run(comment(body), { labels })).toEqual(want);
  });

  it.each([
    { name: 'removing the last kind adds needs-kind', body: '/remove-kind bug', labels: ['kind/bug'], want: ['+label needs-kind', '-label kind/bug'] },
    { name: 'removing every sig adds needs-sig', body: '/remove-sig node testing', labels: ['sig/node', 'sig/testing'], want: ['+label needs-sig', '-label sig/node', '-label sig/testing'] },
    { name: 'a kind left over: no needs-kind', body: '/remove-kind bug', labels: ['kind/bug', 'kind/feature'], want: ['-label kind/bug'] },
    { name: 'a kind added at once: no needs-kind', body: '/remove-kind bug\n/kind feature', labels: ['kind/bug'], want: ['+label kind/feature', '-label kind/bug'] },
    { name: 'no needs-priority label in the repo', body: '/remove-priority important-soon', labels: ['priority/important-soon'], want: ['-label priority/important-soon'] },
    { name: 'area has no needs-* label', body: '/remove-area prow', labels: ['area/prow'], want: ['-label area/prow'] },
  ])('needs-*: $name', ({ body, labels, want }) => {
    expect(run(comment(body), { labels })).toEqual(want);
  });

  it.each([
    { name: 'label missing from the repo', body: '/kind foo', labels: [], text: "The label(s) `kind/foo` cannot be applied, because the repository doesn't have them." },
    { name: 'several missing', body: '/kind foo\n/sig bar', labels: [], text: "The label(s) `kind/foo, sig/bar` cannot be applied, because the repository doesn't have them." },
    { name: 'removing a label not set', body: '/remove-kind bug', labels: [], text: 'Those labels are not set on the issue: `kind/bug`' },
    // Prow splits on single spaces, so a run of spaces names `kind/` once per extra space, and lists every repeat.
    { name: 'repeats listed as Prow lists them', body: '/kind foo   foo foo\n/sig bar', labels: [], text: "The label(s) `kind/foo, kind/, kind/, kind/foo, kind/foo, sig/bar` cannot be applied, because the repository doesn't have them." },
    { name: 'repeated removals of a label not set', body: '/remove-kind bug bug  x', labels: [], text: 'Those labels are not set on the issue: `kind/bug, kind/bug, kind/, kind/x`' },
    {
      name: '/label of an unconfigured label',
      body: '/label bogus',
      labels: [],
      text: 'The label(s) `/label bogus` cannot be applied. These labels are supported: `api-review, Community/Discussion, restricted, team-only`. Is this label configured under `labels -> additional_labels` or `labels -> restricted_labels` in `plugin.yaml`?',
    },
  ])('refuses: $name', ({ body, labels, text }) => {
    expect(said(run(comment(body), { labels }))).toEqual([text]);
  });

  it('quotes the comment without its HTML comments, in Prow\'s reply format', () => {
    const ev = comment('<!-- template -->\n/kind foo');
    expect(renderActions(decide(ev))).toEqual(
      renderActions([{ type: 'comment', body: formatResponseRaw('\n/kind foo', `${LINK}${ev.commentId}`, 'alice', "The label(s) `kind/foo` cannot be applied, because the repository doesn't have them.", 'FOOTER') }]),
    );
  });

  it('adds what it can and reports the rest', () => {
    expect(run(comment('/kind bug foo'))).toEqual(['+label kind/bug', expect.stringContaining('`kind/foo` cannot be applied')]);
  });

  it.each([
    { name: 'org member adds triage/accepted', member: true, want: ['+label triage/accepted'] },
    { name: 'non-member is refused', member: false, want: ['comment'] },
  ])('triage/accepted: $name', ({ member, want }) => {
    const out = run(comment('/triage accepted'), {}, { orgMembers: { 'org/alice': member } });
    expect(out.map((l) => (l.startsWith('comment') ? 'comment' : l))).toEqual(want);
    if (!member) expect(said(out)).toEqual(['The label `triage/accepted` cannot be applied. Only GitHub organization members can add the label.']);
  });

  it.each([
    { name: 'an allowed user (any case) adds it', body: '/label restricted', actor: 'carol', labels: [], teams: {}, want: ['+label restricted'] },
    { name: 'a member of an allowed team adds it', body: '/label team-only', actor: 'Eve', labels: [], teams: { 'org/leads': ['eve'] }, want: ['+label team-only'] },
    { name: 'an allowed user removes it', body: '/remove-label restricted', actor: 'dave', labels: ['restricted'], teams: {}, want: ['-label restricted'] },
  ])('restricted: $name', ({ body, actor, labels, teams, want }) => {
    expect(run(comment(body, actor), { labels }, { teams: teams as Record<string, string[]> })).toEqual(want);
  });

  it.each([
    {
      name: 'a stranger, team rule',
      body: '/label team-only',
      labels: [],
      text: 'The label(s) `team-only` cannot be applied or removed, because you are not in one of the allowed teams and are not an allowed user. Must be a member of one of these teams: leads, admins',
    },
    {
      name: 'a stranger, user rule',
      body: '/label restricted',
      labels: [],
      text: 'The label(s) `restricted` cannot be applied or removed, because you are not in one of the allowed teams and are not an allowed user. Consider assigning one of the following members: Carol,dave',
    },
    {
      name: 'a stranger removing it',
      body: '/remove-label restricted',
      labels: ['restricted'],
      text: 'The label(s) `restricted` cannot be applied or removed, because you are not in one of the allowed teams and are not an allowed user. Consider assigning one of the following members: Carol,dave',
    },
  ])('restricted refusal: $name', ({ body, labels, text }) => {
    const out = run(comment(body, 'mallory'), { labels }, { teams: { 'org/leads': ['eve'], 'org/admins': [] } });
    expect(said(out)).toEqual([text]);
    expect(out.filter((l) => l.includes('label '))).toEqual([]);
  });

  it('a refusal is repeated for each time the label is named, as Prow does, up to what one event may post', () => {
    const twice = decide(comment('/label restricted\n/label restricted', 'mallory'));
    expect(twice.map((a) => a.type)).toEqual(['comment', 'comment']);
    const many = decide(comment('/label restricted\n'.repeat(500), 'mallory'));
    expect(many).toHaveLength(100);
    expect(new Set(many.map((a) => (a.type === 'comment' ? a.body : ''))).size).toBe(1);
  });

  it('a missing team or membership fact skips the label without a reply (Prow logs the error)', () => {
    expect(run(comment('/label team-only', 'mallory'))).toEqual([]);
    expect(run(comment('/triage accepted\n/kind bug'))).toEqual(['+label kind/bug']);
  });

  it.each([
    { name: 'assign_on label assigns the allowed users', label: 'Other-Label', want: ['assign Carol dave'] },
    { name: 'another label assigns nobody', label: 'kind/bug', want: [] },
  ])('assign_on: $name', ({ label: l, want }) => {
    expect(run(prEvent('labeled', { label: l, actor: 'someone' }))).toEqual(want);
  });

  it('merges restricted rules from "*", org and org/repo (users sorted)', () => {
    const merged = labelConfig(
      { plugins: {}, label: { restricted_labels: { '*': [{ label: 'R', allowed_users: ['zed'] }], 'org/repo': [{ label: 'r', allowed_users: ['amy'], allowed_teams: ['t'] }] } } } as unknown as PluginsConfig,
      'org',
      'repo',
    );
    expect(merged.restricted['r']).toMatchObject({ allowedUsers: ['amy', 'zed'], allowedTeams: ['t'] });
    expect(labelConfig({ plugins: {} } as PluginsConfig, 'org', 'repo')).toEqual({ additionalLabels: [], restricted: {} });
  });

  it('only counts new comments, and reads a PR body on open', () => {
    expect(run(comment('/kind bug', 'alice', { action: 'edited' }))).toEqual([]);
    expect(run(prEvent('opened', { body: 'Fix\n/kind bug' }))).toEqual(['+label kind/bug']);
  });

  it('does nothing without the repo labels fact', () => {
    expect(run(comment('/kind bug'), {}, { repoLabels: undefined })).toEqual([]);
  });

  it.each([
    { name: 'no command: nothing', body: 'hello', labels: [], actor: 'alice', want: [] },
    { name: 'a command: the repo labels', body: '/kind bug', labels: [], actor: 'alice', want: [{ kind: 'repoLabels' }] },
    { name: 'triage/accepted: membership', body: '/triage accepted', labels: [], actor: 'alice', want: [{ kind: 'repoLabels' }, { kind: 'orgMember', org: 'org', login: 'alice' }] },
    { name: 'triage/accepted already there: no membership', body: '/triage accepted', labels: ['triage/accepted'], actor: 'alice', want: [{ kind: 'repoLabels' }] },
    { name: 'team rule: the teams', body: '/label team-only', labels: [], actor: 'x', want: [{ kind: 'repoLabels' }, { kind: 'team', org: 'org', slug: 'leads' }, { kind: 'team', org: 'org', slug: 'admins' }] },
    { name: 'allowed user: no teams', body: '/label restricted', labels: [], actor: 'carol', want: [{ kind: 'repoLabels' }] },
  ])('needs: $name', ({ body, labels, actor, want }) => {
    expect(needs(comment(body, actor), { labels })).toEqual(want);
  });
});
