import { entityDetails } from './details.js';
import { initialState } from './pr-state.js';

test("a PR's details: title, author, labels, checks, recent events (scripts marked)", () => {
  const s = {
    ...initialState('demo', 'hello', 1, 'pr'),
    title: 'Add a greeting',
    author: 'frank',
    labels: ['lgtm'],
    headSha: 'abcdef1234',
    baseRef: 'main',
    contexts: { 'pull-hello-unit': { state: 'success', description: '' } },
    recent: [
      { deliveryId: 'd1', kind: 'comment', action: 'created', actor: 'alice' },
      { deliveryId: 'cli/u', kind: 'comment', action: 'created', actor: 'bob' },
    ],
  };
  const d = entityDetails(s);
  expect(d).toContain('**PR demo/hello#1**: Add a greeting by frank (open)');
  expect(d).toContain('Labels: `lgtm`');
  expect(d).toContain('Head: `abcdef1` → main');
  expect(d).toContain('Checks: pull-hello-unit success');
  expect(d).toContain('- comment created by alice\n- comment created by bob (from a script)');
});
