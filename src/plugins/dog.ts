import { commandLine, genericComment } from '../core/commands.js';
import { formatResponseRaw } from '../core/respond.js';
import type { Plugin } from './types.js';

// Prow's dog plugin (pkg/plugins/dog): `/woof` and `/bark` reply with a random dog from
// random.dog (the `dogImage` fact, fetched by the workflow); `/this-is-fine`, `/this-is-not-fine`
// and `/this-is-unbearable` reply with fixed pictures. Only JPG, GIF and PNG pictures are shown
// (GitHub cannot embed videos); when no picture could be had, Prow posts nothing, and so do we.

const woofRe = commandLine('woof|bark');
const FINE_ROOT = 'https://storage.googleapis.com/this-is-fine-images/';
const famous: Array<[RegExp, string]> = [
  [/^\/this-is-fine\s*$/im, `${FINE_ROOT}this_is_fine.png`],
  [/^\/this-is-not-fine\s*$/im, `${FINE_ROOT}this_is_not_fine.png`],
  [/^\/this-is-unbearable\s*$/im, `${FINE_ROOT}this_is_unbearable.jpg`],
];
const imageTypes = /\.(jpg|gif|png)$/i;

/** Prow's FormatURL: the picture, linked to itself. */
export function dogMarkdown(url: string): string {
  return `[![dog image](${url})](${url})`;
}

export const dog: Plugin<null> = {
  name: 'dog',
  help: {
    description: 'The dog plugin adds a dog image to an issue or PR in response to the `/woof` command.',
    commands: [
      {
        usage: '/(woof|bark|this-is-{fine|not-fine|unbearable})',
        description: 'Add a dog image to the issue or PR',
        whoCanUse: 'Anyone',
        examples: ['/woof', '/bark', '/this-is-fine', '/this-is-not-fine', '/this-is-unbearable'],
      },
    ],
  },
  config: () => null,
  needs({ event, state }) {
    const c = genericComment(event, state);
    return c && c.action === 'created' && woofRe.test(c.body) ? [{ kind: 'dogImage' }] : [];
  },
  decide({ event, state, facts, footer }) {
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    let url: string | undefined;
    if (woofRe.test(c.body)) {
      const img = facts.dogImage;
      url = img && 'url' in img ? img.url : undefined;
    } else {
      url = famous.find(([re]) => re.test(c.body))?.[1];
    }
    if (!url || !imageTypes.test(url)) return [];
    return [{ type: 'comment', body: formatResponseRaw(c.body, c.url, c.author, dogMarkdown(url), footer) }];
  },
};
