import { hold, HOLD_LABEL } from './hold.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PrView } from '../core/model.js';

const run = (event: GithubEvent, state: PrView) =>
  renderActions(hold.decide({ event, state, config: null, facts: facts(), botLogin: 'bot', footer: '' }));

describe('hold', () => {
  it.each([
    { name: '/hold adds the label', body: '/hold', labels: [], want: [`+label ${HOLD_LABEL}`] },
    { name: '/hold with a reason adds it', body: '/hold until v2 ships', labels: [], want: [`+label ${HOLD_LABEL}`] },
    { name: 'case does not matter', body: '/HOLD', labels: [], want: [`+label ${HOLD_LABEL}`] },
    { name: 'a command on a later line counts', body: 'LGTM overall\n/hold\nthanks', labels: [], want: [`+label ${HOLD_LABEL}`] },
    { name: '/hold when held does nothing', body: '/hold', labels: [HOLD_LABEL], want: [] },
    { name: '/hold cancel removes it', body: '/hold cancel', labels: [HOLD_LABEL], want: [`-label ${HOLD_LABEL}`] },
    { name: '/unhold removes it', body: '/unhold', labels: [HOLD_LABEL], want: [`-label ${HOLD_LABEL}`] },
    { name: '/remove-hold removes it', body: '/remove-hold', labels: [HOLD_LABEL], want: [`-label ${HOLD_LABEL}`] },
    { name: 'cancel wins over hold in one comment', body: '/hold\n/hold cancel', labels: [HOLD_LABEL], want: [`-label ${HOLD_LABEL}`] },
    { name: 'cancel when not held does nothing', body: '/hold cancel', labels: [], want: [] },
    { name: 'a command mid-line is not a command', body: 'please /hold', labels: [], want: [] },
    { name: '/holder is not /hold', body: '/holder', labels: [], want: [] },
  ])('$name', ({ body, labels, want }) => {
    expect(run(comment(body), prView({ labels }))).toEqual(want);
  });

  it('ignores edited comments', () => {
    expect(run(comment('/hold', 'alice', { action: 'edited' }), prView())).toEqual([]);
  });

  it('reads the PR body when the PR is opened', () => {
    expect(run(prEvent('opened', { body: 'Fixes #1\n/hold' }), prView())).toEqual([`+label ${HOLD_LABEL}`]);
  });

  it('ignores issues (PRs only)', () => {
    expect(run(comment('/hold'), prView({ isPR: false }))).toEqual([]);
  });
});
