import { webOf } from '../../core/respond.js';
import { NOTIFIER_TAG } from '../../core/bot-notices.js';
import { BOL, genericComment, isBotAccount, normLogin } from '../../core/commands.js';
import type { GithubEvent } from '../../core/event.js';
import { ownersFilenames, RepoOwners, skipsCollaborators } from '../../core/owners.js';
import { DEFAULT_COMMAND_HELP_LINK, DEFAULT_PR_PROCESS_LINK } from '../../config/plugins-defaults.js';
import { sectionFor } from '../../config/plugins.js';
import type { Plugin } from '../types.js';
import type { Action, FactRequest, PrView, Vote } from '../../core/model.js';
import { Approvals, PrOwners } from './approvers.js';
import { notifierMessage } from './message.js';

// Prow's approve plugin (pkg/plugins/approve): recomputes approval from the whole vote history
// on every relevant event, keeps one [APPROVALNOTIFIER] comment and the `approved` label in step.

export const APPROVED_LABEL = 'approved';
export { NOTIFIER_TAG } from '../../core/bot-notices.js';
/** memory: hash of the notifier text last posted; login of a human who added `approved`. */
export const NOTIFIER_KEY = 'approve.notifier';
export const MANUAL_KEY = 'approve.manual';
/** What approval still needs ({files, ask}), for the workflow's `why` query. */
export const MISSING_KEY = 'approve.missing';

export interface ApproveConfig {
  issueRequired: boolean;
  requireSelfApproval: boolean;
  lgtmActsAsApprove: boolean;
  ignoreReviewState: boolean;
  commandHelpLink: string;
  prProcessLink: string;
  skipCollaborators: boolean;
  ownersFilename: string;
}

const commandRe = new RegExp(`${BOL}\\/([^\\t\\n\\f\\r ]+)[\\t ]*([^\\n\\r]*)`, 'g');

function hasApprovalCommand(body: string, lgtmActsAsApprove: boolean): boolean {
  return [...body.matchAll(commandRe)].some((m) => {
    const cmd = (m[1] ?? '').toUpperCase();
    return cmd === 'APPROVE' || cmd === 'REMOVE-APPROVE' || (cmd === 'LGTM' && lgtmActsAsApprove);
  });
}

type In = { event: GithubEvent; state: PrView; config: ApproveConfig; botLogin: string };

/** Does this event make Prow's approve recompute? */
function triggers({ event, state, config, botLogin }: In): boolean {
  if (!state.isPR) return false;
  switch (event.kind) {
    case 'comment': {
      const c = genericComment(event, state);
      return !!c && c.action === 'created' && state.state === 'open' && !isBotAccount(c.author, botLogin) && hasApprovalCommand(c.body, config.lgtmActsAsApprove);
    }
    case 'review':
      if ((event.action !== 'submitted' && event.action !== 'dismissed') || isBotAccount(event.actor, botLogin)) return false;
      if (hasApprovalCommand(event.body, config.lgtmActsAsApprove)) return event.action === 'submitted' && state.state === 'open';
      return !config.ignoreReviewState && ['approved', 'changes_requested', 'dismissed'].includes(event.reviewState);
    case 'pull_request':
      if (['opened', 'reopened', 'synchronize'].includes(event.action)) return true;
      return event.action === 'labeled' && event.label === APPROVED_LABEL && !isBotAccount(event.actor, botLogin) && state.state === 'open';
    default:
      return false;
  }
}

/** A human adding `approved` is a manual approval until the label goes or the bot re-adds it. */
function manualApproval({ event, state, botLogin }: In): { manual: boolean; actions: Action[] } {
  let who = state.memory[MANUAL_KEY] ?? null;
  if (event.kind === 'pull_request' && event.label === APPROVED_LABEL) {
    if (event.action === 'labeled') who = isBotAccount(event.actor, botLogin) ? null : event.actor;
    if (event.action === 'unlabeled') who = null;
  }
  const changed = who !== (state.memory[MANUAL_KEY] ?? null);
  return { manual: !!who && state.labels.includes(APPROVED_LABEL), actions: changed ? [{ type: 'remember', key: MANUAL_KEY, value: who }] : [] };
}

/** Reviews later dismissed no longer count: GitHub shows them as DISMISSED from then on. */
function dismissed(votes: Vote[]): Set<number> {
  const out = new Set<number>();
  votes.forEach((v, i) => {
    if (v.source !== 'review' || v.text !== 'dismissed') return;
    for (let j = i - 1; j >= 0; j--) {
      const w = votes[j]!;
      if (w.source === 'review' && normLogin(w.login) === normLogin(v.login) && ['approved', 'changes_requested'].includes(w.text) && !out.has(j)) {
        out.add(j);
        break;
      }
    }
  });
  return out;
}

