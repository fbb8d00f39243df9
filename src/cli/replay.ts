import type { Command } from 'commander';
import { formatProblem, loadConfig, type LoadOptions } from '../config/load.js';
import { hasErrors } from '../config/problems.js';
import { readSettings, SettingsError, type Settings } from '../settings.js';
import { prWorkflowId } from '../workflows/messages.js';
import { EXIT, fail, printJson, withClient, withConnOptions, type ConnOpts } from './connection.js';
import type { ReplayReport } from './replay-run.js';

// `coxswain replay`: a dry run for a config, plugin or workflow change. Each PR workflow's
// recorded history (its current run) is replayed on today's workflow code, which must still
// replay it (or running workflows would break on deploy), and every event the plugins decided on
// is decided again: same PR state and event as then, the given config, GitHub's facts as they are
// now (reads only: the planner never writes). Lists the PRs whose decisions would change.
// Exit 0: nothing would change · 4: something would · 1: an error (nothing or not all checked).

const REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
const PR_REF = /^([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})#(\d{1,10})$/;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

export interface ReplayOpts extends ConnOpts {
  config?: string;
  pluginConfig?: string;
  jobConfig?: string;
  repo?: string;
  pr?: string[];
  limit: string;
}

export function describeReport(r: ReplayReport): string {
  const out: string[] = [];
  for (const pr of r.prs) {
    if (pr.nondeterminism) out.push(`${pr.ref}: its history no longer replays on this workflow code: ${pr.nondeterminism}`);
    if (pr.changes.length > 0) {
      out.push(`${pr.ref}: ${pr.changes.length} of ${pr.events} decision${pr.events === 1 ? '' : 's'} would change`);
      for (const c of pr.changes) {
        out.push(`  ${c.event}${c.deliveryId ? `  [${c.deliveryId}]` : ''}`);
        for (const l of c.lines) out.push(`    ${l}`);
      }
    }
    for (const e of pr.errors) out.push(`${pr.ref}: ${e}`);
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push(`${plural(r.checked, 'PR')} checked, ${r.wouldChange} would change${r.errors > 0 ? `, ${plural(r.errors, 'PR')} with errors` : ''}`);
  return out.join('\n') + '\n';
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerReplay(program: Command): void {
  withConnOptions(
    program
      .command('replay')
      .description(
        "dry run for a config, plugin or workflow change: replays recorded PR histories on this code, decides each event again with the given config (GitHub's facts as they are now; nothing is written) and lists the PRs whose decisions would change. Exit 0: none would; 4: some would (or a history no longer replays); 1: an error",
      )
      .option('--config <file>', 'Prow config.yaml to decide with (default $COXSWAIN_CONFIG or config/config.yaml, as the worker)')
      .option('--plugin-config <file>', 'Prow plugins.yaml to decide with (default $COXSWAIN_PLUGINS or config/plugins.yaml, as the worker)')
      .option('--job-config <path>', 'job config file or directory (default $COXSWAIN_JOB_CONFIG, as the worker)')
      .option('--repo <owner/repo>', "only this repository's PRs")
      .option('--pr <owner/repo#N>', 'only this PR (repeatable)', collect)
      .option('--limit <n>', 'at most this many PRs, most recently started first', String(DEFAULT_LIMIT)),
  ).action(async (opts: ReplayOpts) => {
    const limit = Number(opts.limit);
    if (!/^\d+$/.test(opts.limit) || !Number.isInteger(limit) || limit < 1) return fail(`--limit must be a positive whole number, not "${opts.limit}"`);
    if (limit > MAX_LIMIT) return fail(`--limit is at most ${MAX_LIMIT}`);
    if (opts.repo !== undefined && !REPO.test(opts.repo)) return fail(`"${opts.repo}" is not a repository; write it as owner/repo`);
    if (opts.repo !== undefined && opts.pr?.length) return fail('give --repo or --pr, not both');
    const prIds: string[] = [];
    for (const ref of opts.pr ?? []) {
      const m = PR_REF.exec(ref.trim());
      if (!m) return fail(`"${ref}" is not a PR reference; write it as owner/repo#123`);
      prIds.push(prWorkflowId(m[1]!, m[2]!, Number(m[3])));
    }

    let settings: Settings;
    try {
      settings = readSettings(process.env);
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      return fail(err.message.replace(/:\n\s*/, ': ').replace(/\n\s*/g, '; '));
    }
    const load: LoadOptions = {
      configPath: opts.config ?? settings.COXSWAIN_CONFIG,
      pluginConfigPath: opts.pluginConfig ?? settings.COXSWAIN_PLUGINS,
      ...((opts.jobConfig ?? settings.COXSWAIN_JOB_CONFIG) ? { jobConfigPath: opts.jobConfig ?? settings.COXSWAIN_JOB_CONFIG! } : {}),
    };
    const loaded = loadConfig(load);
    if (hasErrors(loaded.problems)) {
      // As `coxswain checkconfig` shows them: file:line:column, one a line.
      for (const p of loaded.problems.filter((x) => x.severity === 'error')) fail(formatProblem(p));
      return;
    }

    await withClient('replay', opts, async (client) => {
      const { DefaultLogger, Runtime } = await import('@temporalio/worker');
      const { listPrWorkflows, replanner, runReplay, ReplayRefused } = await import('./replay-run.js');
      let plan: Awaited<ReturnType<typeof replanner>>;
      try {
        plan = await replanner(settings, loaded);
      } catch (err) {
        if (err instanceof ReplayRefused) return fail(err.message);
        throw err;
      }
      const workflowIds = prIds.length > 0 ? [...new Set(prIds)] : await listPrWorkflows(client, opts.repo, limit);
      try {
        // The replay worker's own chatter (bundling, shutdown, core's warning on a history that no
        // longer replays, which the report gives) is not the command's output.
        Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
      } catch {
        // Installed already (a test calling in-process).
      }
      const report = await runReplay(client, { workflowIds, plan });
      if (opts.json) printJson(report);
      else process.stdout.write(describeReport(report));
      process.exitCode = report.errors > 0 ? EXIT.error : report.wouldChange > 0 ? EXIT.wouldChange : EXIT.ok;
    });
  });
}
