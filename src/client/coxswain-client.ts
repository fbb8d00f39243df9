import { Client, Connection } from '@temporalio/client';
import { clientConnectionOptions, connectOptions, dataConverter, DEFAULT_TEMPORAL_ADDRESS, type TemporalEnv } from '../temporal/connect.js';
import type { EntityState } from '../core/pr-state.js';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { CommandOutcome } from '../core/cli-command.js';
import { commandUpdate, issueWorkflowId, mergePoolWorkflowId, poolPrQuery, poolQuery, prWorkflowId, stateQuery, whyQuery, type PoolView } from '../workflows/messages.js';

/** A command the PR's workflow would not take (the message says why). */
export class CommandRefused extends Error {
  override name = 'CommandRefused';
}

/** `owner/repo#123` → its parts. */
export function parseRef(ref: string): { owner: string; repo: string; number: number } {
  const m = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(ref.trim());
  if (!m) throw new CommandRefused(`"${ref}" is not a PR or issue reference; write it as owner/repo#123`);
  return { owner: m[1]!, repo: m[2]!, number: Number(m[3]) };
}

/**
 * The typed client scripts use to query (and, in later versions, signal) the same PR and issue
 * workflows that people drive from GitHub.
 */
export class CoxswainClient {
  private constructor(
    readonly temporal: Client,
    private readonly connection: Connection,
  ) {}

  /**
   * `env` carries Temporal's TLS/API-key variables and COXSWAIN_PAYLOAD_KEY (default: none), so a
   * script reaches the same Temporal, and reads the same encrypted histories, as the worker.
   */
  static async connect(opts: { address?: string; namespace?: string; taskQueue?: string; env?: TemporalEnv } = {}): Promise<CoxswainClient> {
    const connection = await Connection.connect(clientConnectionOptions(connectOptions(opts.address ?? DEFAULT_TEMPORAL_ADDRESS, opts.env ?? {})));
    const converter = dataConverter(opts.env ?? {});
    const client = new CoxswainClient(new Client({ connection, namespace: opts.namespace ?? 'default', ...(converter ? { dataConverter: converter } : {}) }), connection);
    client.taskQueue = opts.taskQueue ?? 'coxswain';
    return client;
  }

  /** The worker's task queue (TEMPORAL_TASK_QUEUE): a command to a PR without a workflow starts one there. */
  taskQueue = 'coxswain';

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
    };
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
  async pool(owner: string, repo: string, branch: string): Promise<PoolView> {
    return this.temporal.workflow.getHandle(mergePoolWorkflowId(owner, repo, branch)).query(poolQuery);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
