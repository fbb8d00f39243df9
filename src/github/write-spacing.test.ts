import { createsContent, WriteSpacing } from './write-spacing.js';

describe('createsContent: what GitHub’s content-creation limit counts', () => {
  it.each([
    ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', true],
    ['POST', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', true],
    ['POST', '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', true],
    ['PUT', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', true],
    ['PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', true],
    ['POST', '/repos/{owner}/{repo}/git/refs', true],
    ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', false],
    ['DELETE', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', false],
    ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/assignees', false],
    ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', false],
    ['DELETE', '/repos/{owner}/{repo}/issues/comments/{comment_id}', false],
  ])('%s %s → %s', (method, url, want) => {
    expect(createsContent(method, url)).toBe(want);
  });
});

describe('WriteSpacing', () => {
  function clock() {
    let t = 1_000;
    const slept: number[] = [];
    return {
      now: () => t,
      sleep: async (ms: number) => {
        slept.push(ms);
        t += ms;
      },
      advance: (ms: number) => (t += ms),
      slept,
    };
  }

  it('lets the first write through at once and spaces the ones that follow', async () => {
    const c = clock();
    const s = new WriteSpacing(1000, c.now, c.sleep);
    await s.turn();
    await s.turn();
    c.advance(300);
    await s.turn();
    expect(c.slept).toEqual([1000, 700]);
  });

  it('does not wait after a quiet spell', async () => {
    const c = clock();
    const s = new WriteSpacing(1000, c.now, c.sleep);
    await s.turn();
    c.advance(5_000);
    await s.turn();
    expect(c.slept).toEqual([]);
  });

  it('books slots for writes that arrive together, in order', async () => {
    const c = clock();
    const sleeps: number[] = [];
    const s = new WriteSpacing(1000, c.now, async (ms) => void sleeps.push(ms));
    await Promise.all([s.turn(), s.turn(), s.turn()]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('never waits with an interval of 0', async () => {
    const c = clock();
    const s = new WriteSpacing(0, c.now, c.sleep);
    for (let i = 0; i < 5; i++) await s.turn();
    expect(c.slept).toEqual([]);
  });
});
