import { Registry } from 'prom-client';
import { GithubMetrics, routeTemplate } from './metrics.js';

test('a paginated page (a full URL) counts under its route template, not one series per repository and PR', () => {
  expect(routeTemplate('http://127.0.0.1:3000/repos/demo/hello/pulls/1/files?per_page=100&page=2')).toBe('/repos/{owner}/{repo}/pulls/{number}/files');
  expect(routeTemplate('https://ghe.example.com/api/v3/repos/org/x/issues/12/comments?per_page=100')).toBe('/repos/{owner}/{repo}/issues/{number}/comments');
  expect(routeTemplate('https://api.github.com/orgs/kubernetes/teams/sig-x/members?page=3')).toBe('/orgs/{org}/teams/{team_slug}/members');
  expect(routeTemplate('https://api.github.com/repos/a/b/pulls?state=open&base=main')).toBe('/repos/{owner}/{repo}/pulls');
  expect(routeTemplate('/repos/{owner}/{repo}/issues/{issue_number}/labels')).toBe('/repos/{owner}/{repo}/issues/{issue_number}/labels');
});

test('calls are counted by route template and status', async () => {
  const registry = new Registry();
  const metrics = new GithubMetrics(registry);
  type Req = (o: { method: string; url: string }) => Promise<{ status: number; headers: Record<string, string> }>;
  let wrap: ((request: Req, options: { method: string; url: string }) => Promise<unknown>) | undefined;
  metrics.instrument({ hook: { wrap: (_name: string, fn: typeof wrap) => void (wrap = fn) } } as never);
  const request: Req = async () => ({ status: 200, headers: { 'x-ratelimit-remaining': '4999' } });
  for (const n of [1, 2, 3]) await wrap!(request, { method: 'GET', url: `https://api.github.com/repos/o/r/pulls/${n}/files?per_page=100` });
  const text = await registry.metrics();
  expect(text).toContain('coxswain_github_api_calls_total{route="GET /repos/{owner}/{repo}/pulls/{number}/files",status="200"} 3');
  expect(text).toContain('coxswain_github_rate_limit_remaining{resource="core"} 4999');
});
