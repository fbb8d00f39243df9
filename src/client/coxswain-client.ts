import { Client, Connection } from '@temporalio/client';
import { clientConnectionOptions, connectOptions, dataConverter, DEFAULT_TEMPORAL_ADDRESS, type TemporalEnv } from '../temporal/connect.js';
import type { EntityState } from '../core/pr-state.js';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { CommandOutcome } from '../core/cli-command.js';
import { JobsClient } from './jobs.js';
import { PeriodicClient } from './periodic.js';
import { workflowTimeline } from './history.js';
import type { TimelineEntry } from '../core/timeline.js';
import { TemporalConnectionError } from '../temporal/connect.js';
import { commandUpdate, issueWorkflowId, mergePoolWorkflowId, poolPrQuery, poolQuery, prWorkflowId, stateQuery, whyQuery, type PoolView } from '../workflows/messages.js';

/** A command the PR's workflow would not take (the message says why). */
export class CommandRefused extends Error {
  override name = 'CommandRefused';
}

/** A reference or name the caller wrote that cannot be read (the message says how to write it). */
export class InvalidReference extends Error {
  override name = 'InvalidReference';
}

/** `owner/repo#123` → its parts. */
export function parseRef(ref: string): { owner: string; repo: string; number: number } {
  const m = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(ref.trim());
  if (!m) throw new InvalidReference(`"${ref}" is not a PR or issue reference; write it as owner/repo#123`);
  return { owner: m[1]!, repo: m[2]!, number: Number(m[3]) };
}

/**
 * The typed client scripts use to drive the same PR, issue, pool and job workflows that people
 * drive from GitHub:
 *
 *   const c = await CoxswainClient.connect({ address: 'localhost:7233' });
 *   await c.pr('org/repo#12').command('/hold', { as: 'alice' });
 *   console.log(await c.pr('org/repo#12').why());
 *   for (const run of await c.jobs.list({ repo: 'org/repo' })) console.log(run.job, run.state);
 */
export class CoxswainClient {
  private constructor(
    readonly temporal: Client,
    private readonly connection: Connection,
    /** The worker's task queue (TEMPORAL_TASK_QUEUE): a command to a PR without a workflow starts one there. */
    readonly taskQueue: string,
  ) {
    this.jobs = new JobsClient(temporal, taskQueue, (ref, body, as) => this.command(ref, body, { as }));
    this.periodic = new PeriodicClient(temporal, taskQueue);
  }

  /**
   * `env` carries Temporal's TLS/API-key variables and COXSWAIN_PAYLOAD_KEY (default: none), so a
   * script reaches the same Temporal, and reads the same encrypted histories, as the worker.
   */
  static async connect(opts: { address?: string; namespace?: string; taskQueue?: string; env?: TemporalEnv; connectTimeoutMs?: number } = {}): Promise<CoxswainClient> {
    const address = opts.address ?? DEFAULT_TEMPORAL_ADDRESS;
    const connectOpts = clientConnectionOptions(connectOptions(address, opts.env ?? {}));
    const connection = await Connection.connect({ ...connectOpts, connectTimeout: opts.connectTimeoutMs ?? 5000 }).catch((err: Error) => {
      throw new TemporalConnectionError(`cannot reach Temporal at ${address} (${err.message}); is it running? TEMPORAL_ADDRESS or --address says where`);
    });
    const converter = dataConverter(opts.env ?? {});
    return new CoxswainClient(new Client({ connection, namespace: opts.namespace ?? 'default', ...(converter ? { dataConverter: converter } : {}) }), connection, opts.taskQueue ?? 'coxswain');
  }

  /** Job runs: list, logs, rerun, abort. */
  readonly jobs: JobsClient;
  /** Periodic jobs (Temporal Schedules): list, trigger, pause, unpause. */
  readonly periodic: PeriodicClient;

