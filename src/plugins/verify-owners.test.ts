import type { GithubEvent } from '../core/event.js';
import { formatResponseRaw } from '../core/respond.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { PrView } from '../core/model.js';
import { INVALID_OWNERS_LABEL, verifyOwners, type VerifyOwnersConfig } from './verify-owners.js';

const SHA = 'a'.repeat(40);
const BASE: VerifyOwnersConfig = { labelsDenylist: ['approved', 'lgtm'], owners: 'OWNERS', ownersAliases: 'OWNERS_ALIASES' };

interface Opts {
  event?: GithubEvent;
  changed?: Array<[string, string?]>;
  contents?: Record<string, string | null>;
  state?: Partial<PrView>;
  cfg?: Partial<VerifyOwnersConfig>;
}

function setup(o: Opts) {
  const input = { event: o.event ?? prEvent('synchronize'), state: prView({ body: 'Adds me', ...o.state }), config: { ...BASE, ...o.cfg }, botLogin: 'bot', footer: 'FOOTER' };
  const changedFiles = (o.changed ?? []).map(([filename, status]) => ({ filename, additions: 1, deletions: 0, status: status ?? 'modified' }));
  const files = Object.fromEntries(Object.entries({ OWNERS_ALIASES: null, ...o.contents }).map(([p, t]) => [`${SHA}:${p}`, t]));
  return { input, f: facts({ changedFiles, files }) };
}
const run = (o: Opts) => {
  const { input, f } = setup(o);
  return renderActions(verifyOwners.decide({ ...input, facts: f }));
};
const reviewBody = (n: string) => `review: ${formatResponseRaw('Adds me', 'https://github.com/org/repo/pull/1', 'author', n, 'FOOTER')}`.split('\n');
const ADD = `+label ${INVALID_OWNERS_LABEL}`;
const REMOVE = `-label ${INVALID_OWNERS_LABEL}`;

describe('verify-owners: OWNERS files', () => {
  it.each([
    { name: 'a valid OWNERS file: nothing to say', changed: [['pkg/OWNERS']], contents: { 'pkg/OWNERS': 'reviewers: [a]' }, want: [] },
    { name: 'a valid file drops an earlier invalid label', changed: [['pkg/OWNERS']], contents: { 'pkg/OWNERS': 'approvers: [a]' }, labels: [INVALID_OWNERS_LABEL], want: [REMOVE] },
    {
      name: 'a file that does not parse',
      changed: [['pkg/OWNERS']],
      contents: { 'pkg/OWNERS': 'approvers: [a\n' },
      want: [ADD, ...reviewBody('1 invalid OWNERS file'), 'review comment pkg/OWNERS:1: Cannot parse file: Flow sequence in block collection must be sufficiently indented and end with a ].'],
    },
    {
      name: 'banned labels',
      changed: [['pkg/OWNERS']],
      contents: { 'pkg/OWNERS': 'approvers: [a]\nlabels: [lgtm, area/x, approved]' },
      want: [ADD, ...reviewBody('1 invalid OWNERS file'), 'review comment pkg/OWNERS:1: File contains banned labels: [approved lgtm].'],
    },
    {
      name: 'banned labels in filters',
      changed: [['pkg/OWNERS']],
      contents: { 'pkg/OWNERS': 'filters:\n  ".*": {approvers: [a], labels: [lgtm]}' },
      want: [ADD, ...reviewBody('1 invalid OWNERS file'), 'review comment pkg/OWNERS:1: File contains banned labels: [lgtm].'],
    },
    {
      name: 'a root OWNERS file without approvers',
      changed: [['OWNERS']],
      contents: { OWNERS: 'reviewers: [a]' },
      want: [ADD, ...reviewBody('1 invalid OWNERS file'), 'review comment OWNERS:1: No approvers defined in this root directory OWNERS file.'],
    },
    { name: 'a root OWNERS file with approvers in a filter', changed: [['OWNERS']], contents: { OWNERS: 'filters:\n  ".*": {approvers: [a]}' }, want: [] },
    { name: 'a sub-directory OWNERS file may have no approvers', changed: [['pkg/OWNERS']], contents: { 'pkg/OWNERS': 'reviewers: [a]' }, want: [] },
    {
      name: 'several bad files, already labelled',
      changed: [['b/OWNERS'], ['a/OWNERS'], ['a/x.go']],
      contents: { 'a/OWNERS': ': :', 'b/OWNERS': 'labels: [approved]\napprovers: [x]' },
      labels: [INVALID_OWNERS_LABEL],
      want: [...reviewBody('2 invalid OWNERS files'), expect.stringMatching(/^review comment a\/OWNERS:1: Cannot parse file: /), 'review comment b/OWNERS:1: File contains banned labels: [approved].'],
    },
    { name: 'a removed OWNERS file is not checked', changed: [['pkg/OWNERS', 'removed']], contents: {}, want: [] },
    { name: 'other files are not checked', changed: [['pkg/x.go']], contents: {}, want: [] },
  ])('$name', ({ changed, contents, labels, want }) => {
    expect(run({ changed: changed as Array<[string, string?]>, contents: contents as Record<string, string>, state: { labels: labels ?? [] } })).toEqual(want);
  });
});

