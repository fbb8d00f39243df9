import { githubProblem } from './replay-run.js';

// Replay decides events again with GitHub's facts as they are now: it asks GitHub once before
// anything, so missing credentials are one clear error rather than a "change" per decision.

const refusing = (status: number, message: string) => ({ botLogin: () => Promise.reject(Object.assign(new Error(message), { status })) });

test('credentials GitHub refuses say which settings replay needs', async () => {
  for (const status of [401, 403]) {
    const problem = await githubProblem(refusing(status, 'Bad credentials'), 'https://ghe.example.com/api/v3');
    expect(problem).toBe(
      `GitHub at https://ghe.example.com/api/v3 refused the credentials (${status}: Bad credentials): replay reads GitHub as the worker does; give it the worker's GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY`,
    );
  }
});

test('a GitHub that cannot be reached says where it was looked for', async () => {
  expect(await githubProblem(refusing(500, 'connect ECONNREFUSED 127.0.0.1:9'), 'http://127.0.0.1:9')).toBe(
    'cannot read GitHub at http://127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9); GITHUB_API_URL says where',
  );
});

test('GitHub that knows the bot is no problem', async () => {
  expect(await githubProblem({ botLogin: async () => 'coxswain-bot' }, 'https://api.github.com')).toBeUndefined();
});
