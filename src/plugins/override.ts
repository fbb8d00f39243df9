import { BOL, EOL, genericComment, goTrimSpace, normLogin, type GenericComment } from '../core/commands.js';
import { presubmitTriggers, type PresubmitTrigger } from '../core/job-select.js';
import type { Action, FactRequest, Facts, PrView } from '../core/model.js';
import { RepoOwners, skipsCollaborators } from '../core/owners.js';
import { formatResponseRaw } from '../core/respond.js';
import type { DecideInput, Plugin } from './types.js';

// Prow's override plugin (pkg/plugins/override): `/override <context>...` sets failed or pending
// status contexts on the PR's head to success ("Overridden by <user>"), `/override-sticky` does the
// same with Prow's skip-retest sentinel in the description, and `/override-cancel [<context>...]`
// sets overridden contexts back to failure. Repo admins may use them, and when plugins.yaml's
// `override:` says so, approvers of the top-level OWNERS file and members of the listed teams.
// A context may be named by the context or by the presubmit that reports it; names are compared
// exactly (the command itself is case-insensitive). Prow's replies are kept word for word.
//
// Not done as Prow does: no ProwJob is recorded for an overridden presubmit (the status alone is
// set), check runs are not listed or overridden, contexts required by branch protection that have
// not reported are not offered, and the description carries no ` BaseSHA:` suffix (the base
// branch's current SHA is not a fact here).

export const OVERRIDE_DESCRIPTION_PREFIX = 'Overridden by';
/** Prow's config.SkipRetestSentinel: Tide keeps the context passing on this head SHA. */
export const SKIP_RETEST_SENTINEL = '[prow:skip-retest]';

// Go's `(?mi)^/override( ([^\r\n]+))?[\r\n]?$` and its sticky and cancel forms. Linear: anchored
// at line starts, and the argument stops at the first \r or \n.
const commandRe = (name: string) => new RegExp(`${BOL}\\/${name}(?: ([^\\r\\n]+))?[\\r\\n]?${EOL}`, 'giu');
const OVERRIDE_RE = commandRe('override');
const STICKY_RE = commandRe('override-sticky');
const CANCEL_RE = commandRe('override-cancel');

export interface OverrideCfg {
  allowTopLevelOwners: boolean;
  /** `org/repo` or `org` → team slugs whose members may override. */
  allowedTeams: Record<string, string[]>;
  /** owners.skip_collaborators lists this repo: OWNERS approvers are not filtered by collaborators. */
  skipCollaborators: boolean;
  presubmits: PresubmitTrigger[];
}

/** Prow's whoCanUse, byte for byte (org and repo empty: the help page's text). */
export function whoCanUse(cfg: Pick<OverrideCfg, 'allowTopLevelOwners' | 'allowedTeams'>, org: string, repo: string): string {
  const owners = cfg.allowTopLevelOwners ? ', approvers in top level OWNERS file' : '';
  let teams = '';
  const entries = Object.entries(cfg.allowedTeams);
  if (entries.length > 0) {
    const repoRef = `${org}/${repo}`;
    const all = entries.filter(([r]) => repoRef === '/' || r === repoRef || r === org).map(([r, slugs]) => `${r}: ${slugs.join(' ')}`);
    teams = `, and the following github teams:${goSorted(all).join(', ')}`;
  }
  return `Repo administrators${owners}${teams}.`;
}

/** Go's sort.Strings: byte order of UTF-8, which is code point order (not UTF-16's). */
function goSorted(list: Iterable<string>): string[] {
  return [...list].sort((a, b) => {
    let i = 0;
    while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === a.length || i === b.length) return a.length - b.length;
    // Where they first differ, the code points compare as UTF-8 bytes do.
    return a.codePointAt(i)! - b.codePointAt(i)!;
  });
}

/** Prow's parseOverrideInput: split on spaces outside double quotes, then trim and unquote each. */
export function parseOverrideInput(text: string): string[] {
  const fields: string[] = [];
  let quoted = false;
  let field = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === ' ') {
      if (field !== '') fields.push(field);
      field = '';
    } else field += ch;
  }
  if (field !== '') fields.push(field);
  return fields.map((f) => goTrimSpace(f).replace(/^"+|"+$/g, ''));
}

interface Command {
  kind: 'cancel' | 'sticky' | 'override';
  /** The argument of each match; undefined when the command had none. */
  args: Array<string | undefined>;
}

function commandsIn(body: string): Command[] {
  const out: Command[] = [];
  for (const [kind, re] of [['cancel', CANCEL_RE], ['sticky', STICKY_RE], ['override', OVERRIDE_RE]] as const) {
    const args = [...body.matchAll(re)].map((m) => m[1]);
    if (args.length > 0) out.push({ kind, args });
  }
  return out;
}