describe('verify-owners: OWNERS_ALIASES', () => {
  it.each([
    { name: 'an invalid file', text: 'aliases:\n  team: alice\n', labels: [], want: [ADD, 'comment: The content of OWNERS_ALIASES is invalid.'] },
    { name: 'an invalid file, already labelled', text: 'aliases: [', labels: [INVALID_OWNERS_LABEL], want: ['comment: The content of OWNERS_ALIASES is invalid.'] },
    { name: 'empty aliases are worth a warning', text: 'aliases:\n  team: []\n  other: [a]\n', labels: [], want: ['comment: There are empty aliases in OWNER_ALIASES, cleanup is advised.'] },
    { name: 'a valid file clears the label', text: 'aliases:\n  team: [a]\n', labels: [INVALID_OWNERS_LABEL], want: [REMOVE] },
  ])('$name', ({ text, labels, want }) => {
    expect(run({ changed: [['OWNERS_ALIASES']], contents: { OWNERS_ALIASES: text }, state: { labels } })).toEqual(want);
  });
});

describe('verify-owners: when it runs and what it reads', () => {
  it('asks for the changed files first, then the OWNERS files at the head', () => {
    const { input, f } = setup({ changed: [['pkg/OWNERS'], ['x.go']] });
    expect(verifyOwners.needs(input)).toEqual([{ kind: 'changedFiles' }]);
    expect(verifyOwners.needs({ ...input, facts: f })).toEqual([
      { kind: 'file', path: 'pkg/OWNERS', ref: SHA },
      { kind: 'file', path: 'OWNERS_ALIASES', ref: SHA },
    ]);
  });

  it('reads nothing more when no OWNERS file changed and the PR is not labelled', () => {
    const { input, f } = setup({ changed: [['x.go']] });
    expect(verifyOwners.needs({ ...input, facts: f })).toEqual([]);
  });

  it('re-checks a labelled PR even when no OWNERS file changed', () => {
    expect(run({ changed: [['x.go']], state: { labels: [INVALID_OWNERS_LABEL] } })).toEqual([REMOVE]);
  });

  it('does nothing without the contents it asked for', () => {
    const { input } = setup({});
    const f = facts({ changedFiles: [{ filename: 'OWNERS', additions: 1, deletions: 0, status: 'added' }] });
    expect(verifyOwners.decide({ ...input, state: prView({ labels: [INVALID_OWNERS_LABEL] }), facts: f })).toEqual([]);
  });

  it.each([
    { name: 'PR opened', event: prEvent('opened'), runs: true },
    { name: 'PR edited', event: prEvent('edited'), runs: false },
    { name: '/verify-owners', event: comment('/verify-owners'), runs: true },
    { name: '/verify-owners on a closed PR', event: comment('/verify-owners'), state: { state: 'closed' as const }, runs: false },
    { name: 'another comment', event: comment('/verify-owners please'), runs: false },
  ])('$name', ({ event, state, runs }) => {
    const { input } = setup({ event, state });
    expect(verifyOwners.needs(input)).toEqual(runs ? [{ kind: 'changedFiles' }] : []);
    expect(run({ event, state, changed: [['OWNERS']], contents: { OWNERS: 'reviewers: [a]' } }).length > 0).toBe(runs);
  });

  it('uses owners.filenames and labels_denylist', () => {
    const cfg = verifyOwners.config({ plugins: {}, owners: { labels_denylist: ['x'], filenames: { org: { owners: 'MAINTAINERS' } } } }, 'org', 'repo');
    expect(cfg).toEqual({ labelsDenylist: ['x'], owners: 'MAINTAINERS', ownersAliases: 'OWNERS_ALIASES' });
    const lines = run({ cfg, changed: [['MAINTAINERS'], ['pkg/OWNERS']], contents: { MAINTAINERS: 'reviewers: [a]', 'pkg/OWNERS': ': :' } });
    expect(lines.filter((l) => l.startsWith('review comment'))).toEqual(['review comment MAINTAINERS:1: No approvers defined in this root directory MAINTAINERS file.']);
  });
});
