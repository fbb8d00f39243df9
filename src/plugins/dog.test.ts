import { formatResponseRaw } from '../core/respond.js';
import { dog, dogMarkdown } from './dog.js';
import { renderActions } from './render.js';
import { comment, facts, prView } from './testing.js';
import type { CommentEvent, GithubEvent } from '../core/event.js';
import type { Facts } from '../core/model.js';

const input = (event: GithubEvent) => ({ event, state: prView(), config: null, botLogin: 'bot', footer: 'F' });
const run = (event: GithubEvent, f: Partial<Facts> = {}) => renderActions(dog.decide({ ...input(event), facts: facts(f) }));
const reply = (ev: CommentEvent, url: string) =>
  `comment: ${formatResponseRaw(ev.body, `https://github.com/org/repo/pull/1#issuecomment-${ev.commentId}`, 'alice', dogMarkdown(url), 'F')}`.split('\n');
const DOG = 'https://random.dog/abc.JPG';
const FINE = 'https://storage.googleapis.com/this-is-fine-images/';

describe('dog', () => {
  it.each(['/woof', '/bark', '/WOOF  ', 'look:\n/bark'])('%s asks for a random dog and shows it', (body) => {
    const ev = comment(body);
    expect(dog.needs(input(ev))).toEqual([{ kind: 'dogImage' }]);
    expect(run(ev, { dogImage: { url: DOG } })).toEqual(reply(ev, DOG));
  });

  it.each([
    { body: '/this-is-fine', url: `${FINE}this_is_fine.png` },
    { body: '/this-is-not-fine', url: `${FINE}this_is_not_fine.png` },
    { body: '/This-Is-Unbearable', url: `${FINE}this_is_unbearable.jpg` },
  ])('$body shows a fixed picture without the service', ({ body, url }) => {
    const ev = comment(body);
    expect(dog.needs(input(ev))).toEqual([]);
    expect(run(ev)).toEqual(reply(ev, url));
  });

  it('/woof wins over /this-is-fine in one comment', () => {
    const ev = comment('/this-is-fine\n/woof');
    expect(run(ev, { dogImage: { url: DOG } })).toEqual(reply(ev, DOG));
  });

  it.each([
    { name: 'the service failed', f: { dogImage: { error: 'random.dog answered 503' } } },
    { name: 'a video', f: { dogImage: { url: 'https://random.dog/abc.mp4' } } },
    { name: 'no fact gathered', f: {} },
  ])('posts nothing when $name (as Prow)', ({ f }) => {
    expect(run(comment('/woof'), f)).toEqual([]);
  });

  it.each(['/woofs', 'say /woof', '/woof loudly', '/this-is-fine!'])('ignores %s', (body) => {
    expect(dog.needs(input(comment(body)))).toEqual([]);
    expect(run(comment(body), { dogImage: { url: DOG } })).toEqual([]);
  });

  it('ignores edited comments', () => {
    const ev = comment('/this-is-fine', 'alice', { action: 'edited' });
    expect(run(ev)).toEqual([]);
  });

  it('formats like Prow', () => {
    expect(dogMarkdown('https://random.dog/a.png')).toBe('[![dog image](https://random.dog/a.png)](https://random.dog/a.png)');
  });
});
