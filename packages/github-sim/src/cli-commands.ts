import type { Command } from 'commander';
import { parseIssueRef, SimClient, SimClientError, type ActionResult } from './client.js';
import { parseFileArg } from './files.js';
import { renderIssue } from './render.js';
import { startGithubSim, type RunningSim } from './server.js';

// `coxswain github-sim` runs the GitHub simulator; `coxswain sim ...` plays the people in the
// playground (comment, review, open a PR, push, label) through its scenario API. The package's own
// CLI (cli.ts) registers the same commands as `github-sim serve` and `github-sim comment ...`.

export interface CliIo {
  out(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Called with the running simulator (tests close it; the CLI waits for a signal instead). */
  onStart?(sim: RunningSim): void;
}

const defaultIo: CliIo = { out: (text) => process.stdout.write(`${text}\n`), env: process.env };

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a port number (0-65535), not '${value}'`);
  return n;
}

/** Adds the command that runs the simulator, named `name` (`coxswain github-sim`, `github-sim serve`). */
export function registerGithubSim(program: Command, io: CliIo = defaultIo, name = 'github-sim'): void {
  program
    .command(name)
    .description('run the stateful GitHub simulator: REST API, signed webhooks, scenario API under /_sim/ (packages/github-sim/README.md)')
    .option('--port <port>', 'port to listen on; 0 picks a free one (env GITHUB_SIM_PORT)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'scenario to load (YAML or JSON); default: the demo org, repo demo/hello and PR #1')
    .option('--webhook-url <url>', 'where to POST webhooks (env GITHUB_WEBHOOK_URL)')
    .option('--webhook-secret <secret>', 'HMAC secret for X-Hub-Signature-256 (env GITHUB_WEBHOOK_SECRET)')
    .option('--no-echo-api-writes', 'do not send webhooks for writes made through the REST API')
    .option('--log', 'log every request (tokens redacted)')
    .action(async (o: { port?: string; host: string; seed?: string; webhookUrl?: string; webhookSecret?: string; echoApiWrites: boolean; log?: boolean }) => {
      const url = o.webhookUrl ?? io.env.GITHUB_WEBHOOK_URL;
      const secret = o.webhookSecret ?? io.env.GITHUB_WEBHOOK_SECRET;
      const sim = await startGithubSim({
        port: port(o.port ?? io.env.GITHUB_SIM_PORT ?? '3000'),
        host: o.host,
        seed: o.seed,
        log: o.log,
        webhook: { url: url || undefined, secret: secret || undefined, echoApiWrites: o.echoApiWrites },
      });
      io.out(`GitHub simulator listening on ${sim.url}`);
      io.out(`  use GITHUB_API_URL=${sim.url}; scenario API at ${sim.url}/_sim/state`);
      if (!o.seed) io.out('  seeded with the demo: repo demo/hello, PR #1 by frank, bot coxswain-bot with token playground-token');
      if (url) io.out(`  webhooks to ${url}${secret ? ' (signed)' : ' (unsigned: no --webhook-secret)'}`);
      else io.out('  webhooks: none sent (no --webhook-url); they are still listed at /_sim/deliveries');
      if (io.onStart) return io.onStart(sim);
      const stop = () => void sim.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function reportAction(io: CliIo, what: string, res: ActionResult): void {
  io.out(what);
  for (const d of res.deliveries) {
    const answer = d.status === null ? `not delivered (${d.error})` : `receiver answered ${d.status}`;
    io.out(`  webhook ${d.event}${d.action ? `.${d.action}` : ''} ${d.delivery}: ${answer}`);
  }
}

/**
 * Adds the commands that act as people: under a `group` command (`coxswain sim comment ...`), or
 * with `group` null on the program itself (`github-sim comment ...`).
 */
export function registerSim(program: Command, io: CliIo = defaultIo, group: string | null = 'sim'): void {
  const sim = group
    ? program.command(group).description('act as people on the GitHub simulator (at GITHUB_API_URL, default http://127.0.0.1:3000)')
    : program;
  sim.option('--url <url>', 'the simulator (default: GITHUB_API_URL or http://127.0.0.1:3000)');
  const prefix = group ? `${program.name() || 'coxswain'} ${group}` : program.name() || 'github-sim';
  const client = (cmd: Command) => new SimClient((cmd.optsWithGlobals().url as string | undefined) ?? io.env.GITHUB_API_URL ?? 'http://127.0.0.1:3000');
  const run = (fn: (cmd: Command, ...args: string[]) => Promise<void>) =>
    async function (this: Command, ...args: unknown[]) {
      try {
        await fn(this, ...(args.slice(0, -2) as string[]));
      } catch (err) {
        if (err instanceof SimClientError || err instanceof Error) this.error(`${prefix}: ${err.message}`, { exitCode: 1 });
        throw err;
      }
    };
  const files = (value: string, prev: string[]) => [...prev, value];

  sim
    .command('comment <user> <ref> <body...>')
    .description('comment on owner/repo#N as <user> (sends issue_comment.created)')
    .action(
      run(async (cmd, user = '', ref = '') => {
        const body = (cmd.args.slice(2) as string[]).join(' ');
        const res = await client(cmd).action('comment', { user, ...parseIssueRef(ref), body });
        reportAction(io, `${user} commented on ${ref} (comment ${String(res.id)})`, res);
      }),
    );

  sim
    .command('review <user> <ref> <state> [body...]')
    .description('review a PR as <user>: approve | request-changes | comment (sends pull_request_review.submitted)')
    .action(
      run(async (cmd, user = '', ref = '', state = '') => {
        const body = (cmd.args.slice(3) as string[]).join(' ');
        const res = await client(cmd).action('review', { user, ...parseIssueRef(ref), state, body });
        reportAction(io, `${user} reviewed ${ref}: ${String(res.state)}`, res);
      }),
    );

  sim
    .command('open-pr <user> <repo> <title>')
    .description('open a pull request as <user> (sends pull_request.opened)')
    .option('--head <branch>', 'head branch (default pr-N)')
    .option('--head-sha <sha>', 'head commit SHA (default: a new one)')
    .option('--base <branch>', 'base branch (default: the default branch)')
    .option('--body <text>', 'description')
    .option('--draft', 'open as a draft')
    .option('--file <path:additions:deletions>', 'a changed file (repeatable)', files, [])
    .action(
      run(async (cmd, user = '', repo = '', title = '') => {
        const o = cmd.opts<{ head?: string; headSha?: string; base?: string; body?: string; draft?: boolean; file: string[] }>();
        const res = await client(cmd).action('open-pr', {
          user,
          repo,
          title,
          head: o.head,
          head_sha: o.headSha,
          base: o.base,
          body: o.body,
          draft: o.draft,
          files: o.file.map(parseFileArg),
        });
        reportAction(io, `${user} opened ${repo}#${String(res.number)} at ${String(res.head_sha).slice(0, 7)}`, res);
      }),
    );

  sim
    .command('push <ref>')
    .description('push a new commit to a PR (sends pull_request.synchronize)')
    .option('--sha <sha>', 'the new head SHA (default: a new one)')
    .option('--user <user>', 'who pushes (default: the PR author)')
    .option('--file <path:additions:deletions>', 'a changed file (repeatable)', files, [])
    .action(
      run(async (cmd, ref = '') => {
        const o = cmd.opts<{ sha?: string; user?: string; file: string[] }>();
        const res = await client(cmd).action('push', { ...parseIssueRef(ref), sha: o.sha, user: o.user, files: o.file.map(parseFileArg) });
        reportAction(io, `pushed ${String(res.head_sha).slice(0, 7)} to ${ref}`, res);
      }),
    );

  for (const [name, verb] of [
    ['label', 'labeled'],
    ['unlabel', 'unlabeled'],
  ] as const) {
    sim
      .command(`${name} <user> <ref> <label>`)
      .description(`${name} an issue or PR as <user> (sends ${verb})`)
      .action(
        run(async (cmd, user = '', ref = '', label = '') => {
          const res = await client(cmd).action(name, { user, ...parseIssueRef(ref), label });
          reportAction(io, `${user} ${verb} ${ref} ${label}`, res);
        }),
      );
  }

  for (const name of ['close', 'reopen'] as const) {
    sim
      .command(`${name} <user> <ref>`)
      .description(`${name} an issue or PR as <user>`)
      .action(
        run(async (cmd, user = '', ref = '') => {
          const res = await client(cmd).action(name, { user, ...parseIssueRef(ref) });
          reportAction(io, `${user} ${name === 'close' ? 'closed' : 'reopened'} ${ref}`, res);
        }),
      );
  }

  sim
    .command('show <ref>')
    .description('show a PR or issue: state, labels, assignees, reviewers, statuses, comments')
    .action(
      run(async (cmd, ref = '') => {
        const { repo, number } = parseIssueRef(ref);
        io.out(renderIssue(await client(cmd).issue(repo, number)));
      }),
    );

  sim
    .command('state')
    .description('print the whole simulated GitHub as JSON (the scenario format)')
    .action(
      run(async (cmd) => {
        io.out(JSON.stringify(await client(cmd).state(), null, 2));
      }),
    );
}
