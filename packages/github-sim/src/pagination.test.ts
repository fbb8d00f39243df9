import { startSim, type Sim } from '../test/harness.js';
import { testScenario } from '../test/scenario.js';

// Pagination as GitHub does it: per_page (default 30, at most 100), page, and a Link header with
// absolute URLs on the simulator's own host; octokit.paginate follows it.

let sim: Sim;
const r = { owner: 'acme', repo: 'widgets' };

beforeAll(async () => {
  const scenario = testScenario();
  const pull = scenario.repos?.[0]?.pulls?.[0];
  if (!pull) throw new Error('scenario has no PR');
  pull.comments = Array.from({ length: 75 }, (_, i) => ({ user: i % 2 ? 'alice' : 'bob', body: `comment ${i + 1}` }));
  sim = await startSim(scenario);
});
afterAll(() => sim.close());

describe('pagination', () => {
  it('walks three pages with octokit.paginate, one request per page', async () => {
    const octokit = sim.octokit();
    const before = await octokit.rest.repos.get(r);
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...r, issue_number: 1, per_page: 30 });
    const after = await octokit.rest.repos.get(r);
    expect(all).toHaveLength(75);
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 75 }, (_, i) => `comment ${i + 1}`));
    // repos.get itself takes one unit: 3 pages in between.
    expect(Number(after.headers['x-ratelimit-used']) - Number(before.headers['x-ratelimit-used'])).toBe(4);
  });

  it('builds the Link header as GitHub does on a middle page', async () => {
    const res = await sim.octokit().rest.issues.listComments({ ...r, issue_number: 1, per_page: 30, page: 2 });
    const base = `${sim.url}/repos/acme/widgets/issues/1/comments?per_page=30`;
    expect(res.headers.link).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next", <${base}&page=3>; rel="last", <${base}&page=1>; rel="first"`,
    );
    expect(res.data[0]?.body).toBe('comment 31');
  });

  it('gives next and last on the first page, prev and first on the last, none when everything fits', async () => {
    const octokit = sim.octokit();
    const first = await octokit.rest.issues.listComments({ ...r, issue_number: 1, per_page: 30 });
    expect(first.headers.link).toMatch(/rel="next".*rel="last"$/);
    expect(first.headers.link).not.toMatch(/rel="prev"/);
    const last = await octokit.rest.issues.listComments({ ...r, issue_number: 1, per_page: 30, page: 3 });
    expect(last.data).toHaveLength(15);
    expect(last.headers.link).toMatch(/rel="prev".*rel="first"$/);
    expect(last.headers.link).not.toMatch(/rel="next"/);
    const one = await octokit.rest.issues.listComments({ ...r, issue_number: 4 });
    expect(one.headers.link).toBeUndefined();
  });

  it('defaults to 30 per page and caps per_page at 100', async () => {
    const octokit = sim.octokit();
    expect((await octokit.rest.issues.listComments({ ...r, issue_number: 1 })).data).toHaveLength(30);
    const big = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...r, issue_number: 1, per_page: 500 });
    expect(big.data).toHaveLength(75);
    expect(big.headers.link).toBeUndefined();
  });

  it('answers an empty page past the end', async () => {
    const res = await sim.octokit().rest.issues.listComments({ ...r, issue_number: 1, per_page: 30, page: 9 });
    expect(res.data).toEqual([]);
  });

  it('uses the configured default page size', async () => {
    const small = await startSim(testScenario(), { perPageDefault: 2 });
    try {
      const res = await small.octokit().rest.issues.listLabelsForRepo(r);
      expect(res.data).toHaveLength(2);
      expect(res.headers.link).toContain('rel="last"');
    } finally {
      await small.close();
    }
  });
});
