import { BOL, DOT, EOL, genericComment, WS } from '../core/commands.js';
import type { Plugin } from './types.js';

// Prow's hold plugin (pkg/plugins/hold): `/hold` adds do-not-merge/hold, `/hold cancel`,
// `/unhold` and `/remove-hold` remove it. Anyone may use it; only new comments count.

export const HOLD_LABEL = 'do-not-merge/hold';
const holdRe = new RegExp(`${BOL}\\/hold(${WS}${DOT}*)?${EOL}`, 'iu');
const cancelRe = new RegExp(`${BOL}\\/(remove-hold|hold${WS}+cancel|unhold)(${WS}${DOT}*)?${EOL}`, 'iu');

export const hold: Plugin<null> = {
  name: 'hold',
  help: {
    description: `The hold plugin allows anyone to add or remove the ${HOLD_LABEL} label from a pull request to temporarily prevent it from merging.`,
    commands: [
      {
        usage: '/[remove-]hold [cancel]',
        description: `Adds or removes the \`${HOLD_LABEL}\` label, which is used to indicate that the PR should not be automatically merged.`,
        whoCanUse: 'Anyone can use the /hold command to add or remove the hold label.',
        examples: ['/hold', '/hold cancel', '/unhold', '/remove-hold'],
      },
    ],
  },
  config: () => null,
  needs: () => [],
  decide({ event, state }) {
    if (!state.isPR) return [];
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    // `/hold cancel` also matches the /hold pattern, so cancel is checked first.
    let wantLabel: boolean;
    if (cancelRe.test(c.body)) wantLabel = false;
    else if (holdRe.test(c.body)) wantLabel = true;
    else return [];
    const has = state.labels.includes(HOLD_LABEL);
    if (wantLabel && !has) return [{ type: 'addLabels', labels: [HOLD_LABEL] }];
    if (!wantLabel && has) return [{ type: 'removeLabel', label: HOLD_LABEL }];
    return [];
  },
};
