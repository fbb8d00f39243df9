import { BOL, DOT, EOL, genericComment, WS } from '../core/commands.js';
import { formatResponseRaw, webOf } from '../core/respond.js';
import { orgMemberKey } from '../core/trust.js';
import type { DecideInput, Plugin } from './types.js';
import type { Action, CherryPickReplies, FactRequest, PrView, ReplyTo } from '../core/model.js';

// Prow's cherrypicker external plugin (cmd/external-plugins/cherrypicker/server.go, lib/lib.go)
// with its default flags (org members only, label prefix `cherrypick/`, Prow assignments).
// `/cherrypick <branch> [chained branches…]` (or `/cherry-pick`) in a PR comment: on an open PR it
// is remembered and acted on when the PR merges; on a merged PR at once. The PR body and
// `cherrypick/<branch>` labels ask for the PR's author. Acting is one `cherryPick` action per
// branch; the workflow opens the new PR and answers in Prow's words (cherryPickOutcome below).
// Prow re-reads every comment when the PR merges; here requests seen while the PR was open are kept
// in memory (so commands written before Coxswain saw the PR, or later edited, are not read).

export const LABEL_PREFIX = 'cherrypick/';
const MEMORY_PREFIX = 'cherrypick:';
const commandRe = new RegExp(`${BOL}(?:\\/cherrypick|\\/cherry-pick)${WS}+(${DOT}+)${EOL}`, 'g');
const releaseNoteRe = new RegExp(`(?:Release note\\*\\*:${WS}*(?:<!--[^<>]*-->${WS}*)?\`\`\`(?:release-note)?|\`\`\`release-note)([\\s\\S]+?)\`\`\``);

/** One requested cherry-pick: who asked, the branches to chain after it, the comment to answer (none: a label asked). */
interface Request {
  requester: string;
  chain: string[];
  replyTo?: ReplyTo;
}

/** Prow's parseComment: target branch → the branches chained after it; a later line for the same branch wins. */
export function parseCherryPicks(body: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of body.matchAll(commandRe)) {
    const [target, ...chain] = (m[1] ?? '').trim().split(/\s+/);
    if (target) out.set(target, chain);
  }
  return out;
}

const notOrgMember = (org: string, login: string, web: string) =>
  `only [${org}](${web}/orgs/${org}/people) org members may request cherry picks. If you are already part of the org, make sure to [change](${web}/orgs/${org}/people?query=${login}) your membership to public. Otherwise you can still do the cherry-pick manually. `;
const onBase = (base: string) => `I cannot cherry-pick the present PR on top of its base branch (\`${base}\`).`;
const sameBranch = (base: string) => `base branch (${base}) needs to differ from target branch (${base})`;
function willPick(branches: string[]): string {
  const names = branches.map((b) => `\`${b}\``);
  return names.length === 1
    ? `once the present PR merges, I will cherry-pick it on top of ${names[0]} in a new PR and assign it to you.`
    : `once the present PR merges, I will cherry-pick it on top of ${names.join(', ')} in new PRs and assign them to you.`;
}

/** Prow's reply: to the comment that asked, or (a label asked) `In response to a cherrypick label: …`. */
export function cherryPickReply(to: ReplyTo | undefined, text: string, footer?: string): string {
  return to ? formatResponseRaw(to.body, to.url, to.login, text, footer) : `In response to a cherrypick label: ${text}`;
}

/** Prow's answer once the new PR is there (or was already there). */
export function cherryPickOutcome(number: number, made: { number: number | string; url: string; existing: boolean }): string {
  return made.existing ? `Looks like #${number} has already been cherry picked in ${made.url}` : `new pull request created: #${made.number}`;
}

/** Prow's answer when the cherry-pick failed, by the failure's type (see activities/cherry-pick.ts). */
export function cherryPickFailure(number: number, branch: string, failure: { type?: string | null; message: string } | undefined): string {
  const message = failure?.message ?? 'unknown error';
  switch (failure?.type) {
    case 'CherryPickConflict':
      return `#${number} failed to apply on top of branch "${branch}":\n\`\`\`\n${message}\n\`\`\``;
    case 'CherryPickNoBranch':
      return `cannot checkout \`${branch}\`: ${message}`;
    case 'CherryPickUnmerged':
      return 'cannot cherry-pick an unmerged PR';
    default:
      return `new pull request could not be created: ${message}`;
  }
}

