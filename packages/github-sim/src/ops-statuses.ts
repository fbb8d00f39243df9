import type { SimEvent } from './events.js';
import { ghError, validationFailed } from './http.js';
import type { Store } from './store.js';
import type { SimCheckRun, SimRepo, SimStatus, StatusState } from './types.js';

// Commit statuses and check runs on known commits.

export interface NewStatus {
  state: StatusState;
  context?: string;
  description?: string | null;
  target_url?: string | null;
}

export function createStatus(store: Store, repo: SimRepo, actor: string, ref: string, spec: NewStatus): { status: SimStatus; sha: string; events: SimEvent[] } {
  const sha = store.resolveRef(repo, ref);
  if (!sha) throw ghError(422, `No commit found for SHA: ${ref}`, {}, 'https://docs.github.com/rest/commits/statuses#create-a-commit-status');
  if (spec.description && spec.description.length > 140) {
    throw validationFailed([{ resource: 'Status', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' }]);
  }
  const at = store.now();
  const status: SimStatus = {
    id: store.nextId(),
    context: spec.context || 'default',
    state: spec.state,
    description: spec.description ?? null,
    target_url: spec.target_url ?? null,
    creator: actor,
    created_at: at,
    updated_at: at,
  };
  (repo.statuses[sha] ??= []).push(status);
  return { status, sha, events: [{ name: 'status', repo, sha, status, sender: actor }] };
}

export interface NewCheckRun {
  name: string;
  head_sha: string;
  details_url?: string;
  external_id?: string;
  status?: SimCheckRun['status'];
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string };
}

export function createCheckRun(store: Store, repo: SimRepo, actor: string, spec: NewCheckRun): SimCheckRun {
  const sha = store.resolveRef(repo, spec.head_sha);
  if (!sha) throw validationFailed([{ resource: 'CheckRun', code: 'invalid', field: 'head_sha' }], 'No commit found for SHA: ' + spec.head_sha);
  const at = store.now();
  const status = spec.conclusion ? 'completed' : (spec.status ?? 'queued');
  const run: SimCheckRun = {
    id: store.nextId(),
    name: spec.name,
    head_sha: sha,
    status,
    conclusion: spec.conclusion ?? null,
    details_url: spec.details_url ?? null,
    external_id: spec.external_id ?? '',
    started_at: spec.started_at ?? at,
    completed_at: status === 'completed' ? (spec.completed_at ?? at) : null,
    output: { title: spec.output?.title ?? null, summary: spec.output?.summary ?? null, text: spec.output?.text ?? null },
    creator: actor,
  };
  (repo.check_runs[sha] ??= []).push(run);
  return run;
}
