import { parseOwners } from '../core/owners.js';
import type { GithubEvent, StatusEvent } from '../core/event.js';
import { blunderbuss, type BlunderbussConfig } from './blunderbuss.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { OwnersData, PrView } from '../core/model.js';

const OWNERS: OwnersData = {
  files: [
    parseOwners('', 'approvers: [root-a]\nreviewers: [root-r1, root-r2]'),
    parseOwners('pkg', 'approvers: [pkg-a]\nreviewers: [pkg-r1, pkg-r2, pkg-r3]\nrequired_reviewers: [sec]'),
    parseOwners('cmd', 'reviewers: [cmd-r]'),
  ],
  aliases: {},
};
const APPROVERS_ONLY: OwnersData = { files: [parseOwners('', 'approvers: [root-a]'), parseOwners('pkg', 'approvers: [pkg-a]')], aliases: {} };
const BASE: BlunderbussConfig = { requestCount: 2, maxRequestCount: 0, excludeApprovers: false, ignoreDrafts: false, ignoreAuthors: [], skipCollaborators: true };
const SHA = 'a'.repeat(40);
const WAIT = { context: 'tide', state: 'pending', description: 'Not mergeable. Needs (lgtm|approved) label' };

interface Opts {
  event?: GithubEvent;
  state?: Partial<PrView>;
  cfg?: Partial<BlunderbussConfig>;
  files?: string[];
  owners?: OwnersData;
  collaborators?: string[];
}

function run(o: Opts = {}) {
  const input = { event: o.event ?? prEvent('opened'), state: prView(o.state), config: { ...BASE, ...o.cfg }, botLogin: 'bot', footer: '' };
  const changedFiles = (o.files ?? ['cmd/x.go']).map((filename) => ({ filename, additions: 1, deletions: 0, status: 'modified' }));
  const lines = renderActions(blunderbuss.decide({ ...input, facts: facts({ changedFiles, owners: o.owners ?? OWNERS, collaboratorList: o.collaborators }) }));
  return { needs: blunderbuss.needs(input), lines, requested: lines[0]?.replace('request review ', '').split(' ') ?? [] };
}

const status = (over: Partial<StatusEvent> = {}): StatusEvent => ({
  kind: 'status',
  deliveryId: 'd-status',
  actor: 'tide',
  action: 'status',
  sha: SHA,
  context: 'tide',
  state: 'pending',
  description: 'Not mergeable. Needs lgtm label.',
  ...over,
});

describe('blunderbuss: whom it asks', () => {
  it('one reviewer from the nearest OWNERS, then from the parents', () => {
    const { requested } = run();
    expect(requested[0]).toBe('cmd-r');
    expect(['root-r1', 'root-r2']).toContain(requested[1]);
    expect(requested).toHaveLength(2);
  });

  it('request_count: 1 asks only the nearest', () => {
    expect(run({ cfg: { requestCount: 1 } }).lines).toEqual(['request review cmd-r']);
  });

  it('one reviewer per OWNERS file, then every required reviewer', () => {
    const { requested } = run({ files: ['cmd/x.go', 'pkg/y.go'] });
    expect(requested).toHaveLength(3);
    expect(requested[0]).toBe('cmd-r');
    expect(['pkg-r1', 'pkg-r2', 'pkg-r3']).toContain(requested[1]);
    expect(requested[2]).toBe('sec');
  });

  it('max_request_count caps the picks, not the required reviewers', () => {
    expect(run({ files: ['cmd/x.go', 'pkg/y.go'], cfg: { maxRequestCount: 1 } }).lines).toEqual(['request review cmd-r sec']);
  });

  it('never asks the author', () => {
    const { requested } = run({ cfg: { requestCount: 1 }, state: { author: 'CMD-R' } });
    expect(['root-r1', 'root-r2']).toContain(requested[0]);
    expect(requested).toHaveLength(1);
  });

  it('falls back to approvers when reviewers are short', () => {
    expect(run({ owners: APPROVERS_ONLY, files: ['pkg/x.go'] }).lines).toEqual(['request review pkg-a root-a']);
  });

  it('exclude_approvers: no fallback', () => {
    expect(run({ owners: APPROVERS_ONLY, files: ['pkg/x.go'], cfg: { excludeApprovers: true } }).lines).toEqual([]);
  });

  it('request_count: 0 asks nobody, not even required reviewers', () => {
    expect(run({ files: ['pkg/y.go'], cfg: { requestCount: 0 } }).lines).toEqual([]);
  });

  it('only collaborators unless owners.skip_collaborators', () => {
    const r = run({ cfg: { skipCollaborators: false, requestCount: 1 }, collaborators: ['root-r2'] });
    expect(r.lines).toEqual(['request review root-r2']);
    expect(r.needs).toContainEqual({ kind: 'collaboratorList' });
  });

  it('picks the same people for a PR every time, different people across PRs', () => {
    const pickFor = (number: number) => run({ files: ['pkg/y.go'], cfg: { requestCount: 1 }, state: { number } }).requested[0];
    expect(pickFor(5)).toBe(pickFor(5));
    expect(new Set(Array.from({ length: 30 }, (_, i) => pickFor(i + 1))).size).toBeGreaterThan(1);
  });
});