type Input = Omit<DecideInput<OverrideCfg>, 'facts'> & { facts?: Facts };

/** The comment, when it is a new comment on an open PR from someone other than the bot. */
function commentOf({ event, state, botLogin }: Input): GenericComment | null {
  if (!state.isPR || state.state !== 'open') return null;
  const c = genericComment(event, state);
  if (!c || c.action !== 'created' || isSelf(c.author, botLogin)) return null;
  return c;
}

function isSelf(login: string, botLogin: string): boolean {
  const bare = (l: string) => normLogin(l).replace(/\[bot\]$/, '');
  return botLogin !== '' && bare(login) === bare(botLogin);
}

/** Whether the command gets past its own parsing to the checks that need facts. */
function needsFacts(c: Command): boolean {
  return c.kind === 'cancel' || c.args.every((a) => a !== undefined);
}

function teamSlugs(cfg: OverrideCfg, org: string, repo: string): string[] {
  return [...(cfg.allowedTeams[`${org}/${repo}`] ?? []), ...(cfg.allowedTeams[org] ?? [])];
}

function authNeeds(user: string, state: PrView, cfg: OverrideCfg): FactRequest[] {
  const out: FactRequest[] = [{ kind: 'permission', login: user }];
  if (Object.keys(cfg.allowedTeams).length > 0) {
    for (const slug of teamSlugs(cfg, state.owner, state.repo)) out.push({ kind: 'team', org: state.owner, slug });
  }
  if (cfg.allowTopLevelOwners) {
    out.push({ kind: 'owners' });
    if (!cfg.skipCollaborators) out.push({ kind: 'collaboratorList' });
  }
  return out;
}

/** Prow's isAuthorized: a repo admin, a member of an allowed team, or a top-level OWNERS approver. */
function authorized(user: string, state: PrView, cfg: OverrideCfg, facts: Facts): boolean {
  const login = normLogin(user);
  if (facts.permissions[login] === 'admin') return true;
  if (Object.keys(cfg.allowedTeams).length > 0) {
    for (const slug of teamSlugs(cfg, state.owner, state.repo)) {
      if ((facts.teams[`${state.owner}/${slug}`.toLowerCase()] ?? []).some((m) => normLogin(m) === login)) return true;
    }
  }
  if (cfg.allowTopLevelOwners && facts.owners) {
    const owners = new RepoOwners(facts.owners, cfg.skipCollaborators ? undefined : facts.collaboratorList ?? []);
    return owners.topLevelApprovers().has(login);
  }
  return false;
}

function formatList(list: string[]): string {
  return list.map((item) => ` - \`${item}\``).join('\n');
}

