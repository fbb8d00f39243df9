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
    expect(m.route.workflowId).toMatch(new RegExp(`^(pr|issue)/${repo.owner.login}/${repo.name}/\\d+$`));
    expect(m.route.event.deliveryId).toBe('delivery-1');
  });
});

test('a comment on a pull request goes to the PR workflow with the comment as the event', () => {
  const payload = githubExample('issue_comment', 'created') as { issue: Record<string, unknown>; comment: { body: string } };
  payload.issue.pull_request = { url: 'https://api.github.com/repos/o/r/pulls/1' };
  payload.comment.body = '/lgtm\n/hold';
  const m = toSignal('issue_comment', 'd', payload);
  expect(m).toMatchObject({
    outcome: 'route',
    route: { workflowType: 'prWorkflow', event: { kind: 'comment', body: '/lgtm\n/hold', on: 'pull_request' } },
  });
});

test('a comment on a plain issue goes to the issue workflow', () => {
  const m = toSignal('issue_comment', 'd', githubExample('issue_comment', 'created'));
  expect(m).toMatchObject({ outcome: 'route', route: { workflowType: 'issueWorkflow' } });
  if (m.outcome === 'route') expect(m.route.workflowId.startsWith('issue/')).toBe(true);
});

test('pull_request labeled carries the full label list and the label', () => {
  const m = toSignal('pull_request', 'd', githubExample('pull_request', 'labeled'));
  expect(m.outcome).toBe('route');
  if (m.outcome === 'route' && m.route.event.kind === 'pull_request') {
    expect(m.route.event.label).toBeTruthy();
    expect(m.route.event.labels).toContain(m.route.event.label);
  }
});

test('a payload missing a field the event needs is invalid and names the field', () => {
  const payload = githubExample('issue_comment', 'created') as Record<string, unknown>;
  delete payload.comment;
  expect(toSignal('issue_comment', 'd', payload)).toEqual({ outcome: 'invalid', reason: expect.stringContaining('comment') });
});

test('events Coxswain does not use are ignored, not rejected', () => {
  expect(toSignal('star', 'd', { action: 'created' })).toMatchObject({ outcome: 'ignore' });
});
