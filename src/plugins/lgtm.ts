import { addedNotice, isAddedNotice, lastTreeHash, REMOVED_NOTICE, REMOVED_TAG } from '../core/bot-notices.js';
import { genericComment, isBotAccount, normLogin } from '../core/commands.js';
import { RepoOwners, skipsCollaborators } from '../core/owners.js';
import { formatResponseRaw, webOf } from '../core/respond.js';
import { sectionFor } from '../config/plugins.js';
import type { DecideInput, Plugin } from './types.js';
import type { Action, FactRequest } from '../core/model.js';

// Prow's lgtm plugin (pkg/plugins/lgtm): `/lgtm` adds the lgtm label, `/lgtm cancel` and
// `/remove-lgtm` remove it; reviews act as both with review_acts_as_lgtm. A new push removes it,
// unless the git tree is unchanged (store_tree_hash) or the author is in the sticky team.

export const LGTM_LABEL = 'lgtm';
// Its notices are Prow's (core/bot-notices.ts), found on GitHub as Prow finds them: the tree-hash
// notices are read fresh (the botComments fact) whenever a decision rests on them (a push, a cancel
// with store_tree_hash); the removal notices to prune on /lgtm are those the workflow found on
// GitHub when it first read the PR, plus those it wrote since (keeping /lgtm at one GitHub call).
export { addedNotice, REMOVED_NOTICE, REMOVED_TAG } from '../core/bot-notices.js';

export interface LgtmConfig {
  reviewActsAsLgtm: boolean;
  storeTreeHash: boolean;
  /** trusted_team_for_sticky_lgtm: a team *name* in the PR's org. */
  stickyTeam: string;
  skipCollaborators: boolean;
}

const lgtmRe = /^\/lgtm(?: no-issue)?\s*$/im;
const cancelRe = /^\/(remove-lgtm|lgtm cancel)\s*$/im;
/** GitHub's slug for a team name (Prow looks the name up with ListTeams). */
const teamSlug = (name: string) => name.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');

type In = Omit<DecideInput<LgtmConfig>, 'facts'>;
interface Request {
  want: boolean;
  who: string;
  body: string;
  url: string;
}

/** The /lgtm (or cancel) a comment, PR body or review asks for, if any. */
function request(input: In): Request | null {
  const { event, state, config, botLogin } = input;
  if (!state.isPR) return null;
  const c = genericComment(event, state);
  if (c && c.action === 'created' && state.state === 'open') {
    if (lgtmRe.test(c.body)) return { want: true, who: c.author, body: c.body, url: c.url };
    if (cancelRe.test(c.body)) return { want: false, who: c.author, body: c.body, url: c.url };
  }
  if (event.kind !== 'review' || !config.reviewActsAsLgtm || event.action !== 'submitted' || isBotAccount(event.actor, botLogin)) return null;
  // A review whose body holds a command was handled as a comment above.
  if (lgtmRe.test(event.body) || cancelRe.test(event.body)) return null;
  const url = `${webOf(input)}/${state.owner}/${state.repo}/pull/${state.number}#pullrequestreview`;
  if (event.reviewState === 'approved') return { want: true, who: event.actor, body: event.body, url };
  if (event.reviewState === 'changes_requested') return { want: false, who: event.actor, body: event.body, url };
  return null;
}

const isPush = ({ event, state }: In) => state.isPR && event.kind === 'pull_request' && event.action === 'synchronize' && !event.merged && state.state !== 'merged';
const teamFact = ({ state, config }: In): FactRequest[] => (config.stickyTeam ? [{ kind: 'team', org: state.owner, slug: teamSlug(config.stickyTeam) }] : []);

function sticky({ state, config, facts }: DecideInput<LgtmConfig>): boolean {
  if (!config.stickyTeam) return false;
  const members = facts.teams[`${state.owner}/${teamSlug(config.stickyTeam)}`] ?? [];
  return members.some((m) => normLogin(m) === normLogin(state.author));
}

/** Removing the label; with store_tree_hash, reviews are requested again from the assignees. */
function removal(input: DecideInput<LgtmConfig>): Action[] {
  const { state, config } = input;
  const out: Action[] = [{ type: 'removeLabel', label: LGTM_LABEL }];
  if (config.storeTreeHash && state.assignees.length > 0) out.push({ type: 'requestReview', logins: [...state.assignees] });
  return out;
}

/** With store_tree_hash, the tree the bot's newest unedited "LGTM label has been added" notice names. */
const recordedTree = ({ config, facts }: { config: LgtmConfig; facts?: DecideInput<LgtmConfig>['facts'] }) =>
  config.storeTreeHash && facts?.botComments ? lastTreeHash(facts.botComments) : undefined;

function onPush(input: DecideInput<LgtmConfig>): Action[] {
  const { state, facts } = input;
  if (!state.labels.includes(LGTM_LABEL) || sticky(input)) return [];
  const stored = recordedTree(input);
  if (stored && facts.commitTrees?.[state.headSha] === stored) return [];
  return [...removal(input), { type: 'comment', body: REMOVED_NOTICE, tag: REMOVED_TAG }];
}

