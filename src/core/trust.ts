// Prow's trust model (pkg/plugins/trigger: TrustedUser, TrustedPullRequest), pure: the facts it
// reads (org membership, collaborator status) are asked for with trustNeeds() and gathered by the
// workflow beforehand. Used by trigger and by every plugin that says "trusted users only".
import type { FactRequest, Facts, PrView } from './model.js';
import { isBotUser } from './bot-notices.js';
import { normLogin } from './commands.js';

export const OK_TO_TEST_LABEL = 'ok-to-test';

/** The parts of a `triggers:` entry that decide trust. */
/** The trust settings of Prow's `triggers:` entry (config/plugins.ts triggerFor finds it). */
export type TrustConfig = { only_org_members?: boolean; trusted_apps?: string[]; trusted_org?: string } | undefined;

export interface Trust {
  trusted: boolean;
  /** Why: for an untrusted user, Prow's explanation text (untrustedReason.String()). */
  reason: string;
}

/** The `triggers:` entry for org/repo (Prow's TriggerFor): repo entry first, then org entry. */
/** The key gatherFacts files an orgMember fact under (`org/login`, lower-cased). */
export function orgMemberKey(org: string, login: string): string {
  return `${org}/${normLogin(login)}`.toLowerCase();
}

/** A GitHub App's bot login (`name[bot]`) whose app is listed in `trusted_apps`. */
function isTrustedApp(login: string, cfg: TrustConfig): boolean {
  const m = /^(.*)\[bot\]$/i.exec(login);
  if (!m) return false;
  const app = (m[1] ?? '').toLowerCase();
  return (cfg?.trusted_apps ?? []).some((a) => a.toLowerCase() === app);
}

/** The second org to check, when it differs from the repository's org. */
function secondOrg(org: string, cfg: TrustConfig): string | undefined {
  const t = cfg?.trusted_org;
  return t && t.toLowerCase() !== org.toLowerCase() ? t : undefined;
}

/**
 * Facts trustedUser() reads for `login` in `org`: membership of the org, collaborator status
 * (unless only_org_members) and membership of trusted_org. Nothing for the bot itself or a
 * trusted app, whose answer does not depend on GitHub.
 */
export function trustNeeds(login: string, org: string, cfg: TrustConfig, botLogin?: string): FactRequest[] {
  if (!login || isBotUser(login, botLogin ?? '') || isTrustedApp(login, cfg)) return [];
  const out: FactRequest[] = [{ kind: 'orgMember', org, login }];
  if (!cfg?.only_org_members) out.push({ kind: 'collaborator', login });
  const second = secondOrg(org, cfg);
  if (second) out.push({ kind: 'orgMember', org: second, login });
  return out;
}

/**
 * Prow's TrustedUser: the bot itself, a member of the org, a repository collaborator (unless
 * only_org_members), a `trusted_apps` bot (`app[bot]`), or a member of trusted_org. Facts
 * missing from `facts` count as "no". Logins compare case-insensitively.
 */
export function trustedUser(login: string, where: { org: string; repo: string }, cfg: TrustConfig, facts: Pick<Facts, 'orgMembers' | 'collaborators'>, botLogin?: string): Trust {
  const { org } = where;
  if (isBotUser(login, botLogin ?? '')) return { trusted: true, reason: 'the bot itself' };
  if (login && facts.orgMembers[orgMemberKey(org, login)]) return { trusted: true, reason: `member of ${org}` };
  if (login && !cfg?.only_org_members && facts.collaborators[normLogin(login)]) return { trusted: true, reason: 'repository collaborator' };
  if (isTrustedApp(login, cfg)) return { trusted: true, reason: 'trusted app' };
  const second = secondOrg(org, cfg);
  if (second && login && facts.orgMembers[orgMemberKey(second, login)]) return { trusted: true, reason: `member of ${second}` };
  let reason = 'User is not a member of the org. ';
  if (!cfg?.only_org_members) reason += 'User is not a collaborator. ';
  if (second) reason += 'User is not a member of the trusted secondary org. ';
  return { trusted: false, reason: reason + 'Satisfy at least one of these conditions to make the user trusted.' };
}

/** Facts prTrusted() reads: none when the PR already has `ok-to-test`, else the author's trust. */
export function prTrustNeeds(state: Pick<PrView, 'author' | 'owner' | 'labels'>, cfg: TrustConfig, botLogin?: string): FactRequest[] {
  if (state.labels.includes(OK_TO_TEST_LABEL)) return [];
  return trustNeeds(state.author, state.owner, cfg, botLogin);
}

/** Prow's TrustedPullRequest: the author is trusted, or the PR carries `ok-to-test`. */
export function prTrusted(state: Pick<PrView, 'author' | 'owner' | 'repo' | 'labels'>, cfg: TrustConfig, facts: Pick<Facts, 'orgMembers' | 'collaborators'>, botLogin?: string): Trust {
  const author = trustedUser(state.author, { org: state.owner, repo: state.repo }, cfg, facts, botLogin);
  if (author.trusted) return author;
  if (state.labels.includes(OK_TO_TEST_LABEL)) return { trusted: true, reason: `has the ${OK_TO_TEST_LABEL} label` };
  return author;
}
