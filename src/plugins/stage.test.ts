import { stage } from './stage.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PrView } from '../core/model.js';

const run = (event: GithubEvent, state: Partial<PrView> = {}) =>
  renderActions(stage.decide({ event, state: prView(state), config: null, facts: facts(), botLogin: 'bot', footer: '' }));

describe('stage', () => {
  it.each([
    { name: '/stage alpha adds it', body: '/stage alpha', labels: [], want: ['+label stage/alpha'] },
    { name: '/stage beta replaces alpha', body: '/stage beta', labels: ['stage/alpha', 'kind/bug'], want: ['-label stage/alpha', '+label stage/beta'] },
    { name: '/stage stable replaces both others', body: '/stage stable', labels: ['stage/alpha', 'stage/beta'], want: ['-label stage/alpha', '-label stage/beta', '+label stage/stable'] },
    { name: 'the stage already set: nothing', body: '/stage beta', labels: ['stage/beta'], want: [] },
    { name: 'labels compare case-insensitively', body: '/stage beta', labels: ['Stage/Beta'], want: [] },
    { name: '/remove-stage removes it', body: '/remove-stage beta', labels: ['stage/beta'], want: ['-label stage/beta'] },
    { name: '/remove-stage of an absent stage: nothing', body: '/remove-stage beta', labels: ['stage/alpha'], want: [] },
    { name: 'case-insensitive command', body: '/STAGE Alpha', labels: [], want: ['+label stage/alpha'] },
    { name: 'commands run in order', body: '/stage alpha\n/stage stable', labels: [], want: ['+label stage/alpha', '-label stage/alpha', '+label stage/stable'] },
    { name: 'unknown stage: nothing', body: '/stage gamma', labels: [], want: [] },
    { name: 'trailing words: not a command', body: '/stage alpha please', labels: [], want: [] },
    { name: 'mid-line: not a command', body: 'move to /stage alpha', labels: [], want: [] },
  ])('$name', ({ body, labels, want }) => {
    expect(run(comment(body), { labels })).toEqual(want);
  });

  it('works on issues and on bodies when opened', () => {
    expect(run(prEvent('opened', { body: '/stage beta' }), { isPR: false })).toEqual(['+label stage/beta']);
  });

  it('ignores edited comments', () => {
    expect(run(comment('/stage alpha', 'alice', { action: 'edited' }))).toEqual([]);
  });

  it('needs no facts', () => {
    expect(stage.needs({ event: comment('/stage alpha'), state: prView(), config: null, botLogin: 'bot', footer: '' })).toEqual([]);
  });
});
