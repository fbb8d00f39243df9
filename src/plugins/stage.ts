import { BOL, EOL, findAll, genericComment, WS } from '../core/commands.js';
import type { Plugin } from './types.js';
import type { Action } from '../core/model.js';

// Prow's stage plugin (pkg/plugins/stage/stage.go): `/stage alpha|beta|stable` sets the stage/*
// label (one at a time), `/remove-stage <stage>` removes it. Anyone, issues and PRs, new comments.

const STAGES = ['stage/alpha', 'stage/beta', 'stage/stable'];
const stageRe = new RegExp(`${BOL}\\/(remove-)?stage (alpha|beta|stable)${WS}*${EOL}`, 'giu');

export const stage: Plugin<null> = {
  name: 'stage',
  help: {
    description: 'Label the stage of an issue as alpha/beta/stable',
    commands: [
      {
        usage: '/[remove-]stage <alpha|beta|stable>',
        description: 'Labels the stage of an issue as alpha/beta/stable',
        whoCanUse: 'Anyone can trigger this command.',
        examples: ['/stage alpha', '/remove-stage alpha'],
      },
    ],
  },
  config: () => null,
  needs: () => [],
  decide({ event, state }) {
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    // Labels as they stand while the commands are worked through in order (lower-case → actual).
    const labels = new Map(state.labels.map((l) => [l.toLowerCase(), l]));
    const actions: Action[] = [];
    for (const m of findAll(stageRe, c.body)) {
      const wanted = `stage/${m[2]!.toLowerCase()}`;
      const present = labels.get(wanted);
      if (m[1] !== undefined) {
        if (present) {
          actions.push({ type: 'removeLabel', label: present });
          labels.delete(wanted);
        }
      } else if (!present) {
        for (const other of STAGES.filter((s) => s !== wanted && labels.has(s))) {
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
