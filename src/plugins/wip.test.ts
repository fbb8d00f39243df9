import { wip, WIP_LABEL } from './wip.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PrView } from '../core/model.js';

const run = (event: GithubEvent, state: PrView) =>
  renderActions(wip.decide({ event, state, config: null, facts: facts(), botLogin: 'bot', footer: '' }));

const ADD = [`+label ${WIP_LABEL}`];
const REMOVE = [`-label ${WIP_LABEL}`];

describe('wip', () => {
  it.each([
    { name: 'WIP prefix adds the label', title: 'WIP: new thing', draft: false, labels: [], want: ADD },
    { name: '[WIP] prefix adds it', title: '[WIP] new thing', draft: false, labels: [], want: ADD },
    { name: 'lower-case wip counts', title: 'wip new thing', draft: false, labels: [], want: ADD },
    { name: '(wip) counts', title: '(Wip) new thing', draft: false, labels: [], want: ADD },
    { name: 'draft adds it', title: 'A change', draft: true, labels: [], want: ADD },
    { name: 'already labelled: nothing to do', title: 'WIP: x', draft: false, labels: [WIP_LABEL], want: [] },
    { name: 'title fixed: label removed', title: 'A change', draft: false, labels: [WIP_LABEL], want: REMOVE },
    { name: 'draft keeps it', title: 'A change', draft: true, labels: [WIP_LABEL], want: [] },
    { name: 'WIP needs a non-word character after it', title: 'WIPE the cache', draft: false, labels: [], want: [] },
    { name: 'WIP alone (no character after it) does not count', title: 'WIP', draft: false, labels: [], want: [] },
    { name: 'two characters before WIP do not count', title: '[[WIP]] x', draft: false, labels: [], want: [] },
    { name: 'WIP later in the title does not count', title: 'Fix WIP handling', draft: false, labels: [], want: [] },
  ])('$name', ({ title, draft, labels, want }) => {
    expect(run(prEvent('edited', { title, draft }), prView({ title, draft, labels }))).toEqual(want);
  });

  it.each(['opened', 'reopened', 'edited', 'ready_for_review', 'converted_to_draft'])('acts on %s', (action) => {
    expect(run(prEvent(action, { title: 'WIP: x' }), prView())).toEqual(ADD);
  });

  it.each(['synchronize', 'labeled', 'closed'])('ignores %s', (action) => {
    expect(run(prEvent(action, { title: 'WIP: x' }), prView())).toEqual([]);
  });

  it('ready_for_review on a plain title removes the label', () => {
    expect(run(prEvent('ready_for_review', { draft: false }), prView({ labels: [WIP_LABEL] }))).toEqual(REMOVE);
  });

  it('ignores comments', () => {
    expect(run(comment('WIP: x'), prView({ title: 'WIP: x' }))).toEqual([]);
  });
});
