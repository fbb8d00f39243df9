import type { Action } from './model.js';
import { describeAction, describeEvent, diffPlans, type PlanDecision } from './replay-diff.js';

const plan = (actions: Action[], more: Partial<PlanDecision> = {}): PlanDecision => ({ actions, failures: [], ...more });
const lgtmReply = '@alice: LGTM label has been added.\n\n<details>Git tree hash: abc</details>';

test('the same decision in the same order is no change', () => {
  const actions: Action[] = [{ type: 'addLabels', labels: ['lgtm'] }, { type: 'comment', body: lgtmReply }];
  expect(diffPlans(plan(actions), plan(structuredClone(actions)))).toEqual({ changed: false, lines: [], added: [], removed: [] });
});

test('a lost label and reply read as removed actions, in plain words', () => {
  const recorded = plan([{ type: 'addLabels', labels: ['lgtm'] }, { type: 'comment', body: lgtmReply }]);
  const d = diffPlans(recorded, plan([]));
  expect(d.changed).toBe(true);
  expect(d.lines).toEqual(['- addLabels lgtm', '- comment (@alice: LGTM label has been added.)']);
  expect(d.removed).toEqual(['addLabels lgtm', 'comment (@alice: LGTM label has been added.)']);
  expect(d.added).toEqual([]);
});

test('a new action reads as added', () => {
  const d = diffPlans(plan([]), plan([{ type: 'runJobs', jobs: ['unit', 'lint'] }]));
  expect(d.lines).toEqual(['+ runJobs lint unit']);
});

test('order does not matter between labels, nor inside lists GitHub treats as sets', () => {
  const a = plan([{ type: 'addLabels', labels: ['a', 'b'] }, { type: 'assign', logins: ['x', 'y'] }, { type: 'remember', key: 'k', value: 'v' }]);
  const b = plan([
    { type: 'remember', value: 'v', key: 'k' },
    { type: 'assign', logins: ['y', 'x'] },
    { type: 'addLabels', labels: ['b'] },
    { type: 'addLabels', labels: ['a'] },
  ]);
  expect(diffPlans(a, b).changed).toBe(false);
});

test('order matters between actions on the same thing: the label ends up otherwise, the replies read otherwise', () => {
  const a = plan([{ type: 'removeLabel', label: 'x' }, { type: 'addLabels', labels: ['x'] }, { type: 'comment', body: 'one' }, { type: 'comment', body: 'two' }]);
  const b = plan([{ type: 'addLabels', labels: ['x'] }, { type: 'removeLabel', label: 'x' }, { type: 'comment', body: 'one' }, { type: 'comment', body: 'two' }]);
  expect(diffPlans(a, b).lines).toEqual(['~ order on label x: removeLabel x, addLabels x → addLabels x, removeLabel x']);
  const c = plan([{ type: 'comment', body: 'two' }, { type: 'comment', body: 'one' }, { type: 'removeLabel', label: 'x' }, { type: 'addLabels', labels: ['x'] }]);
  expect(diffPlans(a, c).lines).toEqual(['~ order on the conversation: comment (one), comment (two) → comment (two), comment (one)']);
});

test('a comment that differs only after its first line is marked as such', () => {
  const d = diffPlans(plan([{ type: 'comment', body: 'Hi\nfooter A' }]), plan([{ type: 'comment', body: 'Hi\nfooter B' }]));
  expect(d.lines).toEqual(['- comment (Hi) [differs further on]', '+ comment (Hi) [differs further on]']);
});

test('repeated actions count: one of two identical comments gone is a change', () => {
  const d = diffPlans(plan([{ type: 'comment', body: 'x' }, { type: 'comment', body: 'x' }]), plan([{ type: 'comment', body: 'x' }]));
  expect(d.lines).toEqual(['- comment (x)']);
});

test('plugin failures, merge requirements and unsupported plugins are decisions too', () => {
  const req = { queries: [], requiredContexts: ['ci/a'] };
  const recorded = plan([], { failures: [{ plugin: 'approve', reason: 'could not read OWNERS: 502' }], requirements: req, unsupported: ['foo'] });
  const now = plan([], {
    failures: [],
    requirements: { queries: [{ repos: ['o/r'], labels: ['lgtm'] } as never], requiredContexts: ['ci/b', 'ci/a'], blockerLabel: 'merge-blocker' },
    unsupported: ['bar'],
  });
  expect(diffPlans(recorded, now).lines).toEqual([
    '- failure approve: could not read OWNERS: 502',
    '~ required contexts: +ci/b',
    '~ Tide queries for this repository changed (0 queries → 1 query)',
    '~ blocker label: none → merge-blocker',
    '~ unsupported plugins: +bar -foo',
  ]);
  // The same requirements listed in another order are the same.
  expect(diffPlans(plan([], { requirements: { queries: [], requiredContexts: ['a', 'b'] } }), plan([], { requirements: { queries: [], requiredContexts: ['b', 'a'] } })).changed).toBe(false);
});

test('the planner failing, then or now', () => {
  expect(diffPlans({ error: 'boom' }, { error: 'boom' }).changed).toBe(false);
  expect(diffPlans({ error: 'boom' }, plan([{ type: 'addLabels', labels: ['lgtm'] }])).lines).toEqual(['- planner failed: boom', '+ addLabels lgtm']);
  expect(diffPlans(plan([{ type: 'removeLabel', label: 'lgtm' }]), { error: 'deciding failed: x' }).lines).toEqual(['- removeLabel lgtm', '+ planner fails: deciding failed: x']);
});

test('descriptions stay short: first non-empty line, cut with an ellipsis', () => {
  expect(describeAction({ type: 'comment', body: `\n\n${'x'.repeat(200)}\nmore` })).toBe(`comment (${'x'.repeat(71)}…)`);
  expect(describeAction({ type: 'remember', key: 'k', value: null })).toBe('forget k');
  expect(describeAction({ type: 'requestReview', logins: ['bob'], teams: ['core'] })).toBe('requestReview bob team:core');
  expect(describeAction({ type: 'status', context: 'tide', state: 'pending', description: 'Not mergeable.' })).toBe('status tide pending (Not mergeable.)');
});

test('events in a few words', () => {
  expect(describeEvent({ kind: 'comment', action: 'created', actor: 'alice', deliveryId: 'd', commentId: 1, body: '/lgtm\nthanks', on: 'issue' })).toBe('comment created by alice: /lgtm');
  expect(describeEvent({ kind: 'status', action: 'status', actor: 'ci', deliveryId: 'd', sha: 's', context: 'ci/test', state: 'success', description: '' })).toBe('status ci/test success');
});
