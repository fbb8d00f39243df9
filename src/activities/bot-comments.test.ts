import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim, type RunningSim } from '@coxswain/github-sim/server.js';
import { githubDeps } from '../../test/support/github.js';
import { MAX_BOT_COMMENT_BODY } from '../core/model.js';
import { createGithubActivities } from './github.js';
import { createFactActivities } from './plugin-facts.js';

// The botComments fact: the bot's own comments on a PR as GitHub has them now (Prow's
// ListIssueComments filtered by the bot user), whoever ran the bot when they were written.

let sim: RunningSim;
beforeEach(async () => {
  sim = await startGithubSim({ seed: structuredClone(demoSeed) });
  // A fixed clock moves one second per write, so an edit is later than the comment (GitHub's
  // timestamps are whole seconds; Prow compares updated_at with created_at).
  await fetch(`${sim.url}/_sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'fixed' }) });
});
afterEach(() => sim.close());

const ref = { owner: 'demo', repo: 'hello', number: 1 };

test('the bot’s comments, oldest first, each marked edited or not; others’ comments left out; long bodies cut', async () => {
  const github = createGithubActivities(githubDeps(sim.url));
  const first = await github.createComment(ref, 'LGTM label has been added.  <details>Git tree hash: abc</details>');
  const alice = createGithubActivities(githubDeps(sim.url, 'alice-token'));
  await alice.createComment(ref, 'LGTM label has been added.  <details>Git tree hash: forged</details>');
  const second = await github.createComment(ref, 'second');
  await github.editComment(ref, second.id, 'second, edited');
  const long = await github.createComment(ref, 'x'.repeat(MAX_BOT_COMMENT_BODY + 10));

  const { gatherFacts } = createFactActivities({ github, catImage: async () => '', dogImage: async () => '' });
  const facts = await gatherFacts({ ...ref, headSha: '', baseRef: 'main', baseSha: '' }, [{ kind: 'botComments' }]);
  expect(facts.botComments).toEqual([
    { id: first.id, body: 'LGTM label has been added.  <details>Git tree hash: abc</details>', edited: false },
    { id: second.id, body: 'second, edited', edited: true },
    { id: long.id, body: 'x'.repeat(MAX_BOT_COMMENT_BODY), edited: false },
  ]);
});
