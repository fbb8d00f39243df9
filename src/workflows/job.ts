import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { JobEvent } from '../core/event.js';
import { descriptionWithBaseSha, githubStateOf } from '../core/job-env.js';
import type { JobOutcome, JobState, RunStatus } from '../core/job.js';
import { local, refusal } from './activities.js';
import { abortJobSignal, githubEventSignal, jobLimitWorkflowId, jobSlotGrantedSignal, jobStatusQuery, releaseJobSlotSignal, type JobWorkflowInput } from './messages.js';

// One run of one job (Prow's ProwJob, plank and crier in one): find the job in config, report
// `pending` on GitHub, run it with its agent's executor (a heartbeating activity that a crashed
// worker's successor picks up), report the result, and tell the PR workflow. An abort (a push, a
// newer run) cancels the executor, which deletes what it made.

const prepare = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } });

/** The executor's activity: as long as the job may run; a silent worker is noticed within a minute. */
function executor(timeouts: { pendingMs: number; runningMs: number }) {
  return proxyActivities<Activities>({
    startToCloseTimeout: timeouts.pendingMs + timeouts.runningMs + 10 * 60_000,
    heartbeatTimeout: '1 minute',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
  });
}

export async function jobWorkflow(input: JobWorkflowInput): Promise<JobOutcome> {
  const info = workflowInfo();
  // A Schedule's runs have no build id of their own: the run's start time is unique per schedule.
  const buildId = input.buildId ?? String(info.runStartTime.getTime());
  let status: { state: JobState; description: string; runName?: string; url?: string } = { state: 'triggered', description: 'Job triggered.' };
  setHandler(jobStatusQuery, () => status);
  let abort: { description: string; report: boolean } | undefined;
  const scope = new CancellationScope();
  setHandler(abortJobSignal, (a) => {
    abort ??= a;
    scope.cancel();
  });

  let prepared;
  try {
    prepared = await prepare.prepareJobRun({ ...input, buildId });
  } catch (err) {
    status = { state: 'error', description: refusal(err) };
    await tell(input, buildId, '', status);
    return { ...status, url: null };
  }
  const { run, report, timeouts } = prepared;
  status = { ...status, runName: run.runName, ...(prepared.targetUrl ? { url: prepared.targetUrl } : {}) };
  const sha = report?.sha ?? input.refs?.pulls?.[0]?.sha ?? input.refs?.base_sha ?? '';

  const setStatus = async (s: { state: JobState; description: string }) => {
    status = { ...s, runName: run.runName, ...(prepared.targetUrl ? { url: prepared.targetUrl } : {}) };
    if (report) {
      try {
        await local.createStatus({ owner: report.owner, repo: report.repo }, report.sha, {
          context: report.context,
          state: githubStateOf(s.state),
          description: descriptionWithBaseSha(s.description, report.baseSha),
          ...(prepared.targetUrl ? { targetUrl: prepared.targetUrl } : {}),
        });
      } catch (err) {
        log.warn('could not report the job status to GitHub', { job: input.job, error: refusal(err) });
      }
    }
    await tell(input, buildId, sha, status, false, prepared.targetUrl);
  };

  if (!abort) await setStatus({ state: 'pending', description: 'Job triggered.' });
  // max_concurrency: wait for a slot from the job's limiter; give it back however the run ends.
  const limited = (prepared.maxConcurrency ?? 0) > 0 && patched('max-concurrency-v1');
  if (limited && !abort) {
    let granted = false;
    setHandler(jobSlotGrantedSignal, () => void (granted = true));
    await signalWithStartLimiter(input.job, prepared.maxConcurrency!);
    await condition(() => granted || abort !== undefined);
  }
  let result: RunStatus;
  try {
  if (abort) {
    result = { state: 'aborted', description: abort.description };
  } else {
    const running = scope.run(() => executor(timeouts).runJob(run, timeouts));
    // An abort stops the run at once through its own activity; cancelling the watcher alone would
    // wait for its next heartbeat to learn of it.
    const aborted = condition(() => abort !== undefined).then(async () => {
      await prepare.abortJobRun(run).catch((err: unknown) => log.warn('could not abort the run', { error: String(err) }));
    });
    // Read through a function: the signal handler sets it while this waits.
    const asked = (): { description: string; report: boolean } | undefined => abort;
    try {
      result = await running;
    } catch (err) {
      if (asked() || isCancellation(err)) result = { state: 'aborted', description: asked()?.description ?? 'Job aborted.' };
      else result = { state: 'error', description: refusal(err) };
    }
    const stop = asked();
    if (stop) {
      await aborted;
      result = { state: 'aborted', description: stop.description };
    }
  }
  } finally {
    if (limited) await releaseSlot(input.job);
  }
  const final = { state: result.state, description: result.description };
  // A superseded run is not reported: GitHub hears only of the newer one (Prow's TerminateOlderJobs).
  if (result.state === 'aborted' && abort && !abort.report) {
    status = { ...final, runName: run.runName, ...(prepared.targetUrl ? { url: prepared.targetUrl } : {}) };
    await tell(input, buildId, sha, status, true);
  } else {
    await setStatus(final);
  }
  return { ...final, url: prepared.targetUrl ?? null };
}

/** Tells the PR workflow (presubmits) how the run stands; a PR workflow that has ended is not woken. */
async function tell(input: JobWorkflowInput, buildId: string, sha: string, s: { state: JobState; description: string }, unreported = false, url?: string): Promise<void> {
  if (!input.parent) return;
  const event: JobEvent = {
    kind: 'job',
    deliveryId: `job/${input.job}/${buildId}/${s.state}`,
    actor: '',
    action: s.state,
    job: input.job,
    buildId,
    workflowId: workflowInfo().workflowId,
    sha,
    description: s.description,
    ...(unreported ? { unreported } : {}),
    ...(url ? { url } : {}),
  };
  try {
    await getExternalWorkflowHandle(input.parent).signal(githubEventSignal, event);
  } catch (err) {
    log.info('the PR workflow did not take the job result', { parent: input.parent, error: String(err) });
  }
}

/** Asks the job's limiter for a slot, starting the limiter if it is not running (an activity: a workflow cannot signal-with-start). */
async function signalWithStartLimiter(job: string, max: number): Promise<void> {
  await prepare.acquireJobSlot({ job, workflowId: workflowInfo().workflowId, max });
}

async function releaseSlot(job: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(jobLimitWorkflowId(job)).signal(releaseJobSlotSignal, { workflowId: workflowInfo().workflowId });
  } catch (err) {
    log.warn('could not give the job slot back', { job, error: String(err) });
  }
}
