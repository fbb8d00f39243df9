import { formatResponseRaw } from '../core/respond.js';
import { BAD_CATEGORY, cat, CAT_SERVICE_DOWN, GRUMPY_CAT_URL } from './cat.js';
import { renderActions } from './render.js';
import { comment, facts, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { Facts } from '../core/model.js';

const FOOTER = 'footer';
const input = (event: GithubEvent) => ({ event, state: prView({ isPR: false }), config: null, botLogin: 'bot', footer: FOOTER });
const run = (event: GithubEvent, f: Partial<Facts> = {}) => renderActions(cat.decide({ ...input(event), facts: facts(f) }));
const reply = (ev: GithubEvent, text: string) =>
  `comment: ${formatResponseRaw(ev.kind === 'comment' ? ev.body : '', `https://github.com/org/repo/issues/1#issuecomment-${ev.kind === 'comment' ? ev.commentId : 0}`, 'alice', text, FOOTER)}`.split('\n');
const IMG = { url: 'https://cdn2.thecatapi.com/images/abc.jpg' };

describe('cat', () => {
  it.each([
    { name: '/meow', body: '/meow', need: { category: '', movie: false } },
    { name: '/meow with a category', body: '/meow caturday', need: { category: 'caturday', movie: false } },
    { name: '/meowvie', body: '/meowvie', need: { category: '', movie: true } },
    { name: '/meowvie with a category', body: '/MEOWVIE clothes  ', need: { category: 'clothes', movie: true } },
    { name: 'the first /meow line counts', body: 'hi\n/meow hats\n/meowvie', need: { category: 'hats', movie: false } },
  ])('$name asks for an image and shows it', ({ body, need }) => {
    const ev = comment(body);
    expect(cat.needs(input(ev))).toEqual([{ kind: 'catImage', ...need }]);
    expect(run(ev, { catImage: IMG })).toEqual(reply(ev, `![cat image](${IMG.url})`));
  });

  it.each([
    { name: 'no category: the service is down', body: '/meow', text: CAT_SERVICE_DOWN },
    { name: 'a category: probably a bad one', body: '/meow nope', text: BAD_CATEGORY },
  ])('when the image service fails, $name', ({ body, text }) => {
    const ev = comment(body);
    expect(run(ev, { catImage: { error: 'api.thecatapi.com answered 500' } })).toEqual(reply(ev, text));
  });

  it('the failure texts are Prow texts', () => {
    expect(BAD_CATEGORY).toBe('Bad category. Please see https://api.thecatapi.com/api/categories/list');
    expect(CAT_SERVICE_DOWN).toBe('https://thecatapi.com appears to be down');
  });

  it.each(['/meow grumpy', '/meow no', '/meowvie Grumpy'])('%s shows Grumpy Cat without the service', (body) => {
    const ev = comment(body);
    expect(cat.needs(input(ev))).toEqual([]);
    expect(run(ev)).toEqual(reply(ev, `![cat image](${GRUMPY_CAT_URL})`));
  });

  it.each([
    { name: 'mid-line', body: 'say /meow' },
    { name: 'a longer word', body: '/meowing' },
    { name: 'no command', body: 'meow' },
  ])('ignores $name', ({ body }) => {
    expect(cat.needs(input(comment(body)))).toEqual([]);
    expect(run(comment(body), { catImage: IMG })).toEqual([]);
  });

  it('ignores edited comments', () => {
    const ev = comment('/meow', 'alice', { action: 'edited' });
    expect(cat.needs(input(ev))).toEqual([]);
    expect(run(ev, { catImage: IMG })).toEqual([]);
  });

  it('posts nothing when the workflow did not fetch an image', () => {
    expect(run(comment('/meow'))).toEqual([]);
  });
});

it("cat replies in Prow's layout, byte for byte", () => {
  const ev = comment('/meow', 'alice', { commentId: 5 });
  expect(cat.decide({ ...input(ev), facts: facts({ catImage: IMG }) })).toEqual([
    {
      type: 'comment',
      body: '@alice: ![cat image](https://cdn2.thecatapi.com/images/abc.jpg)\n\n<details>\n\nIn response to [this](https://github.com/org/repo/issues/1#issuecomment-5):\n\n>/meow\n\n\nfooter\n</details>',
    },
  ]);
});
