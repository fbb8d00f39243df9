import { ApplicationFailure } from '@temporalio/common';
import { createFactActivities, factKey, MAX_FACT_FILE_BYTES } from './plugin-facts.js';
import type { GithubActivities } from './github.js';
import type { FactRequest } from '../core/model.js';

// Facts one request at a time: what GitHub refuses (or what is too large to use) is named per
// request; what is worth retrying still fails the whole read.

const ctx = { owner: 'o', repo: 'r', number: 1, headSha: 'h', baseRef: 'main', baseSha: 'b' };

function facts(github: Partial<GithubActivities>) {
  return createFactActivities({ github: github as GithubActivities, catImage: async () => 'cat', dogImage: async () => 'dog' });
}

const refused = (status: number) => ApplicationFailure.nonRetryable(`GitHub answered ${status}`, `Github${status}`);

test('a refused read is named and the other facts still arrive', async () => {
  const { gatherFactsIsolated } = facts({
    isCollaborator: async (_r, login) => {
      if (login === 'mallory') throw refused(403);
      return true;
    },
    repoLabels: async () => ['kind/bug'],
  });
  const reqs: FactRequest[] = [{ kind: 'collaborator', login: 'mallory' }, { kind: 'collaborator', login: 'alice' }, { kind: 'repoLabels' }];
  const got = await gatherFactsIsolated(ctx, reqs);
  expect(got.facts.collaborators).toEqual({ alice: true });
  expect(got.facts.repoLabels).toEqual(['kind/bug']);
  expect(got.failed).toEqual({ [factKey(reqs[0]!)]: 'GitHub answered 403' });
});

test('an OWNERS file larger than Coxswain reads for a decision fails that fact only', async () => {
  const { gatherFactsIsolated } = facts({
    changedFiles: async () => [{ filename: 'big/x.go', additions: 1, deletions: 0, status: 'added' }],
    readFile: async (_r, path) => (path === 'big/OWNERS' ? `approvers:\n${'- someone\n'.repeat(MAX_FACT_FILE_BYTES / 10 + 1)}` : null),
  });
  const got = await gatherFactsIsolated(ctx, [{ kind: 'owners' }, { kind: 'changedFiles' }]);
  expect(got.failed[factKey({ kind: 'owners' })]).toMatch(/^big\/OWNERS is \d+ bytes, more than the 524288 Coxswain reads for a decision$/);
  expect(got.facts.changedFiles).toHaveLength(1);
  expect(got.facts.owners).toBeUndefined();
});

test('a file fact over the bound is refused, not passed on', async () => {
  const { gatherFactsIsolated } = facts({ readFile: async () => 'x'.repeat(MAX_FACT_FILE_BYTES + 1) });
  const req: FactRequest = { kind: 'file', path: '.generated_files', ref: 'main' };
  const got = await gatherFactsIsolated(ctx, [req]);
  expect(got.facts.files).toEqual({});
  expect(got.failed[factKey(req)]).toContain('more than the 524288');
});

test('errors worth retrying (5xx, network, rate limits) fail the whole read, to be retried', async () => {
  const { gatherFactsIsolated } = facts({
    isCollaborator: async () => {
      throw Object.assign(new Error('Bad Gateway'), { status: 502 });
    },
  });
  await expect(gatherFactsIsolated(ctx, [{ kind: 'collaborator', login: 'alice' }])).rejects.toThrow('Bad Gateway');
});

test('the same request asked by several plugins is read once', async () => {
  let reads = 0;
  const { gatherFactsIsolated } = facts({
    isCollaborator: async () => {
      reads++;
      return true;
    },
  });
  await gatherFactsIsolated(ctx, [{ kind: 'collaborator', login: 'Alice' }, { kind: 'collaborator', login: 'alice' }]);
  expect(reads).toBe(1);
});
