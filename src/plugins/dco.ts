import { BOL, commandLine, genericComment, normLogin } from '../core/commands.js';
import { aboutThisBot, markdownShaList, webOf } from '../core/respond.js';
import { trustedUser, trustNeeds, type TrustConfig } from '../core/trust.js';
import type { DecideInput, Plugin } from './types.js';
import type { Action, Facts, FactRequest } from '../core/model.js';

// Prow's dco plugin (pkg/plugins/dco): every non-merge commit of a PR must carry a
// `Signed-off-by:` line. Kept in step: the `dco` status context, the `dco-signoff: yes|no` labels
// and, on open/push/`/check-dco`, a comment listing the unsigned commits (older ones pruned).
// Commits by trusted authors (org members, collaborators with skip_dco_check_for_collaborators,
// trusted_org members, trusted_apps) are exempt when a skip option or trusted_apps is set.

export const DCO_CONTEXT = 'dco';
export const DCO_YES = 'dco-signoff: yes';
export const DCO_NO = 'dco-signoff: no';
export const DCO_FAILED = 'Commits in PR missing Signed-off-by';
export const DCO_SUCCESS = 'All commits have Signed-off-by';
const COMMENT_TAG = 'dco';
const checkDcoRe = commandLine('check-dco');
const signedOffRe = new RegExp(`${BOL}signed-off-by:`, 'iu');

type Commit = NonNullable<Facts['commits']>[number];

export interface DcoCfg {
  /** Whether any commits are exempted by trust (a skip option or trusted_apps is set). */
  filterTrusted: boolean;
  trust: TrustConfig;
  contributingUrl: string;
}

/** What the event asks for: a check, and whether to (re)post the comment; null if not for us. */
function trigger({ event, state }: Pick<DecideInput<DcoCfg>, 'event' | 'state'>): { addComment: boolean } | null {
  if (event.kind === 'pull_request' && state.isPR) {
    if (event.action === 'opened' || event.action === 'synchronize') return { addComment: true };
    if (event.action === 'reopened') return { addComment: false };
    return null;
  }
  const c = genericComment(event, state);
  if (!c || c.action !== 'created' || !state.isPR || state.state !== 'open') return null;
  return checkDcoRe.test(c.body) ? { addComment: true } : null;
}

/** Non-merge commits without a sign-off, less those whose author is trusted (when configured). */
function unsigned(input: Pick<DecideInput<DcoCfg>, 'state' | 'config' | 'botLogin'>, facts: Facts, commits: Commit[]): Commit[] {
  const { state, config, botLogin } = input;
  const missing = commits.filter((c) => (c.parents ?? 1) <= 1 && !signedOffRe.test(c.message));
  if (!config.filterTrusted) return missing;
  return missing.filter((c) => !trustedUser(c.authorLogin ?? '', { org: state.owner, repo: state.repo }, config.trust, facts, botLogin).trusted);
}

export const dco: Plugin<DcoCfg> = {
  name: 'dco',
  help: {
    description: "The dco plugin checks pull request commits for 'DCO sign off' and maintains the 'dco' status context, as well as the 'dco' label.",
    commands: [{ usage: '/check-dco', description: 'Forces rechecking of the DCO status.', whoCanUse: 'Anyone', examples: ['/check-dco'] }],
    config: 'dco: {"org/repo"|org|"*": {skip_dco_check_for_members, skip_dco_check_for_collaborators, trusted_org, trusted_apps, contributing_repo, contributing_branch, contributing_path}}',
  },
  config(plugins, org, repo) {
    const d = plugins.dco?.[`${org}/${repo}`] ?? plugins.dco?.[org] ?? plugins.dco?.['*'] ?? {};
    const contributingRepo = d.contributing_repo || `${org}/${repo}`;
    return {
      filterTrusted: !!d.skip_dco_check_for_members || !!d.skip_dco_check_for_collaborators || (d.trusted_apps ?? []).length > 0,
      trust: { only_org_members: !d.skip_dco_check_for_collaborators, trusted_apps: d.trusted_apps ?? [], trusted_org: d.trusted_org ?? '' },
      contributingUrl: `https://github.com/${contributingRepo}/blob/${d.contributing_branch || 'master'}/${d.contributing_path || 'CONTRIBUTING.md'}`,
    };
  },
  needs(input) {
    if (!trigger(input)) return [];
    const out: FactRequest[] = [{ kind: 'commits' }];
    // Second round: the trust of the authors of unsigned commits, once the commits are known.
    const known = input.facts;
    if (known?.commits && input.config.filterTrusted) {
      const noTrust = { ...known, orgMembers: {}, collaborators: {} };
      const logins = new Map(unsigned(input, noTrust, known.commits).map((c) => [normLogin(c.authorLogin ?? ''), c.authorLogin ?? '']));
      for (const login of logins.values()) if (login) out.push(...trustNeeds(login, input.state.owner, input.config.trust, input.botLogin));
    }
    return out;
  },
  decide(input) {
    const { state, config, facts, footer, commandHelpUrl } = input;
    const t = trigger(input);
    if (!t || !facts.commits) return [];
    const missing = unsigned(input, facts, facts.commits);
    const has = (l: string) => state.labels.includes(l);
    const status = state.contexts[DCO_CONTEXT]?.state;
    const prune: Action[] = (state.botComments[COMMENT_TAG] ?? []).map((commentId) => ({ type: 'deleteComment', commentId }));
    const out: Action[] = [];
    if (missing.length === 0) {
      if (has(DCO_NO)) out.push({ type: 'removeLabel', label: DCO_NO });
      if (!has(DCO_YES)) out.push({ type: 'addLabels', labels: [DCO_YES] });
      if (status !== 'success') out.push({ type: 'status', context: DCO_CONTEXT, state: 'success', description: DCO_SUCCESS, targetUrl: config.contributingUrl });
      return [...out, ...prune];
    }
    if (!has(DCO_NO)) out.push({ type: 'addLabels', labels: [DCO_NO] });
    if (has(DCO_YES)) out.push({ type: 'removeLabel', label: DCO_YES });
    if (status !== 'failure') out.push({ type: 'status', context: DCO_CONTEXT, state: 'failure', description: DCO_FAILED, targetUrl: config.contributingUrl });
    if (t.addComment) {
      const body =
        "Thanks for your pull request. Before we can look at it, you'll need to add a 'DCO signoff' to your commits.\n\n" +
        `:memo: **Please follow instructions in the [contributing guide](${config.contributingUrl}) to update your commits with the DCO**\n\n` +
        'Full details of the Developer Certificate of Origin can be found at [developercertificate.org](https://developercertificate.org/).\n\n' +
        `**The list of commits missing DCO signoff**:\n\n${markdownShaList(state.owner, state.repo, missing, webOf(input))}\n\n` +
        `<details>\n\n${aboutThisBot(footer, commandHelpUrl)}\n</details>\n`;
      out.push(...prune, { type: 'comment', body, tag: COMMENT_TAG });
    }
    return out;
  },
};
