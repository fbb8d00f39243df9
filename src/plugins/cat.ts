import { BOL, DOT, EOL, genericComment, type GenericComment, WS } from '../core/commands.js';
import type { GithubEvent } from '../core/event.js';
import { formatResponseRaw } from '../core/respond.js';
import type { Plugin } from './types.js';
import type { PrView } from '../core/model.js';

// Prow's cat plugin (pkg/plugins/cat): `/meow [category]` and `/meowvie [category]` (a GIF) reply
// with a picture from the image service, which the workflow asks (the `catImage` fact; the service
// URL and `cat.key_path` are the workflow's concern). `/meow no` and `/meow grumpy` need no
// service: they always show Grumpy Cat. Anyone may use them, on issues and PRs.

const meowRe = new RegExp(`${BOL}\\/meow(vie)?(?: (${DOT}+))?${WS}*${EOL}`, 'iu');
const grumpyRe = new RegExp(`${BOL}(no|grumpy)${WS}*${EOL}`, 'iu');
export const GRUMPY_CAT_URL = 'https://upload.wikimedia.org/wikipedia/commons/e/ee/Grumpy_Cat_by_Gage_Skidmore.jpg';
export const BAD_CATEGORY = 'Bad category. Please see https://api.thecatapi.com/api/categories/list';
export const CAT_SERVICE_DOWN = 'https://thecatapi.com appears to be down';

interface Meow {
  c: GenericComment;
  category: string;
  movie: boolean;
  grumpy: boolean;
}

/** The first `/meow` line of a new comment (Prow looks at the first one only). */
function parse(event: GithubEvent, state: PrView): Meow | null {
  const c = genericComment(event, state);
  if (!c || c.action !== 'created') return null;
  const m = meowRe.exec(c.body);
  if (!m) return null;
  const category = (m[2] ?? '').trim();
  return { c, category, movie: !!m[1], grumpy: grumpyRe.test(category) };
}

export const cat: Plugin<null> = {
  name: 'cat',
  help: {
    description: 'The cat plugin adds a cat image to an issue or PR in response to the `/meow` command.',
    commands: [
      {
        usage: '/meow(vie) [CATegory]',
        description: 'Add a cat image to the issue or PR',
        whoCanUse: 'Anyone',
        examples: ['/meow', '/meow caturday', '/meowvie clothes'],
      },
    ],
    config: 'cat: {key_path}',
  },
  config: () => null,
  needs({ event, state }) {
    const m = parse(event, state);
    return m && !m.grumpy ? [{ kind: 'catImage', category: m.category, movie: m.movie }] : [];
  },
  decide({ event, state, facts, footer }) {
    const m = parse(event, state);
    if (!m) return [];
    const answer = (text: string) => [{ type: 'comment' as const, body: formatResponseRaw(m.c.body, m.c.url, m.c.author, text, footer) }];
    if (m.grumpy) return answer(`![cat image](${GRUMPY_CAT_URL})`);
    const img = facts.catImage;
    if (!img) return [];
    if ('url' in img && img.url) return answer(`![cat image](${img.url})`);
    return answer(m.category ? BAD_CATEGORY : CAT_SERVICE_DOWN);
  },
};
