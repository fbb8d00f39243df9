import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { branchcleaner, isPreserved } from './branchcleaner.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent, PullRequestEvent } from '../core/event.js';
import type { PrView } from '../core/model.js';

const run = (event: GithubEvent, state: Partial<PrView> = {}, preserved: string[] = []) =>
  renderActions(branchcleaner.decide({ event, state: prView(state), config: { preserved }, facts: facts(), botLogin: 'bot', footer: '' }));
const merged = (over: Partial<PullRequestEvent> = {}) => prEvent('closed', { merged: true, state: 'closed', ...over });

describe('branchcleaner', () => {
  it.each<{ name: string; ev: GithubEvent; state?: Partial<PrView>; preserved?: string[]; want: string[] }>([
    { name: 'merged from a branch of this repo', ev: merged(), want: ['delete branch feature'] },
    { name: 'the head branch from the event wins', ev: merged({ headRef: 'topic/x', headRepoIsFork: false }), want: ['delete branch topic/x'] },
    { name: 'closed without merging', ev: prEvent('closed', { merged: false, state: 'closed' }), want: [] },
    { name: 'merged from a fork', ev: merged(), state: { headRepoIsFork: true }, want: [] },
    { name: 'fork flag from the event', ev: merged({ headRepoIsFork: true }), want: [] },
    { name: 'a preserved branch', ev: merged(), preserved: ['main', 'feature'], want: [] },
    { name: 'a preserved pattern', ev: merged({ headRef: 'release-1.2' }), preserved: ['^release-'], want: [] },
    { name: 'patterns are unanchored, like Go MatchString', ev: merged({ headRef: 'my-release-x' }), preserved: ['release'], want: [] },
    { name: 'a pattern that does not match', ev: merged({ headRef: 'feature' }), preserved: ['^release-'], want: ['delete branch feature'] },
    { name: 'an invalid pattern is ignored', ev: merged(), preserved: ['('], want: ['delete branch feature'] },
    { name: 'other PR events', ev: prEvent('synchronize'), want: [] },
    { name: 'comments', ev: comment('/close'), want: [] },
  ])('$name', ({ ev, state, preserved, want }) => {
    expect(run(ev, state, preserved)).toEqual(want);
  });

  it('reads preserved_branches for the repo and the org', () => {
    const plugins = applyPluginDefaults({ branch_cleaner: { preserved_branches: { org: ['main'], 'org/repo': ['dev'], other: ['x'] } } });
    expect(branchcleaner.config(plugins, 'org', 'repo')).toEqual({ preserved: ['dev', 'main'] });
    expect(branchcleaner.config(plugins, 'org', 'else')).toEqual({ preserved: ['main'] });
    expect(branchcleaner.config(applyPluginDefaults({}), 'org', 'repo')).toEqual({ preserved: [] });
  });

  it('isPreserved matches exact names and regexps', () => {
    expect(isPreserved('release-1.0', ['release-\\d+\\.\\d+'])).toBe(true);
    expect(isPreserved('main', ['master'])).toBe(false);
  });
});
