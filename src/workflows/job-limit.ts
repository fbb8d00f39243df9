import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { acquireJobSlotSignal, jobLimitQuery, jobSlotGrantedSignal, releaseJobSlotSignal } from './messages.js';

// Prow's max_concurrency as a Temporal semaphore: one workflow per job (`job-limit/{job}`) lets at
// most `max` runs of the job go at once and the others wait in the order they asked. A run asks
// (signal-with-start), waits for its grant, and gives its slot back when it ends, however it ends.

export interface JobLimitInput {
  job: string;
  running?: string[];
  waiting?: Array<{ workflowId: string; max: number }>;
}

/** Hand over to a new run well before the history grows long. */
const EVENTS_PER_RUN = 2000;

export async function jobLimitWorkflow(input: JobLimitInput): Promise<void> {
  const running = new Set(input.running ?? []);
  const waiting = [...(input.waiting ?? [])];
  let max = 1;
  const grants: string[] = [];
  const grantNext = () => {
    while (waiting.length > 0 && running.size < max) {
      const next = waiting.shift()!;
      running.add(next.workflowId);
      grants.push(next.workflowId);
    }
  };
  setHandler(acquireJobSlotSignal, ({ workflowId, max: m }) => {
    max = Math.max(1, m);
    if (running.has(workflowId) || waiting.some((w) => w.workflowId === workflowId)) {
      // Asked again (a retried signal): grant again if it already holds a slot.
      if (running.has(workflowId)) grants.push(workflowId);
      return;
    }
    waiting.push({ workflowId, max: m });
    grantNext();
  });
  setHandler(releaseJobSlotSignal, ({ workflowId }) => {
    running.delete(workflowId);
    const i = waiting.findIndex((w) => w.workflowId === workflowId);
    if (i >= 0) waiting.splice(i, 1);
    grantNext();
  });
  setHandler(jobLimitQuery, () => ({ running: [...running], waiting: waiting.map((w) => w.workflowId) }));

  for (;;) {
    await condition(() => grants.length > 0 || workflowInfo().historyLength > EVENTS_PER_RUN || workflowInfo().continueAsNewSuggested);
    while (grants.length > 0) {
      const id = grants.shift()!;
      try {
        await getExternalWorkflowHandle(id).signal(jobSlotGrantedSignal);
      } catch (err) {
        // The run is gone (ended or terminated): its slot is free again.
        log.info('job run gone before its grant', { workflowId: id, error: String(err) });
        running.delete(id);
        grantNext();
      }
    }
    if (workflowInfo().historyLength > EVENTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (grants.length === 0) break;
    }
  }
  await continueAsNew<typeof jobLimitWorkflow>({ job: input.job, running: [...running], waiting });
}
