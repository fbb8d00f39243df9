import type { Command } from 'commander';
import type { JobRun } from '../client/jobs.js';
import { EXIT, fail, printJson, withClient, withConnOptions, type ConnOpts } from './connection.js';

// `coxswain jobs list|logs|rerun|abort` (Deck's job list and its rerun/abort buttons) and
// `coxswain periodic list|trigger|pause|unpause` (the periodics' Schedules).

const dur = (r: JobRun) => {
  const s = Math.round(((r.closeTime ?? new Date()).getTime() - r.startTime.getTime()) / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${s % 60}s` : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
};

export function describeRuns(runs: JobRun[]): string {
  if (runs.length === 0) return 'no job runs\n';
  return runs.map((r) => `${r.state.padEnd(9)} ${r.job.padEnd(24)} ${(r.repo ?? 'periodic').padEnd(20)} ${dur(r).padStart(7)}  ${r.workflowId}${r.description ? `  ${r.description}` : ''}`).join('\n') + '\n';
}

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('job runs: list them, read a log, rerun or abort one');
  withConnOptions(
    jobs
      .command('list')
      .description('job runs, newest first')
      .option('--job <name>', 'only runs of this job')
      .option('--repo <owner/repo>', "only runs of this repository's jobs")
      .option('--running', 'only runs still going')
      .option('--limit <n>', 'at most n runs', '50'),
  ).action((opts: ConnOpts & { job?: string; repo?: string; running?: boolean; limit: string }) =>
    withClient('job runs', opts, async (client) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) return fail(`--limit must be a positive whole number, not "${opts.limit}"`);
      const runs = await client.jobs.list({ ...(opts.job ? { job: opts.job } : {}), ...(opts.repo ? { repo: opts.repo } : {}), ...(opts.running ? { running: true } : {}), limit });
      if (opts.json) printJson(runs);
      else process.stdout.write(describeRuns(runs));
    }),
  );
  withConnOptions(
    jobs.command('logs').description("a run's log, from Coxswain's web server (the run's Details link)").argument('<run>', 'the run ID, e.g. job/org/repo/pull-unit/1733400000000001'),
    false,
  ).action((id: string, opts: ConnOpts) => withClient(id, opts, async (client) => void process.stdout.write(await client.jobs.logs(id))));
  withConnOptions(
    jobs
      .command('rerun')
      .description("run the job again: a PR's presubmit through the PR (as `/test <job>` by --as, with that person's rights, on the PR's current head); other runs with the same refs")
      .argument('<run>', 'the run ID')
      .option('--as <login>', 'the GitHub user rerunning it (needed for presubmits)'),
  ).action((id: string, opts: ConnOpts & { as?: string }) =>
    withClient(id, opts, async (client) => {
      const r = await client.jobs.rerun(id, opts.as ? { as: opts.as } : {});
      if (opts.json) return printJson(r);
      if (r.outcome && !r.workflowId) {
        process.stdout.write(`${r.pr}: no new run${r.outcome.replies.length ? `; bot: ${r.outcome.replies[0]!.split('\n')[0]}` : ' (one is already running on the head)'}\n`);
        process.exitCode = EXIT.refused;
      } else process.stdout.write(`started ${r.workflowId}${r.pr ? ` (through ${r.pr})` : ''}\n`);
    }),
  );
  withConnOptions(
    jobs
      .command('abort')
      .description('stop a running run; its executor deletes what it made and GitHub hears "aborted"')
      .argument('<run>', 'the run ID')
      .option('--as <login>', 'who aborts it (said in the status description)'),
    false,
  ).action((id: string, opts: ConnOpts & { as?: string }) =>
    withClient(id, opts, async (client) => {
      await client.jobs.abort(id, opts.as ? { as: opts.as } : {});
      process.stdout.write(`aborting ${id}\n`);
    }),
  );

  const periodic = program.command('periodic').description("periodic jobs (Temporal Schedules made from config.yaml's periodics)");
  withConnOptions(periodic.command('list').description('the periodics, their timing, whether paused, last and next run')).action((opts: ConnOpts) =>
    withClient('periodics', opts, async (client) => {
      const all = await client.periodic.list();
      if (opts.json) return printJson(all);
      if (all.length === 0) return void process.stdout.write('no periodics\n');
      for (const p of all) {
        process.stdout.write(
          `${p.job.padEnd(28)} ${p.paused ? `paused (${p.note ?? ''})` : 'active'}  ${p.every}${p.lastRun ? `  last ${p.lastRun.at.toISOString()}` : ''}${p.nextRun && !p.paused ? `  next ${p.nextRun.toISOString()}` : ''}\n`,
        );
      }
    }),
  );
  const act = (name: 'trigger' | 'pause' | 'unpause', description: string, done: string) =>
    withConnOptions(periodic.command(name).description(description).argument('<job>', 'the periodic job name').option('--note <text>', 'why (shown on the Schedule)'), false).action(
      (job: string, opts: ConnOpts & { note?: string }) =>
        withClient(`periodic ${job}`, opts, async (client) => {
          if (name === 'trigger') await client.periodic.trigger(job);
          else await client.periodic[name](job, opts.note);
          process.stdout.write(`${job}: ${done}\n`);
        }),
    );
  act('trigger', 'run it now, beside its timetable', 'triggered');
  act('pause', 'stop its timetable until unpaused (survives config reloads that keep its timing)', 'paused');
  act('unpause', 'start its timetable again', 'unpaused');
}
