import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSeed } from './demo-seed.js';
import type { Scenario } from './scenario-schema.js';
import { simPost, startSim, type Sim } from '../test/harness.js';

// Git over smart HTTP: real git clones and fetches against a running simulator, as the local job
// executor does them (fetch the base branch, fetch pull/<n>/head, merge).

const CLOCK = '2024-05-01T12:00:00Z';
const seed = (): Scenario => ({ ...structuredClone(demoSeed), clock: CLOCK });

let sim: Sim;
let work: string;
const env = () => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: work,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LANG: 'C',
  npm_config_update_notifier: 'false',
  npm_config_cache: join(work, '.npm'),
});

function run(cmd: string, args: string[], cwd = work): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: env(), timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function git(args: string[], cwd = work): Promise<string> {
  const r = await run('git', args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A POST of git's content type with node:http (fetch cannot lie about the length); resolves with the status. */
function rawPost(url: string, chunks: Buffer[], length?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-git-upload-pack-request', ...(length ? { 'content-length': length } : {}) };
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    const next = (i: number): void => {
      if (i >= chunks.length) {
        if (!length) req.end();
        return;
      }
      if (req.write(chunks[i])) next(i + 1);
      else req.once('drain', () => next(i + 1));
    };
    next(0);
  });
}

/** `git ls-remote` as ref → SHA. */
async function lsRemote(url: string): Promise<Record<string, string>> {
  const out = await git(['ls-remote', url]);
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('\t'))
      .map(([sha, ref]) => [ref, sha]),
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'github-sim-git-test-'));
  sim = await startSim(seed());
});
afterAll(async () => {
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

test('a clone gets the default branch with the seeded files', async () => {
  await git(['clone', '-q', `${sim.url}/demo/hello.git`, 'clone']);
  const dir = join(work, 'clone');
  expect(readFileSync(join(dir, 'OWNERS'), 'utf8')).toMatch(/approvers:\n {2}- alice/);
  expect(readFileSync(join(dir, 'docs/OWNERS'), 'utf8')).toBe('approvers:\n  - erin\n');
  expect(existsSync(join(dir, 'package.json'))).toBe(true);
  expect((await git(['rev-parse', '--abbrev-ref', 'HEAD'], dir)).trim()).toBe('main');
});

test("the executor's checkout: base branch, pull/1/head merged, and the demo's npm test passes", async () => {
  const dir = join(work, 'checkout');
  const url = `${sim.url}/demo/hello.git`;
  await git(['init', '-q', dir]);
  await git(['fetch', '-q', url, 'main'], dir);
  await git(['checkout', '-q', 'FETCH_HEAD'], dir);
  await git(['fetch', '-q', url, 'pull/1/head'], dir);
  await git(['-c', 'user.name=t', '-c', 'user.email=t@localhost', 'merge', '-q', '--no-ff', '--no-edit', 'FETCH_HEAD'], dir);
  // PR #1 changes README.md (+12 -1) and adds docs/intro.md (+30): the state has only the counts,
  // so the files hold placeholder lines, as many as the PR says.
  const stat = await git(['diff', '--numstat', 'HEAD^1', 'HEAD'], dir);
  expect(stat.trim().split('\n')).toEqual(['12\t1\tREADME.md', '30\t0\tdocs/intro.md']);
  expect(readFileSync(join(dir, 'docs/intro.md'), 'utf8')).toMatch(/^Line 1 of docs\/intro\.md, from pull request #1\.\n/);
  const test = await run('npm', ['test'], dir);
  expect({ code: test.code, stderr: test.code === 0 ? '' : test.stderr }).toEqual({ code: 0, stderr: '' });
  expect(test.stdout).toMatch(/pass 1/);
});

test('git ls-remote lists HEAD, the branches and the pull refs; the same state gives the same SHAs', async () => {
  const refs = await lsRemote(`${sim.url}/demo/hello.git`);
  expect(Object.keys(refs).sort()).toEqual(['HEAD', 'refs/heads/greeting', 'refs/heads/main', 'refs/pull/1/head']);
  expect(refs.HEAD).toBe(refs['refs/heads/main']);
  // Without `.git` too, as on GitHub.
  expect(await lsRemote(`${sim.url}/demo/hello`)).toEqual(refs);
  const again = await startSim(seed());
  try {
    expect(await lsRemote(`${again.url}/demo/hello.git`)).toEqual(refs);
  } finally {
    await again.close();
  }
});

test('a PR opened after the first fetch is there on the next one, with the content it was opened with', async () => {
  const before = await lsRemote(`${sim.url}/demo/hello.git`);
  const opened = await simPost(sim.url, '/_sim/actions/open-pr', {
    user: 'bob',
    repo: 'demo/hello',
    title: 'Greet more warmly',
    head: 'warm',
    files: [{ filename: 'index.js', content: "'use strict';\nmodule.exports = { greet: (n) => `Hello, ${n}!` };\n" }, 'NOTES.md:2:0'],
  });
  expect(opened.status).toBe(200);
  const n = Number(opened.body.number);
  const after = await lsRemote(`${sim.url}/demo/hello.git`);
  expect(after[`refs/pull/${n}/head`]).toMatch(/^[0-9a-f]{40}$/);
  expect(after['refs/heads/warm']).toMatch(/^[0-9a-f]{40}$/);
  expect(after['refs/pull/1/head']).toBe(before['refs/pull/1/head']);

  const dir = join(work, 'clone');
  await git(['fetch', '-q', `${sim.url}/demo/hello.git`, `pull/${n}/head`], dir);
  expect(await git(['show', 'FETCH_HEAD:index.js'], dir)).toContain('module.exports = { greet: (n) => `Hello, ${n}!` };');
  expect(await git(['show', 'FETCH_HEAD:NOTES.md'], dir)).toBe(`Line 1 of NOTES.md, from pull request #${n}.\nLine 2 of NOTES.md, from pull request #${n}.\n`);

  // A push to the PR moves its ref on the next fetch.
  await simPost(sim.url, '/_sim/actions/push', { repo: 'demo/hello', number: n, files: [{ filename: 'index.js', content: '// v3\n' }] });
  await git(['fetch', '-q', `${sim.url}/demo/hello.git`, `pull/${n}/head`], dir);
  expect(await git(['show', 'FETCH_HEAD:index.js'], dir)).toBe('// v3\n');
});

test('a push is refused with 403', async () => {
  const dir = join(work, 'clone');
  const push = await run('git', ['push', 'origin', 'HEAD:refs/heads/pushed'], dir);
  expect(push.code).not.toBe(0);
  expect(push.stderr).toMatch(/403/);
  const refs = await fetch(`${sim.url}/demo/hello.git/info/refs?service=git-receive-pack`);
  expect(refs.status).toBe(403);
  const post = await fetch(`${sim.url}/demo/hello.git/git-receive-pack`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-git-receive-pack-request' },
    body: '0000',
  });
  expect(post.status).toBe(403);
  expect(await lsRemote(`${sim.url}/demo/hello.git`)).not.toHaveProperty(['refs/heads/pushed']);
});

test('an unknown repository is 404 with git\'s "not found"', async () => {
  const res = await fetch(`${sim.url}/demo/nope.git/info/refs?service=git-upload-pack`);
  expect(res.status).toBe(404);
  expect(await res.text()).toBe('Repository not found.\n');
  const clone = await run('git', ['clone', '-q', `${sim.url}/demo/nope.git`, 'nope']);
  expect(clone.code).not.toBe(0);
  expect(clone.stderr).toMatch(/repository '.*\/demo\/nope\.git\/' not found/);
});

test('the dumb protocol and other bodies are refused; an oversized request is 413', async () => {
  expect((await fetch(`${sim.url}/demo/hello.git/info/refs`)).status).toBe(403);
  const json = await fetch(`${sim.url}/demo/hello.git/git-upload-pack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(json.status).toBe(415);
  // Declared too large: refused before reading.
  expect(await rawPost(`${sim.url}/demo/hello.git/git-upload-pack`, [Buffer.from('0000')], String(64 * 1024 * 1024))).toBe(413);
  // Sent chunked, no length: refused once the bytes pass the bound.
  const chunk = Buffer.alloc(1024 * 1024, 0x30);
  expect(await rawPost(`${sim.url}/demo/hello.git/git-upload-pack`, Array.from({ length: 10 }, () => chunk))).toBe(413);
});

test('a private repository asks for credentials and serves someone with access', async () => {
  const scenario = seed();
  scenario.repos![0]!.private = true;
  const priv = await startSim(scenario);
  try {
    const anonymous = await fetch(`${priv.url}/demo/hello.git/info/refs?service=git-upload-pack`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    const u = new URL(priv.url);
    u.username = 'x-access-token';
    u.password = 'carol-token';
    expect(Object.keys(await lsRemote(`${u.toString()}demo/hello.git`))).toContain('refs/pull/1/head');
    u.password = 'frank-token';
    expect((await run('git', ['ls-remote', `${u.toString()}demo/hello.git`])).code).not.toBe(0);
  } finally {
    await priv.close();
  }
});
