import { commandLine, normLogin, WS } from '../core/commands.js';
import { formatResponseRaw, webOf } from '../core/respond.js';
import { orgMemberKey } from '../core/trust.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { GithubEvent } from '../core/event.js';
import type { DecideInput, Plugin } from './types.js';
import type { Action, PrView } from '../core/model.js';

// Prow's release-note plugin (pkg/plugins/releasenote/releasenote.go), core behaviour: the
// ```release-note block of the PR body decides one of release-note, release-note-action-required,
// release-note-none or do-not-merge/release-note-label-needed (with an explanation comment,
// deleted once a note is there); `/release-note-none` (PR author or org member) when the block is
// empty or "none"; kind/deprecation forbids "none". The deprecated `/release-note` and
// `/release-note-action-required` get Prow's deprecation reply.
// Left out: `/release-note-edit` (rewrites the PR body) and cherry-pick PRs whose parent PRs
// carry a note (Prow reads the parents' labels); such PRs are held to the normal process here.

export interface ReleaseNoteConfig {
  guidelinesUrl: string;
}

export const RN = 'release-note';
export const RN_NONE = 'release-note-none';
export const RN_ACTION = 'release-note-action-required';
export const RN_NEEDED = 'do-not-merge/release-note-label-needed';
const DEPRECATION = 'kind/deprecation';
const ALL = [RN_NONE, RN_ACTION, RN_NEEDED, RN];
/** botComments tag of the "no release-note block" comment; memory key of "someone said /release-note-none". */
export const RN_TAG = 'release-note';
export const NONE_SAID = 'release-note-none-said';

const noteRe = new RegExp(`(?:Release note\\*\\*:${WS}*(?:<!--[^<>]*-->${WS}*)?\`\`\`(?:release-note)?|\`\`\`release-note)([\\s\\S]+?)\`\`\``);
const noneRe = /^\W*(NONE|NO)\W*$/i;
const releaseNoteRe = commandLine('release-note');
const releaseNoteEditRe = commandLine('release-note-edit');
const releaseNoteNoneRe = commandLine('release-note-none');
const releaseNoteActionRe = commandLine('release-note-action-required');
const PR_ACTIONS = new Set(['opened', 'edited', 'labeled', 'ready_for_review']);

const DEPRECATED_REPLY =
  'the `/release-note` and `/release-note-action-required` commands have been deprecated.\nPlease edit the `release-note` block in the PR body text to include the release note. If the release note requires additional action include the string `action required` in the release note. For example:\n````\n```release-note\nSome release note with action required.\n```\n````';
const DEPRECATION_BODY = `Adding the "${RN_NEEDED}" label and removing any existing "${RN_NONE}" label because there is a "${DEPRECATION}" label on the PR.`;
const neededBody = (url: string) => `Adding the "${RN_NEEDED}" label because no release-note block was detected, please follow our [release note process](${url}) to remove it.`;
// Prow's FormatSimpleResponse(message): no addressee, just the footer in a <details> block.
const simpleResponse = (msg: string, footer: string) => `${msg}\n\n<details>\n\n${footer}\n</details>`;

/** Prow's determineReleaseNoteLabel. */
export function releaseNoteLabel(body: string, labels: ReadonlySet<string>): string {
  const note = (noteRe.exec(body)?.[1] ?? '').trim().toLowerCase();
  const none = noneRe.test(note);
  const deprecated = labels.has(DEPRECATION);
  if (note === '') return deprecated ? RN_NEEDED : labels.has(RN_NONE) ? RN_NONE : RN_NEEDED;
  if (none) return deprecated ? RN_NEEDED : RN_NONE;
  return note.includes('action required') ? RN_ACTION : RN;
}

const hasLabel = (state: PrView, l: string) => state.labels.some((x) => x.toLowerCase() === l);
/** Comments on the PR conversation (Prow's IssueComment handler: not bodies, not reviews). */
const prComment = (state: PrView, event: GithubEvent) =>
  event.kind === 'comment' && event.on !== 'review_thread' && event.action === 'created' && state.isPR ? event : null;

