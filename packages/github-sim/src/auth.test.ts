import { simPost, startSim, type Sim } from '../test/harness.js';
import { testScenario } from '../test/scenario.js';

// Tokens and rate limits: 401 for a bad token, x-ratelimit-* headers on every authenticated
// answer, decremented per request, and GitHub's 403 once the limit is used up.

let sim: Sim;
const r = { owner: 'acme', repo: 'widgets' };

beforeEach(async () => {
  sim = await startSim(testScenario());
});
afterEach(() => sim.close());

async function failure(p: Promise<unknown>): Promise<{ status: number; data: { message?: string; documentation_url?: string }; headers: Record<string, string> }> {
  try {
    await p;
  } catch (err) {
    const e = err as { status: number; response: { data: { message?: string }; headers: Record<string, string> } };
    return { status: e.status, data: e.response.data, headers: e.response.headers };
  }
  throw new Error('expected the request to fail');
}

describe('authentication', () => {
  it('answers 401 Bad credentials to an unknown token', async () => {
    const res = await failure(sim.octokit('nope').rest.repos.get(r));
    expect(res.status).toBe(401);
    expect(res.data.message).toBe('Bad credentials');
    expect(res.data.documentation_url).toMatch(/^https:\/\/docs\.github\.com/);
  });

  it('accepts "token X" and "Bearer X" and acts as the token user', async () => {
    for (const scheme of ['token', 'Bearer']) {
      const res = await fetch(`${sim.url}/user`, { headers: { authorization: `${scheme} alice-token` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { login: string }).login).toBe('alice');
    }
  });

  it('makes the token user the author of writes', async () => {
    const res = await sim.octokit('erin-token').rest.issues.createComment({ ...r, issue_number: 4, body: 'hello' });
    expect(res.data.user?.login).toBe('erin');
  });

  it('requires a token for writes and for GET /user', async () => {
    const res = await fetch(`${sim.url}/repos/acme/widgets/issues/4/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"x"}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toBe('Requires authentication');
    expect((await fetch(`${sim.url}/user`)).status).toBe(401);
  });

  it('answers 404 to unknown routes', async () => {
    const res = await fetch(`${sim.url}/repos/acme/widgets/nothing-here`, { headers: { authorization: 'token bot-token' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toBe('Not Found');
  });
});

describe('rate limits', () => {
  it('sends the x-ratelimit headers and decrements them per request', async () => {
    const octokit = sim.octokit();
    const a = await octokit.rest.repos.get(r);
    const b = await octokit.rest.pulls.get({ ...r, pull_number: 1 });
    expect(a.headers['x-ratelimit-limit']).toBe('5000');
    expect(a.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(a.headers['x-ratelimit-remaining']) - Number(b.headers['x-ratelimit-remaining'])).toBe(1);
    expect(Number(b.headers['x-ratelimit-used'])).toBe(Number(a.headers['x-ratelimit-used']) + 1);
    expect(Number(b.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
  });

  it('keeps one bucket per user and a separate search bucket', async () => {
    await sim.octokit('alice-token').rest.repos.get(r);
    const bob = await sim.octokit('bob-token').rest.repos.get(r);
    expect(bob.headers['x-ratelimit-used']).toBe('1');
    const search = await sim.octokit('bob-token').rest.search.issuesAndPullRequests({ q: 'repo:acme/widgets' });
    expect(search.headers['x-ratelimit-resource']).toBe('search');
    expect(search.headers['x-ratelimit-limit']).toBe('30');
  });

  it('answers 403 with remaining 0 once the configured limit is used up, and /rate_limit does not count', async () => {
    expect((await simPost(sim.url, '/_sim/rate-limit', { limit: 3 })).status).toBe(200);
    const octokit = sim.octokit();
    for (let i = 0; i < 3; i++) await octokit.rest.repos.get(r);
    const res = await failure(octokit.rest.repos.get(r));
    expect(res.status).toBe(403);
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(res.data.message).toMatch(/^API rate limit exceeded for user ID \d+\./);
    const overview = await octokit.rest.rateLimit.get();
    expect(overview.data.resources.core).toMatchObject({ limit: 3, remaining: 0, used: 3 });
    expect(overview.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('can start a window with only a few requests left (seeded)', async () => {
    const tight = await startSim({ ...testScenario(), rate_limit: { limit: 100, remaining: 1 } });
    try {
      const octokit = tight.octokit();
      expect((await octokit.rest.repos.get(r)).headers['x-ratelimit-remaining']).toBe('0');
      expect((await failure(octokit.rest.repos.get(r))).status).toBe(403);
    } finally {
      await tight.close();
    }
  });
});

describe('conditional requests', () => {
  it('answers 304 to a matching If-None-Match without counting it, and 200 once the resource changed', async () => {
    const octokit = sim.octokit();
    const first = await octokit.rest.pulls.get({ ...r, pull_number: 1 });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const url = `${sim.url}/repos/acme/widgets/pulls/1`;
    const headers = { authorization: 'token bot-token', 'if-none-match': String(etag) };
    const cached = await fetch(url, { headers });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    expect(cached.headers.get('x-ratelimit-used')).toBe(first.headers['x-ratelimit-used']);
    await octokit.rest.issues.addLabels({ ...r, issue_number: 1, labels: ['lgtm'] });
    const changed = await fetch(url, { headers });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
