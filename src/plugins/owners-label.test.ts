import { parseOwners } from '../core/owners.js';
import type { GithubEvent } from '../core/event.js';
import { ownersLabel } from './owners-label.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { OwnersData } from '../core/model.js';

const OWNERS: OwnersData = {
  files: [
    parseOwners('', 'approvers: [a]\nlabels: [area/root]'),
    parseOwners('pkg', 'approvers: [b]\nlabels: [area/pkg, sig/missing]'),
    parseOwners('api', 'options: {no_parent_owners: true}\napprovers: [c]\nlabels: [area/api]'),
    parseOwners('docs', 'filters:\n  "\\\\.md$": {labels: [kind/docs]}'),
  ],
  aliases: {},
};
const REPO_LABELS = ['area/root', 'area/pkg', 'area/api', 'kind/docs'];

function run(files: string[], event: GithubEvent = prEvent('opened'), labels: string[] = []) {
  const input = { event, state: prView({ labels }), config: null, botLogin: 'bot', footer: '' };
  const changedFiles = files.map((filename) => ({ filename, additions: 1, deletions: 0, status: 'modified' }));
  return {
    needs: ownersLabel.needs(input),
    lines: renderActions(ownersLabel.decide({ ...input, facts: facts({ changedFiles, owners: OWNERS, repoLabels: REPO_LABELS }) })),
  };
}

describe('owners-label', () => {
  it.each([
    { name: 'labels of every OWNERS covering the file, except those the repo lacks', files: ['pkg/x.go'], want: ['+label area/pkg', '+label area/root'] },
    { name: 'labels already there are not added again', files: ['pkg/x.go'], labels: ['area/root'], want: ['+label area/pkg'] },
    { name: 'no_parent_owners stops parent labels too', files: ['api/v1.go'], want: ['+label area/api'] },
    { name: 'filters apply by path', files: ['docs/a.md', 'docs/b.txt'], want: ['+label area/root', '+label kind/docs'] },
    { name: 'all present: nothing to do', files: ['main.go'], labels: ['area/root'], want: [] },
    { name: 'no files: nothing to do', files: [], want: [] },
  ])('$name', ({ files, labels, want }) => {
    expect(run(files, prEvent('opened'), labels).lines).toEqual(want);
  });

  it.each([
    { name: 'opened', event: prEvent('opened'), runs: true },
    { name: 'reopened', event: prEvent('reopened'), runs: true },
    { name: 'synchronize', event: prEvent('synchronize'), runs: true },
    { name: 'edited', event: prEvent('edited'), runs: false },
    { name: 'a comment', event: comment('/label area/pkg'), runs: false },
  ])('runs on $name: $runs', ({ event, runs }) => {
    const r = run(['pkg/x.go'], event);
    expect(r.needs).toEqual(runs ? [{ kind: 'changedFiles' }, { kind: 'owners' }, { kind: 'repoLabels' }] : []);
    expect(r.lines.length > 0).toBe(runs);
  });
});
