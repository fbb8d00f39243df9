import { requireMatchingLabel as plugin, type RequiredLabelRule } from './require-matching-label.js';
import { renderAction } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent, IssueEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { PrView } from '../core/model.js';

const plugins = {
  plugins: {},
  require_matching_label: [
    { org: 'org', repo: 'repo', prs: true, regexp: '^kind/', missing_label: 'needs-kind', missing_comment: 'Please add a kind.' },
    { org: 'org', issues: true, regexp: '^(?i)sig/', missing_label: 'needs-sig' },
    { org: 'org', prs: true, branch: 'release-1.0', regexp: '^cherry-pick-approved$', missing_label: 'needs-cp-approval' },
    { org: 'other', prs: true, issues: true, regexp: '.', missing_label: 'never' },
    { org: 'org', repo: 'elsewhere', prs: true, issues: true, regexp: '.', missing_label: 'never-either' },
  ],
} as unknown as PluginsConfig;
const cfg = plugin.config(plugins, 'org', 'repo');
const KIND_COMMENT = 'comment[require-matching-label:needs-kind]: Please add a kind.';
const issueEvent = (action: string, over: Partial<IssueEvent> = {}): IssueEvent => ({
  kind: 'issue', deliveryId: `i-${action}`, actor: 'alice', action, title: 't', author: 'alice', state: 'open', labels: [], assignees: [], body: '', ...over,
});
const run = (event: GithubEvent, state: Partial<PrView> = {}, config: RequiredLabelRule[] = cfg) =>
  plugin.decide({ event, state: prView(state), config, facts: facts(), botLogin: 'bot', footer: 'FOOTER' }).map((a) => renderAction(a).split('\n')[0]);

describe('require-matching-label', () => {
  it('keeps the rules for this org/repo', () => {
    expect(cfg.map((r) => r.missingLabel)).toEqual(['needs-kind', 'needs-sig', 'needs-cp-approval']);
  });

  it.each([
    { name: 'PR opened without a kind: label and comment', event: prEvent('opened'), state: {}, want: ['+label needs-kind', KIND_COMMENT] },
    { name: 'PR opened with a kind: nothing', event: prEvent('opened'), state: { labels: ['kind/bug'] }, want: [] },
    { name: 'PR reopened without a kind', event: prEvent('reopened'), state: {}, want: ['+label needs-kind', KIND_COMMENT] },
    { name: 'already marked missing: nothing', event: prEvent('opened'), state: { labels: ['needs-kind'] }, want: [] },
    {
      name: 'a kind label lands: missing label and comment go',
      event: prEvent('labeled', { label: 'kind/bug', actor: 'bot' }),
      state: { labels: ['kind/bug', 'needs-kind'], botComments: { 'require-matching-label:needs-kind': [41] } },
      want: ['-label needs-kind', 'delete comment 41'],
    },
    { name: 'the last kind is removed: marked again', event: prEvent('unlabeled', { label: 'kind/bug' }), state: {}, want: ['+label needs-kind', KIND_COMMENT] },
    { name: 'an unrelated label event is ignored', event: prEvent('labeled', { label: 'lgtm' }), state: { labels: ['lgtm'] }, want: [] },
    { name: 'other PR actions are ignored', event: prEvent('synchronize'), state: {}, want: [] },
    { name: 'edited is ignored', event: prEvent('edited'), state: {}, want: [] },
  ])('$name', ({ event, state, want }) => {
    expect(run(event, state)).toEqual(want);
  });

  it("posts missing_comment in Prow's simple-response format", () => {
    const out = plugin.decide({ event: prEvent('opened'), state: prView(), config: cfg, facts: facts(), botLogin: 'bot', footer: 'FOOTER' });
    expect(out[1]).toEqual({ type: 'comment', tag: 'require-matching-label:needs-kind', body: 'Please add a kind.\n\n<details>\n\nFOOTER\n</details>' });
  });

  it.each([
    { name: 'issue rules apply to issues (Go (?i) regexp)', event: issueEvent('opened'), labels: [], want: ['+label needs-sig'] },
    { name: 'a Sig label satisfies it', event: issueEvent('opened'), labels: ['SIG/node'], want: [] },
    { name: 'removed once a sig is added (no comment to prune)', event: issueEvent('labeled', { label: 'sig/node' }), labels: ['sig/node', 'needs-sig'], want: ['-label needs-sig'] },
    { name: 'a label event for another rule is ignored', event: issueEvent('labeled', { label: 'kind/bug' }), labels: ['kind/bug'], want: [] },
  ])('issues: $name', ({ event, labels, want }) => {
    expect(run(event, { isPR: false, labels })).toEqual(want);
  });

  it('issue-only rules leave PRs alone', () => {
    expect(run(prEvent('opened'), { labels: ['kind/bug'] })).toEqual([]);
  });

  it.each([
    { name: 'the branch rule applies on its branch', baseRef: 'release-1.0', labels: ['kind/bug'], want: ['+label needs-cp-approval'] },
    { name: 'and not on another', baseRef: 'main', labels: ['kind/bug'], want: [] },
  ])('branch: $name', ({ baseRef, labels, want }) => {
    expect(run(prEvent('opened'), { baseRef, labels })).toEqual(want);
  });

  it.each([
    { name: '/check-required-labels re-checks', event: comment('/check-required-labels'), state: {}, want: ['+label needs-kind', KIND_COMMENT] },
    { name: 'it is case-insensitive', event: comment('/CHECK-REQUIRED-LABELS'), state: {}, want: ['+label needs-kind', KIND_COMMENT] },
    { name: 'not on closed PRs', event: comment('/check-required-labels'), state: { state: 'closed' as const }, want: [] },
    { name: 'not for edited comments', event: comment('/check-required-labels', 'alice', { action: 'edited' }), state: {}, want: [] },
    { name: 'other comments do nothing', event: comment('hello'), state: {}, want: [] },
  ])('$name', ({ event, state, want }) => {
    expect(run(event, state)).toEqual(want);
  });

  it('skips a rule whose regexp Go would reject', () => {
    const bad = [{ ...cfg[0]!, regexp: '(' }];
    expect(run(prEvent('opened'), {}, bad)).toEqual([]);
  });

  it('needs no facts', () => {
    expect(plugin.needs({ event: prEvent('opened'), state: prView(), config: cfg, botLogin: 'bot', footer: '' })).toEqual([]);
  });
});
