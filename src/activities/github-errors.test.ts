import { ApplicationFailure } from '@temporalio/common';
import { classifyGithubError, retryDelayMs } from './github-errors.js';

const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { headers } });

describe('classifyGithubError', () => {
  it.each([
    [404, 'Not Found', 'Github404'],
    [422, 'Validation Failed', 'Github422'],
    [405, 'Pull Request is not mergeable', 'Github405'],
    [409, 'Head branch was modified', 'Github409'],
  ])('%i is a refusal a retry cannot fix: non-retryable, with what was refused', (status, message, type) => {
    const f = classifyGithubError(httpError(status, message), 'merge demo/hello#1');
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect((f as ApplicationFailure).nonRetryable).toBe(true);
    expect((f as ApplicationFailure).type).toBe(type);
    expect((f as ApplicationFailure).message).toBe(`merge demo/hello#1: GitHub answered ${status}: ${message}`);
  });

  it('401 says which credentials to check', () => {
    expect((classifyGithubError(httpError(401, 'Bad credentials'), 'read') as Error).message).toMatch(/GITHUB_TOKEN or the GitHub App/);
  });

  it('a rate limit (403 with remaining 0, or 429) retries when GitHub says', () => {
    const reset = String(Math.floor(Date.now() / 1000) + 120);
    const f = classifyGithubError(httpError(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 'x') as ApplicationFailure;
    expect(f.nonRetryable).toBe(false);
    expect(f.type).toBe('GithubRateLimited');
    const secondary = classifyGithubError(httpError(429, 'slow down', { 'retry-after': '30' }), 'x') as ApplicationFailure;
    expect(secondary.nonRetryable).toBe(false);
  });

  it('5xx and network errors go back unchanged for the activity retry policy', () => {
    const e500 = httpError(502, 'Bad Gateway');
    expect(classifyGithubError(e500, 'x')).toBe(e500);
    const net = new Error('ECONNREFUSED');
    expect(classifyGithubError(net, 'x')).toBe(net);
  });
});

test('retryDelayMs prefers Retry-After, then the rate-limit reset time', () => {
  expect(retryDelayMs({ 'retry-after': '7' })).toBe(7000);
  expect(retryDelayMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1000' }, 990_000)).toBe(11_000);
  expect(retryDelayMs({ 'x-ratelimit-remaining': '5' })).toBeUndefined();
});