/** Prow's title (`[branch] title`, without the base branch's own `[base] ` marker) and body (lib.CreateCherrypickBody). */
export function cherryPickPR(state: PrView, branch: string, req: Request): { title: string; body: string } {
  const title = `[${branch}] ${state.title.replace(`[${state.baseRef}] `, '')}`;
  let body = `This is an automated cherry-pick of #${state.number}\n\n/assign ${req.requester}`;
  const note = releaseNoteRe.exec(state.body)?.[1];
  if (note !== undefined) body += `\n\n\`\`\`release-note\n${note.trim()}\n\`\`\``;
  if (req.chain.length > 0) body += `\n\n/cherrypick ${req.chain.join(' ')}`;
  const kinds = [...new Set(state.labels.filter((l) => l.startsWith('kind/')).map((l) => l.slice('kind/'.length)).filter(Boolean))].sort();
  if (kinds.length > 0) body += `\n\n${kinds.map((k) => `/kind ${k}`).join('\n')}`;
  return { title, body };
}

/** What the workflow answers once the cherry-pick is done or has failed, in Prow's words. */
export function cherryPickReplies(number: number, branch: string): CherryPickReplies {
  const failure = (type: string) => cherryPickFailure(number, branch, { type, message: '{{message}}' });
  return {
    created: cherryPickOutcome(number, { number: '{{number}}', url: '', existing: false }),
    existing: cherryPickOutcome(number, { number: 0, url: '{{url}}', existing: true }),
    failures: Object.fromEntries(['CherryPickConflict', 'CherryPickNoBranch', 'CherryPickUnmerged'].map((t) => [t, failure(t)])),
    failed: failure(''),
    unaddressed: cherryPickReply(undefined, '{{text}}'),
  };
}

function pick(state: PrView, branch: string, req: Request): Action {
  return {
    type: 'cherryPick',
    targetBranch: branch,
    ...cherryPickPR(state, branch, req),
    requester: req.requester,
    ...(req.replyTo ? { replyTo: req.replyTo } : {}),
    replies: cherryPickReplies(state.number, branch),
  };
}

const isMember = (input: DecideInput<null>, login: string) => input.facts.orgMembers[orgMemberKey(input.state.owner, login)];
const conversationComment = ({ event, state }: Pick<DecideInput<null>, 'event' | 'state'>) =>
  state.isPR && event.kind === 'comment' && event.action === 'created' && event.on !== 'review_thread' ? event : null;
const labelBranch = ({ event }: Pick<DecideInput<null>, 'event'>) =>
  event.kind === 'pull_request' && event.action === 'labeled' && event.label?.startsWith(LABEL_PREFIX) ? event.label.slice(LABEL_PREFIX.length) : undefined;
const justMerged = ({ event, state }: Pick<DecideInput<null>, 'event' | 'state'>) =>
  state.isPR && event.kind === 'pull_request' && event.action === 'closed' && event.merged;
const authorAsks = (state: PrView) => parseCherryPicks(state.body).size > 0 || state.labels.some((l) => l.startsWith(LABEL_PREFIX));

/** Prow's handleIssueComment. */
function onComment(input: DecideInput<null>): Action[] {
  const { state, footer } = input;
  const c = conversationComment(input) ? genericComment(input.event, state) : null;
  if (!c) return [];
  const commands = parseCherryPicks(c.body);
  if (commands.size === 0) return [];
  const replyTo: ReplyTo = { login: c.author, body: c.body, url: c.url };
  const reply = (text: string): Action => ({ type: 'comment', body: cherryPickReply(replyTo, text, footer) });
  const invalid = commands.delete(state.baseRef);
  if (commands.size === 0) return [reply(onBase(state.baseRef))];
  if (state.state === 'closed') return [reply('cannot cherry-pick an unmerged PR')];
  const member = isMember(input, c.author);
  if (member === undefined) return [];
  if (!member) return [reply(notOrgMember(state.owner, c.author, webOf(input)))];
  const branches = [...commands.keys()].sort();
  if (state.state === 'open') {
    const text = willPick(branches) + (invalid ? ` I cannot cherry-pick it on top of \`${state.baseRef}\` because that is already its base branch.` : '');
    const remember = branches.map((b): Action => ({ type: 'remember', key: MEMORY_PREFIX + b, value: JSON.stringify({ requester: c.author, chain: commands.get(b) ?? [], replyTo }) }));
    return [...remember, reply(text)];
  }
  return [...(invalid ? [reply(onBase(state.baseRef))] : []), ...branches.map((b) => pick(state, b, { requester: c.author, chain: commands.get(b) ?? [], replyTo }))];
}