function onRequest(input: DecideInput<LgtmConfig>, r: Request): Action[] {
  const { state, config, facts } = input;
  const reply = (text: string): Action[] => [{ type: 'comment', body: formatResponseRaw(r.body, r.url, r.who, text, input.footer) }];
  const who = normLogin(r.who);
  const isAuthor = who === normLogin(state.author);
  if (isAuthor && r.want) return reply('you cannot LGTM your own PR.');
  if (!isAuthor && !config.skipCollaborators && facts.collaborators[who] !== true) return reply('changing LGTM is restricted to collaborators');
  const out: Action[] = [];
  if (!isAuthor && !config.skipCollaborators && !state.assignees.some((a) => normLogin(a) === who)) {
    out.push({ type: 'assign', logins: [r.who] });
  } else if (!isAuthor && config.skipCollaborators) {
    const repo = new RepoOwners(facts.owners ?? { files: [], aliases: {} });
    const owners = (facts.changedFiles ?? []).some((f) => repo.approvers(f.filename).has(who) || repo.reviewers(f.filename).has(who));
    if (!owners) return reply('adding LGTM is restricted to approvers and reviewers in OWNERS files.');
  }
  const has = state.labels.includes(LGTM_LABEL);
  if (has && !r.want) {
    out.push(...removal(input));
    // Prow's PruneComments: every one of the bot's comments holding the notice, edited or not.
    if (config.storeTreeHash) {
      out.push(...(facts.botComments ?? []).filter((c) => isAddedNotice(c.body)).map((c): Action => ({ type: 'deleteComment', commentId: c.id })));
    }
  } else if (!has && r.want) {
    out.push({ type: 'addLabels', labels: [LGTM_LABEL] });
    if (!sticky(input)) {
      if (config.storeTreeHash) {
        const tree = facts.commitTrees?.[state.headSha] ?? '';
        out.push({ type: 'comment', body: addedNotice(tree) });
      }
      out.push(...(state.botComments[REMOVED_TAG] ?? []).map((id): Action => ({ type: 'deleteComment', commentId: id })));
    }
  }
  return out;
}

export const lgtm: Plugin<LgtmConfig> = {
  name: 'lgtm',
  help: {
    description: "The lgtm plugin manages the application and removal of the 'lgtm' (Looks Good To Me) label which is typically used to gate merging.",
    commands: [
      {
        usage: '/[remove-]lgtm [cancel] or GitHub Review action',
        description: "Adds or removes the 'lgtm' label which is typically used to gate merging.",
        whoCanUse: "Collaborators on the repository. '/lgtm cancel' can be used additionally by the PR author.",
        examples: ['/lgtm', '/lgtm cancel', '/remove-lgtm'],
      },
    ],
    config: 'lgtm: [{repos, review_acts_as_lgtm, store_tree_hash, trusted_team_for_sticky_lgtm}], owners.skip_collaborators',
  },
  config(plugins, org, repo) {
    const l = sectionFor(plugins.lgtm, org, repo);
    return {
      reviewActsAsLgtm: l?.review_acts_as_lgtm ?? false,
      storeTreeHash: l?.store_tree_hash ?? false,
      stickyTeam: l?.trusted_team_for_sticky_lgtm ?? '',
      skipCollaborators: skipsCollaborators(plugins.owners?.skip_collaborators, org, repo),
    };
  },
  needs(input) {
    const { state, config } = input;
    const hasLabel = state.labels.includes(LGTM_LABEL);
    if (isPush(input)) {
      if (!hasLabel) return [];
      // As Prow: the bot's comments, then (a later round) the new tree only if a notice names one.
      const comments: FactRequest[] = config.storeTreeHash ? [{ kind: 'botComments' }] : [];
      const known = input.facts;
      const tree: FactRequest[] = known && recordedTree({ config, facts: known }) && !sticky({ ...input, facts: known }) ? [{ kind: 'commitTree', sha: state.headSha }] : [];
      return [...teamFact(input), ...comments, ...tree];
    }
    const r = request(input);
    if (!r) return [];
    const isAuthor = normLogin(r.who) === normLogin(state.author);
    if (isAuthor && r.want) return [];
    const out: FactRequest[] = [];
    if (!isAuthor && !config.skipCollaborators) out.push({ kind: 'collaborator', login: r.who });
    if (!isAuthor && config.skipCollaborators) out.push({ kind: 'changedFiles' }, { kind: 'owners' });
    if (!r.want && hasLabel && config.storeTreeHash) out.push({ kind: 'botComments' });
    if (r.want && !hasLabel) {
      out.push(...teamFact(input));
      if (config.storeTreeHash) out.push({ kind: 'commitTree', sha: state.headSha });
    }
    return out;
  },
  decide(input) {
    if (isPush(input)) return onPush(input);
    const r = request(input);
    return r ? onRequest(input, r) : [];
  },
  // On a push Prow keeps the label only when it can show the tree is unchanged (or the author is
  // sticky); when those facts cannot be read it cannot show it, so the label goes.
  // A cancel whose only missing fact is the bot's comments still removes the label, pruning
  // nothing: Prow removes the label first and only logs a failed comment listing.
  failSafe(input) {
    if (!isPush(input)) {
      const r = request(input);
      const onlyComments = input.failed.every((f) => f.startsWith('botComments'));
      return r && !r.want && onlyComments ? onRequest({ ...input, facts: { ...input.facts, botComments: [] } }, r) : [];
    }
    if (!input.state.labels.includes(LGTM_LABEL)) return [];
    return [...removal(input), { type: 'comment', body: REMOVED_NOTICE, tag: REMOVED_TAG }];
  },
};
