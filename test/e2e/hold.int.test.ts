import { startE2E, type E2E } from '../support/e2e.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

test('/hold and /hold cancel on a PR that existed before Coxswain was switched on', async () => {
  // PR #1 was opened in the seed, before any webhook reached Coxswain.
  await e.act('comment', { number: 1, user: 'carol', body: '/hold' });
  let pr = await e.until(1, (p) => p.labels.includes('do-not-merge/hold'));
  expect(pr.labels).toContain('do-not-merge/hold');

  await e.act('comment', { number: 1, user: 'carol', body: 'looks fine now\n/hold cancel' });
  pr = await e.until(1, (p) => !p.labels.includes('do-not-merge/hold'));
  await e.settled(1);
  pr = await e.issue(1);
  expect(pr.labels).not.toContain('do-not-merge/hold');
});
