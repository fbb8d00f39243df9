import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { TERMINAL_STATES, type JobOutcome, type JobRequest, type JobState } from '../core/job.js';
import type { CommandOutcome } from '../core/cli-command.js';
import { abortJobSignal, jobStatusQuery, jobWorkflowId, stateQuery } from '../workflows/messages.js';

// Job runs for scripts and the CLI (what Deck's job list, log links, rerun and abort buttons do):
// each run is a `jobWorkflow` (`job/{owner}/{repo}/{job}/{buildId}`, periodics
// `periodic/{job}-<time>`), found through Temporal's visibility store and asked how it stands.

/** A run the caller named that does not exist (or is not a job run). */
export class JobNotFound extends Error {
  override name = 'JobNotFound';
}

/** A run that cannot be rerun or aborted as asked (the message says why). */
export class JobRefused extends Error {
  override name = 'JobRefused';
}

export interface JobRun {
  workflowId: string;
  runId: string;
  job: string;
  /** owner/repo; absent for periodics. */
  repo?: string;
  buildId?: string;
  state: JobState | 'running' | 'unknown';
  description: string;
  /** The run's log on Coxswain's web server, when COXSWAIN_PUBLIC_URL is set. */
  url?: string;
  startTime: Date;
  closeTime?: Date;
}

export interface JobListFilter {
  /** Only runs of this job. */
  job?: string;
  /** Only runs of this repository's jobs (owner/repo). */
  repo?: string;
  /** Only runs still going (true) or only finished ones (false). */
  running?: boolean;
  /** At most this many runs, newest first (default 50, at most 500). */
  limit?: number;
}

const ID = /^job\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/;
const NAME = /^[A-Za-z0-9_.-]{1,200}$/;
const REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
/** A running run that does not answer (no worker polling) is shown as running, not waited for. */
const QUERY_MS = 3000;

/** job, repository and build of a run, from its workflow ID. */
export function jobRunOf(workflowId: string): { job: string; repo?: string; buildId?: string } | undefined {
  const m = ID.exec(workflowId);
  if (m) return { job: m[3]!, repo: `${m[1]}/${m[2]}`, buildId: m[4]! };
  // A Schedule appends the firing time to its workflow ID; a rerun appends its own.
  const p = /^periodic\/(.+?)-\d{4}-\d\d-\d\dT[\d:.]+Z$/.exec(workflowId);
  return p ? { job: p[1]! } : undefined;
}

