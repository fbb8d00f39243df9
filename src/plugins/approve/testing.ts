// Shared test fixtures for the approve plugin: a repository with root, pkg and cmd OWNERS.
import { parseOwners } from '../../core/owners.js';
import type { GithubEvent } from '../../core/event.js';
import { renderActions } from '../render.js';
import { facts, prEvent, prView } from '../testing.js';
import type { Action, ChangedFile, OwnersData, PrView, Vote } from '../../core/model.js';
import { approve, type ApproveConfig } from './index.js';

export const OWNERS: OwnersData = {
  files: [
    parseOwners('', 'approvers: [root-a]\n'),
    parseOwners('pkg', 'approvers: [pkg-a]\n'),
    parseOwners('cmd', 'approvers: [cmd-a]\n'),
  ],
  aliases: {},
};

export const BASE: ApproveConfig = {
  issueRequired: false,
  requireSelfApproval: false,
  lgtmActsAsApprove: false,
  ignoreReviewState: false,
  commandHelpLink: 'https://go.k8s.io/bot-commands',
  prProcessLink: 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process',
  skipCollaborators: true,
  ownersFilename: 'OWNERS',
};

export const changed = (...names: string[]): ChangedFile[] => names.map((filename) => ({ filename, additions: 1, deletions: 0, status: 'modified' }));
export const say = (login: string, text: string, url?: string): Vote => ({ login, at: '', source: 'comment', text, ...(url ? { url } : {}) });
export const rev = (login: string, text: string): Vote => ({ login, at: '', source: 'review', text });

export interface Run {
  votes?: Vote[];
  event?: GithubEvent;
  state?: Partial<PrView>;
  cfg?: Partial<ApproveConfig>;
  files?: string[];
  owners?: OwnersData;
  collaborators?: string[];
}

export function run(o: Run = {}) {
  const input = {
    event: o.event ?? prEvent('synchronize'),
    state: prView({ votes: o.votes ?? [], baseRef: 'main', ...o.state }),
    config: { ...BASE, ...o.cfg },
    botLogin: 'bot',
    footer: '',
  };
  const needs = approve.needs(input);
  const f = facts({ changedFiles: changed(...(o.files ?? ['pkg/x.go', 'cmd/y.go'])), owners: o.owners ?? OWNERS, collaboratorList: o.collaborators });
  const actions: Action[] = approve.decide({ ...input, facts: f });
  return { needs, actions, lines: renderActions(actions) };
}

/** The notifier comment's body, if one was posted. */
export function notifier(actions: Action[]): string | undefined {
  const c = actions.find((a) => a.type === 'comment' && a.tag === 'approve-notifier');
  return c && c.type === 'comment' ? c.body : undefined;
}

/** The notifier's title and label changes: what most tests care about. */
export function outcome(actions: Action[]): string[] {
  const title = notifier(actions)?.split('\n')[0]?.replace('[APPROVALNOTIFIER] This PR is ', '');
  return [...(title ? [title] : []), ...renderActions(actions).filter((l) => /^[+-]label /.test(l))];
}
