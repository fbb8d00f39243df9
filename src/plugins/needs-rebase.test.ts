import { needsRebase, NEEDS_REBASE } from './needs-rebase.js';
import { renderAction } from './render.js';
import { comment, facts, prEvent, prView, review } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PrView } from '../core/model.js';

const decide = (event: GithubEvent, state: Partial<PrView> = {}) =>
  needsRebase.decide({ event, state: prView(state), config: null, facts: facts(), botLogin: 'bot', footer: 'FOOTER' });
const run = (...args: Parameters<typeof decide>) => decide(...args).map((a) => renderAction(a).split('\n')[0]);

describe('needs-rebase', () => {
  it.each([
    { name: 'not mergeable: label and comment', state: { mergeable: false }, want: [`+label ${NEEDS_REBASE}`, 'comment[needs-rebase]: PR needs rebase.'] },
    { name: 'not mergeable, already labelled: nothing', state: { mergeable: false, labels: [NEEDS_REBASE] }, want: [] },
    { name: 'mergeable again: label and comments go', state: { mergeable: true, labels: [NEEDS_REBASE], botComments: { 'needs-rebase': [3, 4] } }, want: [`-label ${NEEDS_REBASE}`, 'delete comment 3', 'delete comment 4'] },
    { name: 'mergeable, no label: nothing', state: { mergeable: true }, want: [] },
    { name: 'GitHub still computing: nothing', state: { mergeable: null, labels: [NEEDS_REBASE] }, want: [] },
    { name: 'closed PRs are left alone', state: { mergeable: false, state: 'closed' as const }, want: [] },
    { name: 'issues are left alone', state: { mergeable: false, isPR: false }, want: [] },
    { name: 'dependabot is told to rebase', state: { mergeable: false, author: 'dependabot[bot]' }, want: [`+label ${NEEDS_REBASE}`, 'comment: rebase'] },
  ])('$name', ({ state, want }) => {
    expect(run(prEvent('synchronize'), state)).toEqual(want);
  });

  it("comments in Prow's simple-response format", () => {
    expect(decide(prEvent('opened'), { mergeable: false })[1]).toEqual({ type: 'comment', tag: 'needs-rebase', body: 'PR needs rebase.\n\n<details>\n\nFOOTER\n</details>' });
  });

  it.each([
    { name: 'PR opened', event: prEvent('opened'), acts: true },
    { name: 'PR reopened', event: prEvent('reopened'), acts: true },
    { name: 'the periodic recheck (edited)', event: prEvent('edited'), acts: true },
    { name: 'a new comment', event: comment('hi', 'alice', { on: 'pull_request' }), acts: true },
    { name: 'an edited comment', event: comment('hi', 'alice', { on: 'pull_request', action: 'edited' }), acts: true },
    { name: 'a review comment', event: comment('hi', 'alice', { on: 'review_thread' }), acts: false },
    { name: 'a review', event: review('approved'), acts: false },
    { name: 'PR labeled', event: prEvent('labeled', { label: 'lgtm' }), acts: false },
    { name: 'PR closed', event: prEvent('closed'), acts: false },
  ])('$name: acts=$acts', ({ event, acts }) => {
    expect(decide(event, { mergeable: false })).toHaveLength(acts ? 2 : 0);
  });
});

describe('needs-rebase reads mergeability from GitHub, not from the last webhook', () => {
  it('asks for the mergeable fact on a comment and labels when GitHub says it conflicts now', async () => {
    const { needsRebase } = await import('./needs-rebase.js');
    const { comment, facts, prView } = await import('./testing.js');
    const { renderActions } = await import('./render.js');
    const state = prView({ mergeable: true });
    const event = comment('any news?');
    expect(needsRebase.needs({ event, state, config: null, botLogin: 'bot', footer: 'F' })).toEqual([{ kind: 'mergeable' }]);
    const out = renderActions(needsRebase.decide({ event, state, config: null, facts: facts({ mergeable: false }), botLogin: 'bot', footer: 'F' }));
    expect(out[0]).toBe('+label needs-rebase');
  });
});
