import { MockActivityEnvironment } from '@temporalio/testing';
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim, type RunningSim } from '@coxswain/github-sim/server.js';
import { githubDeps } from '../../test/support/github.js';
import { createGithubActivities } from './github.js';

// GitHub accepted a write but the answer was lost (here a 502 after the write, from the
// simulator's fault injection): Octokit must not repeat the request inside the call, and
// Temporal's retry (attempt 2) must find the write instead of posting it again.

let sim: RunningSim;
beforeEach(async () => {
  sim = await startGithubSim({ seed: structuredClone(demoSeed) });
});
afterEach(() => sim.close());

const ref = { owner: 'demo', repo: 'hello', number: 1 };
const arm = (path: string) =>
  fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'POST', path, mode: 'commit-then-502', times: 1 }) });
const botComments = async (body: string) => {
  const issue = (await (await fetch(`${sim.url}/_sim/repos/demo/hello/issues/1`)).json()) as { comments: Array<{ user: string; body: string }> };
  return issue.comments.filter((c) => c.user === 'coxswain-bot' && c.body === body);
};

test('a comment GitHub accepted before answering 502 is posted once across the retry', async () => {
  const act = createGithubActivities(githubDeps(sim.url));
  expect((await arm('/repos/*/*/issues/*/comments')).status).toBe(201);
  const scheduled = Date.now();
  await expect(new MockActivityEnvironment({ attempt: 1, scheduledTimestampMs: scheduled }).run(act.createComment, ref, 'Hello once')).rejects.toMatchObject({ status: 502 });
  // Octokit did not try again by itself: the write is there exactly once.
  expect(await botComments('Hello once')).toHaveLength(1);
  const { id } = (await new MockActivityEnvironment({ attempt: 2, scheduledTimestampMs: scheduled }).run(act.createComment, ref, 'Hello once')) as { id: number };
  expect(id).toBeGreaterThan(0);
  expect(await botComments('Hello once')).toHaveLength(1);
});

test('an earlier identical comment from before this activity was scheduled does not count as its write', async () => {
  const act = createGithubActivities(githubDeps(sim.url));
  await act.createComment(ref, 'Same words');
  await new Promise((r) => setTimeout(r, 5));
  const { id } = (await new MockActivityEnvironment({ attempt: 2, scheduledTimestampMs: Date.now() + 120_000 }).run(act.createComment, ref, 'Same words')) as { id: number };
  expect(id).toBeGreaterThan(0);
  expect(await botComments('Same words')).toHaveLength(2);
});

test('a review GitHub accepted before answering 502 is submitted once across the retry', async () => {
  const act = createGithubActivities(githubDeps(sim.url));
  expect((await arm('/repos/*/*/pulls/*/reviews')).status).toBe(201);
  const scheduled = Date.now();
  const review = () => act.createReview(ref, 'Please sign off your commits.', []);
  await expect(new MockActivityEnvironment({ attempt: 1, scheduledTimestampMs: scheduled }).run(review)).rejects.toMatchObject({ status: 502 });
  await new MockActivityEnvironment({ attempt: 2, scheduledTimestampMs: scheduled }).run(review);
  const reviews = (await (await fetch(`${sim.url}/repos/demo/hello/pulls/1/reviews`, { headers: { authorization: 'token playground-token' } })).json()) as Array<{ body: string }>;
  expect(reviews.filter((r) => r.body === 'Please sign off your commits.')).toHaveLength(1);
});