  /**
   * Gives a PR (or issue) a slash command as `as` would write it in a comment: the same plugins
   * decide, with the same rights (a command `as` may not give is refused as on GitHub, and the
   * bot's reply is in `replies`). Starts the PR's workflow if it has none. Throws
   * CommandRefused when the workflow refuses the command before handling it (malformed, PR closed).
   */
  async command(ref: string, body: string, opts: { as: string; kind?: 'pr' | 'issue' }): Promise<CommandOutcome> {
    const { owner, repo, number } = parseRef(ref);
    const kind = opts.kind ?? 'pr';
    const workflowId = kind === 'pr' ? prWorkflowId(owner, repo, number) : issueWorkflowId(owner, repo, number);
    const start = new WithStartWorkflowOperation(kind === 'pr' ? 'prWorkflow' : 'issueWorkflow', {
      workflowId,
      taskQueue: this.taskQueue,
      args: [{ owner, repo, number, kind }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      staticSummary: `${kind === 'pr' ? 'PR' : 'Issue'} ${owner}/${repo}#${number}`,
    });
    try {
      return await this.temporal.workflow.executeUpdateWithStart(commandUpdate, { args: [{ body, as: opts.as }], startWorkflowOperation: start });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new CommandRefused(err.cause?.message ?? err.message);
      throw err;
    }
  }

  /** One PR's handle: `client.pr('org/repo#12').command('/hold', { as: 'alice' })`. */
  pr(ref: string) {
    return {
      command: (body: string, opts: { as: string }) => this.command(ref, body, opts),
      state: () => this.state(ref, 'pr'),
      why: () => this.why(ref),
      history: () => this.history(ref, 'pr'),
    };
  }

  /** What happened to a PR or issue, from its workflow's history: events, who gave them, decisions, GitHub calls. */
  async history(ref: string, kind: 'pr' | 'issue' = 'pr'): Promise<TimelineEntry[]> {
    const { owner, repo, number } = parseRef(ref);
    return workflowTimeline(this.temporal, kind === 'pr' ? prWorkflowId(owner, repo, number) : issueWorkflowId(owner, repo, number));
  }

  /** A branch's merge pool: `client.pool('org/repo', 'main').state()`. */
  pool(fullRepo: string, branch = 'main') {
    const m = /^([\w.-]+)\/([\w.-]+)$/.exec(fullRepo.trim());
    if (!m) throw new InvalidReference(`"${fullRepo}" is not a repository; write it as owner/repo`);
    return { state: () => this.poolState(m[1]!, m[2]!, branch) };
  }

  /** The workflow's view of a PR (or, with kind 'issue', an issue). */
  async state(ref: string, kind: 'pr' | 'issue' = 'pr'): Promise<EntityState> {
    const { owner, repo, number } = parseRef(ref);
    const id = kind === 'pr' ? prWorkflowId(owner, repo, number) : issueWorkflowId(owner, repo, number);
    return this.temporal.workflow.getHandle(id).query(stateQuery);
  }

  /**
   * What stands between a PR and merge, in plain words; empty when nothing does. The PR's own
   * view (labels, contexts, approvals) first, then the merge pool's: its place in line, what it
   * waits for, and the `tide` status it carries.
   */
  async why(ref: string): Promise<string[]> {
    const { owner, repo, number } = parseRef(ref);
    const handle = this.temporal.workflow.getHandle(prWorkflowId(owner, repo, number));
    const own = await handle.query(whyQuery);
    const state = await handle.query(stateQuery);
    if (state.state !== 'open' || !state.baseRef) return own;
    let place: { position?: number; reasons: string[]; status?: { state: string; description: string } };
    try {
      place = await this.temporal.workflow.getHandle(mergePoolWorkflowId(owner, repo, state.baseRef)).query(poolPrQuery, number);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return own;
      throw err;
    }
    const pool = [
      ...(place.position !== undefined ? [`merge pool: position ${place.position} on ${state.baseRef}${place.reasons.length ? `, ${place.reasons.join('; ')}` : ', next to merge'}`] : place.reasons.map((r) => `merge pool: ${r}`)),
      ...(place.status ? [`tide status: ${place.status.state}: ${place.status.description}`] : []),
    ];
    return own.length === 0 && place.position !== undefined && place.reasons.length === 0 ? [] : [...own, ...pool];
  }

  /** The merge pool of a branch: PRs in merge order, those outside and why, the batch, recent actions. */
  async poolState(owner: string, repo: string, branch: string): Promise<PoolView> {
    return this.temporal.workflow.getHandle(mergePoolWorkflowId(owner, repo, branch)).query(poolQuery);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
