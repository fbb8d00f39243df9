import { milestone, type MilestoneConfig } from './milestone.js';
import { renderAction, renderActions } from './render.js';
import { comment, facts, prView } from './testing.js';
import { formatResponseRaw } from '../core/respond.js';
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Facts } from '../core/model.js';

const plugins = {
  plugins: {},
  repo_milestone: {
    '': { maintainers_team: 'fallback-team' },
    'org/repo': { maintainers_team: 'release-team', maintainers_friendly_name: 'release leads' },
  },
} as unknown as PluginsConfig;
const cfg = milestone.config(plugins, 'org', 'repo');
const MILESTONES: Facts['milestones'] = [
  { number: 3, title: 'v1.1', state: 'open' },
  { number: 1, title: 'v1.0', state: 'open' },
  { number: 2, title: 'v0.9', state: 'closed' },
];
const FACTS: Partial<Facts> = { teams: { 'org/release-team': ['Alice', 'bob'] }, milestones: MILESTONES };
const decide = (event: GithubEvent, f: Partial<Facts> = FACTS, config: MilestoneConfig = cfg) =>
  milestone.decide({ event, state: prView(), config, facts: facts(f), botLogin: 'bot', footer: 'FOOTER' });
const run = (...args: Parameters<typeof decide>) => decide(...args).map((a) => renderAction(a).split('\n')[0]);
const INVALID = 'The provided milestone is not valid for this repository. Milestones in this repository: [`v1.0`, `v1.1`]\n\nUse `/milestone clear` to clear the milestone.';

describe('milestone', () => {
  it.each([
    { name: 'a maintainer sets a milestone', body: '/milestone v1.0', actor: 'alice', want: ['milestone: 1'] },
    { name: 'trailing spaces are dropped', body: '/milestone v1.1  ', actor: 'bob', want: ['milestone: 3'] },
    { name: '/milestone clear clears it', body: '/milestone clear', actor: 'alice', want: ['milestone: none'] },
    { name: 'a closed milestone is not offered', body: '/milestone v0.9', actor: 'alice', want: ['comment: @alice: The provided milestone is not valid for this repository. Milestones in this repository: [`v1.0`, `v1.1`]'] },
    { name: 'titles match exactly', body: '/milestone V1.0', actor: 'alice', want: ['comment: @alice: The provided milestone is not valid for this repository. Milestones in this repository: [`v1.0`, `v1.1`]'] },
    { name: 'the command is case-sensitive', body: '/MILESTONE v1.0', actor: 'alice', want: [] },
    { name: 'no title: not a command', body: '/milestone', actor: 'alice', want: [] },
    { name: 'mid-line is not a command', body: 'set /milestone v1.0', actor: 'alice', want: [] },
  ])('$name', ({ body, actor, want }) => {
    expect(run(comment(body, actor))).toEqual(want);
  });

  it('lists the open milestones in full when the title is unknown', () => {
    const ev = comment('/milestone v9', 'alice');
    expect(renderActions(decide(ev))).toEqual(
      renderActions([{ type: 'comment', body: formatResponseRaw('/milestone v9', `https://github.com/org/repo/pull/1#issuecomment-${ev.commentId}`, 'alice', INVALID, 'FOOTER') }]),
    );
  });

  it('refuses people outside the maintainers team', () => {
    expect(run(comment('/milestone v1.0', 'mallory'))).toEqual([
      'comment: @mallory: You must be a member of the [org/release-team](https://github.com/orgs/org/teams/release-team/members) GitHub team to set the milestone. If you believe you should be able to issue the /milestone command, please contact your release leads and have them propose you as an additional delegate for this responsibility.',
    ]);
  });

  it('falls back to the "" entry, with Prow\'s empty friendly name', () => {
    const other = milestone.config(plugins, 'org', 'other');
    expect(other).toEqual({ team: 'fallback-team', friendlyName: '' });
    const out = run(comment('/milestone v1.0', 'mallory'), { teams: { 'org/fallback-team': [] }, milestones: MILESTONES }, other);
    expect(out[0]).toContain('please contact your  and have them propose you');
  });

  it('does nothing without a configured team', () => {
    const none = milestone.config({ plugins: {} } as PluginsConfig, 'org', 'repo');
    expect(none.team).toBe('');
    expect(run(comment('/milestone v1.0', 'alice'), FACTS, none)).toEqual([]);
    expect(milestone.needs({ event: comment('/milestone v1.0'), state: prView(), config: none, botLogin: 'bot', footer: '' })).toEqual([]);
  });

  it('asks for the team and the milestones only for a /milestone command', () => {
    const needs = (event: GithubEvent) => milestone.needs({ event, state: prView(), config: cfg, botLogin: 'bot', footer: '' });
    expect(needs(comment('/milestone v1.0'))).toEqual([{ kind: 'team', org: 'org', slug: 'release-team' }, { kind: 'milestones' }]);
    expect(needs(comment('hello'))).toEqual([]);
    expect(needs(comment('/milestone v1.0', 'alice', { action: 'edited' }))).toEqual([]);
  });

  it('does nothing without its facts', () => {
    expect(run(comment('/milestone v1.0', 'alice'), { milestones: MILESTONES })).toEqual([]);
    expect(run(comment('/milestone v1.0', 'alice'), { teams: FACTS.teams })).toEqual([]);
  });
});
