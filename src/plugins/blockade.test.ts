import { blockade, BLOCKED_PATHS, type Blockade } from './blockade.js';
import { renderAction, renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import { formatResponse } from '../core/respond.js';
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { ChangedFile, Facts, PrView } from '../core/model.js';

const plugins = {
  plugins: {},
  blockades: [
    { repos: ['org'], blockregexps: ['^docs/', '(?i)^VENDOR/'], exceptionregexps: ['^docs/ok/'], explanation: 'Docs moved' },
    { repos: ['org/repo'], branchregexp: '^release-', blockregexps: ['^api/'] },
    { repos: ['org/other'], blockregexps: ['.*'] },
  ],
} as unknown as PluginsConfig;
const cfg = blockade.config(plugins, 'org', 'repo');
const file = (filename: string, blobUrl?: string): ChangedFile => ({ filename, additions: 1, deletions: 0, status: 'modified', ...(blobUrl ? { blobUrl } : {}) });
const decide = (event: GithubEvent, f: Partial<Facts>, state: Partial<PrView> = {}, config: Blockade[] = cfg) =>
  blockade.decide({ event, state: prView(state), config, facts: facts(f), botLogin: 'bot', footer: 'FOOTER' });
const run = (...args: Parameters<typeof decide>) => decide(...args).map((a) => renderAction(a).split('\n')[0]);
const BLOCK = [`+label ${BLOCKED_PATHS}`, 'comment[blockade]: @author: Adding label: `do-not-merge/blocked-paths` because PR changes a protected file.'];

describe('blockade', () => {
  it('keeps the blockades for this org and org/repo', () => {
    expect(cfg).toEqual([
      { blockRegexps: ['^docs/', '(?i)^VENDOR/'], exceptionRegexps: ['^docs/ok/'], explanation: 'Docs moved' },
      { branchRegexp: '^release-', blockRegexps: ['^api/'], exceptionRegexps: [], explanation: '' },
    ]);
  });

  it.each([
    { name: 'a blocked path: label and comment', files: ['docs/a.md'], baseRef: 'main', labels: [], want: BLOCK },
    { name: 'a Go (?i) regexp', files: ['vendor/x.go'], baseRef: 'main', labels: [], want: BLOCK },
    { name: 'an exception is not blocked', files: ['docs/ok/a.md'], baseRef: 'main', labels: [], want: [] },
    { name: 'other paths are fine', files: ['src/a.ts'], baseRef: 'main', labels: [], want: [] },
    { name: 'already labelled: nothing', files: ['docs/a.md'], baseRef: 'main', labels: [BLOCKED_PATHS], want: [] },
    { name: 'unblocked: label and comment go', files: ['src/a.ts'], baseRef: 'main', labels: [BLOCKED_PATHS], want: [`-label ${BLOCKED_PATHS}`, 'delete comment 9'] },
    { name: 'the branch blockade on its branch', files: ['api/v1.go'], baseRef: 'release-1.0', labels: [], want: BLOCK },
    { name: 'the branch blockade elsewhere', files: ['api/v1.go'], baseRef: 'main', labels: [], want: [] },
  ])('$name', ({ files, baseRef, labels, want }) => {
    expect(run(prEvent('synchronize'), { changedFiles: files.map((f) => file(f)) }, { baseRef, labels, botComments: { blockade: [9] } })).toEqual(want);
  });

  it('explains each reason with links to the files', () => {
    const changed = [file('docs/a.md', 'https://github.com/org/repo/blob/abc/docs/a.md'), file('api/x y.go'), file('docs/b.md', 'https://b.test/b')];
    const out = decide(prEvent('opened'), { changedFiles: changed }, { baseRef: 'release-2', headSha: 'abc' });
    const reasons =
      '#### Reasons for blocking this PR:\n[Docs moved]\n- [docs/a.md](https://github.com/org/repo/blob/abc/docs/a.md)\n\n- [docs/b.md](https://b.test/b)\n\n' +
      '[Files are protected]\n- [api/x y.go](https://github.com/org/repo/blob/abc/api/x%20y.go)\n\n';
    expect(renderActions(out)).toEqual(
      renderActions([
        { type: 'addLabels', labels: [BLOCKED_PATHS] },
        { type: 'comment', tag: 'blockade', body: formatResponse('author', 'Adding label: `do-not-merge/blocked-paths` because PR changes a protected file.', reasons, 'FOOTER') },
      ]),
    );
  });

  it('removes the label when no blockade applies any more', () => {
    expect(run(prEvent('reopened'), {}, { labels: [BLOCKED_PATHS] }, [])).toEqual([`-label ${BLOCKED_PATHS}`]);
  });

  it('skips regexps Go would reject, and blockades left with none', () => {
    const bad: Blockade[] = [{ blockRegexps: ['(', '^x/'], exceptionRegexps: [')'], explanation: '' }, { blockRegexps: ['['], exceptionRegexps: [], explanation: '' }];
    expect(run(prEvent('opened'), { changedFiles: [file('x/a'), file('y/a')] }, {}, bad)).toEqual(BLOCK);
    expect(run(prEvent('opened'), { changedFiles: [file('y/a')] }, {}, bad)).toEqual([]);
  });

  it.each(['edited', 'closed', 'labeled'])('ignores %s', (action) => {
    expect(run(prEvent(action), { changedFiles: [file('docs/a.md')] })).toEqual([]);
  });

  it('ignores comments', () => {
    expect(run(comment('docs/a.md'), { changedFiles: [file('docs/a.md')] })).toEqual([]);
  });

  it('asks for the changed files only when a blockade applies', () => {
    const needs = (event: GithubEvent, baseRef: string, config: Blockade[] = cfg) => blockade.needs({ event, state: prView({ baseRef }), config, botLogin: 'bot', footer: '' });
    expect(needs(prEvent('opened'), 'main')).toEqual([{ kind: 'changedFiles' }]);
    expect(needs(prEvent('opened'), 'main', [])).toEqual([]);
    expect(needs(prEvent('edited'), 'main')).toEqual([]);
    expect(decide(prEvent('opened'), {}, {})).toEqual([]);
  });
});