export class JobsClient {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
    /** Gives a PR a command as `as` (CoxswainClient.command): presubmits are rerun through their PR. */
    private readonly command: (ref: string, body: string, as: string) => Promise<CommandOutcome>,
  ) {}

  /** Runs, newest first. */
  async list(filter: JobListFilter = {}): Promise<JobRun[]> {
    if (filter.job !== undefined && !NAME.test(filter.job)) throw new JobNotFound(`"${filter.job}" is not a job name`);
    if (filter.repo !== undefined && !REPO.test(filter.repo)) throw new JobNotFound(`"${filter.repo}" is not a repository; write it as owner/repo`);
    const limit = Math.min(Math.max(1, filter.limit ?? 50), 500);
    const where = [`WorkflowType = 'jobWorkflow'`, `TaskQueue = '${this.taskQueue.replace(/'/g, '')}'`];
    if (filter.repo && filter.job) where.push(`WorkflowId STARTS_WITH "job/${filter.repo}/${filter.job}/"`);
    else if (filter.repo) where.push(`WorkflowId STARTS_WITH "job/${filter.repo}/"`);
    if (filter.running !== undefined) where.push(filter.running ? `ExecutionStatus = 'Running'` : `ExecutionStatus != 'Running'`);
    const out: JobRun[] = [];
    // Visibility cannot match the job name inside a periodic's ID: the rest is filtered here, over a bounded scan.
    let scanned = 0;
    for await (const wf of this.temporal.workflow.list({ query: where.join(' AND ') })) {
      if (++scanned > limit * 20) break;
      const parts = jobRunOf(wf.workflowId);
      if (!parts || (filter.job && parts.job !== filter.job)) continue;
      out.push(await this.describeListed(wf, parts));
      if (out.length >= limit) break;
    }
    return out;
  }

  /** One run by its workflow ID. */
  async get(workflowId: string): Promise<JobRun> {
    const parts = jobRunOf(workflowId);
    if (!parts) throw new JobNotFound(`"${workflowId}" is not a job run ID (job/{owner}/{repo}/{job}/{build} or periodic/{job}-<time>)`);
    try {
      const wf = await this.temporal.workflow.getHandle(workflowId).describe();
      return await this.describeListed(wf, parts);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new JobNotFound(`no job run ${workflowId}`);
      throw err;
    }
  }

  /**
   * The run's log, read from Coxswain's web server (the run's Details link): the executor keeps
   * it where the run ran, and only that server can read it.
   */
  async logs(workflowId: string, fetchImpl: typeof fetch = fetch): Promise<string> {
    const run = await this.get(workflowId);
    if (!run.url) throw new JobRefused(`${workflowId} has no log link (set COXSWAIN_PUBLIC_URL for the worker so runs link their logs)`);
    const res = await fetchImpl(run.url, { signal: AbortSignal.timeout(10_000) }).catch((err: Error) => {
      throw new JobRefused(`cannot read the log at ${run.url}: ${err.message}`);
    });
    if (!res.ok) throw new JobRefused(`the log at ${run.url} answered ${res.status}`);
    return res.text();
  }

  /**
   * Runs the job again with the same refs. A PR's presubmit is rerun through the PR (as
   * `/test {job}` given by `as`, with the same rights as that comment), so the PR tracks the new
   * run and a push still aborts it; other runs start anew with a new build ID.
   */
  async rerun(workflowId: string, opts: { as?: string } = {}): Promise<{ workflowId?: string; pr?: string; outcome?: CommandOutcome }> {
    await this.get(workflowId);
    const request = await this.request(workflowId);
    if (request.type === 'presubmit' && request.parent) {
      const pr = /^pr\/([^/]+)\/([^/]+)\/(\d+)$/.exec(request.parent);
      if (!pr) throw new JobRefused(`${workflowId} belongs to ${request.parent}, which is not a PR workflow`);
      if (!opts.as) throw new JobRefused(`${workflowId} is a presubmit: say who reruns it (--as <login>), who must be allowed to /test on the PR`);
      const ref = `${pr[1]}/${pr[2]}#${pr[3]}`;
      const outcome = await this.command(ref, `/test ${request.job}`, opts.as);
      // The PR's workflow knows the run it started (none if `as` may not /test: the reply says why).
      const state = await this.temporal.workflow.getHandle(request.parent).query(stateQuery);
      const now = state.jobs?.[request.job]?.workflowId;
      return { pr: ref, outcome, ...(now && now !== workflowId ? { workflowId: now } : {}) };
    }
    const buildId = String(Date.now());
    const id = request.type === 'periodic' ? `periodic/${request.job}-${new Date().toISOString()}` : jobWorkflowId(request.owner ?? '', request.repo ?? '', request.job, buildId);
    const { buildId: _old, ...rest } = request;
    void _old;
    await this.temporal.workflow.start('jobWorkflow', {
      workflowId: id,
      taskQueue: this.taskQueue,
      args: [{ ...rest, ...(request.type === 'periodic' ? {} : { buildId }) }],
      staticSummary: `${request.job} (rerun of ${workflowId})`,
    });
    return { workflowId: id };
  }

  /** Stops a running run; the executor deletes what it made and GitHub hears `aborted`. */
  async abort(workflowId: string, opts: { as?: string } = {}): Promise<void> {
    const run = await this.get(workflowId);
    if (run.closeTime || TERMINAL_STATES.includes(run.state as JobState)) throw new JobRefused(`${workflowId} already finished (${run.state})`);
    const by = opts.as ? ` by ${opts.as}` : '';
    await this.temporal.workflow.getHandle(workflowId).signal(abortJobSignal, { description: `Aborted${by} from the Coxswain CLI.`, report: true });
  }

  /** What the run was started with (its first history event). */
  async request(workflowId: string): Promise<JobRequest> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    const history = await handle.fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    if (!started) throw new JobNotFound(`${workflowId} has no start event`);
    return decodeFromPayloadsAtIndex<JobRequest>(this.temporal.options.loadedDataConverter, 0, started.input?.payloads);
  }

  private async describeListed(wf: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'status' | 'startTime' | 'closeTime'>, parts: { job: string; repo?: string; buildId?: string }): Promise<JobRun> {
    const base = { workflowId: wf.workflowId, runId: wf.runId, ...parts, startTime: wf.startTime, ...(wf.closeTime ? { closeTime: wf.closeTime } : {}) };
    const handle = this.temporal.workflow.getHandle(wf.workflowId, wf.runId);
    if (wf.status.name === 'COMPLETED') {
      // A finished run's result is in its last event, with its log link: no worker needed to read
      // it. Runs that ended before the result carried the link are asked (a query replays the run).
      const result = (await handle.result().catch(() => undefined)) as JobOutcome | undefined;
      const asked = async () => (await this.temporal.withDeadline(Date.now() + QUERY_MS, () => handle.query(jobStatusQuery)).catch(() => undefined))?.url;
      const url = result?.url === undefined ? result && (await asked()) : result.url;
      if (result) return { ...base, state: result.state, description: result.description, ...(url ? { url } : {}) };
    }
    if (wf.status.name !== 'RUNNING' && wf.status.name !== 'COMPLETED') {
      return { ...base, state: 'error', description: `The run's workflow ${wf.status.name.toLowerCase().replace(/_/g, ' ')}.` };
    }
    const st = await this.temporal.withDeadline(Date.now() + QUERY_MS, () => handle.query(jobStatusQuery)).catch(() => undefined);
    if (!st) return { ...base, state: wf.status.name === 'RUNNING' ? 'running' : 'unknown', description: '' };
    return { ...base, state: st.state, description: st.description, ...(st.url ? { url: st.url } : {}) };
  }
}
