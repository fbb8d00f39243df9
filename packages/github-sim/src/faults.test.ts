import { pathPattern } from './faults.js';
import { simContext, simGet, simPost, startSim, type Sim } from '../test/harness.js';

// Fault injection (/_sim/faults): GitHub applied the write, then the client got a 502 or no timely
// answer; or a plain 502 with nothing applied.

let sim: Sim;
beforeEach(async () => {
  sim = await startSim();
});
afterEach(() => sim.close());

const COMMENTS = '/repos/acme/widgets/issues/1/comments';
// The harness seeds one comment of its own on #1; these tests look at what they wrote.
const comments = async () => (await simGet<{ comments: Array<{ user: string; body: string }> }>(sim.url, '/_sim/repos/acme/widgets/issues/1')).comments.filter((c) => c.body !== 'Looks good');
const post = (body: unknown, path = COMMENTS) =>
  fetch(`${sim.url}${path}`, { method: 'POST', headers: { authorization: 'token bot-token', 'content-type': 'application/json' }, body: JSON.stringify(body) });
const arm = async (spec: Record<string, unknown>) => {
  const res = await simPost(sim.url, '/_sim/faults', spec);
  expect(res.status).toBe(201);
  return res.body as { id: number };
};

describe('path patterns', () => {
  it('* is one segment, ** any number', () => {
    expect(pathPattern('/repos/*/*/issues/*/comments').test('/repos/acme/widgets/issues/1/comments')).toBe(true);
    expect(pathPattern('/repos/*/*/issues/*/comments').test('/repos/acme/widgets/issues/comments/1')).toBe(false);
    expect(pathPattern('/repos/acme/**').test('/repos/acme/widgets/git/refs')).toBe(true);
    expect(pathPattern('/repos/acme/widgets/pulls').test('/repos/acme/widgets/pulls/1')).toBe(false);
    expect(pathPattern('/repos/a.b/*').test('/repos/axb/c')).toBe(false);
  });
});

describe('commit-then-502', () => {
  it('applies the write, answers 502, and applies to the next `times` successful requests only', async () => {
    const { id } = await arm({ method: 'post', path: '/repos/*/*/issues/*/comments', mode: 'commit-then-502', times: 1 });
    const first = await post({ body: 'one' });
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ message: 'Server Error', status: '502' });
    expect((await comments()).map((c) => c.body)).toEqual(['one']);

    const second = await post({ body: 'two' });
    expect(second.status).toBe(201);
    expect((await comments()).map((c) => c.body)).toEqual(['one', 'two']);
    expect(await simGet(sim.url, '/_sim/faults')).toEqual([
      { id, method: 'POST', path: '/repos/*/*/issues/*/comments', mode: 'commit-then-502', times: 1, delay_ms: 10_000, hits: 1 },
    ]);
  });

  it('is not used up by a request the route refuses (nothing was written)', async () => {
    await arm({ method: 'POST', path: COMMENTS, mode: 'commit-then-502' });
    expect((await post({ body: '' })).status).toBe(422);
    expect((await post({ body: 'kept' })).status).toBe(502);
    expect((await comments()).map((c) => c.body)).toEqual(['kept']);
  });

  it('matches the method and the path', async () => {
    await arm({ method: 'GET', path: COMMENTS, mode: 'commit-then-502' });
    await arm({ method: 'POST', path: '/repos/*/*/issues/2/comments', mode: 'commit-then-502' });
    expect((await post({ body: 'fine' })).status).toBe(201);
    expect((await fetch(`${sim.url}${COMMENTS}`, { headers: { authorization: 'token bot-token' } })).status).toBe(502);
  });
});

describe('502 (nothing applied)', () => {
  it('answers 502 before the route runs', async () => {
    await arm({ method: 'POST', path: COMMENTS, mode: '502', times: 2 });
    expect((await post({ body: 'a' })).status).toBe(502);
    expect((await post({ body: 'b' })).status).toBe(502);
    expect((await post({ body: 'c' })).status).toBe(201);
    expect((await comments()).map((c) => c.body)).toEqual(['c']);
  });
});

describe('commit-then-delay', () => {
  it('applies the write at once and holds the answer back', async () => {
    const { id } = await arm({ method: 'POST', path: COMMENTS, mode: 'commit-then-delay', delay_ms: 600_000 });
    let answered = false;
    const pending = post({ body: 'slow' }).then((res) => {
      answered = true;
      return res;
    });
    await simContext(sim.app).faults.hit(id);
    expect((await comments()).map((c) => c.body)).toEqual(['slow']);
    expect(answered).toBe(false);
    // Clearing the faults sends what they held (so does closing the server).
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    const res = await pending;
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ body: 'slow', user: { login: 'bot' } });
  });

  it('does not keep the server from closing', async () => {
    const { id } = await arm({ method: 'POST', path: COMMENTS, mode: 'commit-then-delay', delay_ms: 600_000 });
    const pending = post({ body: 'slow' }).catch(() => undefined);
    await simContext(sim.app).faults.hit(id);
    await sim.close();
    await pending;
  });
});

describe('the scenario API', () => {
  it('refuses unknown modes and bad paths, deletes one fault, and a new seed clears them', async () => {
    expect((await simPost(sim.url, '/_sim/faults', { method: 'POST', path: COMMENTS, mode: 'explode' })).status).toBe(422);
    expect((await simPost(sim.url, '/_sim/faults', { method: 'POST', path: 'repos', mode: '502' })).status).toBe(422);
    const { id } = await arm({ method: 'POST', path: COMMENTS, mode: '502' });
    await arm({ method: 'POST', path: COMMENTS, mode: '502' });
    expect((await fetch(`${sim.url}/_sim/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${sim.url}/_sim/faults/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await simGet<unknown[]>(sim.url, '/_sim/faults')).toHaveLength(1);
    const state = await simGet(sim.url, '/_sim/state');
    expect((await simPost(sim.url, '/_sim/seed', state)).status).toBe(200);
    expect(await simGet(sim.url, '/_sim/faults')).toEqual([]);
  });
});
