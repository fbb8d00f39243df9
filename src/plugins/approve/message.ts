// The [APPROVALNOTIFIER] comment, byte for byte as Prow's GetMessage template renders it
// (prow.md §2.4). Pure.
import type { Approval, Approvals } from './approvers.js';

export interface MessageLinks {
  /** GitHub's web address (Prow's github.link_url). */
  linkURL: string;
  commandHelpLink: string;
  prProcessLink: string;
  org: string;
  repo: string;
  branch: string;
  ownersFilename: string;
}

export const NOTIFIER_PREFIX = '[APPROVALNOTIFIER]';

const approval = (a: Approval): string => `*<a href="${a.reference}" title="${a.how}">${a.login}</a>*`;
const approvalList = (list: Approval[]): string => list.map((a, i) => (i ? ', ' : ' ') + approval(a)).join('');
const userLinks = (logins: string[], web: string): string => logins.map((l) => `[${l}](${web}/${l})`).join(', ');

function ownersLine(f: { dir: string; approved: boolean; approvers: string[] }, l: MessageLinks): string {
  const path = f.dir.endsWith('.md') ? f.dir : f.dir === '' ? l.ownersFilename : `${f.dir}/${l.ownersFilename}`;
  const link = `${l.linkURL}/${l.org}/${l.repo}/blob/${l.branch}/${path}`;
  if (f.approved) return `- ~~[${path}](${link})~~ [${f.approvers.join(',')}]\n`;
  if (f.approvers.length > 0) return `- **[${path}](${link})** [${f.approvers.join(',')}]\n  > Need more approvers for rest parts.\n`;
  return `- **[${path}](${link})**\n`;
}

export function notifierMessage(ap: Approvals, l: MessageLinks): string {
  const manual = ap.manuallyApproved;
  const filesOk = ap.filesApproved();
  const process = ` For more information see [the Code Review Process](${l.prProcessLink}).`;
  let m = '';
  if (!ap.requirementsMet() && manual) m += '\nApproval requirements bypassed by manually added approval.\n\n';
  m += `This pull-request has been approved by:${approvalList(ap.list())}`;
  if (!filesOk && !manual) {
    m += '\n';
    const suggested = ap.suggestedCCs();
    const assigned = ap.assignedCCs();
    const once = '**Once this PR has been reviewed and has the lgtm label**';
    if (suggested.length > 0 && assigned.length > 0) {
      m += `${once}, please ask for approval from ${userLinks(assigned, l.linkURL)} and additionally assign ${userLinks(suggested, l.linkURL)} for approval.${process}`;
    } else if (suggested.length > 0) {
      m += `${once}, please assign ${userLinks(suggested, l.linkURL)} for approval.${process}`;
    } else if (assigned.length > 0) {
      m += `${once}, please ask for approval from ${userLinks(assigned, l.linkURL)}.${process}`;
    }
  }
  m += '\n\n';
  if (ap.requireIssue) {
    const noIssue = ap.noIssue();
    if (ap.associatedIssue) m += `Associated issue: *#${ap.associatedIssue}*\n\n`;
    else if (noIssue.length > 0) m += `Associated issue requirement bypassed by:${approvalList(noIssue)}\n\n`;
    else if (manual) m += '*No associated issue*. Requirement bypassed by manually added approval.\n\n';
    else m += '*No associated issue*. Update pull-request body to add a reference to an issue, or get approval with `/approve no-issue`\n\n';
  }
  m += `The full list of commands accepted by this bot can be found [here](${l.commandHelpLink}?repo=${l.org}%2F${l.repo}).\n\n`;
  if (filesOk || manual) m += `The pull request process is described [here](${l.prProcessLink})\n\n`;
  m += `<details ${!filesOk && !manual ? 'open' : ''}>\nNeeds approval from an approver in each of these files:\n\n`;
  m += ap.files().map((f) => ownersLine(f, l)).join('');
  m += '\nApprovers can indicate their approval by writing `/approve` in a comment\nApprovers can cancel approval by writing `/approve cancel` in a comment\n</details>';
  m += `\n<!-- META=${JSON.stringify({ approvers: ap.ccs() })} -->`;
  return `${NOTIFIER_PREFIX} This PR is **${ap.isApproved() ? '' : 'NOT '}APPROVED**\n\n${m.trim()}`;
}
