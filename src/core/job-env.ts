// The variables Prow gives every job (pkg/pod-utils/downwardapi: CI, JOB_NAME, JOB_TYPE,
// JOB_SPEC, BUILD_ID, PROW_JOB_ID, REPO_*, PULL_*, ARTIFACTS), so a job script written for Prow
// runs unchanged under any executor. Pure.
import type { JobType, Refs } from './job.js';

export const ARTIFACTS_DIR = '/logs/artifacts';

/** Prow's PULL_REFS (Refs.String): `base_ref:base_sha,number:sha,...`; the base ref alone without a base SHA. */
export function pullRefs(refs: Refs): string {
  return [refs.base_sha ? `${refs.base_ref}:${refs.base_sha}` : refs.base_ref, ...(refs.pulls ?? []).map((p) => `${p.number}:${p.sha}`)].join(',');
}

/** Prow's JobSpec as JSON, fields in Go's order. Periodics carry `"refs":{}` when they have none. */
export function jobSpecJson(spec: { type: JobType; job: string; buildId: string; prowJobId: string; refs?: Refs }): string {
  const refs = spec.refs
    ? {
        org: spec.refs.org,
        repo: spec.refs.repo,
        // Go's omitempty: empty strings are left out.
        ...(spec.refs.base_ref ? { base_ref: spec.refs.base_ref } : {}),
        ...(spec.refs.base_sha ? { base_sha: spec.refs.base_sha } : {}),
        ...(spec.refs.pulls?.length
          ? {
              pulls: spec.refs.pulls.map((p) => ({
                number: p.number,
                author: p.author,
                sha: p.sha,
                ...(p.title ? { title: p.title } : {}),
                ...(p.head_ref ? { head_ref: p.head_ref } : {}),
              })),
            }
          : {}),
      }
    : {};
  return JSON.stringify({ type: spec.type, job: spec.job, buildid: spec.buildId, prowjobid: spec.prowJobId, refs });
}

/** Every variable Prow sets for this job type (the table in prow.md 4.4). */
export function jobEnv(spec: { type: JobType; job: string; buildId: string; prowJobId: string; refs?: Refs; artifacts?: string }): Record<string, string> {
  const env: Record<string, string> = {
    CI: 'true',
    ARTIFACTS: spec.artifacts ?? ARTIFACTS_DIR,
    JOB_NAME: spec.job,
    JOB_TYPE: spec.type,
    JOB_SPEC: jobSpecJson(spec),
    BUILD_ID: spec.buildId,
    BUILD_NUMBER: spec.buildId,
    PROW_JOB_ID: spec.prowJobId,
  };
  const refs = spec.refs;
  if (spec.type === 'periodic' || !refs) return env;
  Object.assign(env, {
    REPO_OWNER: refs.org,
    REPO_NAME: refs.repo,
    PULL_BASE_REF: refs.base_ref,
    PULL_BASE_SHA: refs.base_sha,
    PULL_REFS: pullRefs(refs),
  });
  const pull = refs.pulls?.[0];
  if (spec.type === 'presubmit' && pull) {
    Object.assign(env, {
      PULL_NUMBER: String(pull.number),
      PULL_PULL_SHA: pull.sha,
      PULL_HEAD_REF: pull.head_ref,
      PULL_TITLE: pull.title,
    });
  }
  return env;
}

/**
 * Prow's ContextDescriptionWithBaseSha, byte for byte: ` BaseSHA:<sha>` left-padded with U+2001
 * (Prow's loop, which re-measures as it pads, so about a quarter of the free bytes), the text cut
 * in the middle with " ... " when it does not fit in 140 bytes. Tide reads the base SHA back.
 */
export function descriptionWithBaseSha(text: string, baseSha: string): string {
  const MAX = 140;
  let suffix = '';
  if (baseSha) {
    suffix = ` BaseSHA:${baseSha}`;
    if (byteLength(text + suffix) < MAX) {
      for (let i = 0; i < MAX - byteLength(text + suffix); i++) suffix = `\u2001${suffix}`;
    }
  }
  return truncate(text, MAX - byteLength(suffix)) + suffix;
}

const encoder = new TextEncoder();
function byteLength(s: string): number {
  return encoder.encode(s).length;
}

/** Prow's truncate: keeps both ends and puts " ... " in the middle (cut on bytes, as Go does). */
function truncate(s: string, max: number): string {
  const bytes = encoder.encode(s);
  if (bytes.length <= max) return s;
  const half = Math.floor((max - 5) / 2);
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return `${decode(bytes.slice(0, half))} ... ${decode(bytes.slice(bytes.length - half))}`;
}

/** A name Kubernetes accepts for the run's objects (DNS-1123 label): lower-case, '-', ≤ 63. */
export function runNameFor(job: string, buildId: string): string {
  const base = job.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'job';
  const tail = `-${buildId}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
  return `${base.slice(0, 63 - tail.length).replace(/-+$/, '')}${tail}`;
}

/** GitHub's commit status state for a job state (crier): aborted reports as failure. */
export function githubStateOf(state: string): 'pending' | 'success' | 'failure' | 'error' {
  switch (state) {
    case 'success':
      return 'success';
    case 'failure':
    case 'aborted':
      return 'failure';
    case 'error':
      return 'error';
    default:
      return 'pending';
  }
}
