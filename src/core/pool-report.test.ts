import { initialState, type EntityState } from './pr-state.js';
import { poolPrOf, reportKey } from './pool-report.js';

function pr(over: Partial<EntityState> = {}): EntityState {
  return { ...initialState('o', 'r', 7, 'pr'), author: 'carol', title: 'T', headSha: 'a'.repeat(40), baseRef: 'main', labels: ['lgtm', 'approved'], ...over };
}
const review = (login: string, text: string) => ({ login, at: '', source: 'review' as const, text });

test("the pool's report leaves out the pool's own tide status and sorts labels", () => {
  const r = poolPrOf(pr({ contexts: { tide: { state: 'success', description: 'In merge pool.' }, unit: { state: 'success', description: 'ok' } } }));
  expect(Object.keys(r.contexts)).toEqual(['unit']);
  expect(r.labels).toEqual(['approved', 'lgtm']);
});

test('a tide status change is no news for the pool; a label or status change is', () => {
  const a = reportKey(poolPrOf(pr()));
  expect(reportKey(poolPrOf(pr({ contexts: { tide: { state: 'pending', description: 'x' } } })))).toBe(a);
  expect(reportKey(poolPrOf(pr({ labels: ['lgtm'] })))).not.toBe(a);
  expect(reportKey(poolPrOf(pr({ contexts: { unit: { state: 'pending', description: '' } } })))).not.toBe(a);
});

test("review decision: each reviewer's latest approving or change-requesting review counts", () => {
  expect(poolPrOf(pr({ votes: [review('bob', 'approved')] })).reviewApproved).toBe(true);
  expect(poolPrOf(pr({ votes: [review('bob', 'approved'), review('dave', 'changes_requested')] })).reviewApproved).toBe(false);
  expect(poolPrOf(pr({ votes: [review('dave', 'changes_requested'), review('dave', 'approved')] })).reviewApproved).toBe(true);
  expect(poolPrOf(pr({ votes: [review('bob', 'approved'), review('bob', 'dismissed')] })).reviewApproved).toBe(false);
  expect(poolPrOf(pr({ votes: [review('bob', 'commented')] })).reviewApproved).toBe(false);
});