function onComment(input: DecideInput<ReleaseNoteConfig>): Action[] {
  const { state, facts, footer } = input;
  const c = prComment(state, input.event);
  if (!c) return [];
  const url = `${webOf(input)}/${state.owner}/${state.repo}/pull/${state.number}#issuecomment-${c.commentId}`;
  const reply = (msg: string): Action[] => [{ type: 'comment', body: formatResponseRaw(c.body, url, c.actor, msg, footer) }];
  const saysNone = releaseNoteNoneRe.test(c.body);
  // Prow later reads every comment for /release-note-none, whoever wrote it: remember that one was.
  const actions: Action[] = saysNone && !state.memory[NONE_SAID] ? [{ type: 'remember', key: NONE_SAID, value: '1' }] : [];
  if (releaseNoteEditRe.test(c.body)) return actions; // /release-note-edit: not supported
  if (releaseNoteRe.test(c.body)) return [...actions, ...reply(DEPRECATED_REPLY)];
  if (!saysNone) return releaseNoteActionRe.test(c.body) ? reply(DEPRECATED_REPLY) : [];
  const isAuthor = normLogin(c.actor) === normLogin(state.author);
  const member = facts.orgMembers[orgMemberKey(state.owner, c.actor)];
  if (!isAuthor && member === undefined) return actions;
  if (!isAuthor && !member) return [...actions, ...reply(`you can only set the release note label to ${RN_NONE} if you are the PR author or an org member.`)];
  const block = releaseNoteLabel(state.body, new Set(state.labels));
  if (block === RN || block === RN_ACTION) {
    return [...actions, ...reply(`you can only set the release note label to ${RN_NONE} if the release-note block in the PR body text is empty or "none".`)];
  }
  if (hasLabel(state, DEPRECATION)) {
    return [...actions, ...reply(`you can not set the release note label to "${RN_NONE}" because the PR has the label "${DEPRECATION}".`)];
  }
  if (!hasLabel(state, RN_NONE)) actions.push({ type: 'addLabels', labels: [RN_NONE] });
  for (const l of ALL) if (l !== RN_NONE && state.labels.includes(l)) actions.push({ type: 'removeLabel', label: l });
  return actions;
}

function onPullRequest(input: DecideInput<ReleaseNoteConfig>): Action[] {
  const { event, state, config, footer } = input;
  if (event.kind !== 'pull_request' || !PR_ACTIONS.has(event.action)) return [];
  // Only the release-note labels' own events: others would repeat the comment.
  if (event.action === 'labeled' && !ALL.includes(event.label ?? '')) return [];
  const labels = new Set(state.labels);
  const actions: Action[] = [];
  let want = releaseNoteLabel(event.body, labels);
  if (want === RN_NEEDED) {
    if (state.state === 'merged') return [];
    if (labels.has(DEPRECATION)) {
      if (!labels.has(RN_NEEDED)) actions.push({ type: 'comment', body: simpleResponse(DEPRECATION_BODY, footer) });
    } else if (state.memory[NONE_SAID]) {
      want = RN_NONE;
    } else if (!labels.has(RN_NEEDED)) {
      actions.push({ type: 'comment', body: simpleResponse(neededBody(config.guidelinesUrl), footer), tag: RN_TAG });
    }
  }
  if (!labels.has(want)) {
    actions.push({ type: 'addLabels', labels: [want] });
    labels.add(want);
  }
  for (const l of ALL) {
    if (l !== want && labels.has(l)) {
      actions.push({ type: 'removeLabel', label: l });
      labels.delete(l);
    }
  }
  // Once a note label is there, the "no release-note block" comments have done their job.
  if ([RN, RN_ACTION, RN_NONE].some((l) => labels.has(l))) {
    for (const commentId of state.botComments[RN_TAG] ?? []) actions.push({ type: 'deleteComment', commentId });
  }
  return actions;
}

export const releaseNote: Plugin<ReleaseNoteConfig> = {
  name: 'release-note',
  help: {
    description: `The releasenote plugin implements a release note process that uses a markdown 'release-note' code block to associate a release note with a pull request. Until the 'release-note' block in the pull request body is populated the PR will be assigned the '${RN_NEEDED}' label.`,
    commands: [
      {
        usage: '/release-note-none',
        description: `Adds the '${RN_NONE}' label to indicate that the PR does not warrant a release note. This is deprecated and ideally the release note process should be followed in the PR body instead.`,
        whoCanUse: 'PR Authors and Org Members.',
        examples: ['/release-note-none'],
      },
    ],
    config: 'release_note: {guidelines_url}',
  },
  config: (plugins: PluginsConfig) => ({ guidelinesUrl: plugins.release_note?.guidelines_url || 'https://git.k8s.io/community/contributors/guide/release-notes.md' }),
  needs({ event, state }) {
    const c = prComment(state, event);
    if (!c || !releaseNoteNoneRe.test(c.body) || releaseNoteEditRe.test(c.body) || releaseNoteRe.test(c.body)) return [];
    if (normLogin(c.actor) === normLogin(state.author)) return [];
    return [{ kind: 'orgMember', org: state.owner, login: c.actor }];
  },
  decide: (input) => [...onComment(input), ...onPullRequest(input)],
};
