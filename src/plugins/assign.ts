import { GITHUB_WEB, webOf } from '../core/respond.js';
import { findAll, genericComment, normLogin, type GenericComment } from '../core/commands.js';
import type { Plugin } from './types.js';
import type { Action, ReplyTo } from '../core/model.js';

// Prow's assign plugin (pkg/plugins/assign): `/assign`, `/unassign` (issues and PRs) and `/cc`,
// `/uncc` (review requests, PRs only). Without arguments the commenter is the target. Anyone may
// use them; GitHub decides who can be assigned, and the workflow answers with assignRefusal() /
// reviewRefusal() for the users GitHub dropped. `/assign` takes no teams (Prow's regex has no
// `/`); `/cc @org/team` requests a team review, and a team of another org is refused.

const assignRe = /^\/(un)?assign(( @?[-\w]+?)*)\s*$/gim;
const ccRe = /^\/(un)?cc(( +@?[-/\w]+?)*)\s*$/gim;

/** Prow's text when GitHub did not assign some users (`org` is the repository's owner). */
export function assignRefusal(missing: string[], org: string, web = GITHUB_WEB): string {
  return (
    `GitHub didn't allow me to assign the following users: ${missing.join(', ')}.\n\n` +
    `Note that only [${org} members](${web}/orgs/${org}/people) with read permissions, repo collaborators and people who have commented on this issue/PR can be assigned. Additionally, issues/PRs can only have 10 assignees at the same time.\n` +
    'For more information please see [the contributor guide](https://git.k8s.io/community/contributors/guide/first-contribution.md#issue-assignment-in-github)'
  );
}

/** Prow's text when GitHub refused some review requests. */
export function reviewRefusal(missing: string[], org: string, web = GITHUB_WEB): string {
  return (
    `GitHub didn't allow me to request PR reviews from the following users: ${missing.join(', ')}.\n\n` +
    `Note that only [${org} members](${web}/orgs/${org}/people) and repo collaborators can review this PR, and authors cannot review their own PRs.`
  );
}

/** Prow's parseLogins: space-separated, `@` and spaces trimmed from both ends. */
function parseLogins(text: string): string[] {
  return text
    .split(' ')
    .map((p) => p.replace(/^[@ ]+|[@ ]+$/g, ''))
    .filter((p) => p !== '');
}

/** Targets of every matching line: the last word about a login wins (add or remove). */
function targets(re: RegExp, c: GenericComment): { add: string[]; remove: string[] } {
  const wanted = new Map<string, { login: string; add: boolean }>();
  for (const m of findAll(re, c.body)) {
    // Prow compares the prefix case-sensitively: `/UNassign` assigns. Kept for the same result.
    const add = m[1] !== 'un';
    const logins = m[2] ? parseLogins(m[2]) : [c.author];
    for (const login of logins) wanted.set(normLogin(login), { login, add });
  }
  const all = [...wanted.values()];
  return { add: all.filter((w) => w.add).map((w) => w.login), remove: all.filter((w) => !w.add).map((w) => w.login) };
}

/** Splits /cc targets into users, this org's team slugs and teams of other orgs (Prow's teamRe). */
function splitTeams(list: string[], org: string): { logins: string[]; teams: string[]; foreign: string[] } {
  const out = { logins: [] as string[], teams: [] as string[], foreign: [] as string[] };
  for (const t of list) {
    const slash = t.lastIndexOf('/');
    if (slash < 0) out.logins.push(t);
    else if (t.slice(0, slash).toLowerCase() === org.toLowerCase()) out.teams.push(t.slice(slash + 1));
    else out.foreign.push(t);
  }
  return out;
}

export const assign: Plugin<null> = {
  name: 'assign',
  help: {
    description:
      "The assign plugin assigns or requests reviews from users/teams. Specific users can be assigned with the command '/assign @user1' or have reviews requested of them with the command '/cc @user1'. If no users are specified, the commands default to targeting the user who created the command. Assignments and requested reviews can be removed in the same way that they are added by prefixing the commands with 'un'.",
    commands: [
      {
        usage: '/[un]assign [[@]<username>...|[@]<orgname/teamname>...]',
        description: 'Assigns assignee(s) or team(s) to the PR',
        whoCanUse: 'Anyone can use the command, but the target user(s) must be an org member, a repo collaborator, or should have previously commented on the issue or PR.',
        examples: ['/assign', '/unassign', '/assign @spongebob', '/assign spongebob patrick'],
      },
      {
        usage: '/[un]cc [[@]<username>...|[@]<orgname/teamname>...]',
        description: 'Requests a review from the user(s) or team(s).',
        whoCanUse: 'Anyone can use the command, but the target user(s) must be a member of the org that owns the repository.',
        examples: ['/cc', '/uncc', '/cc @spongebob', '/cc spongebob patrick', '/cc @kubernetes/sig-foo-bar'],
      },
    ],
  },
  config: () => null,
  needs: () => [],
  decide(input) {
    const { event, state } = input;
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    const reply: ReplyTo = { login: c.author, body: c.body, url: c.url };
    const out: Action[] = [];

    const a = targets(assignRe, c);
    if (a.remove.length > 0) out.push({ type: 'unassign', logins: a.remove });
    if (a.add.length > 0) out.push({ type: 'assign', logins: a.add, refusalReply: reply, refusalText: assignRefusal(['{{logins}}'], state.owner, webOf(input)) });

    if (state.isPR) {
      const r = targets(ccRe, c);
      const remove = splitTeams(r.remove, state.owner);
      if (remove.logins.length + remove.teams.length > 0) {
        out.push({ type: 'unrequestReview', logins: remove.logins, ...(remove.teams.length ? { teams: remove.teams } : {}) });
      }
      const add = splitTeams(r.add, state.owner);
      if (r.add.length > 0) {
        out.push({
          type: 'requestReview',
          logins: add.logins,
          ...(add.teams.length ? { teams: add.teams } : {}),
          ...(add.foreign.length ? { refused: add.foreign } : {}),
          refusalReply: reply,
          refusalText: reviewRefusal(['{{logins}}'], state.owner, webOf(input)),
        });
      }
    }
    return out;
  },
};
