import { startE2E, type E2E } from '../support/e2e.js';

// The comment that once stopped Coxswain for every repository (issue 8): a `/label` command with
// 60,000 spaces between its words, from someone who is not a collaborator. It must change
// nothing, hurt nothing, and the author's `/hold` right after it must be applied.

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

test('/label a<60,000 spaces>b changes nothing; the /hold after it is applied and no plugin ran out of time', async () => {
  const before = await e.issue(1);
  await e.act('comment', { number: 1, user: 'frank', body: `/label a${' '.repeat(60_000)}b` });
  const started = Date.now();
  await e.act('comment', { number: 1, user: 'frank', body: '/hold' });
  const pr = await e.until(1, (p) => p.labels.includes('do-not-merge/hold'));
  console.log(`hostile /label then /hold: hold applied ${Date.now() - started} ms after the /hold was posted`);
  expect(pr.labels.filter((l: string) => l !== 'do-not-merge/hold').sort()).toEqual([...before.labels].sort());
  await e.settled(1);
  // Every plugin decided within its budget: none was stopped by the sandbox's watchdog.
  const state = await e.workflowState(1);
  expect(state.failures).toEqual([]);
});

test('thousands of command lines, unclosed <!-- and deep quotes in one comment: the next command still works', async () => {
  const body = [
    Array(3000).fill('/kind bug').join('\n'),
    Array(3000).fill('<!--').join(' '),
    `${'>'.repeat(5000)} /lgtm`,
    '\uD800 lone surrogate /approve',
  ].join('\n').slice(0, 65_536);
  await e.act('comment', { number: 1, user: 'frank', body });
  await e.act('comment', { number: 1, user: 'frank', body: '/hold cancel' });
  await e.until(1, (p) => !p.labels.includes('do-not-merge/hold'));
  await e.settled(1);
  expect((await e.workflowState(1)).failures).toEqual([]);
});
