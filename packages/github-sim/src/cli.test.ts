import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { testScenario } from '../test/scenario.js';
import { registerGithubSim, registerSim, type CliIo } from './cli-commands.js';
import { githubSimProgram } from './cli.js';
import type { RunningSim } from './server.js';

// `coxswain github-sim` and `coxswain sim ...` against a simulator started by the CLI itself.

let sim: RunningSim;
let out: string[];

function program(env: NodeJS.ProcessEnv): Command {
  const io: CliIo = { out: (t) => out.push(t), env, onStart: (s) => (sim = s) };
  const p = new Command().exitOverride().configureOutput({ writeErr: (t) => out.push(t), writeOut: (t) => out.push(t) });
  registerGithubSim(p, io);
  registerSim(p, io);
  return p;
}

const run = (args: string[], env: NodeJS.ProcessEnv = { GITHUB_API_URL: sim.url }) => program(env).parseAsync(['node', 'coxswain', ...args]);

beforeAll(async () => {
  out = [];
  const dir = mkdtempSync(join(tmpdir(), 'github-sim-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, toYaml(testScenario()));
  await program({ GITHUB_SIM_PORT: '0' }).parseAsync(['node', 'coxswain', 'github-sim', '--seed', file]);
});
afterAll(() => sim?.close());
beforeEach(() => {
  out = [];
});

describe('coxswain github-sim', () => {
  it('listens on the port from GITHUB_SIM_PORT and seeds from the file', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${sim.url}/repos/acme/widgets`, { headers: { authorization: 'token bot-token' } });
    expect(res.status).toBe(200);
  });

  it('refuses a bad port', async () => {
    await expect(program({}).parseAsync(['node', 'coxswain', 'github-sim', '--port', 'x'])).rejects.toThrow(/--port must be a port number/);
  });
});

describe('coxswain sim', () => {
  it('comments as a user and reports the webhook', async () => {
    await run(['sim', 'comment', 'alice', 'acme/widgets#1', '/lgtm', 'please']);
    expect(out[0]).toMatch(/^alice commented on acme\/widgets#1 \(comment \d+\)$/);
    expect(out[1]).toMatch(/webhook issue_comment\.created [0-9a-f-]{36}: not delivered \(no webhook URL configured\)/);
    const pr = (await (await fetch(`${sim.url}/_sim/repos/acme/widgets/issues/1`)).json()) as { comments: Array<{ user: string; body: string }> };
    expect(pr.comments.at(-1)).toMatchObject({ user: 'alice', body: '/lgtm please' });
  });

  it('reviews, labels, opens and pushes', async () => {
    await run(['sim', 'review', 'dave', 'acme/widgets#1', 'approve', 'nice']);
    expect(out[0]).toBe('dave reviewed acme/widgets#1: APPROVED');
    await run(['sim', 'label', 'alice', 'acme/widgets#1', 'lgtm']);
    await run(['sim', 'open-pr', 'frank', 'acme/widgets', 'More widgets', '--file', 'src/a.go:10:2', '--file', 'src/b.go:1']);
    expect(out.some((l) => /^frank opened acme\/widgets#5 at [0-9a-f]{7}$/.test(l))).toBe(true);
    await run(['sim', 'push', 'acme/widgets#5', '--file', 'src/c.go:3:0']);
    const pr = (await (await fetch(`${sim.url}/_sim/repos/acme/widgets/issues/5`)).json()) as { files: Array<{ filename: string; additions: number }>; commits: string[] };
    expect(pr.files.map((f) => [f.filename, f.additions])).toEqual([
      ['src/a.go', 10],
      ['src/b.go', 1],
      ['src/c.go', 3],
    ]);
    expect(pr.commits).toHaveLength(2);
  });

  it('shows a PR for people', async () => {
    await run(['sim', 'show', 'acme/widgets#1']);
    const text = out.join('\n');
    expect(text).toContain('acme/widgets#1 [PR, open] Add widgets');
    expect(text).toMatch(/labels: +kind\/bug/);
    expect(text).toMatch(/assignees: +bob/);
    expect(text).toMatch(/reviewers: +team:docs/);
    expect(text).toContain('review:     dave APPROVED: nice');
    expect(text).toMatch(/ci\/test: success/);
    expect(text).toMatch(/\[\d+\] alice at 2024-05-01T12:00:\d\dZ:\n {6}Looks good/);
  });

  it('prints the state as JSON', async () => {
    await run(['sim', 'state']);
    expect(JSON.parse(out.join('\n')).repos[0].name).toBe('widgets');
  });

  it('says what is wrong: a bad reference, an unknown user, an unreachable simulator', async () => {
    await expect(run(['sim', 'comment', 'alice', 'acme/widgets', 'hi'])).rejects.toThrow(/use owner\/repo#N/);
    await expect(run(['sim', 'comment', 'nobody', 'acme/widgets#1', 'hi'])).rejects.toThrow(/unknown user 'nobody'/);
    await expect(run(['sim', 'state'], { GITHUB_API_URL: 'http://127.0.0.1:1' })).rejects.toThrow(/cannot reach the GitHub simulator/);
  });
});

describe('the package CLI: github-sim serve, github-sim comment ...', () => {
  it('runs the simulator and acts as people with the same commands, without a group', async () => {
    let own: RunningSim | undefined;
    const io: CliIo = { out: (t) => out.push(t), env: {}, onStart: (s) => (own = s) };
    const cli = (args: string[]) =>
      githubSimProgram(io, new Command().exitOverride().configureOutput({ writeErr: (t) => out.push(t), writeOut: (t) => out.push(t) })).parseAsync(['node', 'github-sim', ...args]);
    await cli(['serve', '--port', '0']);
    try {
      expect(out[0]).toBe(`GitHub simulator listening on ${own!.url}`);
      out = [];
      await cli(['comment', 'alice', 'demo/hello#1', '/lgtm', '--url', own!.url]);
      expect(out[0]).toMatch(/^alice commented on demo\/hello#1 \(comment \d+\)$/);
      await expect(cli(['--url', own!.url, 'comment', 'nobody', 'demo/hello#1', 'hi'])).rejects.toThrow(/^github-sim: unknown user 'nobody'/);
      await expect(cli(['github-sim'])).rejects.toThrow(/unknown command 'github-sim'/);
    } finally {
      await own?.close();
    }
  });
});