describe('blunderbuss: when it asks', () => {
  it.each([
    { name: 'PR opened', event: prEvent('opened'), asks: true },
    { name: 'PR ready for review', event: prEvent('ready_for_review'), asks: true },
    { name: 'PR pushed to', event: prEvent('synchronize'), asks: false },
    { name: 'a body with /cc', event: prEvent('opened'), state: { body: 'Please look\n/cc @someone' }, asks: false },
    { name: 'a draft', event: prEvent('opened'), state: { draft: true }, asks: true },
    { name: 'a draft with ignore_drafts', event: prEvent('opened'), state: { draft: true }, cfg: { ignoreDrafts: true }, asks: false },
    { name: 'an author in ignore_authors', event: prEvent('opened'), state: { author: 'Dependabot' }, cfg: { ignoreAuthors: ['dependabot'] }, asks: false },
    { name: '/auto-cc', event: comment('/auto-cc'), asks: true },
    { name: '/AUTO-CC on a draft with ignore_drafts', event: comment('/AUTO-CC'), state: { draft: true }, cfg: { ignoreDrafts: true }, asks: true },
    { name: '/auto-cc with words after it', event: comment('/auto-cc now'), asks: false },
    { name: '/auto-cc on a closed PR', event: comment('/auto-cc'), state: { state: 'closed' as const }, asks: false },
    { name: '/auto-cc on an issue', event: comment('/auto-cc'), state: { isPR: false }, asks: false },
    { name: 'wait_for_status: not on open', event: prEvent('opened'), cfg: { waitForStatus: WAIT }, asks: false },
    { name: 'wait_for_status: the awaited status', event: status(), cfg: { waitForStatus: WAIT }, asks: true },
    { name: 'wait_for_status: another context', event: status({ context: 'ci' }), cfg: { waitForStatus: WAIT }, asks: false },
    { name: 'wait_for_status: another state', event: status({ state: 'success' }), cfg: { waitForStatus: WAIT }, asks: false },
    { name: 'wait_for_status: another description', event: status({ description: 'In merge pool.' }), cfg: { waitForStatus: WAIT }, asks: false },
    { name: 'wait_for_status: an old commit', event: status({ sha: 'b'.repeat(40) }), cfg: { waitForStatus: WAIT }, asks: false },
    { name: 'wait_for_status: reviewers already requested', event: status(), state: { requestedReviewers: ['x'] }, cfg: { waitForStatus: WAIT }, asks: false },
    { name: 'a status without wait_for_status', event: status(), asks: false },
  ])('$name', ({ event, state, cfg, asks }) => {
    const r = run({ event, state, cfg });
    expect(r.lines.length > 0).toBe(asks);
    expect(r.needs.length > 0).toBe(asks);
  });
});

describe('blunderbuss: config', () => {
  it('reads the flat blunderbuss section with defaults', () => {
    expect(blunderbuss.config({ plugins: {} }, 'org', 'repo')).toEqual({ ...BASE, skipCollaborators: false, waitForStatus: undefined });
    const cfg = blunderbuss.config(
      { plugins: {}, blunderbuss: { request_count: 3, max_request_count: 4, exclude_approvers: true, ignore_drafts: true, ignore_authors: ['x'], wait_for_status: { context: 'c' } }, owners: { skip_collaborators: ['org/repo'] } },
      'org',
      'repo',
    );
    expect(cfg).toEqual({ requestCount: 3, maxRequestCount: 4, excludeApprovers: true, ignoreDrafts: true, ignoreAuthors: ['x'], waitForStatus: { context: 'c', state: 'pending', description: '' }, skipCollaborators: true });
  });
});
