import { BOL, commandLine, EOL, findAll, genericComment, normLogin, WS } from '../core/commands.js';
import { formatResponseRaw } from '../core/respond.js';
import type { Plugin } from './types.js';
import type { Action, FactRequest, PrView } from '../core/model.js';
import type { GenericComment } from '../core/commands.js';

// Prow's lifecycle plugin (pkg/plugins/lifecycle/{lifecycle,close,reopen}.go): /close,
// /close not-planned, /reopen (author or collaborator; anyone may close a stale or rotten one) and
// /[remove-]lifecycle active|frozen|stale|rotten (anyone; one lifecycle label at a time; frozen
// never on PRs). Prow handles /reopen, then /close, then /lifecycle, each on new comments only.

const LIFECYCLE = ['lifecycle/active', 'lifecycle/frozen', 'lifecycle/stale', 'lifecycle/rotten'];
const INACTIVE = ['lifecycle/stale', 'lifecycle/rotten'];
const closeRe = commandLine('close');
const closeNotPlannedRe = commandLine('close not-planned');
const reopenRe = commandLine('reopen');
const lifecycleRe = new RegExp(`${BOL}\\/(remove-)?lifecycle (active|frozen|stale|rotten)${WS}*${EOL}`, 'giu');

type Wants = { close: boolean; notPlanned: boolean; reopen: boolean };

function wants(c: GenericComment | null, state: PrView): Wants | null {
  if (!c || c.action !== 'created') return null;
  const open = state.state === 'open';
  const notPlanned = open && closeNotPlannedRe.test(c.body);
  return { close: open && (notPlanned || closeRe.test(c.body)), notPlanned, reopen: !open && reopenRe.test(c.body) };
}

const isAuthor = (c: GenericComment, state: PrView) => normLogin(c.author) === normLogin(state.author);
const isInactive = (state: PrView) => state.labels.some((l) => INACTIVE.includes(l.toLowerCase()));

export const lifecycle: Plugin<null> = {
  name: 'lifecycle',
  help: {
    description: 'Close, reopen, flag and/or unflag an issue or PR as frozen/stale/rotten',
    commands: [
      {
        usage: '/close [not-planned]',
        description: 'Closes an issue or PR.',
        whoCanUse: 'Authors and collaborators on the repository can trigger this command.',
        examples: ['/close', '/close not-planned'],
      },
      {
        usage: '/reopen',
        description: 'Reopens an issue or PR',
        whoCanUse: 'Authors and collaborators on the repository can trigger this command.',
        examples: ['/reopen'],
      },
      {
        usage: '/[remove-]lifecycle <frozen|stale|rotten>',
        description: 'Flags an issue or PR as frozen/stale/rotten',
        whoCanUse: 'Anyone can trigger this command.',
        examples: ['/lifecycle frozen', '/remove-lifecycle stale'],
      },
    ],
  },
  config: () => null,
  needs({ event, state }) {
    const c = genericComment(event, state);
    const w = wants(c, state);
    if (!c || !w || isAuthor(c, state)) return [];
    const ask = w.reopen || (w.close && !isInactive(state));
    return ask ? [{ kind: 'collaborator', login: c.author } satisfies FactRequest] : [];
  },
  decide({ event, state, facts, footer }) {
    const c = genericComment(event, state);
    const w = wants(c, state);
    if (!c || !w) return [];
    const reply = (msg: string): Action => ({ type: 'comment', body: formatResponseRaw(c.body, c.url, c.author, msg, footer) });
    const trusted = isAuthor(c, state) || facts.collaborators[normLogin(c.author)] === true;
    const actions: Action[] = [];

    if (w.reopen) {
      if (!trusted) actions.push(reply("You can't reopen an issue/PR unless you authored it or you are a collaborator."));
      // GitHub refuses to reopen a merged PR; Prow passes on GitHub's "state cannot be changed" error.
      else if (state.state === 'merged') actions.push(reply('Failed to re-open PR: state cannot be changed. The pull request cannot be reopened because it has been merged.'));
      else actions.push({ type: 'reopen' }, reply(state.isPR ? 'Reopened this PR.' : 'Reopened this issue.'));
    }

    if (w.close) {
      if (!trusted && !isInactive(state)) actions.push(reply("You can't close an active issue/PR unless you authored it or you are a collaborator."));
      else if (state.isPR && w.notPlanned) actions.push(reply('PRs cannot be closed as Not Planned.'));
      else if (state.isPR) actions.push({ type: 'close' }, reply('Closed this PR.'));
      else if (w.notPlanned) actions.push({ type: 'close', reason: 'not_planned' }, reply('Closing this issue, marking it as "Not Planned".'));
      else actions.push({ type: 'close' }, reply('Closing this issue.'));
    }

    // Labels as they stand while the commands are worked through, one by one.
    const labels = new Map(state.labels.map((l) => [l.toLowerCase(), l]));
    for (const m of findAll(lifecycleRe, c.body)) {
      const remove = m[1] !== undefined;
      const wanted = `lifecycle/${m[2]!.toLowerCase()}`;
      // Prow compares the word as typed, so only a lower-case `frozen` is refused on PRs.
      if (state.isPR && m[2] === 'frozen' && !remove) {
        actions.push(reply('The `lifecycle/frozen` label cannot be applied to Pull Requests.'));
        continue;
      }
      const present = labels.get(wanted);
      if (remove && present) {
        actions.push({ type: 'removeLabel', label: present });
        labels.delete(wanted);
      } else if (!remove && !present) {
        for (const other of LIFECYCLE.filter((l) => l !== wanted && labels.has(l))) {
          actions.push({ type: 'removeLabel', label: labels.get(other)! });
          labels.delete(other);
        }
        actions.push({ type: 'addLabels', labels: [wanted] });
        labels.set(wanted, wanted);
      }
    }
    return actions;
  },
};
