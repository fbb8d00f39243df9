// What a PR workflow tells its branch's merge pool: the PR's mergeability inputs (labels, head,
// statuses, state...), sent only when they change. Pure.
import type { EntityState } from './pr-state.js';
import type { PoolPr } from './tide-status.js';

/** The pool's view of this PR. The `tide` status is the pool's own output, not an input. */
export function poolPrOf(s: EntityState): PoolPr {
  const contexts: PoolPr['contexts'] = {};
  for (const [name, c] of Object.entries(s.contexts)) if (name !== 'tide') contexts[name] = c;
  return {
    number: s.number,
    author: s.author,
    title: s.title.slice(0, 256),
    headSha: s.headSha,
    headRef: s.headRef,
    baseRef: s.baseRef,
    labels: [...s.labels].sort(),
    ...(s.milestone ? { milestone: s.milestone } : {}),
    draft: s.draft,
    mergeable: s.mergeable ?? null,
    state: s.state,
    contexts,
    reviewApproved: reviewApproved(s),
  };
}

/**
 * GitHub's review decision, as far as the reviews tell it: each reviewer's latest approving or
 * change-requesting review counts; approved when some approve and none request changes.
 */
function reviewApproved(s: EntityState): boolean {
  const latest = new Map<string, string>();
  for (const v of s.votes) {
    if (v.source !== 'review') continue;
    const state = v.text.toLowerCase();
    if (state === 'approved' || state === 'changes_requested' || state === 'dismissed') latest.set(v.login.toLowerCase(), state);
  }
  const states = [...latest.values()];
  return states.includes('approved') && !states.includes('changes_requested');
}

/** A short fingerprint of a report (FNV-1a), kept in the PR's state to send only changes. */
export function reportKey(pr: PoolPr): string {
  const text = JSON.stringify(pr, Object.keys(pr).sort().concat(Object.keys(pr.contexts).sort(), ['state', 'description']));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${text.length}:${h.toString(16)}`;
}
