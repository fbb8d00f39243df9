import { retitle, type RetitleConfig } from './retitle.js';
import { renderAction, renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import { formatResponseRaw } from '../core/respond.js';
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Facts, PrView } from '../core/model.js';

const cfg = retitle.config({ plugins: {} } as PluginsConfig, 'org', 'repo');
const MEMBER: Partial<Facts> = { orgMembers: { 'org/alice': true }, collaborators: { alice: false } };
const COLLAB: Partial<Facts> = { orgMembers: { 'org/alice': false }, collaborators: { alice: true } };
const STRANGER: Partial<Facts> = { orgMembers: { 'org/alice': false }, collaborators: { alice: false } };
const decide = (event: GithubEvent, f: Partial<Facts> = MEMBER, state: Partial<PrView> = {}, config: RetitleConfig = cfg) =>
  retitle.decide({ event, state: prView(state), config, facts: facts(f), botLogin: 'bot', footer: 'FOOTER' });
const run = (...args: Parameters<typeof decide>) => decide(...args).map((a) => renderAction(a).split('\n')[0]);
const needs = (event: GithubEvent, config: RetitleConfig = cfg, state: Partial<PrView> = {}) =>
  retitle.needs({ event, state: prView(state), config, botLogin: 'bot', footer: '' });
const KEYWORDS = 'comment: @alice: Titles may not contain [keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues.';

describe('retitle', () => {
  it.each([
    { name: 'an org member retitles', body: '/retitle New title', f: MEMBER, want: ['title: New title'] },
    { name: 'a collaborator retitles', body: '/retitle New title', f: COLLAB, want: ['title: New title'] },
    { name: 'spaces around the title are trimmed', body: '/retitle    Spaced out   ', f: MEMBER, want: ['title: Spaced out'] },
    { name: 'case-insensitive command', body: '/RETITLE Loud', f: MEMBER, want: ['title: Loud'] },
    { name: 'the first /retitle wins', body: 'ok\n/retitle One\n/retitle Two', f: MEMBER, want: ['title: One'] },
    { name: '@mentions are allowed (Prow dropped that check)', body: '/retitle Ping @someone', f: MEMBER, want: ['title: Ping @someone'] },
    { name: 'a stranger is refused', body: '/retitle New', f: STRANGER, want: ['comment: @alice: Re-titling can only be requested by trusted users, like repository collaborators.'] },
    { name: 'an empty title is refused', body: '/retitle   ', f: MEMBER, want: ['comment: @alice: Titles may not be empty.'] },
    { name: 'closing keywords are refused', body: '/retitle Fixes #12', f: MEMBER, want: [KEYWORDS] },
    { name: 'cross-repo closing keywords too', body: '/retitle resolved: org/other#3 thing', f: MEMBER, want: [KEYWORDS] },
    { name: 'a plain issue reference is fine', body: '/retitle Follow-up to #12', f: MEMBER, want: ['title: Follow-up to #12'] },
    { name: 'mid-line is not a command', body: 'please /retitle X', f: MEMBER, want: [] },
  ])('$name', ({ body, f, want }) => {
    expect(run(comment(body), f)).toEqual(want);
  });

  it("replies in Prow's format", () => {
    const ev = comment('/retitle ');
    expect(renderActions(decide(ev))).toEqual(
      renderActions([{ type: 'comment', body: formatResponseRaw('/retitle ', `https://github.com/org/repo/pull/1#issuecomment-${ev.commentId}`, 'alice', 'Titles may not be empty.', 'FOOTER') }]),
    );
  });

  it.each([
    { name: 'closed PRs are ignored by default', state: { state: 'closed' as const }, config: cfg, want: [] },
    { name: 'merged PRs are ignored by default', state: { state: 'merged' as const }, config: cfg, want: [] },
    { name: 'allow_closed_issues lets them through', state: { state: 'closed' as const }, config: { ...cfg, allowClosedIssues: true }, want: ['title: Better'] },
  ])('$name', ({ state, config, want }) => {
    expect(run(comment('/retitle Better'), MEMBER, state, config)).toEqual(want);
  });

  it.each([
    { name: 'only_org_members ignores collaborators', config: { ...cfg, trust: { only_org_members: true } }, f: COLLAB, want: ['comment: @alice: Re-titling can only be requested by trusted users, like repository collaborators.'] },
    { name: 'a trusted_org member is trusted', config: { ...cfg, trust: { trusted_org: 'friends' } }, f: { ...STRANGER, orgMembers: { 'org/alice': false, 'friends/alice': true } }, want: ['title: T'] },
  ])('trust: $name', ({ config, f, want }) => {
    expect(run(comment('/retitle T'), f, {}, config)).toEqual(want);
  });

  it('a trusted_apps bot is trusted without lookups', () => {
    const config = { ...cfg, trust: { trusted_apps: ['renovate'] } };
    expect(run(comment('/retitle T', 'renovate[bot]'), {}, {}, config)).toEqual(['title: T']);
    expect(needs(comment('/retitle T', 'renovate[bot]'), config)).toEqual([]);
  });

  it('reads the triggers section for trust settings', () => {
    const c = retitle.config({ plugins: {}, retitle: { allow_closed_issues: true }, triggers: [{ repos: ['org'], only_org_members: true, trusted_apps: ['x'], trusted_org: 'o2' }] } as PluginsConfig, 'org', 'repo');
    expect(c).toEqual({ allowClosedIssues: true, trust: { repos: ['org'], only_org_members: true, trusted_apps: ['x'], trusted_org: 'o2' } });
  });

  it.each([
    { name: 'a command: membership and collaborator', event: comment('/retitle X'), config: cfg, want: [{ kind: 'orgMember', org: 'org', login: 'alice' }, { kind: 'collaborator', login: 'alice' }] },
    { name: 'only_org_members: membership only', event: comment('/retitle X'), config: { ...cfg, trust: { only_org_members: true } }, want: [{ kind: 'orgMember', org: 'org', login: 'alice' }] },
    {
      name: 'trusted_org: its membership too',
      event: comment('/retitle X'),
      config: { ...cfg, trust: { trusted_org: 'o2' } },
      want: [{ kind: 'orgMember', org: 'org', login: 'alice' }, { kind: 'collaborator', login: 'alice' }, { kind: 'orgMember', org: 'o2', login: 'alice' }],
    },
    { name: 'no command: nothing', event: comment('hello'), config: cfg, want: [] },
    { name: 'edited comment: nothing', event: comment('/retitle X', 'alice', { action: 'edited' }), config: cfg, want: [] },
  ])('needs: $name', ({ event, config, want }) => {
    expect(needs(event, config)).toEqual(want);
  });

  it('works from an issue body on open', () => {
    expect(run(prEvent('opened', { body: '/retitle From body', author: 'alice' }), MEMBER, { isPR: false })).toEqual(['title: From body']);
  });
});
