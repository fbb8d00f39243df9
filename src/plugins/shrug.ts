import { commandLine, genericComment } from '../core/commands.js';
import { formatResponseRaw } from '../core/respond.js';
import type { Plugin } from './types.js';

// Prow's shrug plugin (pkg/plugins/shrug): `/shrug` adds the ¯\_(ツ)_/¯ label; `/unshrug` removes
// it with a shrug in reply. Anyone may use them, on issues and PRs. `/shrug` wins when a comment
// has both.

export const SHRUG_LABEL = '¯\\_(ツ)_/¯';
/** The markdown-escaped shrug Prow replies with. */
const SHRUG_REPLY = '¯\\\\\\_(ツ)\\_/¯';
const shrugRe = commandLine('shrug');
const unshrugRe = commandLine('unshrug');

export const shrug: Plugin<null> = {
  name: 'shrug',
  help: {
    description: SHRUG_LABEL,
    commands: [{ usage: '/[un]shrug', description: SHRUG_LABEL, whoCanUse: `Anyone, ${SHRUG_LABEL}`, examples: ['/shrug', '/unshrug'] }],
  },
  config: () => null,
  needs: () => [],
  decide({ event, state, footer }) {
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    let want: boolean;
    if (shrugRe.test(c.body)) want = true;
    else if (unshrugRe.test(c.body)) want = false;
    else return [];
    const has = state.labels.includes(SHRUG_LABEL);
    if (want && !has) return [{ type: 'addLabels', labels: [SHRUG_LABEL] }];
    if (!want && has) {
      return [
        { type: 'comment', body: formatResponseRaw(c.body, c.url, c.author, SHRUG_REPLY, footer) },
        { type: 'removeLabel', label: SHRUG_LABEL },
      ];
    }
    return [];
  },
};
