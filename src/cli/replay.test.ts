import { describeReport } from './replay.js';

test('the report for people: what would change per PR and event, histories that no longer replay, errors, the summary', () => {
  const text = describeReport({
    checked: 3,
    wouldChange: 2,
    errors: 1,
    prs: [
      { ref: 'o/r#1', workflowId: 'pr/o/r/1', runId: 'a', events: 3, wouldChange: true, errors: [], changes: [{ deliveryId: 'd1', event: 'comment created by alice: /lgtm', lines: ['- addLabels lgtm'], added: [], removed: ['addLabels lgtm'] }] },
      { ref: 'o/r#2', workflowId: 'pr/o/r/2', runId: 'b', events: 1, wouldChange: true, errors: [], changes: [], nondeterminism: '[TMPRL1100] Nondeterminism error: …' },
      { ref: 'o/r#3', workflowId: 'pr/o/r/3', runId: 'c', events: 2, wouldChange: false, errors: [], changes: [] },
      { ref: 'o/r#4', workflowId: 'pr/o/r/4', events: 0, wouldChange: false, errors: ['no workflow for o/r#4'], changes: [] },
    ],
  });
  expect(text).toBe(
    [
      'o/r#1: 1 of 3 decisions would change',
      '  comment created by alice: /lgtm  [d1]',
      '    - addLabels lgtm',
      'o/r#2: its history no longer replays on this workflow code: [TMPRL1100] Nondeterminism error: …',
      'o/r#4: no workflow for o/r#4',
      '3 PRs checked, 2 would change, 1 PR with errors',
      '',
    ].join('\n'),
  );
  expect(describeReport({ checked: 1, wouldChange: 0, errors: 0, prs: [] })).toBe('1 PR checked, 0 would change\n');
});
