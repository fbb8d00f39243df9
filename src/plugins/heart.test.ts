import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { heart, pickReaction, REACTIONS, type HeartCfg } from './heart.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { ChangedFile, PrView } from '../core/model.js';

const cfg = (over: Partial<HeartCfg> = {}): HeartCfg => ({ adorees: ['Alice'], commentRegexp: '(?i)lgtm|thanks', ownersFile: 'OWNERS', aliasesFile: 'OWNERS_ALIASES', ...over });
const run = (event: GithubEvent, config = cfg(), changedFiles?: ChangedFile[], state: PrView = prView()) =>
  renderActions(heart.decide({ event, state, config, facts: facts(changedFiles ? { changedFiles } : {}), botLogin: 'bot', footer: '' }));
const file = (filename: string, additions: number): ChangedFile => ({ filename, additions, deletions: 0, status: 'modified' });
const onPr = (body: string, actor = 'alice', over = {}) => comment(body, actor, { on: 'pull_request', commentId: 42, ...over });
const R = pickReaction(42);
const PR_R = pickReaction(1);

describe('heart: comments by adorees', () => {
  it.each([
    { name: 'an adoree matching the regexp', ev: onPr('Thanks, LGTM'), config: cfg(), reacts: true },
    { name: 'adorees compare case-insensitively', ev: onPr('thanks', 'ALICE'), config: cfg(), reacts: true },
    { name: 'someone else', ev: onPr('thanks', 'bob'), config: cfg(), reacts: false },
    { name: 'not matching the regexp', ev: onPr('needs work'), config: cfg(), reacts: false },
    { name: 'no adorees configured', ev: onPr('thanks'), config: cfg({ adorees: [] }), reacts: false },
    { name: 'no regexp configured', ev: onPr('thanks'), config: cfg({ commentRegexp: '' }), reacts: false },
    { name: 'a bad regexp does nothing', ev: onPr('thanks'), config: cfg({ commentRegexp: '(' }), reacts: false },
    { name: 'edited comments', ev: onPr('thanks', 'alice', { action: 'edited' }), config: cfg(), reacts: false },
    { name: 'review comments', ev: onPr('thanks', 'alice', { on: 'review_thread' }), config: cfg(), reacts: false },
  ])('$name', ({ ev, config, reacts }) => {
    expect(run(ev, config)).toEqual(reacts ? [`react ${R} on comment ${ev.commentId}`] : []);
  });

  it('ignores comments on issues', () => {
    expect(run(comment('thanks', 'alice'), cfg(), undefined, prView({ isPR: false }))).toEqual([]);
  });

  it('needs no facts for comments', () => {
    expect(heart.needs({ event: onPr('thanks'), state: prView(), config: cfg(), botLogin: 'bot', footer: '' })).toEqual([]);
  });
});

describe('heart: PRs that add owners', () => {
  const opened = prEvent('opened');
  it.each([
    { name: 'adds lines to a nested OWNERS', files: [file('a/b/OWNERS', 2)], want: [`react ${PR_R}`] },
    { name: 'adds lines to OWNERS_ALIASES', files: [file('OWNERS_ALIASES', 1)], want: [`react ${PR_R}`] },
    { name: 'only removes lines from OWNERS', files: [file('OWNERS', 0)], want: [] },
    { name: 'a file merely named like OWNERS', files: [file('docs/OWNERS.md', 5)], want: [] },
    { name: 'no owners files', files: [file('main.go', 5)], want: [] },
    { name: 'reacts once for several files', files: [file('OWNERS', 1), file('x/OWNERS', 1)], want: [`react ${PR_R}`] },
  ])('$name', ({ files, want }) => {
    expect(run(opened, cfg(), files)).toEqual(want);
  });

  it('uses the configured owners file names', () => {
    expect(run(opened, cfg({ ownersFile: 'MAINTAINERS' }), [file('MAINTAINERS', 1)])).toEqual([`react ${PR_R}`]);
    expect(run(opened, cfg({ ownersFile: 'MAINTAINERS' }), [file('OWNERS', 1)])).toEqual([]);
  });

  it('asks for changed files on open only', () => {
    const needs = (event: GithubEvent) => heart.needs({ event, state: prView(), config: cfg(), botLogin: 'bot', footer: '' });
    expect(needs(opened)).toEqual([{ kind: 'changedFiles' }]);
    expect(needs(prEvent('synchronize'))).toEqual([]);
    expect(run(prEvent('synchronize'), cfg(), [file('OWNERS', 3)])).toEqual([]);
  });
});

describe('heart: config and reaction choice', () => {
  it('reads heart and owners.filenames (repo before org)', () => {
    const plugins = applyPluginDefaults({
      heart: { adorees: ['a'], commentregexp: '.*' },
      owners: { filenames: { org: { owners: 'O', owners_aliases: 'OA' }, 'org/repo': { owners: 'R' } } },
    });
    expect(heart.config(plugins, 'org', 'repo')).toEqual({ adorees: ['a'], commentRegexp: '.*', ownersFile: 'R', aliasesFile: 'OWNERS_ALIASES' });
    expect(heart.config(plugins, 'org', 'x')).toMatchObject({ ownersFile: 'O', aliasesFile: 'OA' });
    expect(heart.config(applyPluginDefaults({}), 'org', 'x')).toEqual({ adorees: [], commentRegexp: '', ownersFile: 'OWNERS', aliasesFile: 'OWNERS_ALIASES' });
  });

  it('picks each reaction for some seed, the same one for the same seed', () => {
    const seen = new Set(Array.from({ length: 30 }, (_, i) => pickReaction(i)));
    expect([...seen].sort()).toEqual([...REACTIONS].sort());
    expect(pickReaction(123)).toBe(pickReaction(123));
  });
});
