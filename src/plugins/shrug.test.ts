import { renderActions } from './render.js';
import { shrug, SHRUG_LABEL } from './shrug.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PrView } from '../core/model.js';

const decide = (event: GithubEvent, state: PrView) => shrug.decide({ event, state, config: null, facts: facts(), botLogin: 'bot', footer: 'F' });
const run = (event: GithubEvent, state: PrView) => renderActions(decide(event, state));

describe('shrug', () => {
  it('the label is Prow’s', () => {
    expect(SHRUG_LABEL).toBe('¯\\_(ツ)_/¯');
  });

  it.each([
    { name: '/shrug adds the label', body: '/shrug', labels: [], want: [`+label ${SHRUG_LABEL}`] },
    { name: '/SHRUG with trailing spaces', body: '/SHRUG  ', labels: [], want: [`+label ${SHRUG_LABEL}`] },
    { name: '/shrug when shrugged does nothing', body: '/shrug', labels: [SHRUG_LABEL], want: [] },
    { name: '/unshrug when not shrugged does nothing', body: '/unshrug', labels: [], want: [] },
    { name: '/shrug wins over /unshrug', body: '/unshrug\n/shrug', labels: [SHRUG_LABEL], want: [] },
    { name: '/shrug with words after is not a command', body: '/shrug ok', labels: [], want: [] },
    { name: 'mid-line is not a command', body: 'meh /shrug', labels: [], want: [] },
  ])('$name', ({ body, labels, want }) => {
    expect(run(comment(body), prView({ labels }))).toEqual(want);
  });

  it('/unshrug replies with a shrug and removes the label', () => {
    const ev = comment('/unshrug', 'alice', { commentId: 9 });
    expect(decide(ev, prView({ labels: [SHRUG_LABEL], isPR: false }))).toEqual([
      {
        type: 'comment',
        body: '@alice: ¯\\\\\\_(ツ)\\_/¯\n\n<details>\n\nIn response to [this](https://github.com/org/repo/issues/1#issuecomment-9):\n\n>/unshrug\n\n\nF\n</details>',
      },
      { type: 'removeLabel', label: SHRUG_LABEL },
    ]);
  });

  it('works from a PR body on open, not on edited comments', () => {
    expect(run(prEvent('opened', { body: '/shrug' }), prView())).toEqual([`+label ${SHRUG_LABEL}`]);
    expect(run(comment('/shrug', 'alice', { action: 'edited' }), prView())).toEqual([]);
  });
});
