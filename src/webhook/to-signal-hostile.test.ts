import { githubExample } from '../../test/support/fixtures.js';
import { MAX_EVENT_BODY } from '../core/compact-body.js';
import { toSignal } from './to-signal.js';

// What the normaliser makes of payloads people shape: huge bodies, deleted forks.

test('a 64 KB comment reaches the workflow as its opening and its command lines, within the event bound', () => {
  const payload = githubExample('issue_comment', 'created') as { issue: Record<string, unknown>; comment: { body: string } };
  payload.issue.pull_request = { url: 'https://api.github.com/repos/o/r/pulls/1' };
  payload.comment.body = `Review notes\n${'blah '.repeat(12_000)}\n/hold\n${' '.repeat(2000)}`;
  const m = toSignal('issue_comment', 'd', payload);
  if (m.outcome !== 'route' || m.event.kind !== 'comment') throw new Error('expected a routed comment');
  expect(m.event.body.length).toBeLessThanOrEqual(MAX_EVENT_BODY);
  expect(m.event.body.startsWith('Review notes\n')).toBe(true);
  expect(m.event.body.split('\n')).toContain('/hold');
});

test('a PR whose head repository was deleted counts as a fork (branchcleaner must not delete a base branch of the same name)', () => {
  const payload = githubExample('pull_request', 'closed') as { pull_request: { head: { repo: unknown }; merged: boolean } };
  payload.pull_request.head.repo = null;
  const m = toSignal('pull_request', 'd', payload);
  if (m.outcome !== 'route' || m.event.kind !== 'pull_request') throw new Error(`expected a routed PR event, got ${JSON.stringify(m)}`);
  expect(m.event.headRepoIsFork).toBe(true);
});

test('a PR from a branch of the same repository is not a fork', () => {
  const payload = githubExample('pull_request', 'closed') as { pull_request: { head: { repo: { full_name: string } }; base: { repo: { full_name: string } } } };
  payload.pull_request.head.repo.full_name = payload.pull_request.base.repo.full_name;
  const m = toSignal('pull_request', 'd', payload);
  if (m.outcome !== 'route' || m.event.kind !== 'pull_request') throw new Error('expected a routed PR event');
  expect(m.event.headRepoIsFork).toBe(false);
});
