import { githubExample, githubExamples } from '../../test/support/fixtures.js';
import { toSignal } from './to-signal.js';

describe('toSignal on GitHub example payloads', () => {
  const handled = ['pull_request', 'issues', 'issue_comment', 'pull_request_review', 'pull_request_review_comment'];
  const cases = handled.flatMap((name) => githubExamples(name).map((p, i) => [name, p.action ?? '', i, p] as const));

  const unused = new Set(['issues.pinned', 'issues.unpinned', 'issues.locked', 'issues.unlocked']);

  it.each(cases)('%s.%s (example %i) routes to a PR or issue workflow', (name, action, _i, payload) => {
    const m = toSignal(name, 'delivery-1', payload);
    expect(m.outcome).toBe(unused.has(`${name}.${action}`) ? 'ignore' : 'route');
    if (m.outcome !== 'route') return;
    const repo = payload.repository as { name: string; owner: { login: string } };
    expect(m.targets).toHaveLength(1);
    expect(m.targets[0]!.workflowId).toMatch(new RegExp(`^(pr|issue)/${repo.owner.login}/${repo.name}/\\d+$`));
    expect(m.event.deliveryId).toBe('delivery-1');
  });
});

test('a comment on a pull request goes to the PR workflow with the comment as the event', () => {
  const payload = githubExample('issue_comment', 'created') as { issue: Record<string, unknown>; comment: { body: string } };
  payload.issue.pull_request = { url: 'https://api.github.com/repos/o/r/pulls/1' };
  payload.comment.body = '/lgtm\n/hold';
  const m = toSignal('issue_comment', 'd', payload);
  expect(m).toMatchObject({
    outcome: 'route',
    targets: [{ workflowType: 'prWorkflow' }],
    event: { kind: 'comment', body: '/lgtm\n/hold', on: 'pull_request' },
  });
});

test('a comment on a plain issue goes to the issue workflow', () => {
  const m = toSignal('issue_comment', 'd', githubExample('issue_comment', 'created'));
  expect(m).toMatchObject({ outcome: 'route', targets: [{ workflowType: 'issueWorkflow' }] });
  if (m.outcome === 'route') expect(m.targets[0]!.workflowId.startsWith('issue/')).toBe(true);
});

test('pull_request labeled carries the full label list and the label', () => {
  const m = toSignal('pull_request', 'd', githubExample('pull_request', 'labeled'));
  expect(m.outcome).toBe('route');
  if (m.outcome === 'route' && m.event.kind === 'pull_request') {
    expect(m.event.label).toBeTruthy();
    expect(m.event.labels).toContain(m.event.label);
  } else throw new Error('expected a pull_request route');
});

test('a payload missing a field the event needs is invalid and names the field', () => {
  const payload = githubExample('issue_comment', 'created') as Record<string, unknown>;
  delete payload.comment;
  expect(toSignal('issue_comment', 'd', payload)).toEqual({ outcome: 'invalid', reason: expect.stringContaining('comment') });
});

test('events Coxswain does not use are ignored, not rejected', () => {
  expect(toSignal('star', 'd', { action: 'created' })).toMatchObject({ outcome: 'ignore' });
});

test('a push goes to the repository workflow with the branch and new head', () => {
  const m = toSignal('push', 'd', githubExample('push'));
  expect(m).toMatchObject({ outcome: 'route', targets: [{ workflowType: 'repoWorkflow' }], event: { kind: 'push' } });
  if (m.outcome === 'route') expect(m.targets[0]!.workflowId).toMatch(/^repo\/[^/]+\/[^/]+$/);
});

test('a commit status is delivered by head SHA (it names no PR)', () => {
  const payload = githubExample('status') as { sha: string; context: string };
  const m = toSignal('status', 'd', payload);
  expect(m).toMatchObject({ outcome: 'by-sha', sha: payload.sha, event: { kind: 'status', context: payload.context } });
});

test.each([
  ['completed', 'success', 'success'],
  ['completed', 'failure', 'failure'],
  ['completed', 'cancelled', 'failure'],
  ['in_progress', null, 'pending'],
])('a check run %s/%s is the context state %s, sent to the PRs it lists', (status, conclusion, want) => {
  const payload = githubExample('check_run', 'completed') as { check_run: Record<string, unknown> };
  payload.check_run.status = status;
  payload.check_run.conclusion = conclusion;
  payload.check_run.pull_requests = [{ number: 7 }, { number: 9 }];
  const m = toSignal('check_run', 'd', payload);
  expect(m).toMatchObject({ outcome: 'route', event: { kind: 'status', state: want } });
  if (m.outcome === 'route') expect(m.targets.map((t) => t.number)).toEqual([7, 9]);
});

test("a comment keeps GitHub's own link to it, so replies quote the right host (GitHub Enterprise)", () => {
  const payload = githubExample('issue_comment', 'created') as any;
  payload.comment.html_url = 'https://ghe.example.com/o/r/issues/1#issuecomment-7';
  const m = toSignal('issue_comment', 'd', payload);
  expect(m).toMatchObject({ outcome: 'route', event: { url: 'https://ghe.example.com/o/r/issues/1#issuecomment-7' } });
});
