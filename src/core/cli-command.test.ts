import { commandEvent, commandOutcome, commandProblem } from './cli-command.js';
import { initialState } from './pr-state.js';

test('a well-formed command passes; each malformed one says what is wrong', () => {
  expect(commandProblem({ body: '/hold', as: 'alice' })).toBeUndefined();
  expect(commandProblem({ body: 'note\n/assign @bob', as: 'dependabot[bot]' })).toBeUndefined();
  expect(commandProblem(null)).toBe('a command needs { body, as }');
  expect(commandProblem({ body: '/hold', as: '-bad' })).toMatch(/"as" must be a GitHub login/);
  expect(commandProblem({ body: '/hold', as: 'a'.repeat(40) })).toMatch(/"as" must be a GitHub login/);
  expect(commandProblem({ body: ' \n ', as: 'alice' })).toBe('the command is empty');
  expect(commandProblem({ body: 'please hold', as: 'alice' })).toMatch(/no command in it/);
  expect(commandProblem({ body: `/hold ${'x'.repeat(20_000)}`, as: 'alice' })).toMatch(/over 16384 characters/);
});

test('the command becomes a comment event marked as from a script; the outcome is the difference', () => {
  const e = commandEvent({ body: '/hold', as: 'alice' }, 'u1');
  expect(e).toMatchObject({ kind: 'comment', action: 'created', deliveryId: 'cli/u1', actor: 'alice', via: 'cli', body: '/hold' });
  const before = { ...initialState('o', 'r', 1, 'pr'), labels: ['lgtm'], assignees: ['bob'] };
  const after = { ...before, labels: ['do-not-merge/hold'], assignees: ['bob', 'carol'], state: 'closed' as const, cliReplies: { deliveryId: 'cli/u1', bodies: ['ok'] }, failures: [{ deliveryId: 'cli/u1', plugin: 'x', reason: 'y' }, { deliveryId: 'other', plugin: 'z', reason: 'w' }] };
  expect(commandOutcome(before, after, 'cli/u1')).toEqual({
    deliveryId: 'cli/u1',
    labelsAdded: ['do-not-merge/hold'],
    labelsRemoved: ['lgtm'],
    assigneesAdded: ['carol'],
    assigneesRemoved: [],
    state: { from: 'open', to: 'closed' },
    replies: ['ok'],
    failures: [{ plugin: 'x', reason: 'y' }],
  });
});