export const override: Plugin<OverrideCfg> = {
  name: 'override',
  help: {
    description: 'The override plugin allows repo admins to force a github status context to pass',
    config: 'override: allow_top_level_owners, allowed_github_teams (org/repo or org → team slugs); owners.skip_collaborators; presubmits in config.yaml',
    commands: [
      {
        usage: '/override [context1] [context2]',
        description: 'Forces github status contexts to green (multiple can be given). If the desired context has spaces, it must be quoted. Overrides expire when the base branch moves.',
        whoCanUse: whoCanUse({ allowTopLevelOwners: false, allowedTeams: {} }, '', ''),
        examples: ['/override pull-repo-whatever', '/override "test / Unit Tests"', '/override ci/circleci', '/override deleted-job other-job'],
      },
      {
        usage: '/override-sticky [context1] [context2]',
        description: 'Like /override, but the override persists across retests on the current HEAD SHA even when the base branch moves. Pushing a new commit clears them. Use /override-cancel to remove.',
        whoCanUse: whoCanUse({ allowTopLevelOwners: false, allowedTeams: {} }, '', ''),
        examples: ['/override-sticky pull-repo-whatever', '/override-sticky "test / Unit Tests"'],
      },
      {
        usage: '/override-cancel [context]',
        description: 'Removes overrides by setting the status back to failure. Works on both regular and sticky overrides. If a context is given, only that override is removed. If no context is given, all overrides on the PR are removed.',
        whoCanUse: whoCanUse({ allowTopLevelOwners: false, allowedTeams: {} }, '', ''),
        examples: ['/override-cancel pull-repo-whatever', '/override-cancel'],
      },
    ],
  },
  config(plugins, org, repo, prow) {
    const o = plugins.override;
    return {
      allowTopLevelOwners: o?.allow_top_level_owners ?? false,
      allowedTeams: { ...(o?.allowed_github_teams ?? {}) },
      skipCollaborators: skipsCollaborators(plugins.owners?.skip_collaborators, org, repo),
      presubmits: presubmitTriggers(prow, org, repo),
    };
  },

  needs(input) {
    const c = commentOf(input);
    if (!c) return [];
    if (!commandsIn(c.body).some(needsFacts)) return [];
    return [...authNeeds(c.author, input.state, input.config), { kind: 'headContexts' }];
  },

  decide(input) {
    const c = commentOf(input);
    if (!c) return [];
    const { state, config, facts, footer } = input;
    const user = c.author;
    const reply = (text: string): Action => ({ type: 'comment', body: formatResponseRaw(c.body, c.url, user, text, footer) });
    const isAuthorized = () => authorized(user, state, config, facts);
    // The head's statuses as GitHub has them now; what a handler sets is seen by the next one.
    const statuses = new Map<string, { state: string; description: string }>();
    for (const [context, st] of Object.entries(facts.headContexts ?? {})) {
      statuses.set(context, { state: st, description: state.contexts[context]?.state === st ? state.contexts[context].description : '' });
    }
    const out: Action[] = [];
    for (const cmd of commandsIn(c.body)) {
      if (cmd.kind === 'cancel') {
        if (!isAuthorized()) {
          out.push(reply(`${user} unauthorized: /override-cancel is restricted to ${whoCanUse(config, state.owner, state.repo)}`));
          continue;
        }
        const cancelAll = cmd.args.some((a) => a === undefined);
        const wanted = new Set(cmd.args.flatMap((a) => (a === undefined ? [] : parseOverrideInput(a))));
        const cancelled = new Set<string>();
        const description = `Override cancelled by ${user}`;
        // An override still standing: the context's latest status is one an override wrote
        // (its description, from the status events this PR's workflow saw, says so).
        for (const [context, st] of statuses) {
          if (st.state !== 'success' || !st.description.includes(OVERRIDE_DESCRIPTION_PREFIX)) continue;
          if (!cancelAll && !wanted.has(context)) continue;
          out.push({ type: 'status', context, state: 'failure', description });
          statuses.set(context, { state: 'failure', description });
          cancelled.add(context);
        }
        out.push(reply(cancelled.size === 0 ? 'No overrides found to cancel' : `Cancelled overrides on behalf of ${user}: ${goSorted(cancelled).join(', ')}`));
        continue;
      }
      const sticky = cmd.kind === 'sticky';
      const cmdName = sticky ? '/override-sticky' : '/override';
      if (cmd.args.some((a) => a === undefined)) {
        out.push(reply(`${cmdName} requires failed status contexts to operate on, but none was given`));
        continue;
      }
      if (!isAuthorized()) {
        out.push(reply(`${user} unauthorized: ${cmdName} is restricted to ${whoCanUse(config, state.owner, state.repo)}`));
        continue;
      }
      const overrides = new Set(cmd.args.flatMap((a) => parseOverrideInput(a ?? '')));
      const jobFor = (context: string) => config.presubmits.find((p) => p.context === context);
      const contexts = new Set<string>();
      for (const [context, st] of statuses) {
        if (st.state === 'success') continue;
        contexts.add(context);
        const job = jobFor(context);
        if (job) contexts.add(job.name);
      }
      const unknown = [...overrides].filter((o) => !contexts.has(o));
      if (unknown.length > 0) {
        out.push(
          reply(
            `${cmdName} requires failed status contexts, check run or a prowjob name to operate on.\nThe following unknown contexts/checkruns were given:\n${formatList(goSorted(unknown))}\n\nOnly the following failed contexts/checkruns were expected:\n${formatList(goSorted(contexts))}\n\nIf you are trying to override a checkrun that has a space in it, you must put a double quote on the context.\n`,
          ),
        );
        continue;
      }
      const description = sticky ? `${OVERRIDE_DESCRIPTION_PREFIX} ${user} ${SKIP_RETEST_SENTINEL}` : `${OVERRIDE_DESCRIPTION_PREFIX} ${user}`;
      const done = new Set<string>();
      for (const [context, st] of statuses) {
        const job = jobFor(context);
        if (st.state === 'success' || !(overrides.has(context) || (job && overrides.has(job.name)))) continue;
        out.push({ type: 'status', context, state: 'success', description });
        statuses.set(context, { state: 'success', description });
        done.add(context);
      }
      if (done.size > 0) {
        const list = goSorted(done).join(', ');
        out.push(
          reply(
            sticky
              ? `Overrode contexts on behalf of ${user}: ${list}\n\nThese overrides will persist across retests on the current HEAD SHA. Pushing a new commit will clear them. Use \`/override-cancel\` to remove them.`
              : `Overrode contexts on behalf of ${user}: ${list}`,
          ),
        );
      }
    }
    return out;
  },
};