/** Prow's handlePullRequestLabelAdded: the label asks for the PR's author. */
function onLabel(input: DecideInput<null>): Action[] {
  const { state } = input;
  const branch = labelBranch(input);
  if (branch === undefined || !state.isPR) return [];
  const say = (text: string): Action[] => [{ type: 'comment', body: cherryPickReply(undefined, text) }];
  const member = isMember(input, state.author);
  if (member === undefined) return [];
  if (!member) return say(notOrgMember(state.owner, state.author, webOf(input)));
  if (branch === state.baseRef) return say(sameBranch(state.baseRef));
  if (state.state !== 'merged') return say(`@${state.author} ${willPick([branch])}`);
  return [pick(state, branch, { requester: state.author, chain: [] })];
}

/** Prow's handlePullRequestClosed: every request (remembered comments, the PR body, labels) once the PR merges. */
function onMerge(input: DecideInput<null>): Action[] {
  const { state, footer } = input;
  if (!justMerged(input)) return [];
  const requests = new Map<string, Request>();
  const forget: Action[] = [];
  for (const [key, value] of Object.entries(state.memory)) {
    if (!key.startsWith(MEMORY_PREFIX)) continue;
    forget.push({ type: 'remember', key, value: null });
    try {
      requests.set(key.slice(MEMORY_PREFIX.length), JSON.parse(value) as Request);
    } catch {
      // an unreadable entry: nothing to act on
    }
  }
  // Prow checks the author's membership before acting on the body and labels; silently.
  if (isMember(input, state.author)) {
    const bodyReply: ReplyTo = { login: state.author, body: state.body, url: `${webOf(input)}/${state.owner}/${state.repo}/pull/${state.number}` };
    for (const [branch, chain] of parseCherryPicks(state.body)) if (!requests.has(branch)) requests.set(branch, { requester: state.author, chain, replyTo: bodyReply });
    for (const l of state.labels) {
      const branch = l.startsWith(LABEL_PREFIX) ? l.slice(LABEL_PREFIX.length) : '';
      if (branch && !requests.has(branch)) requests.set(branch, { requester: state.author, chain: [] });
    }
  }
  const actions: Action[] = [];
  for (const branch of [...requests.keys()].sort()) {
    const req = requests.get(branch) as Request;
    if (branch === state.baseRef) actions.push({ type: 'comment', body: cherryPickReply(req.replyTo, sameBranch(branch), footer) });
    else actions.push(pick(state, branch, req));
  }
  return [...actions, ...forget];
}

export const cherrypick: Plugin<null> = {
  name: 'cherrypicker',
  help: {
    description:
      'The cherrypick plugin is used for cherrypicking PRs across branches. For every successful cherrypick invocation a new PR is opened against the target branch and assigned to the requester. If the parent PR contains a release note, it is copied to the cherrypick PR. Kind labels (e.g. kind/bug, kind/cleanup) from the original PR are copied into the cherry-pick PR description as /kind commands so the bot can re-apply them.',
    commands: [
      {
        usage: '/cherrypick [branch]',
        description:
          'Cherrypick a PR to a different branch. This command works both in merged PRs (the cherrypick PR is opened immediately) and open PRs (the cherrypick PR opens as soon as the original PR merges). If multiple branches are specified, separated by a space, a cherrypick for the first branch will be created with a comment to cherrypick the remaining branches after the first merges.',
        whoCanUse: 'Members of the trusted organization for the repo.',
        examples: ['/cherrypick release-3.9', '/cherry-pick release-1.15', '/cherrypick release-1.6 release-1.5 release-1.4'],
      },
    ],
  },
  config: () => null,
  needs(input): FactRequest[] {
    const { state } = input;
    const c = conversationComment(input);
    if (c && parseCherryPicks(c.body).size > 0) return [{ kind: 'orgMember', org: state.owner, login: c.actor }];
    if ((labelBranch(input) !== undefined && state.isPR) || (justMerged(input) && authorAsks(state))) return [{ kind: 'orgMember', org: state.owner, login: state.author }];
    return [];
  },
  decide: (input) => [...onComment(input), ...onLabel(input), ...onMerge(input)],
};