function applyVotes(ap: Approvals, state: PrView, config: ApproveConfig, botLogin: string, prUrl: string): void {
  const voided = dismissed(state.votes);
  state.votes.forEach((v, i) => {
    if (!v.login || isBotAccount(v.login, botLogin) || voided.has(i)) return;
    const ref = v.url ?? prUrl;
    if (v.source === 'review') {
      if (config.ignoreReviewState) return;
      if (v.text === 'approved') ap.add(v.login, ref, false, 'Approved');
      if (v.text === 'changes_requested') ap.remove(v.login);
      return;
    }
    for (const m of v.text.matchAll(commandRe)) {
      const name = (m[1] ?? '').toUpperCase();
      if (name === 'REMOVE-APPROVE') {
        ap.remove(v.login);
        continue;
      }
      if (name !== 'APPROVE' && !(name === 'LGTM' && config.lgtmActsAsApprove)) continue;
      const args = (m[2] ?? '').trim().toLowerCase();
      if (args.includes('cancel')) {
        ap.remove(v.login);
        continue;
      }
      const noIssue = args === 'no-issue';
      if (normLogin(v.login) === normLogin(state.author)) ap.add(v.login, ref, noIssue, 'Author self-approved');
      ap.add(v.login, ref, noIssue, name === 'APPROVE' ? 'Approved' : 'LGTM');
    }
  });
}

function associatedIssue(body: string, org: string): number {
  const m = new RegExp(`(?:${org.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^/]+/issues/|#)(\\d+)`).exec(body);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** FNV-1a: enough to tell whether the notifier text changed since it was posted. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.length}:${h.toString(16)}`;
}

export const approve: Plugin<ApproveConfig> = {
  name: 'approve',
  help: {
    description:
      "The approve plugin implements a pull request approval process that manages the 'approved' label and an approval notification comment. Approval is achieved when the set of users that have approved the PR is capable of approving every file changed by the PR. A user is able to approve a file if their username or an alias they belong to is listed in the 'approvers' section of an OWNERS file in the directory of the file or higher in the directory tree.",
    commands: [
      {
        usage: '/[remove-]approve [no-issue|cancel]',
        description: 'Approves a pull request',
        whoCanUse: "Users listed as 'approvers' in appropriate OWNERS files.",
        examples: ['/approve', '/approve no-issue', '/remove-approve'],
      },
    ],
    config: 'approve: [{repos, issue_required, require_self_approval, lgtm_acts_as_approve, ignore_review_state, commandHelpLink, pr_process_link}], owners.skip_collaborators',
  },
  config(plugins, org, repo) {
    const a = sectionFor(plugins.approve, org, repo);
    return {
      issueRequired: a?.issue_required ?? false,
      requireSelfApproval: a?.require_self_approval ?? false,
      lgtmActsAsApprove: a?.lgtm_acts_as_approve ?? false,
      ignoreReviewState: a?.ignore_review_state ?? false,
      commandHelpLink: a?.commandHelpLink || DEFAULT_COMMAND_HELP_LINK,
      prProcessLink: a?.pr_process_link || DEFAULT_PR_PROCESS_LINK,
      skipCollaborators: skipsCollaborators(plugins.owners?.skip_collaborators, org, repo),
      ownersFilename: ownersFilenames(plugins.owners?.filenames, org, repo).owners,
    };
  },
  needs(input) {
    if (!triggers(input)) return [];
    const facts: FactRequest[] = [{ kind: 'changedFiles' }, { kind: 'owners' }];
    return input.config.skipCollaborators ? facts : [...facts, { kind: 'collaboratorList' }];
  },
  decide(input) {
    const { state, config, facts, botLogin } = input;
    const manual = manualApproval(input);
    if (!triggers(input) || !facts.owners) return manual.actions;
    const prUrl = `${webOf(input)}/${state.owner}/${state.repo}/pull/${state.number}`;
    // Unless the repo skips collaborators, OWNERS entries that are not collaborators do not count.
    const repo = new RepoOwners(facts.owners, config.skipCollaborators ? undefined : facts.collaboratorList);
    const ap = new Approvals(new PrOwners(repo, (facts.changedFiles ?? []).map((f) => f.filename), state.number));
    ap.associatedIssue = associatedIssue(state.body, state.owner);
    ap.requireIssue = config.issueRequired;
    ap.manuallyApproved = manual.manual;
    if (!config.requireSelfApproval) ap.add(state.author, `${prUrl}#`, false, 'Author self-approved');
    else ap.assignees.add(normLogin(state.author));
    applyVotes(ap, state, config, botLogin, prUrl);
    for (const a of state.assignees) ap.assignees.add(normLogin(a));

    const actions: Action[] = [...manual.actions];
    const body = notifierMessage(ap, {
      linkURL: webOf(input),
      commandHelpLink: config.commandHelpLink,
      prProcessLink: config.prProcessLink,
      org: state.owner,
      repo: state.repo,
      branch: state.baseRef,
      ownersFilename: config.ownersFilename,
    });
    const old = state.botComments[NOTIFIER_TAG] ?? [];
    if (old.length === 0 || state.memory[NOTIFIER_KEY] !== digest(body)) {
      actions.push(...old.map((id): Action => ({ type: 'deleteComment', commentId: id })));
      actions.push({ type: 'comment', body, tag: NOTIFIER_TAG }, { type: 'remember', key: NOTIFIER_KEY, value: digest(body) });
    }
    const missing = ap.isApproved() ? null : JSON.stringify({ files: ap.files().filter((f) => !f.approved).map((f) => f.dir), ask: ap.ccs() });
    if ((state.memory[MISSING_KEY] ?? null) !== missing) actions.push({ type: 'remember', key: MISSING_KEY, value: missing });
    const has = state.labels.includes(APPROVED_LABEL);
    if (ap.isApproved() && !has) actions.push({ type: 'addLabels', labels: [APPROVED_LABEL] });
    if (!ap.isApproved() && has) actions.push({ type: 'removeLabel', label: APPROVED_LABEL });
    return actions;
  },
};
